// A record's page for any collection without a page of its own (and the ones whose own would
// say no more: detentions, statements): its heading (labels.js), every field (references as
// links by name, countries by name), each child list as a table, the records that list it, its
// claims and the citation form when it is citable, and its tools. The records it names come
// in the same answer (embed=).
import { get, remember } from '../api.js';
import { h, render, empty, link } from '../dom.js';
import { schema, titleOf } from '../schema.js';
import { headingOf, labelOf } from '../labels.js';
import { fieldWords } from '../fields.js';
import { citationForm } from '../forms.js';
import { shapeOf, fieldNames, shown } from '../values.js';
import { claimsByField, facts, recordTools } from './record.js';

const upper = (s) => s[0].toUpperCase() + s.slice(1);

// A child list as a table: a row a child, a column a field.
async function childTable(S, name, child, rows) {
  const shape = shapeOf(S, name, child.field);
  const embedded = new Set(shape.c.references.map((r) => r.embed));
  const cols = Object.keys(shape.props).filter((k) => !embedded.has(k));
  return [h('h2', {}, upper(fieldWords(child.field))),
    rows.length === 0 ? empty('None recorded.') :
      h('table', { class: 'records', 'data-children': child.field },
        h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, upper(fieldWords(k)))))),
        h('tbody', {}, await Promise.all(rows.map(async (r) => h('tr', {},
          await Promise.all(cols.map(async (k) => h('td', {}, await shown(S, shape, k, r)))))))))];
}

// The records of another collection that list this one by a field (statements about talks).
async function referrers(S, rec, { collection, field }) {
  const c = S.get(collection);
  const ids = rec[collection] || [];
  const param = c && c.filters[field];
  if (!ids.length || !param) return [];
  const page = await get(`/v1/${collection}?${param}=${rec.id}&limit=50`);
  return [h('h2', {}, `${titleOf(c)} (${fieldWords(field)})`),
    h('ul', { class: 'list', 'data-listed': collection }, await Promise.all(page.items.map(async (r) =>
      h('li', {}, link(`#/${collection}/${r.id}`, await labelOf(collection, r))))))];
}

export async function recordPage(name, id) {
  const S = await schema();
  const c = S.get(name);
  const allowed = S.embeds(`/v1/${name}/{id}`);
  const embeds = [...c.references.map((r) => r.embed), ...c.children.flatMap((x) => x.references.map((r) => r.embed)),
    c.cites && c.cites.embed].filter((e) => e && allowed.has(e));
  const rec = await get(`/v1/${name}/${id}${embeds.length ? `?embed=${embeds.join(',')}` : ''}`);
  for (const r of c.references) remember(r.collection, rec[r.embed]);
  const shape = shapeOf(S, name);
  const children = new Set(c.children.map((x) => x.field));
  const heading = await headingOf(name, rec);
  const pairs = await Promise.all(fieldNames(S, name).filter((k) => !children.has(k) && k !== c.label)
    .map(async (k) => [upper(fieldWords(k)), await shown(S, shape, k, rec)]));
  render(h('h1', {}, heading), facts(pairs),
    ...await Promise.all(c.children.map((x) => childTable(S, name, x, rec[x.field] || []))),
    ...await Promise.all(c.listed.map((l) => referrers(S, rec, l))),
    c.citable ? [claimsByField(rec[S.citing.name] || [], rec), citationForm(c.singular, rec.id)] : null,
    recordTools(name, c.singular, rec, heading));
}
