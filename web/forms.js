// Data entry: a form for each collection, generated from the API's own description
// (/openapi.json, itself generated from the field tables), so that every field the API takes is
// here with its type, choices and limits. Problems come back as problem+json and are shown next
// to the field they name.
import { api, ApiError, apiKey, keyRefused } from './api.js';
import { h, render, loading, failure } from './dom.js';
import { picker } from './picker.js';

let described;
export const description = () => (described ||= fetch('/openapi.json').then((r) => r.json()));

const routeOf = { sources: 'sources', people: 'people', detentions: 'detentions',
  negotiations: 'negotiations', swaps: 'swaps', statements: 'statements' };
// One record of each collection, as the API names its kinds.
export const singularOf = { sources: 'source', people: 'person', detentions: 'detention',
  negotiations: 'negotiation', swaps: 'swap', statements: 'statement', citations: 'citation' };
// Where the record a citation supports lives, by its subject_type.
export const subjectRoute = { person: 'people', detention: 'detentions', negotiation: 'negotiations', swap: 'swaps',
  statement: 'statements' };

// The schema of one property, with allOf and nullable anyOf unwrapped.
function unwrap(prop) {
  let s = prop.allOf ? prop.allOf[0] : prop;
  if (s.anyOf) s = s.anyOf.find((x) => x.type !== 'null');
  return s;
}

function kindOf(s) {
  const ref = s.$ref && s.$ref.split('/').pop();
  if (ref === 'country') return 'country';
  if (ref === 'partial_date') return 'date';
  if (s['x-references']) return 'ref';
  if (s.enum) return 'enum';
  if (s.type === 'boolean') return 'bool';
  if (s.type === 'integer') return 'id';
  if (s.type === 'array') {
    const it = s.items || {};
    if (it.$ref && it.$ref.endsWith('/country')) return 'countries';
    if (it.type === 'string') return 'strings';
    return 'children';
  }
  return s.maxLength > 1000 ? 'longtext' : 'text';
}

const hints = {
  countries: 'Country codes, separated by commas: RU, US.',
  strings: 'One a line.',
  country: 'An ISO 3166-1 code, e.g. RU.',
  ref: 'Type a name and choose.',
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

// The path of a field as the API names it in errors ("releases[0].person_id") as an element id
// ("releases-0-person_id").
export const pathId = (path) => path.replace(/\]\.|\[|\]|\./g, '-').replace(/-$/, '');

// One field's control: {el, read, focus}. read() gives the value for the body (undefined: left
// out). path: the field's name as the API names it (a child's: "releases[0].person_id").
function control(path, prop, value, ctx) {
  const s = unwrap(prop);
  const kind = kindOf(s);
  const pid = (ctx.idPrefix || '') + pathId(path);
  const id = `f-${pid}`;
  const common = { id, name: path, 'aria-describedby': `hint-${pid} error-${pid}` };
  let el;
  switch (kind) {
    case 'ref': {
      el = picker(s['x-references'], { inputId: id, value: value ?? null, describedBy: common['aria-describedby'],
        drafts: ctx.drafts, onChange: ctx.onChange });
      return { el, kind, read: () => el.value ?? undefined, focus: () => el.input.focus() };
    }
    case 'children':
      return rows(path, s.items, value || [], ctx);
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
    case 'country':
      el = h('input', { ...common, list: 'country-codes', maxlength: 2, autocomplete: 'off', value: value ?? '' });
      break;
    case 'countries':
      el = h('input', { ...common, list: 'country-codes', autocomplete: 'off', value: (value || []).join(', ') });
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
    if (v === '') return kind === 'countries' || kind === 'strings' ? [] : undefined;
    switch (kind) {
      case 'bool': return v === 'true';
      case 'id': return Number.isInteger(Number(v)) ? Number(v) : v;
      case 'countries': return v.split(/[\s,]+/).filter(Boolean);
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
  return c;
}

// Children (a swap's releases, a negotiation's participants, a create's citations) edited row by
// row, each row the child's fields; read() gives the list.
function rows(path, itemSchema, values, ctx) {
  const props = Object.entries(itemSchema.properties || {});
  const list = h('ol', { class: 'rows', id: `f-${(ctx.idPrefix || '') + pathId(path)}` });
  const items = [];
  const noun = ctx.noun && ctx.noun[path] || fieldWords(path).replace(/s$/, '');
  const add = (v = {}) => {
    const i = items.length;
    const cs = props.map(([n, prop]) => [n, field(`${path}[${i}].${n}`, prop, v[n], (itemSchema.required || []).includes(n), ctx)]);
    const row = h('li', { class: 'row', 'data-row': i }, cs.map(([, c]) => c.box),
      h('button', { type: 'button', class: 'remove', onclick: () => { row.remove(); items[i] = null; } }, `Remove this ${noun}`));
    items.push(cs);
    list.append(row);
    return cs;
  };
  values.forEach((v) => add(v));
  const more = h('button', { type: 'button', class: 'add-row', onclick: () => { const cs = add(); if (cs[0]) cs[0][1].focus(); } }, `Add a ${noun}`);
  const el = h('div', { class: 'rows-editor' }, list, more);
  return { el, kind: 'children', add, focus: () => more.focus(),
    read: () => items.filter(Boolean).map((cs) => Object.fromEntries(cs.map(([n, c]) => [n, c.read()]).filter(([, v]) => v !== undefined))) };
}

function clearErrors(form) {
  for (const f of form.querySelectorAll('.field')) {
    f.removeAttribute('data-invalid');
    f.querySelector(':scope > .error').textContent = '';
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// Puts each error of a problem beside its field: the child's own field when there is one
// ("releases[0].person_id"), else the field it belongs to ("citizenships[1]" is citizenships's);
// marks them aria-invalid. Returns how many found no field.
function showErrors(form, problem) {
  let loose = 0, first = null;
  for (const e of problem.errors || []) {
    const path = String(e.field || '');
    const root = path.split(/[.[]/)[0];
    let box = form.querySelector(`#error-${CSS.escape(pathId(path))}`);
    const own = !!box;
    if (!box) box = form.querySelector(`#error-${CSS.escape(root)}`);
    if (!box) { loose++; continue; }
    box.textContent = (box.textContent ? box.textContent + ' ' : '') + (own ? `${e.message}.` : `${path}: ${e.message}.`);
    const f = box.closest('.field');
    f.setAttribute('data-invalid', '');
    const input = f.querySelector(':scope > input, :scope > select, :scope > textarea, :scope > .picker input');
    if (input) input.setAttribute('aria-invalid', 'true');
    first ||= input;
  }
  if (first) first.focus();
  return loose;
}

function notice(kind, ...content) {
  return h('div', { class: `notice ${kind}`, role: kind === 'bad' || kind === 'warn' ? 'alert' : 'status' }, ...content);
}

function keyNotice(err) {
  return notice('bad', err.status === 403 ? 'This API key may not write here. ' :
    keyRefused() ? 'The API key was refused: it is wrong or revoked. ' :
      'Saving needs an API key with scope write. ', h('button', { type: 'button',
    onclick: () => document.getElementById('key-button').click() }, 'Set the API key'));
}

// The form for a new record of collection, or to edit record id (PUT with If-Match). fixed
// holds values the form does not show (a citation's subject); inline returns the form instead
// of rendering a page.
export async function recordForm(collection, id, { fixed = {}, inline = false, title } = {}) {
  if (!inline) render(loading('the form'));
  let doc, current = null, etag = null;
  try {
    doc = await description();
    if (id) {
      const r = await api('GET', `/v1/${collection}/${id}`);
      current = r.data;
      etag = r.etag;
    }
  } catch (e) {
    if (inline) return failure(e, 'the form');
    return render(failure(e, 'the form'));
  }
  const schema = doc.components.schemas[`${collection}_input`];
  if (!schema) return render(h('h1', {}, 'Not found'), h('p', {}, `There is no collection ${collection}.`));
  const codes = doc.components.schemas.country.enum;
  // A create may carry its citations (the inline schema), edited row by row like children.
  const props = Object.entries(schema.properties).filter(([n]) => !(n in fixed))
    .map(([n, prop]) => n === 'citations' ? (id ? null : [n, { type: 'array', items: doc.components.schemas.citation_inline,
      description: 'The sources of what this record says: each its source, the field it supports and the quote.' }]) : [n, prop])
    .filter(Boolean);
  const status = h('div', { 'aria-live': 'polite' });
  const ctx = { noun: { releases: 'release', participants: 'participant', citations: 'citation' } };
  const controls = props.map(([name, prop]) => [name, field(name, prop, current ? current[name] : undefined,
    (schema.required || []).includes(name), ctx)]);
  const form = h('form', { class: 'record', novalidate: true, 'data-collection': collection },
    h('datalist', { id: 'country-codes' }, codes.map((c) => h('option', { value: c }))),
    controls.map(([, c]) => c.box),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, id ? 'Save changes' : 'Create'), ' ', status));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    status.replaceChildren(h('span', { class: 'state' }, 'Saving…'));
    const body = { ...fixed };
    for (const [name, c] of controls) {
      const v = c.read();
      if (v !== undefined && !(name === 'citations' && v.length === 0)) body[name] = v;
    }
    try {
      const r = id ? await api('PUT', `/v1/${collection}/${id}`, body, { ifMatch: etag })
        : await api('POST', `/v1/${collection}`, body);
      status.replaceChildren(notice('good', id ? 'Saved.' : 'Created.'));
      const rec = r.data;
      const what = `${singularOf[collection] || collection} ${rec.id}`;
      if (!inline || collection === 'citations')
        sessionStorage.setItem('swaptrack.flash', id ? `Saved: ${what} is now at version ${rec.version}.`
          : collection === 'citations' ? `Citation ${rec.id} added.` : `Created ${what}.`);
      if (collection === 'citations') location.hash = `#/${subjectRoute[rec.subject_type]}/${rec.subject_id}`;
      else if (routeOf[collection]) location.hash = `#/${routeOf[collection]}/${rec.id}`;
      else if (inline) form.reset();
      if (inline) window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 412) {
        // Theirs beside yours, field by field; what you typed stays in the form.
        let theirs = null;
        try { const r = await api('GET', `/v1/${collection}/${id}`); theirs = r; } catch { theirs = null; }
        const differ = theirs ? controls.filter(([name, c]) => JSON.stringify(theirs.data[name] ?? null) !== JSON.stringify(c.read() ?? null)) : [];
        const show = (v) => v === null || v === undefined || (Array.isArray(v) && !v.length) ? '(none)' :
          typeof v === 'object' ? JSON.stringify(v) : String(v);
        status.replaceChildren(notice('warn', 'Someone changed this record after you opened it, so ',
          'your changes were not saved. What you typed is still in the form. ',
          h('button', { type: 'button', onclick: () => recordForm(collection, id) }, 'Reload the record'),
          theirs ? [' ', h('button', { type: 'button', id: 'save-mine', onclick: () => {
            etag = theirs.etag;
            form.requestSubmit();
          } }, 'Save mine over theirs')] : null),
          theirs ? h('table', { class: 'conflict', id: 'conflict' },
            h('caption', {}, `Version ${theirs.data.version} on record, and yours`),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Yours'),
              h('th', { scope: 'col' }, 'Now on record'))),
            h('tbody', {}, differ.map(([name, c]) => h('tr', { 'data-field': name }, h('th', { scope: 'row' }, fieldWords(name)),
              h('td', {}, show(c.read())), h('td', {}, show(theirs.data[name])))))) : null);
      } else if (err.status === 401 || err.status === 403) {
        status.replaceChildren(keyNotice(err));
      } else {
        const loose = showErrors(form, err.problem);
        status.replaceChildren(notice('bad', err.message,
          loose ? ` (${loose} more: ${(err.problem.errors || []).map((x) => x.field).join(', ')})` : ''));
      }
    }
  });
  const heading = title || (id ? `Edit ${collection.replace(/s$/, '')} ${id}` : `New record in ${collection}`);
  const key = apiKey() ? null : notice('warn', 'Saving needs an API key. ',
    h('button', { type: 'button', onclick: () => document.getElementById('key-button').click() }, 'Set the API key'));
  if (inline) return h('section', { class: 'add-citation' }, h('h2', {}, heading), form);
  render(h('h1', {}, heading), key, form);
  const first = form.querySelector('input, select, textarea');
  if (first) first.focus();
}

// A citation of this record: source, field, quote, attribution, confidence.
export function citationForm(subjectType, subjectId) {
  const holder = h('div', {}, h('details', {}, h('summary', {}, 'Add a citation'), h('div', { class: 'slot' })));
  const slot = holder.querySelector('.slot');
  holder.querySelector('details').addEventListener('toggle', async (e) => {
    if (!e.target.open || slot.childElementCount) return;
    slot.append(await recordForm('citations', undefined, { inline: true, title: 'Add a citation',
      fixed: { subject_type: subjectType, subject_id: Number(subjectId) } }));
  });
  return holder;
}
