// A card: a draft record of any collection, with its fields (their values from what was found),
// its citations, and, for a record the extraction matched to one on record, that record as it
// is stored: read-only, with "Edit this record" (a patch in the same batch, with If-Match) and
// the citations already stored from this article, which are never stored twice. A card shows
// first its collection's required fields, what names it, what it refers to, its dates, choices,
// countries and lists (presentation.js may choose otherwise); the others are a click away,
// under "More fields".
import { api } from '../api.js';
import { h } from '../dom.js';
import { field, fieldWords } from '../fields.js';
import { kindOf, unwrap } from '../schema.js';
import { presentation } from '../presentation.js';
import { labelOf } from '../labels.js';
import { shapeOf, shown } from '../values.js';
import { cite, storedChip } from './cites.js';
import { leaveOut } from './refs.js';

const SHOWN = new Set(['ref', 'date', 'enum', 'children', 'country', 'countries', 'side', 'sides']);

// The fields a card of collection name shows at first.
function shownFirst(S, name) {
  const own = presentation[name] && presentation[name].first;
  if (own) return new Set(own);
  const input = S.input(name), required = new Set(input.required || []);
  return new Set(Object.entries(input.properties).filter(([k, prop]) => required.has(k) || k === S.get(name).label ||
    SHOWN.has(kindOf(unwrap(prop)))).map(([k]) => k));
}

// What a draft is called while it is being built, in pickers and messages: what names it
// ("Kirill Dmitriev"), what presentation.js says of its kind ("Brittney Griner's detention by
// Russia"), else its first required words or date ("statement: I met some U.S. officials");
// never a number.
function draftLabel(board, c, d) {
  if (d.existing && d.storedLabel) return d.storedLabel;
  const v = Object.fromEntries(d.controls.map(([name, ctl]) => [name, ctl.read()]));
  const named = (name) => {
    const ctl = d.controls.find(([n]) => n === name);
    const x = v[name];
    if (x && typeof x === 'object' && x.ref) return board.byRef(x.ref)?.label() || '';
    return ctl && ctl[1].el.input ? ctl[1].el.input.value.replace(/ \(new, in this batch\)$/, '') : (x ?? '');
  };
  const own = presentation[c.name] && presentation[c.name].draft;
  if (own) { const l = own(v, named, board.S); if (l) return l; }
  if (c.label && (v[c.label] || v[c.label_fallback])) return v[c.label] || v[c.label_fallback];
  const props = board.S.input(c.name).properties, required = board.S.input(c.name).required || [];
  const words = required.find((k) => typeof v[k] === 'string' && ['text', 'longtext'].includes(kindOf(unwrap(props[k]))));
  const date = Object.keys(props).find((k) => v[k] && kindOf(unwrap(props[k])) === 'date');
  return words ? `${c.singular}: ${v[words].slice(0, 40)}` : date ? `${c.singular} of ${v[date]}` : `a new ${c.singular}`;
}

// The card's fields made from values (the extraction's, or the stored record's to edit it).
function build(board, d, values) {
  const { S } = board;
  const input = S.input(d.collection);
  const ctx = { idPrefix: `d${d.n}-`, drafts: board.offered, createParty: board.createParty, createRef: board.createRef };
  d.controls = Object.entries(input.properties).filter(([name]) => !S.citing || name !== S.citing.name).map(([name, prop]) =>
    [name, field(name, prop, values[name], (input.required || []).includes(name), ctx)]);
  const shown = shownFirst(S, d.collection);
  const main = d.controls.filter(([name]) => shown.has(name));
  const more = d.controls.filter(([name]) => !shown.has(name));
  d.fields.replaceChildren(...main.map(([, ctl]) => ctl.box),
    more.length ? h('details', {}, h('summary', {}, 'More fields'), more.map(([, ctl]) => ctl.box)) : '');
  d.fields.hidden = false;
  // The citations already made move under their fields.
  for (const el of d.card.querySelectorAll('.cite-chip')) el._place();
}

// The record on record as it is stored: its fields read-only (what the record's page shows),
// its label, its version (for If-Match) and the citations stored from this article.
async function loadStored(board, d) {
  const { S } = board;
  const r = await api('GET', `/v1/${d.collection}/${d.existing}`);
  d.stored = r.data;
  d.etag = r.etag;
  d.storedLabel = await labelOf(d.collection, r.data);
  d.heading.textContent = `${d.storedLabel} — on record (${d.singular} #${d.existing})`;
  const shape = shapeOf(S, d.collection);
  const rows = [];
  for (const name of d.names) {
    const v = await shown(S, shape, name, r.data, { cut: 200 }).catch(() => null);
    if (v !== null && v !== undefined && v !== '') rows.push(h('dt', {}, fieldWords(name)), h('dd', {}, v));
  }
  d.summary.replaceChildren(rows.length ? h('dl', { class: 'facts' }, rows) : '');
  const own = (r.data[S.citing.name] || []).filter((x) => (x.source ? x.source.id : x.source_id) === board.source.id);
  for (const x of own) storedChip(board, d, x);
  board.refresh();
}

// Turns a card for a record on record into its edit: the stored values in fields, saved as a
// patch of what changed, with If-Match (the version read).
function edit(board, d) {
  d.editing = true;
  const values = {};
  for (const name of d.names) if (d.stored[name] !== null && d.stored[name] !== undefined) values[name] = d.stored[name];
  build(board, d, values);
  d.summary.hidden = true;
  d.heading.textContent = `Editing ${d.storedLabel} (${d.singular} #${d.existing})`;
  d.card.querySelector('.edit-record')?.remove();
  d.controls[0][1].focus();
}

// A new card of collection (a name) on the board, with values; existing: the id of the record
// on record it is (its card shows it as stored and holds new citations); citations: [{field,
// quote, attributed_to, start}] proposed for it (start: where the quote begins, in code points);
// title: its heading; ref: the batch's name for it (unique on the board).
export function draft(board, collection, values = {}, { existing = null, citations = [], title, ref } = {}) {
  const { S } = board;
  const c = S.get(collection);
  const n = ++board.serial;
  const d = { n, ref: ref || `${c.singular.replace(/\W/g, '')}${n}`, collection, singular: c.singular, existing, citations: [],
    stored: null, storedCites: [], removed: false, waive: false, editing: false, controls: [], values };
  d.names = Object.keys(S.input(collection).properties).filter((name) => !S.citing || name !== S.citing.name);
  d.label = () => draftLabel(board, c, d);
  d.heading = h('h3', {}, title || (existing ? `${values[c.label] || c.singular} — on record (${c.singular} #${existing})` : `New ${c.singular}`));
  d.errorBox = h('div', { class: 'card-error', role: 'alert' });
  d.ask = h('div', { class: 'card-ask' });
  d.summary = h('div', { class: 'card-summary' });
  d.fields = h('div', { class: 'card-fields', hidden: true });
  const actions = h('div', { class: 'card-actions' },
    existing ? [
      h('button', { type: 'button', class: 'small edit-record', onclick: () => edit(board, d) }, 'Edit this record'),
      h('button', { type: 'button', class: 'small as-new', onclick: (e) => {
        d.existing = null;
        d.stored = null;
        d.summary.hidden = true;
        d.heading.textContent = `New ${c.singular} (not #${existing})`;
        d.waive = true;
        for (const x of d.card.querySelectorAll('.cite-chip.stored, .edit-record')) x.remove();
        e.target.remove();
        build(board, d, values);
      } }, `Record as a new ${c.singular} instead`)] : null,
    h('button', { type: 'button', class: 'small leave-out', onclick: () => leaveOut(board, d) }, 'Leave out'));
  d.card = h('section', { class: 'draft', 'data-ref': d.ref, 'data-collection': collection, 'aria-label': title || d.heading.textContent },
    d.heading, d.errorBox, d.summary, d.fields, actions, d.ask);
  d.card.addEventListener('focusin', (e) => {
    const f = e.target.closest('[data-field]');
    if (!f || !d.fields.contains(f)) return;
    // The field a passage is cited for: a row's field (releases[0].released_by) by its path,
    // so that a country or a date taken from the text fills that row's field.
    board.setActive(d, f.dataset.field);
  });
  d.card._draft = d;
  board.drafts.push(d);
  board.el.append(d.card);
  if (existing) loadStored(board, d).catch((err) => { d.summary.textContent = `Could not read the record: ${err.message}`; });
  else build(board, d, values);
  for (const x of citations) cite(board, d, x.field, x.quote, x.attributed_to, x.start);
  return d;
}

// A reference's picker may create what it names and is not found: a card of that collection
// named by what was typed (a person the extraction missed), for collections a field names.
export function creator(board) {
  const create = (collection, typed) => {
    const c = board.S.get(collection);
    const d = draft(board, collection, { [c.label]: typed });
    board.say('good', `A card for ${typed}, a new ${c.singular}, was added.`);
    return { id: { ref: d.ref }, label: `${typed} (new, in this batch)` };
  };
  create.can = (collection) => !!(board.S.get(collection) && board.S.get(collection).label);
  return create;
}

// A card's record on record is c ({id, name}), not a new one (the duplicate guard's candidates
// offer this): its card shows that record and keeps its new citations.
export function isExisting(board, d, c) {
  d.existing = c.id;
  d.waive = false;
  d.editing = false;
  d.controls = [];
  d.fields.hidden = true;
  d.fields.replaceChildren();
  d.summary.hidden = false;
  d.heading.textContent = `${c.name} — on record (${d.singular} #${c.id})`;
  d.errorBox.textContent = '';
  for (const el of d.card.querySelectorAll('.cite-chip')) el._place();
  loadStored(board, d).catch((err) => { d.summary.textContent = `Could not read the record: ${err.message}`; });
}
