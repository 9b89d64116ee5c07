// A field's value as the dashboard shows it, on a record's page and in a list's cell: a reference
// as a link to its record by name, a country by its name, a list joined, yes or no. Types come
// from the record's schema, references from x-collections.
import { h, link } from './dom.js';
import { kindOf, unwrap } from './schema.js';
import { labelOf, referred } from './labels.js';
import { sideName } from './sides.js';

// The shape of a collection's records ({c, props}), or of the rows of one of its child lists
// (field: "releases"): the rows' references are embedded under their own names ("person").
export function shapeOf(S, name, field) {
  const c = S.get(name);
  const props = S.read(name).properties;
  if (!field) return { c, props };
  const child = c.children.find((x) => x.field === field);
  return {
    c: { name: child.model, singular: child.singular || child.model, references: child.references
      .map((r) => ({ ...r, embed: r.embed.split('.').pop() })) },
    props: unwrap(props[field]).items.properties,
  };
}

// The members of a record that are its fields: not its id, version and times, nor what embed=
// adds, the ids it lists or its citations.
export function fieldNames(S, name) {
  const c = S.get(name);
  const not = new Set(['id', 'version', 'created_at', 'updated_at', ...c.references.map((r) => r.embed),
    ...c.listed.map((l) => l.collection), S.citing && S.citing.name, c.cites && c.cites.embed]);
  return Object.keys(S.read(name).properties).filter((k) => !not.has(k));
}

// A link to the record a reference names, by its label.
async function referenceLink(S, c, rec, field) {
  const r = c.references.find((x) => x.field === field);
  const got = await referred(c, rec, field);
  const target = S.get(r.collection);
  return link(`#/${r.collection}/${rec[field]}`, got ? await labelOf(r.collection, got) : `${target ? target.singular : field} ${rec[field]}`);
}

// The citing collection's subject: a link to the record cited, by its label.
async function subjectLink(S, c, rec) {
  const kind = S.ofSingular(rec[c.cites.kind]);
  if (!kind) return `${rec[c.cites.kind]} ${rec[c.cites.subject]}`;
  const embedded = rec[c.cites.embed];
  const label = embedded && embedded.id === rec[c.cites.subject] ? await labelOf(kind.name, embedded) : `${kind.singular} ${rec[c.cites.subject]}`;
  return link(`#/${kind.name}/${rec[c.cites.subject]}`, label);
}

// rec's field as nodes or text, null when it has no value. cut: the most characters of text.
export async function shown(S, { c, props }, field, rec, { cut } = {}) {
  const v = rec[field];
  // A reference left empty for words of the same name (speaker_id for speaker, "a U.S.
  // official") shows the words.
  const words = field.replace(/_id$/, '');
  if ((v === null || v === undefined) && words !== field && c.references.some((r) => r.field === field) &&
    typeof rec[words] === 'string') return shown(S, { c, props }, words, rec, { cut });
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length) || !props[field]) return null;
  const kind = kindOf(unwrap(props[field]));
  if (c.cites && field === c.cites.subject) return subjectLink(S, c, rec);
  switch (kind) {
    case 'ref': return referenceLink(S, c, rec, field);
    case 'country': return S.countries[v] || v;
    case 'countries': return v.map((x) => S.countries[x] || x).join(', ');
    case 'side': return sideName(S, v);
    case 'sides': return (await Promise.all(v.map((x) => sideName(S, x)))).join(', ');
    case 'strings': return v.join('; ');
    case 'bool': return v ? 'yes' : 'no';
    case 'enum': return String(v).replace(/_/g, ' ');
    case 'children': return h('span', {}, String(v.length));
    case 'object': return null;
    default: {
      const text = String(v);
      return cut && text.length > cut ? `${text.slice(0, cut)}…` : text;
    }
  }
}
