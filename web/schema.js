// What the dashboard knows of the API: its OpenAPI document (/openapi.json, generated from the
// field tables), read once, and the collections it lists in x-collections (api-docs/README.md,
// "The x- extensions"). No view names a collection to find it: navigation, lists, record pages,
// forms, pickers and the intake's cards are made for every collection listed here.

let described, known;
export const description = () => (described ||= fetch('/openapi.json').then((r) => {
  if (!r.ok) throw new Error(`the API's description answered ${r.status}`);
  return r.json();
}));

// Shaping and paging parameters of a list, which are not the user's filters.
const SHAPING = new Set(['limit', 'after', 'count', 'fields', 'embed']);

// The schema of one property, with allOf and nullable anyOf unwrapped.
export function unwrap(prop) {
  let s = prop.allOf ? prop.allOf[0] : prop;
  if (s.anyOf) s = s.anyOf.find((x) => x.type !== 'null');
  return s;
}

// What a property holds, as the dashboard shows and edits it.
export function kindOf(s) {
  const ref = s.$ref && s.$ref.split('/').pop();
  if (ref === 'country') return 'country';
  if (ref === 'side') return 'side';
  if (ref === 'partial_date') return 'date';
  if (s['x-references']) return 'ref';
  if (s.enum) return 'enum';
  if (s.type === 'boolean') return 'bool';
  if (s.type === 'integer') return 'id';
  if (s.type === 'number') return 'number';
  if (s.type === 'object') return 'object';
  // A value of another field (a citation's value): a string, a number or a boolean.
  if (Array.isArray(s.type)) return 'claim';
  if (s.type === 'array') {
    const it = s.items || {};
    if (it.$ref && it.$ref.endsWith('/country')) return 'countries';
    if (it.$ref && it.$ref.endsWith('/side')) return 'sides';
    if (it.type === 'string') return 'strings';
    return 'children';
  }
  if (s.format === 'iso-4217') return 'currency';
  return s.maxLength > 1000 ? 'longtext' : 'text';
}

// "a person", "an article".
export const aWord = (word) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
// A collection's name as a heading: "Negotiations".
export const titleOf = (c) => c.name[0].toUpperCase() + c.name.slice(1).replace(/_/g, ' ');

function build(doc) {
  const list = doc['x-collections'] || [];
  const byName = new Map(list.map((c) => [c.name, c]));
  const bySingular = new Map(list.map((c) => [c.singular, c]));
  const search = ((doc.paths['/v1/search'] || {}).get || { parameters: [] }).parameters
    .find((p) => p.name === 'type');
  const schemas = doc.components.schemas;
  return {
    doc,
    // Every collection, in load order (what a record refers to comes before it).
    list,
    get: (name) => byName.get(name),
    ofSingular: (singular) => bySingular.get(singular),
    // The collections a reader goes through: all but the citing one, whose records are shown
    // on the pages of what they support.
    browsed: list.filter((c) => !c.cites),
    // The citing collection (citations), or undefined.
    citing: list.find((c) => c.cites),
    // What the intake makes cards of: every collection an article's words can support.
    cited: list.filter((c) => c.citable),
    countries: (schemas.country && schemas.country['x-names']) || {},
    codes: (schemas.country && schemas.country.enum) || [],
    // What a side may be besides a country: a former state's code, or a record of the collection
    // named here (parties), by its code.
    sides: { former: (schemas.side && schemas.side['x-former-countries']) || {},
      collection: schemas.side && schemas.side['x-collection'] },
    // The kinds of record /v1/search finds (its type parameter's values).
    searchable: new Set(search ? search.schema.enum : []),
    read: (name) => schemas[name],
    input: (name) => schemas[`${name}_input`],
    // A list's filters: its query parameters, less paging and shaping (and headers).
    filters: (name) => ((doc.paths[`/v1/${name}`] || {}).get?.parameters || [])
      .filter((p) => p.in === 'query' && !SHAPING.has(p.name)),
    // The embed= names a read of name (a record, or a list) takes.
    embeds: (path) => {
      const p = ((doc.paths[path] || {}).get?.parameters || []).find((x) => x.name === 'embed');
      return new Set(p ? p.schema.items.enum : []);
    },
  };
}

// The document and its collections, read once: {list, get(name), ofSingular(s), ...}.
export const schema = () => (known ||= description().then(build));
