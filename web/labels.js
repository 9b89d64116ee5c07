// What a record is called, in a picker, a list's cell, a link or its page's heading: the field
// that names it (x-collections' label: a person's name, a source's title, else its address), or,
// for a record no field names, what it refers to and when ("Marc Fogel, 2023-03"). A known
// collection may say it better (presentation.js).
import { record, remember } from './api.js';
import { link } from './dom.js';
import { schema, kindOf, unwrap } from './schema.js';
import { presentation } from './presentation.js';

// The record that reference field of rec names: embedded in rec (embed=), or read once a page
// view. null when it names none (or a record not stored yet, {ref}).
export async function referred(c, rec, field) {
  const r = c.references.find((x) => x.field === field);
  const id = rec[field];
  if (!r || id === null || id === undefined || typeof id === 'object') return null;
  const embedded = rec[r.embed];
  if (embedded && typeof embedded === 'object' && embedded.id === id) {
    remember(r.collection, embedded);
    return embedded;
  }
  return record(r.collection, id);
}

// The label of the record that reference field of rec (of collection c) names.
async function referredLabel(S, c, rec, field) {
  const r = c.references.find((x) => x.field === field);
  const target = r && S.get(r.collection);
  const got = await referred(c, rec, field);
  return got ? labelOf(r.collection, got) : `${target ? target.singular : field} ${rec[field]}`;
}

// The first of rec's fields of this kind that has a value.
function firstOf(S, name, rec, kind, among) {
  const props = S.read(name).properties;
  return (among || Object.keys(props)).find((k) => props[k] && kindOf(unwrap(props[k])) === kind && rec[k]);
}

export async function labelOf(name, rec) {
  if (!rec) return '';
  const S = await schema();
  const c = S.get(name);
  if (!c) return `${name} ${rec.id}`;
  const ref = (field) => referredLabel(S, c, rec, field);
  const own = presentation[name] && presentation[name].label;
  if (own) return own(rec, ref, S);
  if (c.label) return rec[c.label] || (c.label_fallback && rec[c.label_fallback]) || `${c.singular} ${rec.id}`;
  const parts = [];
  for (const r of c.references) if (rec[r.field] !== null && rec[r.field] !== undefined && parts.length < 2) parts.push(await ref(r.field));
  if (!parts.length) {
    // Nothing referred to: its first required words, cut short.
    const text = firstOf(S, name, rec, 'text', S.input(name).required) || firstOf(S, name, rec, 'longtext', S.input(name).required);
    if (text) parts.push(rec[text].length > 60 ? `${rec[text].slice(0, 60)}…` : rec[text]);
  }
  const date = firstOf(S, name, rec, 'date');
  if (date) parts.push(rec[date]);
  return parts.join(', ') || `${c.singular} ${rec.id}`;
}

// A link to record id of collection by its label (the record read once a page view, unless it
// came embedded in an answer before).
export async function linkTo(collection, id) {
  const r = await record(collection, id);
  return link(`#/${collection}/${id}`, r ? await labelOf(collection, r) : `${collection} ${id}`);
}

// A record page's heading: its label when a field names it, else "Detention of Marc Fogel" (the
// first record it refers to), else "Citation 12".
export async function headingOf(name, rec) {
  const S = await schema();
  const c = S.get(name);
  const Singular = c.singular[0].toUpperCase() + c.singular.slice(1);
  const own = presentation[name] && presentation[name].title;
  if (own) return own(rec, (field) => referredLabel(S, c, rec, field));
  if (c.label) return labelOf(name, rec);
  const r = c.references.find((x) => rec[x.field] !== null && rec[x.field] !== undefined);
  return r ? `${Singular} of ${await referredLabel(S, c, rec, r.field)}` : `${Singular} ${rec.id}`;
}
