// Intake: from an article to its records. The view shows what the extraction found in the
// article, highlighted in the text (text.js) and as cards (found.js), and the records being
// built from them as drafts, a card each (card.js), with a blank card of every collection an
// article supports a click away. A click on a highlighted passage cites it for the field being
// filled; Save sends every card as one POST /v1/batch (save.js). Nothing is stored until all of
// it is.
import { get } from '../api.js';
import { h, render, empty, link } from '../dom.js';
import { schema } from '../schema.js';
import { newBoard } from './board.js';
import { draft } from './card.js';
import { peopleCards, foundList } from './found.js';
import { intakeText } from './text.js';
import { save } from './save.js';

export async function intake(sourceId) {
  const [S, s] = await Promise.all([schema(), get(`/v1/sources/${sourceId}`)]);
  if (!s.content) {
    return render(h('h1', {}, s.title || s.url), empty('This source has no text to work from.'),
      link(`#/edit/sources/${s.id}`, 'Add its text'));
  }
  const ex = await get(`/v1/sources/${sourceId}/extract`);
  const board = newBoard(S, s);
  const cps = Array.from(s.content);
  const found = foundList(board, ex, cps, peopleCards(board, ex, cps));
  // A blank card of every collection an article's words can support.
  const adders = h('p', { class: 'adders' }, 'Add: ', S.cited.map((c) => h('button', { type: 'button', class: 'small',
    'data-collection': c.name, onclick: () => { const d = draft(board, c.name); d.card.querySelector('input, select, textarea').focus(); } },
  c.singular)));
  render(h('h1', {}, `From the article: ${s.title || s.url}`),
    h('p', { class: 'state' }, 'Click into a field of a card, then on a highlighted passage (or select words and “Cite the selected words”): ',
      'the passage is cited for that field. Save stores every card at once.'),
    h('div', { class: 'intake' },
      h('section', { class: 'intake-text', 'aria-label': 'The article' }, intakeText(board, ex)),
      h('section', { class: 'intake-work', 'aria-label': 'The records' }, found, h('h2', {}, 'The records to save'), adders, board.el,
        h('p', {}, h('button', { type: 'button', class: 'primary', id: 'save-all', onclick: () => save(board) }, 'Save everything'), ' ',
          board.status))));
}
