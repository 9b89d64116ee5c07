// A swap's page: when and where, who went which way ("390 ⇄ 390": named and counted, with what
// they were and the bodies returned), what was given besides people, its place in its agreement's
// stages, the talks it came of, what was said about it and its claims.
import { get, remember } from '../api.js';
import { h, render, link, empty } from '../dom.js';
import { citationForm } from '../forms.js';
import { countries, claimsByField, facts, recordTools } from './record.js';
import { statementsOf } from './said.js';
import { linkTo } from '../labels.js';

const number = (n) => n.toLocaleString('en-US');
const words = (category) => (category || 'people').replace(/_/g, ' ');

// A release: who, by whom, to whom, and the detention it ended.
export async function release(r) {
  return [await linkTo('people', r.person_id), r.remains ? ' (remains)' : '',
    ` released by ${await countries(r.released_by)}`,
    r.released_to ? ` to ${await countries(r.released_to)}` : '',
    r.destination ? `, taken to ${await countries(r.destination)}` : ''];
}

// The living people and the bodies of one direction ({released_by, released_to} of sides) by
// category: "270 prisoners of war, 120 civilians", from its groups and named releases.
function breakdown(s, side) {
  const same = (x) => x.released_by === side.released_by && (x.released_to ?? null) === (side.released_to ?? null);
  const by = new Map();
  const add = (key, n) => by.set(key, (by.get(key) || 0) + n);
  for (const g of s.groups.filter(same)) add(g.category === 'remains' ? 'remains' : g.category, g.count ?? 0);
  for (const r of s.releases.filter(same)) add(r.remains || r.category === 'remains' ? 'remains' : (r.category || 'named'), 1);
  const unknown = s.groups.filter(same).filter((g) => g.count === null).map((g) => words(g.category));
  return [...by].filter(([k, n]) => n > 0 && k !== 'remains').map(([k, n]) => `${number(n)} ${k === 'named' ? 'named' : words(k)}`)
    .concat(unknown.map((w) => `${w}, number not reported`));
}

// One direction's total as a person reads it: "390", "390 and 20 bodies", "20 bodies".
const total = (e) => {
  const living = e.named + e.counted;
  if (!e.remains) return number(living);
  return living ? `${number(living)} and ${number(e.remains)} bodies` : `${number(e.remains)} bodies`;
};

// Who went which way: each pair of opposite directions on one line, "Russia 390 ⇄ 390 Ukraine",
// the others "Belarus → Lithuania: 14"; under each, what they were.
async function ways(s) {
  const done = new Set();
  const lines = [];
  for (const e of s.sides) {
    const key = `${e.released_by}>${e.released_to}`;
    if (done.has(key)) continue;
    done.add(key);
    const back = e.released_to && s.sides.find((x) => x.released_by === e.released_to && x.released_to === e.released_by);
    const [a, b] = [await countries(e.released_by), e.released_to ? await countries(e.released_to) : 'no known side'];
    if (back) {
      done.add(`${back.released_by}>${back.released_to}`);
      lines.push(h('li', { class: 'way', 'data-way': `${e.released_by}<>${e.released_to}` },
        h('span', { class: 'exchange' }, `${a} ${total(e)} ⇄ ${total(back)} ${b}`),
        h('ul', {}, h('li', {}, `${a} released: ${breakdown(s, e).join(', ') || total(e)}`),
          h('li', {}, `${b} released: ${breakdown(s, back).join(', ') || total(back)}`))));
    } else {
      lines.push(h('li', { class: 'way', 'data-way': `${e.released_by}>${e.released_to}` },
        h('span', { class: 'exchange' }, `${a} → ${b}: ${total(e)}`),
        breakdown(s, e).length ? h('ul', {}, h('li', {}, breakdown(s, e).join(', '))) : null));
    }
  }
  return lines.length ? h('ul', { class: 'list ways' }, lines) : empty('Nobody released is recorded.');
}

// What was given besides people: "Funds, by United States: 6,000,000,000 USD. Iranian funds ...".
async function terms(s) {
  if (!s.terms.length) return null;
  return [h('h2', {}, 'Besides people'), h('ul', { class: 'list terms' }, await Promise.all(s.terms.map(async (t) =>
    h('li', { 'data-term': t.id }, h('strong', {}, t.kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())),
      t.by ? `, by ${await countries(t.by)}` : '',
      t.amount !== null && t.amount !== undefined ? `: ${Number(t.amount).toLocaleString('en-US')}${t.currency ? ` ${t.currency}` : ''}` : '',
      '. ', t.description))))];
}

// Its place in its agreement: "Stage 1 of 3 of Istanbul talks", and the talks' other swaps of
// that stage.
async function agreement(s) {
  if (!s.negotiation_id) return null;
  const n = await get(`/v1/negotiations/${s.negotiation_id}`).catch(() => null);
  const talks = link(`#/negotiations/${s.negotiation_id}`, n ? n.title : 'these talks');
  if (!s.stage) return h('p', { class: 'agreement' }, 'From ', talks);
  return h('p', { class: 'agreement' }, `Stage ${s.stage}${n && n.stages ? ` of ${n.stages}` : ''} of `, talks,
    n && n.progress.length ? ` (${n.progress.map((p) => p.count === null ? `${number(p.delivered)} delivered`
      : `${number(p.delivered)} of ${number(p.count)}`).join('; ')} delivered so far)` : '');
}

export async function swap(id) {
  // The people released come in the same answer.
  const s = await get(`/v1/swaps/${id}?embed=releases.person`);
  for (const r of s.releases) remember('people', r.person);
  render(h('h1', {}, s.place ? `Swap in ${s.place}` : `Swap ${s.id}`),
    facts([['Status', s.status === 'completed' ? null : s.status], ['Date', s.occurred_on], ['Kind', s.kind],
      ['Place', s.place], ['Host', await countries(s.host)], ['Parties', await countries(s.parties)],
      ['Mediators', await countries(s.mediators)], ['Handed over by', await countries(s.facilitators)],
      ['People freed', s.released_count === null ? null : number(s.released_count)], ['Summary', s.summary]]),
    await agreement(s),
    h('h2', {}, 'Who went which way'), await ways(s),
    ...(await terms(s) || []),
    s.releases.length ? [h('h2', {}, 'Released by name'), h('ul', { class: 'list' }, await Promise.all(s.releases.map(async (r) => h('li', {},
      await release(r), r.detention_id ? [' · ', link(`#/detentions/${r.detention_id}`, 'detention')] : null))))] : null,
    ...await statementsOf('swaps', s.id),
    claimsByField(s.citations, s), citationForm('swap', s.id),
    recordTools('swaps', 'swap', s, s.place ? `Swap in ${s.place}, ${s.occurred_on}` : `Swap of ${s.occurred_on ?? s.status}`));
}
