// A card: a draft record of any collection, with its fields (their values from what was found),
// its citations, and, for a record the extraction matched to one on record, the choice of that
// one. A card shows first its collection's required fields, what names it, what it refers to,
// its dates, choices, countries and lists (presentation.js may choose otherwise); the others are
// a click away, under "More fields".
import { h } from '../dom.js';
import { field } from '../fields.js';
import { kindOf, unwrap } from '../schema.js';
import { presentation } from '../presentation.js';
import { cite } from './cites.js';

const SHOWN = new Set(['ref', 'date', 'enum', 'children', 'country', 'countries', 'side', 'sides']);

// The fields a card of collection name shows at first.
function shownFirst(S, name) {
  const own = presentation[name] && presentation[name].first;
  if (own) return new Set(own);
  const input = S.input(name), required = new Set(input.required || []);
  return new Set(Object.entries(input.properties).filter(([k, prop]) => required.has(k) || k === S.get(name).label ||
    SHOWN.has(kindOf(unwrap(prop)))).map(([k]) => k));
}

// What a draft is called while it is being built (in pickers, "Cited for ... of ..."): what
// names it, else its first required words or date ("statement: I met some U.S. officials").
function draftLabel(S, c, d) {
  const v = Object.fromEntries(d.controls.map(([name, ctl]) => [name, ctl.read()]));
  if (c.label && (v[c.label] || v[c.label_fallback])) return v[c.label] || v[c.label_fallback];
  const props = S.input(c.name).properties, required = S.input(c.name).required || [];
  const words = required.find((k) => typeof v[k] === 'string' && ['text', 'longtext'].includes(kindOf(unwrap(props[k]))));
  const date = Object.keys(props).find((k) => v[k] && kindOf(unwrap(props[k])) === 'date');
  return words ? `${c.singular}: ${v[words].slice(0, 40)}` : date ? `${c.singular} ${v[date]}` : `${c.singular} ${d.n}`;
}

// A new card of collection (a name) on the board, with values; existing: the id of the record
// on record it may be (its card then holds only its citations); citations: [{field, quote,
// attributed_to, start}] proposed for it (start: where the quote begins, in code points); title:
// its heading.
export function draft(board, collection, values = {}, { existing = null, citations = [], title } = {}) {
  const { S } = board;
  const c = S.get(collection);
  const n = ++board.serial;
  const d = { n, ref: `${c.singular}${n}`, collection, singular: c.singular, existing, citations: [], removed: false, waive: false };
  const input = S.input(collection);
  const ctx = { idPrefix: `d${n}-`, drafts: board.offered };
  d.controls = Object.entries(input.properties).filter(([name]) => !S.citing || name !== S.citing.name).map(([name, prop]) =>
    [name, field(name, prop, values[name], (input.required || []).includes(name), ctx)]);
  const shown = shownFirst(S, collection);
  const main = d.controls.filter(([name]) => shown.has(name));
  const more = d.controls.filter(([name]) => !shown.has(name));
  d.label = () => draftLabel(S, c, d);
  const heading = h('h3', {}, title || (existing ? `${values[c.label] || c.singular} — existing ${c.singular} #${existing}` : `New ${c.singular}`));
  const errorBox = h('div', { class: 'card-error', role: 'alert' });
  const fields = h('div', { class: 'card-fields', hidden: !!existing }, main.map(([, ctl]) => ctl.box),
    more.length ? h('details', {}, h('summary', {}, 'More fields'), more.map(([, ctl]) => ctl.box)) : null);
  const actions = h('div', { class: 'card-actions' },
    existing ? h('button', { type: 'button', class: 'small', onclick: () => {
      d.existing = null;
      fields.hidden = false;
      heading.textContent = `New ${c.singular} (not #${existing})`;
      d.waive = true;
      actions.querySelector('button').remove();
    } }, `Record as a new ${c.singular} instead`) : null,
    h('button', { type: 'button', class: 'small', onclick: () => { d.removed = true; d.card.remove(); } }, 'Leave out'));
  d.card = h('section', { class: 'draft', 'data-ref': d.ref, 'data-collection': collection, 'aria-label': title || heading.textContent },
    heading, errorBox, fields, actions);
  d.card.addEventListener('focusin', (e) => {
    const f = e.target.closest('[data-field]');
    if (!f) return;
    // A row's field (participants[0].role) stands for its list: the passage supports the list.
    board.active = { draft: d, name: f.dataset.field.split(/[.[]/)[0] };
    for (const x of board.el.querySelectorAll('.field.active')) x.classList.remove('active');
    d.card.querySelector(`.card-fields [data-field="${CSS.escape(board.active.name)}"]`)?.classList.add('active');
  });
  d.card._draft = d;
  board.drafts.push(d);
  board.el.append(d.card);
  for (const x of citations) cite(board, d, x.field, x.quote, x.attributed_to, x.start);
  return d;
}

// A card's record on record is c ({id, name}), not a new one: its card keeps only its
// citations (the duplicate guard's candidates offer this).
export function isExisting(d, c) {
  d.existing = c.id;
  d.card.querySelector('.card-fields').hidden = true;
  d.card.querySelector('h3').textContent = `${c.name} — existing ${d.singular} #${c.id}`;
  d.card.querySelector('.card-error').textContent = '';
}
