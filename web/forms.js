// Data entry: a form for each collection, generated from the API's own description
// (/openapi.json, itself generated from the field tables), so that every field the API takes is
// here with its type, choices and limits. Problems come back as problem+json and are shown next
// to the field they name.
import { api, ApiError, apiKey, keyRefused } from './api.js';
import { h, render, loading, failure } from './dom.js';

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

function kindOf(s, doc) {
  const ref = s.$ref && s.$ref.split('/').pop();
  if (ref === 'country') return 'country';
  if (ref === 'partial_date') return 'date';
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

function inputFor(name, s, kind, value, codes) {
  const id = `f-${name}`;
  const common = { id, name, 'aria-describedby': `hint-${name} error-${name}` };
  switch (kind) {
    case 'enum':
      return h('select', common, h('option', { value: '' }, '—'),
        s.enum.map((v) => h('option', { value: v, selected: value === v }, v)));
    case 'bool':
      return h('select', common, h('option', { value: '' }, 'not known'),
        h('option', { value: 'true', selected: value === true }, 'yes'),
        h('option', { value: 'false', selected: value === false }, 'no'));
    case 'id':
      // An id (minimum 1) or a count (minimum 0): the schema says which.
      return h('input', { ...common, type: 'number', min: s.minimum ?? 1, max: s.maximum, step: 1, value: value ?? '' });
    case 'country':
      return h('input', { ...common, list: 'country-codes', maxlength: 2, autocomplete: 'off', value: value ?? '' });
    case 'countries':
      return h('input', { ...common, list: 'country-codes', autocomplete: 'off', value: (value || []).join(', ') });
    case 'strings':
      return h('textarea', common, (value || []).join('\n'));
    case 'children':
      return h('textarea', { ...common, rows: 4 }, value && value.length ? JSON.stringify(value, null, 1) : '');
    case 'longtext':
      return h('textarea', { ...common, rows: 5 }, value ?? '');
    case 'date':
      return h('input', { ...common, placeholder: 'YYYY, YYYY-MM or YYYY-MM-DD', value: value ?? '' });
    default:
      return h('input', { ...common, value: value ?? '' });
  }
}

const hints = {
  countries: 'Country codes, separated by commas: RU, US.',
  strings: 'One a line.',
  children: 'A JSON list, e.g. [{"person_id": 1, "released_by": "RU"}].',
  country: 'An ISO 3166-1 code, e.g. RU.',
};

// The field's value for the body; undefined when left empty.
function read(el, kind) {
  const v = el.value.trim();
  if (v === '') return kind === 'countries' || kind === 'strings' || kind === 'children' ? [] : undefined;
  switch (kind) {
    case 'bool': return v === 'true';
    case 'id': return Number.isInteger(Number(v)) ? Number(v) : v;
    case 'countries': return v.split(/[\s,]+/).filter(Boolean);
    case 'strings': return v.split('\n').map((x) => x.trim()).filter(Boolean);
    case 'children': try { return JSON.parse(v); } catch { return { invalid: v }; }
    default: return v;
  }
}

function clearErrors(form) {
  for (const f of form.querySelectorAll('.field')) {
    f.removeAttribute('data-invalid');
    f.querySelector('.error').textContent = '';
  }
}

// Puts each error of a problem beside its field ("citizenships[1]" belongs to citizenships);
// returns how many found no field.
function showErrors(form, problem) {
  let loose = 0, first = null;
  for (const e of problem.errors || []) {
    const root = String(e.field || '').split(/[.[]/)[0];
    const box = form.querySelector(`#error-${CSS.escape(root)}`);
    if (!box) { loose++; continue; }
    box.textContent = (box.textContent ? box.textContent + ' ' : '') +
      (e.field !== root ? `${e.field}: ${e.message}.` : `${e.message}.`);
    box.closest('.field').setAttribute('data-invalid', '');
    first ||= form.querySelector(`#f-${CSS.escape(root)}`);
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
  const fields = Object.entries(schema.properties).filter(([n]) => !(n in fixed) && n !== 'citations');
  const status = h('div', { 'aria-live': 'polite' });
  const controls = [];
  const form = h('form', { class: 'record', novalidate: true, 'data-collection': collection },
    h('datalist', { id: 'country-codes' }, codes.map((c) => h('option', { value: c }))),
    fields.map(([name, prop]) => {
      const s = unwrap(prop);
      const kind = kindOf(s);
      const input = inputFor(name, s, kind, current ? current[name] : undefined, codes);
      controls.push([name, kind, input]);
      const required = (schema.required || []).includes(name);
      return h('div', { class: 'field' },
        h('label', { for: `f-${name}` }, name.replace(/_/g, ' '), required ? ' (required)' : ''),
        input,
        h('div', { class: 'hint', id: `hint-${name}` }, [prop.description, hints[kind]].filter(Boolean).join(' ')),
        h('div', { class: 'error', id: `error-${name}` }));
    }),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, id ? 'Save changes' : 'Create'), ' ', status));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    status.replaceChildren(h('span', { class: 'state' }, 'Saving…'));
    const body = { ...fixed };
    for (const [name, kind, input] of controls) {
      const v = read(input, kind);
      if (v !== undefined) body[name] = v;
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
        status.replaceChildren(notice('warn', 'Someone changed this record after you opened it, so ',
          'your changes were not saved. Reload it to see theirs, then make yours again. ',
          h('button', { type: 'button', onclick: () => recordForm(collection, id) }, 'Reload the record')));
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
