// What was said about a record that statements list (a negotiation, a swap): each statement with
// when, who, to whom, its words and what supports them, oldest first.
import { get, remember } from '../api.js';
import { h, empty, link } from '../dom.js';
import { claim } from './record.js';
import { linkTo } from '../labels.js';

// Who said it: the person on record, or the words for an unnamed speaker.
async function speaker(st) {
  return st.speaker_id ? linkTo('people', st.speaker_id) : (st.speaker || 'someone');
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

// What was said about record id of collection, oldest first (the speakers in the same answer).
export async function statementsOf(collection, id) {
  const said = await get(`/v1/${collection}/${id}/statements?sort=said_on&limit=500&embed=speaker_record`);
  for (const st of said.items) remember('people', st.speaker_record);
  return [h('h2', {}, 'What was said'),
    said.items.length === 0 ? empty('No statement is recorded.') :
      h('ul', { class: 'list statements', id: 'statements' }, await Promise.all(said.items.map(statementItem))),
    h('p', {}, link('#/new/statements', 'Record a statement'))];
}
