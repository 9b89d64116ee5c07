// A form's fields, made from the API's description: one control a property of the schema (a
// text, a date, a country, a choice, a reference's picker, a child list row by row), with its
// label, hint and the place its error goes. forms.js makes record forms of them, the intake its
// cards.
import { h } from './dom.js';
import { unwrap, kindOf } from './schema.js';
import { picker } from './picker.js';
import { sideControl, sidesControl } from './sides.js';

const hints = {
  countries: 'Countries: type a name and choose, one after another.',
  strings: 'One a line.',
  country: 'A country: type its name and choose.',
  currency: 'A currency: type its name and choose.',
  side: 'A country or a party: type its name and choose.',
  sides: 'Countries or parties: type a name and choose, one after another.',
  ref: 'Type a name and choose.',
  claim: 'As the field takes it: 24, 2024-08, RU; of a list, one member. Empty: the source supports the record\'s value.',
};

// Words for a field's name, as a person says it: "name_native" is "native name", "person_id"
// "person"; a name without its own words loses its underscores and "_id".
const LABELS = {
  name_native: 'native name', born_on: 'born', wikidata_id: 'Wikidata item', detained_on: 'detained',
  released_on: 'released', sentenced_on: 'sentenced', occurred_on: 'date', said_on: 'said on',
  started_on: 'started', ended_on: 'ended', published_on: 'published', archive_url: 'archived copy',
  released_count: 'people freed in all', wrongfully_detained: 'wrongfully detained (designated)',
  subject_type: 'kind of record', subject_id: 'record', source_url: 'source (its address)',
  attributed_to: 'said by', url: 'address', held_by: 'held by',
};
export const fieldWords = (name) => LABELS[name] || name.replace(/_id$/, '').replace(/_/g, ' ');
// A path's words: "releases[1].released_to" is "release 2, released to".
export const pathWords = (path) => path.replace(/(\w+)\[(\d+)\]\.?/g, (m, list, i) => `${fieldWords(list).replace(/s$/, '')} ${Number(i) + 1}, `)
  .replace(/, (\w+)$/, (m, f) => `, ${fieldWords(f)}`).replace(/, $/, '');

// The path of a field as the API names it in errors ("releases[0].person_id") as an element id
// ("releases-0-person_id").
export const pathId = (path) => path.replace(/\]\.|\[|\]|\./g, '-').replace(/-$/, '');

// One field's control: {el, read, focus}. read() gives the value for the body (undefined: left
// out). path: the field's name as the API names it (a child's: "releases[0].person_id").
// ctx.subject: {field, collection()}: that field is a record of the collection the form's kind
// field names (a citation's subject), picked like a reference.
function control(path, prop, value, ctx) {
  const s = unwrap(prop);
  const subject = ctx.subject && ctx.subject.field === path;
  const kind = subject ? 'ref' : kindOf(s);
  const pid = (ctx.idPrefix || '') + pathId(path);
  const id = `f-${pid}`;
  const common = { id, name: path, 'aria-describedby': `hint-${pid} error-${pid}` };
  let el;
  switch (kind) {
    case 'ref': {
      el = picker(subject ? ctx.subject.collection : s['x-references'], { inputId: id, value: value ?? null,
        describedBy: common['aria-describedby'], drafts: ctx.drafts, onChange: ctx.onChange, create: ctx.createRef });
      return { el, kind, read: () => el.value ?? undefined, focus: () => el.input.focus() };
    }
    case 'children':
      return rows(path, s.items, value || [], ctx);
    // Codes are picked by name (states, parties, currencies), never typed as codes; a party may
    // be created from the picker where ctx.createParty is given (the intake).
    case 'side':
      return { kind, ...sideControl(common, value, { create: ctx.createParty }) };
    case 'sides':
      return { kind, ...sidesControl(common, value, { create: ctx.createParty }) };
    case 'country':
    case 'currency':
      return { kind, ...sideControl(common, value, { what: kind }) };
    case 'countries': {
      const c = sidesControl(common, value, { what: 'country' });
      return { kind, ...c, read: () => c.read() || [] };
    }
    case 'enum':
      el = h('select', common, h('option', { value: '' }, '—'),
        s.enum.map((v) => h('option', { value: v, selected: value === v }, v.replace(/_/g, ' '))));
      break;
    case 'bool':
      el = h('select', common, h('option', { value: '' }, 'not known'),
        h('option', { value: 'true', selected: value === true }, 'yes'),
        h('option', { value: 'false', selected: value === false }, 'no'));
      break;
    case 'id':
      // A count (minimum 0) or an id without a collection: the schema says which.
      el = h('input', { ...common, type: 'number', min: s.minimum ?? 1, max: s.maximum, step: 1, value: value ?? '' });
      break;
    case 'number':
      // An amount: any decimal from the schema's minimum (a term's $6,000,000,000).
      el = h('input', { ...common, type: 'number', min: s.minimum ?? 0, step: 'any', value: value ?? '' });
      break;
    case 'strings':
      el = h('textarea', common, (value || []).join('\n'));
      break;
    case 'longtext':
      el = h('textarea', { ...common, rows: 5 }, value ?? '');
      break;
    case 'date':
      el = h('input', { ...common, placeholder: 'YYYY, YYYY-MM or YYYY-MM-DD', value: value ?? '' });
      break;
    default:
      el = h('input', { ...common, value: value ?? '' });
  }
  return { el, kind, focus: () => el.focus(), read: () => {
    const v = el.value.trim();
    if (v === '') return kind === 'strings' ? [] : undefined;
    switch (kind) {
      case 'bool': return v === 'true';
      case 'id': return Number.isInteger(Number(v)) ? Number(v) : v;
      case 'number': return Number.isFinite(Number(v)) ? Number(v) : v;
      // What a source says a field is: a number as a number (a count), yes or no as a boolean,
      // anything else as written (a date, a code, words); the API checks it as that field.
      case 'claim': return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v === 'true' || v === 'false' ? v === 'true' : v;
      case 'strings': return v.split('\n').map((x) => x.trim()).filter(Boolean);
      default: return v;
    }
  } };
}

// A labelled field: the control, its hint and where its error goes. ctx: {noun: the word for a
// child row by path, drafts: records a picker may offer before they are stored (the intake's),
// idPrefix: before every element id, so that two forms on one page do not share ids}.
export function field(path, prop, value, required, ctx) {
  const c = control(path, prop, value, ctx);
  const s = unwrap(prop);
  const pid = (ctx.idPrefix || '') + pathId(path);
  const last = path.split('.').pop();
  c.box = h('div', { class: c.kind === 'children' ? 'field rows-field' : 'field', 'data-field': path },
    c.kind === 'children' ? h('div', { class: 'label', id: `label-${pid}` }, fieldWords(last), required ? ' (required)' : '')
      : h('label', { for: `f-${pid}` }, fieldWords(last), required ? ' (required)' : ''),
    c.el,
    h('div', { class: 'hint', id: `hint-${pid}` }, [prop.description || s.description, hints[c.kind]].filter(Boolean).join(' ')),
    h('div', { class: 'error', id: `error-${pid}` }));
  // What fills it from a passage (the intake's text) finds the control by its field's box.
  c.box._control = c;
  c.required = required;
  return c;
}

// Children (a swap's releases, a negotiation's participants, a create's citations) edited row by
// row, each row the child's fields; read() gives the list. A stored child's id is not a field:
// it rides with its row, so that a save keeps that child (and what cites it), and a new row has
// none.
function rows(path, itemSchema, values, ctx) {
  // What a write may say but no one types (a citation's quote_start: where the reader selected).
  const props = Object.entries(itemSchema.properties || {}).filter(([n, p]) => n !== 'id' && !(p && p.writeOnly));
  const ids = [];
  const list = h('ol', { class: 'rows', id: `f-${(ctx.idPrefix || '') + pathId(path)}` });
  const items = [];
  const noun = fieldWords(path.split('.').pop()).replace(/s$/, '');
  const add = (v = {}) => {
    const i = items.length;
    const cs = props.map(([n, prop]) => [n, field(`${path}[${i}].${n}`, prop, v[n], (itemSchema.required || []).includes(n), ctx)]);
    const row = h('li', { class: 'row', 'data-row': i }, cs.map(([, c]) => c.box),
      h('button', { type: 'button', class: 'remove', onclick: () => { row.remove(); items[i] = null; } }, `Remove this ${noun}`));
    items.push(cs);
    ids.push(v.id);
    list.append(row);
    return cs;
  };
  values.forEach((v) => add(v));
  const more = h('button', { type: 'button', class: 'add-row', onclick: () => { const cs = add(); if (cs[0]) cs[0][1].focus(); } }, `Add a ${noun}`);
  const el = h('div', { class: 'rows-editor' }, list, more);
  // index(i): where row i (as first numbered) stands in read()'s list now, null when it was
  // removed: a citation of "releases[3].person_id" follows its row.
  return { el, kind: 'children', add, focus: () => more.focus(),
    index: (i) => (items[i] ? items.slice(0, i).filter(Boolean).length : null),
    read: () => items.map((cs, i) => cs && Object.fromEntries([
      ...(ids[i] !== undefined ? [['id', ids[i]]] : []),
      ...cs.map(([n, c]) => [n, c.read()]).filter(([, v]) => v !== undefined)])).filter(Boolean) };
}

