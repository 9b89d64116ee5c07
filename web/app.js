// The dashboard: a hash router over views of the /v1 API. Read views for researchers, forms for
// data entry. Every view shows a loading state, an empty state and an error state.
import { apiKey, setApiKey, keyRefused, get, all, record, forget, remember } from './api.js';
import { h, render, loading, empty, failure, link, plural } from './dom.js';
import { recordForm, citationForm, subjectRoute, description } from './forms.js';
import { articleText } from './article.js';
import { listView } from './lists.js';
import { overview } from './overview.js';
import { newArticle, intake } from './intake.js';

// A list's address may carry its filters: #/detentions?status=held.
const query = (re) => new RegExp(`^#\\/${re}(?:\\?(.*))?$`);

const routes = [
  [/^#?\/?$/, overview],
  [query('swaps'), (q) => listView('swaps', q, { intro: 'Every recorded swap; the overview draws them on a time line.' })],
  [query('people'), people],
  [query('detentions'), (q) => listView('detentions', q, { title: 'Detentions' })],
  [query('statements'), (q) => listView('statements', q, { title: 'Statements' })],
  [/^#\/people\/(\d+)$/, person],
  [query('negotiations'), (q) => listView('negotiations', q, { title: 'Negotiations' })],
  [/^#\/negotiations\/(\d+)$/, negotiation],
  [query('sources'), (q) => listView('sources', q, { title: 'Sources' })],
  [/^#\/sources\/(\d+)$/, source],
  [/^#\/sources\/(\d+)\/quote\/(\d+)$/, source],
  [/^#\/detentions\/(\d+)$/, detention],
  [/^#\/swaps\/(\d+)$/, swap],
  [/^#\/statements\/(\d+)$/, statement],
  [/^#\/intake$/, newArticle],
  [/^#\/sources\/(\d+)\/intake$/, intake],
  [/^#\/new$/, chooseNew],
  [/^#\/new\/([a-z]+)$/, (c) => recordForm(c)],
  [/^#\/edit\/([a-z]+)\/(\d+)$/, (c, id) => recordForm(c, id)],
];

// Navigations run one after the other: a view still loading (the overview waits on six
// requests) would otherwise finish after the view that replaced it, and draw over it. So a new
// navigation starts once the one before it is done (or has taken 5 s: a request that never
// answers must not hold the page), and the last one asked for is the one shown.
let navigation = Promise.resolve();
function route() {
  const before = Promise.race([navigation, new Promise((r) => setTimeout(r, 5000))]);
  navigation = before.then(showRoute, showRoute);
  return navigation;
}

async function showRoute() {
  const main = document.getElementById('view');
  let hash = location.hash || '#/';
  // A fragment that is no page ("#view", an anchor in the page) is not navigation: the view
  // stays as it is, or, on the first load, is the overview.
  if (!hash.startsWith('#/')) {
    if (main.dataset.shown) return;
    hash = '#/';
  }
  main.dataset.shown = '1';
  forget();
  for (const a of document.querySelectorAll('.top nav a')) {
    const here = a.getAttribute('href') === hash || (a.getAttribute('href') !== '#/' && hash.startsWith(a.getAttribute('href') + '/'));
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  for (const [re, view] of routes) {
    const m = hash.match(re);
    if (m) {
      render(loading('the page'));
      try { await view(...m.slice(1)); } catch (e) { render(failure(e, 'the page')); }
      showFlash();
      focusHeading();
      return;
    }
  }
  render(h('h1', {}, 'Not found'), empty('There is no page here.'), link('#/', 'Back to the overview'));
  focusHeading();
}

// After a navigation (not the first page a visit opens, where Tab must reach "Skip to
// content"), the focus goes to the new view's heading, so that a screen reader starts there
// and the keyboard goes on from there. A view that focuses a field of its own keeps it.
let navigated = false;
function focusHeading() {
  const first = !navigated;
  navigated = true;
  const view = document.getElementById('view');
  if (first || view.contains(document.activeElement)) return;
  const heading = view.querySelector('h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}

// What a form saved, said on the page it led to (forms.js leaves it in session storage).
function showFlash() {
  const text = sessionStorage.getItem('swaptrack.flash');
  if (!text) return;
  sessionStorage.removeItem('swaptrack.flash');
  const heading = document.querySelector('#view h1');
  if (heading) heading.after(h('div', { class: 'notice good', role: 'status', id: 'saved' }, text));
}

// ---- shared pieces ---------------------------------------------------------------------------

const personName = async (id) => { const p = await record('people', id); return p ? p.name : `person ${id}`; };

// Country codes as their names ("RU" is "Russian Federation"), from the API's description.
let countryNames = null;
async function countries(codes) {
  countryNames ||= await description().then((d) => d.components.schemas.country['x-names'] || {});
  const list = (Array.isArray(codes) ? codes : [codes]).filter(Boolean).map((c) => countryNames[c] || c);
  return list.length ? list.join(', ') : null;
}

function citations(list, title = 'Sources') {
  if (!list || list.length === 0) return [h('h2', {}, title), empty('No source is cited yet.')];
  return [h('h2', {}, title), h('div', { class: 'claims' }, list.map(claim))];
}

// One claim: what is claimed, how firmly, in whose words, and a short line for its source
// (outlet, date, a link; the headline in the link's title). inSource: shown on the source's own
// page, where the source goes without saying.
function claim(c, { inSource = false } = {}) {
  const s = c.source || {};
  return h('article', { class: 'claim', 'data-citation': c.id },
    c.field ? h('span', { class: 'tag' }, c.field.replace(/_/g, ' ')) : null,
    h('span', { class: 'tag' }, c.confidence),
    c.quote ? h('blockquote', {}, `“${c.quote}”`) : null,
    c.attributed_to ? h('div', { class: 'who' }, `— ${c.attributed_to}`) : null,
    h('div', { class: 'from' },
      inSource ? null : [h('a', { href: `#/sources/${s.id}`, title: s.title || s.url }, s.outlet || s.title || s.url),
        s.published_on ? ` · ${s.published_on}` : '', ' · '],
      c.anchor && s.id ? [link(`#/sources/${s.id}/quote/${c.id}`, 'Where the article says it'), ' · '] : null,
      h('a', { href: s.url, rel: 'noreferrer' }, 'the page')));
}

// Claims grouped by the field they support; a field with claims from more than one source is
// marked as reports to weigh, with what the record says now and what each source says, side
// by side. rec: the record (its current values).
function claimsByField(list, rec = {}) {
  if (!list.length) return [h('h2', {}, 'Claims and their sources'), empty('No source is cited yet.')];
  const groups = new Map();
  for (const c of list) {
    const k = c.field || '(the record)';
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(c);
  }
  const out = [h('h2', {}, 'Claims and their sources')];
  for (const [field, cs] of groups) {
    const sources = new Set(cs.map((c) => c.source && c.source.id));
    const conflict = cs.length > 1 && sources.size > 1;
    out.push(h('h3', {}, field.replace(/_/g, ' '), conflict ? h('span', { class: 'tag' }, ' reports differ') : null));
    if (conflict) {
      const now = rec[field];
      out.push(h('table', { class: 'differ', 'data-field': field },
        h('caption', {}, 'On record: ', now === null || now === undefined || now === '' ? '(nothing)' :
          Array.isArray(now) ? now.join(', ') : String(now)),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Source'), h('th', { scope: 'col' }, 'What it says'),
          h('th', { scope: 'col' }, 'How firm'))),
        h('tbody', {}, cs.map((c) => h('tr', {}, h('td', {}, [(c.source || {}).outlet || (c.source || {}).title || 'a source',
          (c.source || {}).published_on ? `, ${c.source.published_on}` : '']),
          h('td', {}, c.quote ? `“${c.quote}”` : '(no words quoted)', c.attributed_to ? ` — ${c.attributed_to}` : ''),
          h('td', {}, c.confidence))))));
    }
    out.push(h('div', { class: conflict ? 'claims conflict' : 'claims', 'data-field': field }, cs.map((c) => claim(c))));
  }
  return out;
}

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '' &&
    !(Array.isArray(v) && v.length === 0)).map(([k, v]) => [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v.join(', ') : v)]));
}

const editLink = (collection, id) => h('p', {}, h('a', { class: 'button', href: `#/edit/${collection}/${id}` }, 'Edit'));

// A value as a person reads it in a history line.
function shown(v) {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return '(none)';
  if (typeof v === 'object') return JSON.stringify(v);
  return `“${v}”`;
}

// What changed between two versions of a record: one line a field.
function changes(before, after) {
  const skip = new Set(['version', 'created_at', 'updated_at', 'citations']);
  const out = [];
  for (const k of new Set([...Object.keys(before || {}), ...Object.keys(after || {})])) {
    if (skip.has(k)) continue;
    const [a, b] = [before ? before[k] : undefined, after ? after[k] : undefined];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    out.push(h('li', {}, h('span', { class: 'field-name' }, k.replace(/_/g, ' ')), ': ',
      before ? [shown(a), ' → '] : null, shown(b)));
  }
  return out;
}

// A record page's last part: its id and a line to cite it by, the edit button, and its history
// (each version: when, by whom, what changed), read when opened.
function recordTools(collection, singular, rec, label) {
  const url = `${location.origin}/v1/${collection}/${rec.id}`;
  const history = h('details', { class: 'history', id: 'history' }, h('summary', {}, 'History of this record'),
    h('div', { class: 'slot' }));
  history.addEventListener('toggle', async () => {
    const slot = history.querySelector('.slot');
    if (!history.open || slot.childElementCount) return;
    slot.append(loading('the history'));
    try {
      const items = await all(`/v1/${collection}/${rec.id}/history`);
      slot.replaceChildren(items.length === 0 ? empty('No change is recorded since it was imported.') :
        h('ol', { class: 'list versions' }, items.map((v, i) => h('li', { 'data-version': v.version },
          h('div', {}, h('strong', {}, `Version ${v.version}`), ` · ${v.changed_at.replace('T', ' ').replace('Z', ' UTC')}`,
            ` · ${v.action} by ${v.actor}`),
          h('ul', { class: 'changes' }, changes(i ? items[i - 1].record : null, v.record))))));
    } catch (e) { slot.replaceChildren(failure(e, 'the history')); }
  });
  return [h('p', { class: 'cite-this', id: 'cite-this' }, h('span', { class: 'tag' }, `${singular} ${rec.id}`),
    ` Cite this record: ${label}. swaptrack, ${singular} ${rec.id}, version ${rec.version}, ${url}`),
    editLink(collection, rec.id), history];
}

// ---- swaps -----------------------------------------------------------------------------------

async function swapSummary(s) {
  const releases = await Promise.all(s.releases.map(async (r) => h('li', {},
    link(`#/people/${r.person_id}`, await personName(r.person_id)),
    ` released by ${await countries(r.released_by)}`, r.released_to ? ` to ${await countries(r.released_to)}` : '')));
  return h('li', { 'data-swap': s.id },
    h('div', {}, h('span', { class: 'date' }, s.occurred_on), ' ', link(`#/swaps/${s.id}`, s.place ? `Swap in ${s.place}` : `Swap ${s.id}`),
      s.mediators.length ? h('span', {}, ' · mediated by ', s.mediators.join(', ')) : null),
    h('ul', {}, releases),
    s.citations.length ? h('details', {}, h('summary', {}, plural(s.citations.length, 'source', 'sources')),
      h('div', { class: 'claims' }, s.citations.map(claim))) : null);
}


async function swap(id) {
  const s = await get(`/v1/swaps/${id}`);
  render(h('h1', {}, s.place ? `Swap in ${s.place}` : `Swap ${s.id}`),
    facts([['Date', s.occurred_on], ['Place', s.place], ['Parties', await countries(s.parties)], ['Mediators', s.mediators],
      ['People freed', s.released_count], ['Summary', s.summary]]),
    s.negotiation_id ? h('p', {}, 'From ', link(`#/negotiations/${s.negotiation_id}`, 'these talks')) : null,
    h('h2', {}, 'Releases'), h('ul', { class: 'list' }, await Promise.all(s.releases.map(async (r) => h('li', {},
      link(`#/people/${r.person_id}`, await personName(r.person_id)), ` released by ${await countries(r.released_by)}`,
      r.released_to ? ` to ${await countries(r.released_to)}` : '', r.detention_id ? [' · ', link(`#/detentions/${r.detention_id}`, 'detention')] : null)))),
    ...await statementsOf('swaps', s.id),
    claimsByField(s.citations, s), citationForm('swap', s.id),
    recordTools('swaps', 'swap', s, s.place ? `Swap in ${s.place}, ${s.occurred_on}` : `Swap of ${s.occurred_on}`));
}

// ---- people ----------------------------------------------------------------------------------

async function people(q) {
  const input = h('input', { id: 'search', type: 'search', name: 'q', 'aria-label': 'Search names and articles',
    placeholder: 'A name in any spelling, or words of an article', autocomplete: 'off' });
  const results = h('div', { id: 'results', 'aria-live': 'polite' });
  const form = h('form', { class: 'search', role: 'search', onsubmit: async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    results.replaceChildren(loading('results'));
    try {
      const r = await get(`/v1/search?q=${encodeURIComponent(text)}&limit=20`);
      results.replaceChildren(r.items.length === 0 ? empty(`Nothing matches “${text}”.`) :
        h('ul', { class: 'list' }, r.items.map((i) => h('li', {}, h('span', { class: 'tag' }, i.type), ' ',
          link(`#/${i.type === 'person' ? 'people' : 'sources'}/${i.id}`, i.label),
          h('span', { class: 'state' }, ` · score ${i.score.toFixed(2)}`)))));
    } catch (e) { results.replaceChildren(failure(e, 'results')); }
  } }, input, h('button', { type: 'submit', class: 'primary' }, 'Search'));
  await listView('people', q, { title: 'People', before: [form, results, h('h2', {}, 'Everyone recorded')] });
  if (!q) input.focus();
}

async function person(id) {
  const [p, tl, det] = await Promise.all([get(`/v1/people/${id}`), get(`/v1/people/${id}/timeline`),
    get(`/v1/people/${id}/detentions`)]);
  render(h('h1', {}, p.name),
    facts([['Native name', p.name_native], ['Also written', p.aliases], ['Citizenship', await countries(p.citizenships)],
      ['Born', p.born_on], ['Occupation', p.occupation], ['Description', p.description], ['Wikidata', p.wikidata_id]]),
    h('h2', {}, 'Timeline'),
    tl.items.length === 0 ? empty('Nothing dated is recorded yet.') :
      h('ol', { class: 'timeline', id: 'timeline' }, tl.items.map((e) => h('li', {},
        h('span', { class: 'date' }, e.date), ' ', h('span', { class: 'tag' }, e.kind), ' ',
        link(`#/${e.collection}/${e.id}`, e.summary), e.role ? ` (${e.role})` : '',
        e.citations.length ? h('div', { class: 'claims' }, e.citations.map(claim)) : null))),
    h('h2', {}, 'Detentions'),
    det.items.length === 0 ? empty('No detention is recorded.') :
      h('ul', { class: 'list' }, await Promise.all(det.items.map(async (d) => h('li', {}, link(`#/detentions/${d.id}`, `Held by ${await countries(d.country)}`),
        ` · ${d.status}`, d.detained_on ? ` · since ${d.detained_on}` : '', d.released_on ? ` · released ${d.released_on}` : '')))),
    claimsByField(p.citations, p), citationForm('person', p.id), recordTools('people', 'person', p, p.name));
}

async function detention(id) {
  const d = await get(`/v1/detentions/${id}`);
  render(h('h1', {}, `Detention of ${await personName(d.person_id)}`),
    facts([['Person', d.person_id ? link(`#/people/${d.person_id}`, await personName(d.person_id)) : null],
      ['Held by', await countries(d.country)], ['Authority', d.authority], ['Detained', d.detained_on], ['Place', d.place],
      ['Charges', d.charges], ['Sentence', d.sentence], ['Sentenced', d.sentenced_on], ['Status', d.status], ['Released', d.released_on],
      ['Wrongfully detained', d.wrongfully_detained === null ? null : d.wrongfully_detained ? 'yes' : 'no'], ['Notes', d.notes]]),
    claimsByField(d.citations, d), citationForm('detention', d.id),
    recordTools('detentions', 'detention', d, `Detention of ${await personName(d.person_id)}`));
}

// ---- statements --------------------------------------------------------------------------------

// Who said it: the person on record, or the words for an unnamed speaker.
async function speaker(st) {
  return st.speaker_id ? link(`#/people/${st.speaker_id}`, await personName(st.speaker_id)) : (st.speaker || 'someone');
}

// One statement as a list item: when, who, to whom, the words, and what supports them.
async function statementItem(st) {
  return h('li', { 'data-statement': st.id },
    h('div', {}, h('span', { class: 'date' }, st.said_on || 'undated'), ' ', await speaker(st),
      st.audience ? ` to ${st.audience}` : '', st.kind ? [' ', h('span', { class: 'tag' }, st.kind)] : null,
      ' · ', link(`#/statements/${st.id}`, 'details')),
    h('blockquote', {}, st.text),
    st.citations.length ? h('div', { class: 'claims' }, st.citations.map(claim)) : null);
}

// What was said about a negotiation or a swap, oldest first.
async function statementsOf(collection, id) {
  const said = await get(`/v1/${collection}/${id}/statements?sort=said_on&limit=500`);
  return [h('h2', {}, 'What was said'),
    said.items.length === 0 ? empty('No statement is recorded.') :
      h('ul', { class: 'list statements', id: 'statements' }, await Promise.all(said.items.map(statementItem))),
    h('p', {}, link('#/new/statements', 'Record a statement'))];
}

async function statement(id) {
  const st = await get(`/v1/statements/${id}`);
  render(h('h1', {}, `Statement by ${st.speaker_id ? await personName(st.speaker_id) : st.speaker || 'someone'}`),
    h('blockquote', {}, st.text),
    facts([['Speaker', await speaker(st)], ['Said', st.said_on], ['To', st.audience], ['Kind', st.kind],
      ['About the negotiation', st.negotiation_id ? link(`#/negotiations/${st.negotiation_id}`, `negotiation ${st.negotiation_id}`) : null],
      ['About the swap', st.swap_id ? link(`#/swaps/${st.swap_id}`, `swap ${st.swap_id}`) : null],
      ['About', st.person_id ? link(`#/people/${st.person_id}`, await personName(st.person_id)) : null], ['Notes', st.notes]]),
    claimsByField(st.citations, st), citationForm('statement', st.id),
    recordTools('statements', 'statement', st, `Statement of ${st.said_on || 'an unknown date'}`));
}

// ---- negotiations and sources -----------------------------------------------------------------


async function negotiation(id) {
  const n = await get(`/v1/negotiations/${id}`);
  const swapsOf = await get(`/v1/negotiations/${id}/swaps`);
  render(h('h1', {}, n.title),
    facts([['Status', n.status], ['Parties', await countries(n.parties)], ['Mediators', n.mediators], ['Started', n.started_on],
      ['Ended', n.ended_on], ['Summary', n.summary]]),
    h('h2', {}, 'Participants'),
    n.participants.length === 0 ? empty('No participant is recorded.') :
      h('ul', { class: 'list' }, await Promise.all(n.participants.map(async (p) => h('li', {},
        link(`#/people/${p.person_id}`, await personName(p.person_id)), p.role ? ` · ${p.role}` : '',
        p.representing ? ` · for ${p.representing}` : '')))),
    h('h2', {}, 'Swaps that came of it'),
    swapsOf.items.length === 0 ? empty('None recorded.') : h('ul', { class: 'list' }, await Promise.all(swapsOf.items.map(swapSummary))),
    ...await statementsOf('negotiations', n.id),
    claimsByField(n.citations, n), citationForm('negotiation', n.id), recordTools('negotiations', 'negotiation', n, n.title));
}


const subjectCollection = subjectRoute;

// rec: the record when the caller has it already (a citation's embedded subject).
async function subjectLabel(type, id, rec) {
  if (rec === undefined) rec = await record(subjectCollection[type], id);
  if (!rec) return `${type} ${id}`;
  return rec.name || rec.title || (type === 'statement' ? `statement: ${rec.text.slice(0, 80)}` :
    type === 'detention' ? `detention of ${await personName(rec.person_id)}` :
    type === 'swap' ? `swap of ${rec.occurred_on}` : `${type} ${id}`);
}


// A source page is the article: its text with every cited quote highlighted, each highlight a
// link to the record it supports, and below it everything the source supports, record by
// record. quoteId: a citation to show (from a record's claim, "Where the article says it").
async function source(id, quoteId) {
  // Each citation with the record it supports (embed=subject): labelled in the same answer,
  // not by a read a record.
  const [s, cites] = await Promise.all([get(`/v1/sources/${id}`), all(`/v1/sources/${id}/citations?limit=500&embed=subject`)]);
  const extracted = s.content ? await get(`/v1/sources/${id}/extract`).catch(() => null) : null;
  const bySubject = new Map();
  for (const c of cites) remember(subjectCollection[c.subject_type], c.subject);
  for (const c of cites) {
    const k = `${c.subject_type}/${c.subject_id}`;
    if (!bySubject.has(k)) bySubject.set(k, []);
    bySubject.get(k).push(c);
  }
  const labels = new Map(await Promise.all([...bySubject.entries()].map(async ([k, cs]) => {
    const [type, sid] = k.split('/');
    return [k, await subjectLabel(type, sid, cs[0].subject)];
  })));
  const marks = cites.filter((c) => c.anchor).map((c) => {
    const k = `${c.subject_type}/${c.subject_id}`;
    return { start: c.anchor.start, end: c.anchor.end, id: c.id,
      href: `#/${subjectCollection[c.subject_type]}/${c.subject_id}`,
      label: `Supports ${labels.get(k)}${c.field ? ` (${c.field.replace(/_/g, ' ')})` : ''}` };
  });
  const sections = [...bySubject.entries()].map(([k, cs]) => {
    const [type, sid] = k.split('/');
    return h('li', {}, h('span', { class: 'tag' }, type), ' ', link(`#/${subjectCollection[type]}/${sid}`, labels.get(k)),
      h('div', { class: 'claims' }, cs.map((c) => claim({ ...c, source: s }, { inSource: true }))));
  });
  render(h('h1', {}, s.title || s.url),
    facts([['Outlet', s.outlet], ['Author', s.author], ['Published', s.published_on], ['Language', s.language],
      ['Address', h('a', { href: s.url, rel: 'noreferrer' }, s.url)], ['Archived', s.archive_url], ['Notes', s.notes]]),
    s.content ? [h('h2', {}, 'The article'),
      h('p', { class: 'state' }, marks.length ? `${marks.length === 1 ? 'One quote is' : `${marks.length} quotes are`} ` +
        'highlighted; each leads to the record it supports.' : 'No quote of it is cited yet.'),
      articleText(s.content, extracted ? extracted.body : null, marks, s.title)] : empty('The text of this source is not recorded.'),
    h('h2', {}, 'What this source supports'),
    sections.length === 0 ? empty('Nothing cites this source yet.') : h('ul', { class: 'list', id: 'supports' }, sections),
    s.content ? h('p', {}, h('a', { class: 'button', href: `#/sources/${s.id}/intake` }, 'Record what this article says')) : null,
    recordTools('sources', 'source', s, [s.outlet, s.title || s.url, s.published_on].filter(Boolean).join(', ')));
  if (quoteId) {
    const el = document.querySelector(`#article [data-starts~="${quoteId}"]`);
    if (el) { el.scrollIntoView({ block: 'center' }); el.focus(); el.classList.add('shown'); }
  }
}

function chooseNew() {
  render(h('h1', {}, 'Add a record'), h('p', {}, h('a', { class: 'button', href: '#/intake' }, 'From an article'),
    ' — paste it, see what it mentions, and record it all at once.'), h('ul', { class: 'list' },
    ['sources', 'people', 'detentions', 'negotiations', 'swaps', 'statements', 'citations'].map((c) =>
      h('li', {}, link(`#/new/${c}`, `A new record in ${c}`)))));
}

// ---- the API key -------------------------------------------------------------------------------

// The key's state in the header: none, set, or refused by the server (then a notice says so,
// and reads go on without it).
function keyButton() {
  const b = document.getElementById('key-button');
  const refused = keyRefused();
  b.textContent = refused ? 'API key: refused' : apiKey() ? 'API key: set' : 'API key: none';
  let n = document.getElementById('key-refused');
  if (refused && !n) {
    n = h('div', { id: 'key-refused', class: 'notice warn', role: 'alert' },
      'The server refused the API key (it is wrong or revoked), so pages are read without it. ',
      h('button', { type: 'button', onclick: () => b.click() }, 'Set another key'));
    document.querySelector('header.top').after(n);
  } else if (!refused && n) {
    n.remove();
  }
}

// "Skip to content" moves the focus to the view; it is not a page of the router.
document.querySelector('a.skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('view').focus();
});

document.getElementById('key-button').addEventListener('click', () => {
  const d = document.getElementById('key-dialog');
  document.getElementById('key-input').value = apiKey();
  d.showModal();
});
document.getElementById('key-dialog').addEventListener('close', (e) => {
  const v = e.target.returnValue;
  if (v === 'save') setApiKey(document.getElementById('key-input').value.trim());
  if (v === 'forget') setApiKey('');
  keyButton();
});

window.addEventListener('hashchange', route);
window.addEventListener('swaptrack:key', keyButton);
keyButton();
route();
