// A card's citations: each passage under the field it supports, as a chip with the words; how
// firm the claim is and who made it (a source's attribution, "Kirill Dmitriev, to Axios"); the
// field, which may be changed (the citation moves under it); and a button to take it back.
import { h } from '../dom.js';
import { fieldWords } from '../fields.js';
import { unwrap } from '../schema.js';

// The values a citation's confidence takes, from the citing collection's schema.
const confidences = (S) => unwrap(S.read(S.citing.name).properties.confidence).enum;

// Puts chip el under the field of the card that citation c supports (a row's field stands for
// its list: the passage supports the list), or at the card's end.
function place(d, c, el) {
  const box = d.card.querySelector(`.card-fields [data-field="${CSS.escape(c.field.split(/[.[]/)[0])}"]`) || d.card;
  let list = box.querySelector(':scope > ul.cites');
  if (!list) { list = h('ul', { class: 'cites', 'aria-label': 'Cited for this field' }); box.append(list); }
  list.append(el);
}

function chip(board, d, c) {
  const n = ++board.serial;
  const el = h('li', { class: 'cite-chip' }, h('q', {}, c.quote),
    h('span', { class: 'cite-controls' },
      h('label', { for: `conf-${n}`, class: 'small-label' }, 'how firm'),
      h('select', { id: `conf-${n}`, class: 'cite-confidence', onchange: (e) => { c.confidence = e.target.value; } },
        confidences(board.S).map((v) => h('option', { value: v, selected: v === (c.confidence || 'reported') || undefined }, v))),
      h('label', { for: `attr-${n}`, class: 'small-label' }, 'said by'),
      h('input', { id: `attr-${n}`, class: 'cite-attributed', value: c.attributed_to || '', placeholder: 'the source itself',
        oninput: (e) => { c.attributed_to = e.target.value.trim() || undefined; } }),
      h('label', { for: `for-${n}`, class: 'small-label' }, 'for'),
      h('select', { id: `for-${n}`, class: 'cite-field', onchange: (e) => { c.field = e.target.value; place(d, c, el); } },
        d.controls.map(([name]) => h('option', { value: name, selected: name === c.field.split(/[.[]/)[0] || undefined }, fieldWords(name)))),
      h('button', { type: 'button', class: 'small', 'aria-label': `Remove the citation “${c.quote}”`, onclick: () => {
        d.citations.splice(d.citations.indexOf(c), 1);
        el.remove();
      } }, '×')));
  return el;
}

// Cites quote for field name of draft d, where it starts in the content (start, in code points;
// undefined: its first occurrence). Once: the same words at the same place for the same field
// are one citation.
export function cite(board, d, name, quote, attributedTo, start) {
  if (d.citations.some((x) => x.field === name && x.quote === quote && x.start === start)) return;
  const c = { field: name, quote, attributed_to: attributedTo || undefined, start };
  d.citations.push(c);
  place(d, c, chip(board, d, c));
}
