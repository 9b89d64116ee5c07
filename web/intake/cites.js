// A card's citations: each passage under the field it supports, as a chip with the words; how
// firm the claim is and who made it (a source's attribution, "Kirill Dmitriev, to Axios"); the
// field, which may be changed (the citation moves under it); and a button to take it back. A
// citation already stored from this article (a card for a record on record) is shown as such,
// and the same passage is never cited for the same field twice.
import { h } from '../dom.js';
import { fieldWords, pathWords } from '../fields.js';
import { unwrap } from '../schema.js';

// The values a citation's confidence takes, from the citing collection's schema.
const confidences = (S) => unwrap(S.read(S.citing.name).properties.confidence).enum;

// Puts chip el under the field of the card that citation c supports (a row's field stands for
// its list: the passage supports the list), or at the card's end.
function place(d, c, el) {
  const box = (!d.fields.hidden && d.card.querySelector(`.card-fields [data-field="${CSS.escape(c.field.split(/[.[]/)[0])}"]`)) || d.card;
  let list = box.querySelector(':scope > ul.cites');
  if (!list) { list = h('ul', { class: 'cites', 'aria-label': 'Cited for this field' }); box.append(list); }
  list.append(el);
}

function chip(board, d, c) {
  const n = ++board.serial;
  const el = h('li', { class: 'cite-chip' }, h('q', {}, c.quote), c.field.includes('[') ? h('span', { class: 'small-label' }, ` (${pathWords(c.field)})`) : '',
    h('span', { class: 'cite-controls' },
      h('label', { for: `conf-${n}`, class: 'small-label' }, 'how firm'),
      h('select', { id: `conf-${n}`, class: 'cite-confidence', onchange: (e) => { c.confidence = e.target.value; } },
        confidences(board.S).map((v) => h('option', { value: v, selected: v === (c.confidence || 'reported') || undefined }, v))),
      h('label', { for: `attr-${n}`, class: 'small-label' }, 'said by'),
      h('input', { id: `attr-${n}`, class: 'cite-attributed', value: c.attributed_to || '', placeholder: 'the source itself',
        oninput: (e) => { c.attributed_to = e.target.value.trim() || undefined; } }),
      h('label', { for: `for-${n}`, class: 'small-label' }, 'for'),
      h('select', { id: `for-${n}`, class: 'cite-field', onchange: (e) => { c.field = e.target.value; place(d, c, el); } },
        d.names.map((name) => h('option', { value: name, selected: name === c.field.split(/[.[]/)[0] || undefined }, fieldWords(name)))),
      h('button', { type: 'button', class: 'small', 'aria-label': `Remove the citation “${c.quote}”`, onclick: () => {
        d.citations.splice(d.citations.indexOf(c), 1);
        el.remove();
      } }, '×')));
  el._place = () => place(d, c, el);
  return el;
}

// A citation stored already from this article (x: the citing record): shown under its field,
// marked stored, without controls; citing the same passage for the same field again is refused.
export function storedChip(board, d, x) {
  const c = { field: x.field || '', quote: x.quote, start: x.anchor ? x.anchor.start : x.quote_start };
  d.storedCites.push(c);
  const el = h('li', { class: 'cite-chip stored' }, h('q', {}, x.quote),
    h('span', { class: 'small-label' }, ` stored already${c.field ? `, for ${pathWords(c.field)}` : ''}${x.attributed_to ? `, said by ${x.attributed_to}` : ''}`));
  el._place = () => place(d, c, el);
  el._place();
}

// Cites quote for field name of draft d, where it starts in the content (start, in code points;
// undefined: its first occurrence). Once: the same words at the same place for the same field
// are one citation.
export function cite(board, d, name, quote, attributedTo, start) {
  const same = (x) => x.field === name && x.quote === quote && (x.start === start || x.start === undefined || start === undefined);
  if (d.storedCites.some(same)) return 'stored';
  if (d.citations.some(same)) return 'again';
  const c = { field: name, quote, attributed_to: attributedTo || undefined, start };
  d.citations.push(c);
  chip(board, d, c)._place();
  return 'cited';
}
