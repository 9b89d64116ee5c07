// A collection's list: the API's own filters as controls (from its OpenAPI description), sorting,
// the total, paging through `next`, and a CSV download of exactly the records the filters
// select. The state lives in the address (#/detentions?status=held&country=RU), so a list can be
// bookmarked, shared and gone back to.
import { get, ApiError, readHeaders } from '../api.js';
import { h, render, empty, failure, link } from '../dom.js';
import { schema, titleOf, kindOf, unwrap } from '../schema.js';
import { fieldWords } from '../fields.js';
import { picker } from '../picker.js';
import { labelOf } from '../labels.js';
import { shapeOf, fieldNames, shown } from '../values.js';

const PAGE = 50;
const MOST_COLUMNS = 5;
const upper = (s) => s[0].toUpperCase() + s.slice(1);

// The columns of a collection's table, [field, linked]: the field that names a record, or else
// its first required field that is not a reference, as the link to the record; then the fields
// its list filters or sorts by, in the table's order, five in all. Long texts, child lists and
// the label's fallback are left to the record's page.
function columnsOf(S, name, params) {
  const c = S.get(name);
  const props = S.read(name).properties;
  const kind = (k) => kindOf(unwrap(props[k]));
  const sort = params.find((p) => p.name === 'sort');
  const sorted = new Set(sort ? sort.schema['x-sort-keys'] : []);
  const required = new Set(S.input(name).required || []);
  const fields = fieldNames(S, name);
  const linked = c.label || fields.find((k) => required.has(k) && !['ref', 'children', 'object'].includes(kind(k)));
  const others = fields.filter((k) => k !== linked && k !== c.label_fallback && (k in c.filters || sorted.has(k)) &&
    !['children', 'object', 'longtext'].includes(kind(k)));
  const chosen = new Set([linked, ...others].filter(Boolean).slice(0, MOST_COLUMNS));
  return fields.filter((k) => chosen.has(k)).map((k) => [k, k === linked]);
}

// One cell: the field's value; the linked one a link to the record (by its label when the
// value is empty or a field names the record).
async function cell(S, name, shape, [field, linked], r) {
  if (!linked) return shown(S, shape, field, r, { cut: 90 });
  const text = shape.c.label ? null : await shown(S, shape, field, r, { cut: 90 });
  return link(`#/${name}/${r.id}`, typeof text === 'string' && text ? text : await labelOf(name, r));
}

// Words for a query parameter: "held_by" is "held by", "from" and "to" say what they bound.
const words = (name) => ({ from: 'from (date)', to: 'to (date)', q: 'name like', sort: 'order' }[name] || fieldWords(name));

// The control of one filter, from its schema; its current value from the address.
function control(p, value) {
  const id = `filter-${p.name}`;
  // A filter that takes several values with commas is described as "one value, or several":
  // the control is the one value's.
  const s = (p.schema && p.schema.anyOf ? p.schema.anyOf[0] : p.schema) || {};
  const interval = (p.description || '').startsWith('Overlaps:');
  if (s['x-references']) {
    const box = picker(s['x-references'], { inputId: id, value: value || null });
    box.dataset.param = p.name;
    return box;
  }
  if (p.name === 'sort') {
    // "detained_on" and "-detained_on" as a person says them (one key: the API takes several,
    // x-sort-keys lists each).
    const say = (v) => v === 'id' ? 'as recorded' : v === '-id' ? 'last recorded first' :
      v.startsWith('-') ? `${v.slice(1).replace(/_/g, ' ')}, latest first` : `${v.replace(/_/g, ' ')}, earliest first`;
    return h('select', { id, name: p.name }, s['x-sort-keys'].map((v) => h('option', { value: v === 'id' ? '' : v,
      selected: v === (value || 'id') || undefined }, say(v))));
  }
  if (s.enum || s.type === 'boolean') {
    const values = s.enum || ['true', 'false'];
    return h('select', { id, name: p.name }, h('option', { value: '' }, 'any'),
      values.map((v) => h('option', { value: v, selected: String(v) === value || undefined },
        s.type === 'boolean' ? (v === 'true' ? 'yes' : 'no') : v.replace(/_/g, ' '))));
  }
  const isCountry = (s.$ref || '').endsWith('/country');
  const isDate = (s.$ref || '').endsWith('/partial_date') || interval;
  return h('input', { id, name: p.name, value: value || '', list: isCountry ? 'list-countries' : undefined,
    placeholder: isCountry ? 'a country code, RU (or RU,BY)' : interval ? '2024, or 2024-01..2024-06' : isDate ? '2024, 2024-03 or 2024-03-15' : '',
    autocomplete: 'off' });
}

// Fetches every record the query selects as CSV (no limit, so the server streams them all) and
// hands it to the browser as a file.
async function downloadCsv(collection, query, status) {
  const q = new URLSearchParams(query);
  q.delete('after');
  q.delete('limit');
  status.textContent = 'Preparing the CSV…';
  try {
    const res = await fetch(`/v1/${collection}${q.size ? `?${q}` : ''}`, { headers: readHeaders({ Accept: 'text/csv' }) });
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
    const blob = await res.blob();
    const a = h('a', { href: URL.createObjectURL(blob), download: `${collection}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    status.textContent = 'The CSV is downloaded.';
  } catch (e) { status.replaceChildren(failure(e, 'the CSV')); }
}

// The list of collection, filtered by query (a URLSearchParams from the address). before: nodes
// shown above it (a page's own search); title: its heading.
export async function listView(collection, query, { title, before = [], intro } = {}) {
  const S = await schema();
  const names = S.countries;
  // The filters are the list's query parameters (headers such as Swaptrack-Min-LSN come as
  // references to components, and are not the user's to set), but for paging and shaping.
  const params = S.filters(collection);
  const shape = shapeOf(S, collection);
  const cols = columnsOf(S, collection, params);
  // The records its cells name come in the same answer (embed=), not by a read a row.
  const allowed = S.embeds(`/v1/${collection}`);
  const embeds = cols.flatMap(([f]) => [...shape.c.references.filter((r) => r.field === f).map((r) => r.embed),
    shape.c.cites && f === shape.c.cites.subject ? shape.c.cites.embed : null]).filter((e) => e && allowed.has(e));
  const q = new URLSearchParams(query);
  const shownFrom = Number(q.get('_from') || 0);   // where this page starts, for "Records 51–100"
  for (const [k] of [...q]) if (!params.some((p) => p.name === k) && k !== 'after') q.delete(k);
  const api_q = new URLSearchParams(q);
  api_q.set('limit', String(PAGE));
  api_q.set('count', 'true');
  if (embeds.length) api_q.set('embed', embeds.join(','));
  let page;
  try { page = await get(`/v1/${collection}?${api_q}`); } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e;
    // A filter the API refuses (a bad date, an unknown code): said beside the controls.
    page = { items: [], next: null, total: 0, error: e };
  }

  const controls = params.map((p) => {
    const c = control(p, q.get(p.name));
    // A short hint: what the filter keeps (the API's description, less its boilerplate).
    const range = (p.description || '').match(/^Records whose (\w+) overlaps/);
    const hint = p.name === 'sort' ? null : range ? `${range[1].replace(/_/g, ' ')} overlapping this` :
      (p.description || '').replace(/^(Equals|Contains|Overlaps): /, '').replace(/ Several values, separated by commas, match any of them \(RU,BY\)\./, '');
    return h('div', { class: 'field' }, h('label', { for: `filter-${p.name}` }, words(p.name)), c,
      hint ? h('div', { class: 'hint' }, hint) : null);
  });
  const form = h('form', { class: 'filters', 'aria-label': `Filter ${collection}` },
    h('datalist', { id: 'list-countries' }, Object.entries(names).map(([c, name]) => h('option', { value: c }, name))),
    h('div', { class: 'filter-grid' }, controls),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Apply'), ' ',
      h('a', { href: `#/${collection}`, class: 'button' }, 'Clear')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const el of form.querySelectorAll('select, input[name]')) if (el.value) next.set(el.name, el.value);
    for (const box of form.querySelectorAll('.picker')) if (box.value) next.set(box.dataset.param, String(box.value));
    location.hash = `#/${collection}${next.size ? `?${next}` : ''}`;
  });

  const rows = await Promise.all(page.items.map(async (r) => h('tr', { 'data-id': r.id },
    await Promise.all(cols.map(async (col) => h('td', {}, await cell(S, collection, shape, col, r)))))));
  const status = h('span', { class: 'state', 'aria-live': 'polite' });
  const pageLinks = [];
  if (q.get('after')) {
    const first = new URLSearchParams(q);
    first.delete('after');
    pageLinks.push(link(`#/${collection}${first.size ? `?${first}` : ''}`, 'First page'));
  }
  if (page.next) {
    const nq = new URLSearchParams(q);
    nq.set('after', new URLSearchParams(page.next.split('?')[1] || '').get('after'));
    nq.set('_from', String(shownFrom + page.items.length));
    pageLinks.push(link(`#/${collection}?${nq}`, 'Next page'));
  }
  const total = page.total ?? page.items.length;
  const summary = total === 0 ? 'No record matches.' : page.items.length === total ? `${total} ${total === 1 ? 'record' : 'records'}.`
    : `Records ${shownFrom + 1}–${shownFrom + page.items.length} of ${total}.`;
  render(h('h1', {}, title || titleOf(S.get(collection))), intro ? h('p', {}, intro) : null, before, form,
    page.error ? h('div', { class: 'notice bad', role: 'alert' }, page.error.message,
      (page.error.problem.errors || []).map((x) => ` ${x.field}: ${x.message}.`)) : null,
    h('p', { id: 'list-summary' }, summary, ' ', total ? h('button', { type: 'button', id: 'csv',
      onclick: () => downloadCsv(collection, q, status) }, `Download ${total === 1 ? 'it' : `these ${total}`} as CSV`) : null, ' ', status),
    page.items.length === 0 ? empty(Object.keys(Object.fromEntries(q)).length ? 'Nothing matches these filters.' : `No record in ${collection} yet.`) :
      h('table', { class: 'records', id: 'records' }, h('thead', {}, h('tr', {}, cols.map(([f]) => h('th', { scope: 'col' }, upper(fieldWords(f)))))),
        h('tbody', {}, rows)),
    pageLinks.length ? h('nav', { class: 'pages', 'aria-label': 'Pages' }, pageLinks.flatMap((a, i) => (i ? [' · ', a] : [a]))) : null,
    h('p', {}, link(`#/new/${collection}`, `Add to ${collection}`)));
}
