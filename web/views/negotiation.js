// A negotiation's page: where the talks stand, what the agreement commits and how far its swaps
// delivered it, who took part for whom, the swaps that came of them, what was said about them
// and their claims.
import { get, remember } from '../api.js';
import { h, render, empty, link, plural } from '../dom.js';
import { citationForm } from '../forms.js';
import { countries, claim, claimsByField, facts, recordTools } from './record.js';
import { statementsOf } from './said.js';
import { release } from './swap.js';
import { linkTo } from '../labels.js';

const number = (n) => n.toLocaleString('en-US');

// A swap that came of the talks, with its releases and how many sources it has.
async function swapSummary(s) {
  return h('li', { 'data-swap': s.id },
    h('div', {}, h('span', { class: 'date' }, s.occurred_on), ' ', link(`#/swaps/${s.id}`, s.place ? `Swap in ${s.place}` : `Swap ${s.id}`),
      s.stage ? ` · stage ${s.stage}` : '', s.status !== 'completed' ? ` · ${s.status}` : '',
      s.released_count ? ` · ${number(s.released_count)} freed` : '',
      s.mediators.length ? h('span', {}, ' · mediated by ', await countries(s.mediators)) : null),
    h('ul', {}, await Promise.all(s.releases.map(async (r) => h('li', {}, await release(r))))),
    s.citations.length ? h('details', {}, h('summary', {}, plural(s.citations.length, 'source', 'sources')),
      h('div', { class: 'claims' }, s.citations.map(claim))) : null);
}

// What the agreement commits, and how far its completed swaps delivered each commitment: a bar
// and "390 of 1,000 delivered, 610 to go", the swaps that delivered it.
async function commitments(n) {
  if (!n.commitments.length) return [];
  const rows = await Promise.all(n.commitments.map(async (c, i) => {
    const p = n.progress.find((x) => x.commitment === c.id) || n.progress[i] || { delivered: 0, remaining: null, swaps: [] };
    const who = `${c.released_by ? await countries(c.released_by) : 'Any side'} → ${c.released_to ? await countries(c.released_to) : 'any side'}`;
    const what = `${c.count === null ? 'all' : number(c.count)} ${(c.category || 'people').replace(/_/g, ' ')}`;
    const state = c.count === null ? `${number(p.delivered)} delivered` :
      `${number(p.delivered)} of ${number(c.count)} delivered, ${number(p.remaining)} to go`;
    return h('li', { class: 'commitment', 'data-commitment': c.id },
      h('div', {}, h('strong', {}, who), `: ${what}`, c.description ? ` (${c.description})` : ''),
      c.count === null ? null : h('progress', { max: c.count, value: Math.min(p.delivered, c.count), 'aria-label': `${who}: ${state}` }),
      h('div', { class: 'state' }, state),
      p.swaps.length ? h('div', {}, 'By ', p.swaps.flatMap((sid, k) => [k ? ', ' : '', link(`#/swaps/${sid}`, `swap ${sid}`)])) : null);
  }));
  return [h('h2', {}, 'What the agreement commits'),
    n.stages ? h('p', {}, `In ${n.stages} stage${n.stages === 1 ? '' : 's'}.`) : null,
    h('ul', { class: 'list commitments' }, rows)];
}

export async function negotiation(id) {
  // The participants and the people released come in the same answers.
  const [n, swapsOf] = await Promise.all([get(`/v1/negotiations/${id}?embed=participants.person`),
    get(`/v1/negotiations/${id}/swaps?embed=releases.person`)]);
  for (const p of n.participants) remember('people', p.person);
  for (const r of swapsOf.items.flatMap((s) => s.releases)) remember('people', r.person);
  render(h('h1', {}, n.title),
    facts([['Status', n.status], ['Parties', await countries(n.parties)], ['Mediators', await countries(n.mediators)],
      ['Host', await countries(n.host)], ['Place', n.place], ['Started', n.started_on],
      ['Ended', n.ended_on], ['Summary', n.summary]]),
    ...await commitments(n),
    h('h2', {}, 'Participants'),
    n.participants.length === 0 ? empty('No participant is recorded.') :
      h('ul', { class: 'list' }, await Promise.all(n.participants.map(async (p) => h('li', {},
        await linkTo('people', p.person_id), p.role ? ` · ${p.role}` : '',
        p.representing ? ` · for ${await countries(p.representing)}` : '')))),
    h('h2', {}, 'Swaps that came of it'),
    swapsOf.items.length === 0 ? empty('None recorded.') : h('ul', { class: 'list' }, await Promise.all(swapsOf.items.map(swapSummary))),
    ...await statementsOf('negotiations', n.id),
    claimsByField(n.citations, n), citationForm('negotiation', n.id), recordTools('negotiations', 'negotiation', n, n.title));
}
