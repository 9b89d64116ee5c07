// A negotiation's page: where the talks stand, who took part for whom, the swaps that came of
// them, what was said about them and their claims.
import { get, remember } from '../api.js';
import { h, render, empty, link, plural } from '../dom.js';
import { citationForm } from '../forms.js';
import { countries, claim, claimsByField, facts, recordTools } from './record.js';
import { statementsOf } from './said.js';
import { release } from './swap.js';
import { linkTo } from '../labels.js';

// A swap that came of the talks, with its releases and how many sources it has.
async function swapSummary(s) {
  return h('li', { 'data-swap': s.id },
    h('div', {}, h('span', { class: 'date' }, s.occurred_on), ' ', link(`#/swaps/${s.id}`, s.place ? `Swap in ${s.place}` : `Swap ${s.id}`),
      s.mediators.length ? h('span', {}, ' · mediated by ', s.mediators.join(', ')) : null),
    h('ul', {}, await Promise.all(s.releases.map(async (r) => h('li', {}, await release(r))))),
    s.citations.length ? h('details', {}, h('summary', {}, plural(s.citations.length, 'source', 'sources')),
      h('div', { class: 'claims' }, s.citations.map(claim))) : null);
}

export async function negotiation(id) {
  // The participants and the people released come in the same answers.
  const [n, swapsOf] = await Promise.all([get(`/v1/negotiations/${id}?embed=participants.person`),
    get(`/v1/negotiations/${id}/swaps?embed=releases.person`)]);
  for (const p of n.participants) remember('people', p.person);
  for (const r of swapsOf.items.flatMap((s) => s.releases)) remember('people', r.person);
  render(h('h1', {}, n.title),
    facts([['Status', n.status], ['Parties', await countries(n.parties)], ['Mediators', n.mediators], ['Started', n.started_on],
      ['Ended', n.ended_on], ['Summary', n.summary]]),
    h('h2', {}, 'Participants'),
    n.participants.length === 0 ? empty('No participant is recorded.') :
      h('ul', { class: 'list' }, await Promise.all(n.participants.map(async (p) => h('li', {},
        await linkTo('people', p.person_id), p.role ? ` · ${p.role}` : '',
        p.representing ? ` · for ${p.representing}` : '')))),
    h('h2', {}, 'Swaps that came of it'),
    swapsOf.items.length === 0 ? empty('None recorded.') : h('ul', { class: 'list' }, await Promise.all(swapsOf.items.map(swapSummary))),
    ...await statementsOf('negotiations', n.id),
    claimsByField(n.citations, n), citationForm('negotiation', n.id), recordTools('negotiations', 'negotiation', n, n.title));
}
