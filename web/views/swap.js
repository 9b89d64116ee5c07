// A swap's page: when and where, who went free, released by whom to whom, the talks it came
// of, what was said about it and its claims.
import { get, remember } from '../api.js';
import { h, render, link } from '../dom.js';
import { citationForm } from '../forms.js';
import { countries, claimsByField, facts, recordTools } from './record.js';
import { statementsOf } from './said.js';
import { linkTo } from '../labels.js';

// A release: who, by whom, to whom, and the detention it ended.
export async function release(r) {
  return [await linkTo('people', r.person_id), ` released by ${await countries(r.released_by)}`,
    r.released_to ? ` to ${await countries(r.released_to)}` : ''];
}

export async function swap(id) {
  // The people released come in the same answer.
  const s = await get(`/v1/swaps/${id}?embed=releases.person`);
  for (const r of s.releases) remember('people', r.person);
  render(h('h1', {}, s.place ? `Swap in ${s.place}` : `Swap ${s.id}`),
    facts([['Date', s.occurred_on], ['Place', s.place], ['Parties', await countries(s.parties)], ['Mediators', s.mediators],
      ['People freed', s.released_count], ['Summary', s.summary]]),
    s.negotiation_id ? h('p', {}, 'From ', link(`#/negotiations/${s.negotiation_id}`, 'these talks')) : null,
    h('h2', {}, 'Releases'), h('ul', { class: 'list' }, await Promise.all(s.releases.map(async (r) => h('li', {},
      await release(r), r.detention_id ? [' · ', link(`#/detentions/${r.detention_id}`, 'detention')] : null)))),
    ...await statementsOf('swaps', s.id),
    claimsByField(s.citations, s), citationForm('swap', s.id),
    recordTools('swaps', 'swap', s, s.place ? `Swap in ${s.place}, ${s.occurred_on}` : `Swap of ${s.occurred_on}`));
}
