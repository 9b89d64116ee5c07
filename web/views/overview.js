// The overview answers what a researcher asks first: who is held now, by whom and since when;
// which swaps happened, when, and who went free for whom (on a real time axis); what is being
// negotiated; what was said lately; and the numbers. Each part has its empty state.
import { get, all, remember } from '../api.js';
import { h, render, empty, link } from '../dom.js';
import { schema } from '../schema.js';
import { linkTo } from '../labels.js';
import { sideName } from '../sides.js';

const OPEN = new Set(['proposed', 'active', 'stalled', 'agreed']);
const person = (id) => linkTo('people', id);

// The first day a partial date denotes, as a number of days, for placing it on an axis.
function day(partial) {
  const [y, m = 1, d = 1] = partial.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
}

// Swaps on a time axis: one mark each at its date, labelled, with a tick a year (or every few
// years when they span many). An image for the eye (a group, not an img: each mark is a link to
// its swap, and an img may not hold links); the list after it says the same in words.
function timeAxis(swaps) {
  const W = 900, H = 120, pad = 30;
  const days = swaps.map((s) => day(s.occurred_on));
  const y0 = new Date(Math.min(...days) * 86400000).getUTCFullYear();
  const y1 = new Date(Math.max(...days) * 86400000).getUTCFullYear() + 1;
  const lo = Date.UTC(y0, 0, 1) / 86400000, hi = Date.UTC(y1, 0, 1) / 86400000;
  const x = (d) => pad + (W - 2 * pad) * (d - lo) / (hi - lo);
  const step = Math.max(1, Math.ceil((y1 - y0) / 12));
  const ns = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs, text) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'axis', role: 'group', id: 'swap-axis',
    'aria-label': `Swaps from ${y0} to ${y1 - 1} on a time line; the list below names each` });
  svg.append(el('line', { x1: pad, x2: W - pad, y1: 70, y2: 70, class: 'rule' }));
  for (let y = y0; y <= y1; y += step) {
    const tx = x(Date.UTC(y, 0, 1) / 86400000);
    svg.append(el('line', { x1: tx, x2: tx, y1: 66, y2: 74, class: 'tick' }), el('text', { x: tx, y: 92, class: 'year' }, String(y)));
  }
  swaps.forEach((s, i) => {
    const cx = x(day(s.occurred_on));
    const a = el('a', { href: `#/swaps/${s.id}`, 'data-swap': s.id });
    a.append(el('circle', { cx, cy: 70, r: 6 }), el('text', { x: cx, y: i % 2 ? 50 : 36, class: 'label' }, s.place || s.occurred_on),
      el('title', {}, `${s.occurred_on}${s.place ? `, ${s.place}` : ''}: ${s.releases.length} released`));
    svg.append(a);
  });
  return svg;
}

// "Who for whom": the people each side let go.
async function exchange(s, names) {
  const sides = new Map();
  for (const r of s.releases) {
    if (!sides.has(r.released_by)) sides.set(r.released_by, []);
    sides.get(r.released_by).push(await person(r.person_id));
  }
  const parts = [...sides.entries()].map(([c, people]) => h('span', { class: 'side' }, `${names[c] || c} freed `,
    people.flatMap((p, i) => (i ? [', ', p] : [p]))));
  // Counted, not named: "Russian Federation freed 230", from who went which way.
  for (const e of s.sides.filter((x) => x.counted && !sides.has(x.released_by)))
    parts.push(h('span', { class: 'side' }, `${names[e.released_by] || e.released_by} freed ${e.counted}`));
  return h('li', { 'data-swap': s.id }, h('span', { class: 'date' }, s.occurred_on), ' ',
    link(`#/swaps/${s.id}`, s.place ? `Swap in ${s.place}` : `Swap ${s.id}`), ': ',
    parts.flatMap((p, i) => (i ? [' for ', p] : [p])),
    s.released_count > s.releases.length ? ` (${s.released_count} went free in all)` : '');
}

export async function overview() {
  const S = await schema();
  const names = S.countries;
  // The people named come in the same answers (embed=), not by a read a person.
  const [stats, perMonth, swaps, held, released, talks, said] = await Promise.all([get('/v1/stats'),
    get('/v1/stats/releases?by=month&split=released_by'),
    all('/v1/swaps?sort=occurred_on&limit=500&embed=releases.person'),
    all('/v1/detentions?status=held&sort=detained_on&limit=500&embed=person'),
    get('/v1/detentions?status=released&sort=-released_on&limit=5&embed=person'), all('/v1/negotiations?sort=-started_on&limit=500'),
    get('/v1/statements?sort=-said_on&limit=5&embed=speaker_record')]);
  for (const d of [...held, ...released.items]) remember('people', d.person);
  for (const r of swaps.flatMap((x) => x.releases)) remember('people', r.person);
  for (const st of said.items) remember('people', st.speaker_record);
  // Each count a link to its list, where the collection has one in the navigation.
  const listed = new Set(S.browsed.map((c) => c.name));
  const cards = h('div', { class: 'cards', id: 'counts' }, Object.entries(stats.records).map(([n, count]) =>
    h(listed.has(n) ? 'a' : 'div', { class: 'card', href: listed.has(n) ? `#/${n}` : undefined,
      'data-collection': n }, h('div', { class: 'n' }, count), h('div', { class: 'label' }, n))));

  const heldTable = held.length === 0 ? empty('Nobody is recorded as held now.') :
    h('table', { id: 'held-now' }, h('caption', { class: 'state' }, `${held.length} held now, longest first`),
      h('thead', {}, h('tr', {}, ['Who', 'Held by', 'Since', 'Charges'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, await Promise.all(held.map(async (d) => h('tr', {}, h('td', {}, await person(d.person_id)),
        h('td', {}, link(`#/detentions/${d.id}`, names[d.country] || d.country)), h('td', {}, d.detained_on || 'not known'),
        h('td', {}, (d.charges || []).join('; ')))))));
  const freed = released.items.length === 0 ? null : h('section', {}, h('h2', {}, 'Released lately'),
    h('ul', { class: 'list', id: 'released-lately' }, await Promise.all(released.items.map(async (d) => h('li', {},
      await person(d.person_id), ` · held by ${names[d.country] || d.country}`, d.released_on ? ` · released ${d.released_on}` : '',
      ' · ', link(`#/detentions/${d.id}`, 'the detention'))))));
  const open = talks.filter((n) => OPEN.has(n.status));
  const openList = open.length === 0 ? empty('No open negotiation is recorded.') :
    h('ul', { class: 'list', id: 'open-talks' }, open.map((n) => h('li', {}, link(`#/negotiations/${n.id}`, n.title),
      ` · ${n.status}`, n.parties.length ? ` · ${n.parties.map((c) => names[c] || c).join(' – ')}` : '',
      n.started_on ? ` · since ${n.started_on}` : '')));
  const saidList = said.items.length === 0 ? empty('No statement is recorded.') :
    h('ul', { class: 'list', id: 'recent-statements' }, await Promise.all(said.items.map(async (st) => h('li', {},
      h('span', { class: 'date' }, st.said_on || 'undated'), ' ', st.speaker_id ? await person(st.speaker_id) : (st.speaker || 'someone'),
      st.audience ? ` to ${st.audience}` : '', ': ', link(`#/statements/${st.id}`, st.text.length > 140 ? `${st.text.slice(0, 140)}…` : st.text)))));
  const latest = swaps.slice(-10).reverse();
  const swapPart = swaps.length === 0 ? [empty('No swap is recorded yet.'), link('#/new/swaps', 'Record one')] :
    [h('div', { class: 'chart' }, timeAxis(swaps.filter((s) => s.occurred_on && s.status === 'completed'))),
      h('ul', { class: 'list', id: 'who-for-whom' }, await Promise.all(latest.map((s) => exchange(s, names)))),
      swaps.length > latest.length ? link('#/swaps', `All ${swaps.length} swaps`) : null];
  const chartBox = h('div', { class: 'chart', id: 'per-year', role: 'img', 'aria-label': 'Swaps and people released per year' });
  // People released per month by side: the chart for the eye, and the same figures in a table
  // (the months with releases) for a screen reader and for copying.
  const monthly = perMonth.series.filter((e) => e.people > 0);
  const sideNames = new Map(await Promise.all([...new Set(monthly.map((e) => e.released_by))]
    .map(async (c) => [c, await sideName(S, c)])));
  const monthBox = h('div', { class: 'chart', id: 'per-month', role: 'img', 'aria-label': 'People released per month, by the side that released them' });
  const monthTable = monthly.length === 0 ? empty('No releases are recorded yet.') :
    h('details', {}, h('summary', {}, 'As a table'), h('table', { id: 'per-month-table' },
      h('thead', {}, h('tr', {}, ['Month', 'Released by', 'People', 'Bodies'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, monthly.map((e) => h('tr', {}, h('td', {}, e.period), h('td', {}, sideNames.get(e.released_by) || 'not known'),
        h('td', {}, String(e.people)), h('td', {}, String(e.remains)))))));

  render(h('h1', {}, 'Overview'), cards,
    h('div', { class: 'grid2' },
      h('section', {}, h('h2', {}, 'Held now'), heldTable, held.length ? link('#/detentions?status=held', 'As a list, to filter and download') : null),
      h('section', {}, h('h2', {}, 'What is being negotiated'), openList)),
    h('section', {}, h('h2', {}, 'Swaps: when, and who went free for whom'), swapPart),
    freed,
    h('section', {}, h('h2', {}, 'People released per month, by side'), monthly.length ? monthBox : null, monthTable),
    h('div', { class: 'grid2' },
      h('section', {}, h('h2', {}, 'Said lately'), saidList),
      h('section', {}, h('h2', {}, 'Swaps and people released per year'), chartBox,
        stats.per_year.length === 0 ? empty('No releases are recorded yet.') : null)));
  // uPlot is fetched only here, where a chart is drawn.
  if (stats.per_year.length || monthly.length) {
    const charts = await import('../chart.js');
    if (stats.per_year.length) charts.yearChart(chartBox, stats.per_year);
    if (monthly.length) charts.monthChart(monthBox, perMonth.series, (c) => sideNames.get(c) || c || 'not known');
  }
}
