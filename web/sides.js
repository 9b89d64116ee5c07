// Codes picked by name: who holds, releases, receives, negotiates or mediates is a state (its
// country code, upper case) or a party that is not a state (its code, lower case: "hamas"), and
// a researcher knows them by name; a country field takes states only, a currency field an ISO
// 4217 code ("US dollar"). One picker offers them all: states by their names and codes (former
// ones too: the Soviet Union), parties by name, native name, alias and code, read from the
// collection the API's "side" schema names (x-collection), currencies by the browser's names.
// Typing "Hamas" is never cut to "Ha": nothing limits its length, and what is typed without
// choosing is read as the code or name it is exactly, or else sent as typed for the server to
// explain. Where a party may be created (the intake), the picker offers to create the party
// that was typed and nothing found.
import { get } from './api.js';
import { h } from './dom.js';
import { picker } from './picker.js';
import { schema } from './schema.js';

const MOST = 8;
// The API's description: forms are made only once it is read (schema.js), so it is here by then.
let loaded = null;
schema().then((S) => { loaded = S; }).catch(() => {});
const FRESH_MS = 30000;
let parties = null, partiesAt = 0;

// The live parties, [{code, name, aliases, name_native}], read again after FRESH_MS.
function partiesOf(S) {
  const name = S.sides.collection;
  if (!name) return Promise.resolve([]);
  if (!parties || Date.now() - partiesAt > FRESH_MS) {
    partiesAt = Date.now();
    parties = get(`/v1/${name}?limit=500&sort=name`).then((r) => r.items).catch(() => { parties = null; return []; });
  }
  return parties;
}
let known = [];   // the parties last read, for what is read without waiting
// Parties not stored yet (the intake's new ones, created in its batch): {code, name}.
const pending = [];
export function pendingParty(code, name) {
  const had = pending.find((p) => p.code === code);
  if (had) had.name = name;
  else pending.push({ code, name });
}

// The currencies the browser knows, by its names for them ("USD": "US Dollar").
let currencyList = null;
function currencies() {
  if (!currencyList) {
    const names = new Intl.DisplayNames(['en'], { type: 'currency' });
    currencyList = (Intl.supportedValuesOf ? Intl.supportedValuesOf('currency') : ['USD', 'EUR', 'RUB', 'GBP'])
      .map((code) => ({ code, name: names.of(code), words: [code, names.of(code)], party: false }));
  }
  return currencyList;
}

const states = (S) => [
  ...Object.entries(S.countries).map(([code, name]) => ({ code, name, words: [code, name], party: false })),
  ...Object.entries(S.sides.former).map(([code, name]) => ({ code, name: `${name} (former)`, words: [code, name], party: false })),
];

// Everything a picker of what ('side', 'country' or 'currency') offers: [{code, name, words:
// what finds it, party}].
async function sides(S, what = 'side') {
  if (what === 'currency') return currencies();
  if (what === 'country') return states(S);
  const ps = await partiesOf(S);
  known = ps;
  return [
    ...states(S),
    ...ps.map((p) => ({ code: p.code, name: p.name, words: [p.code, p.name, p.name_native, ...(p.aliases || [])].filter(Boolean), party: true })),
    ...pending.filter((p) => !ps.some((x) => x.code === p.code))
      .map((p) => ({ code: p.code, name: `${p.name} (new)`, words: [p.code, p.name], party: true })),
  ];
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const label = (x) => `${x.name} (${x.code}${x.party ? ', party' : ''})`;

// Suggestions for what was typed: exact code first, then names that begin with it, then those
// that contain it; create(typed), where given, makes a party of what found nothing exactly and
// gives its code.
async function find(S, typed, what, create) {
  const all = await sides(S, what);
  const q = fold(typed.trim());
  if (!q) return all.filter((x) => x.party).slice(0, MOST).map((x) => ({ id: x.code, label: label(x) }));
  const score = (x) => {
    if (x.code === typed.trim()) return 0;
    const ws = x.words.map(fold);
    if (ws.some((w) => w === q)) return 1;
    if (ws.some((w) => w.startsWith(q))) return 2;
    if (ws.some((w) => w.includes(q))) return 3;
    return 9;
  };
  const hits = all.map((x) => [score(x), x]).filter(([n]) => n < 9).sort((a, b) => a[0] - b[0])
    .slice(0, MOST).map(([, x]) => ({ id: x.code, label: label(x) }));
  if (create && !all.some((x) => score(x) <= 1)) {
    const name = typed.trim();
    hits.push({ id: null, label: `Create the party “${name}”`, act: async () => {
      const code = await create(name);
      return code ? { id: code, label: label({ code, name, party: true }) } : null;
    } });
  }
  return hits;
}

// The side typed text stands for: a code as it is, else the one side whose name, native name
// or alias it is (ignoring case and accents), else the text itself.
export function sideOf(S, text, what = 'side') {
  const t = text.trim();
  if (!t) return undefined;
  if (what === 'currency') {
    const c = currencies().filter((x) => x.code === t.toUpperCase() || fold(x.name) === fold(t));
    return c.length === 1 ? c[0].code : t;
  }
  const parties = what === 'side' ? [...known, ...pending] : [];
  if (S.countries[t] || S.sides.former[t] || parties.some((p) => p.code === t)) return t;
  const q = fold(t);
  const hits = [
    ...Object.entries({ ...S.countries, ...S.sides.former }).filter(([c, n]) => fold(n) === q || fold(c) === q).map(([c]) => c),
    ...parties.filter((p) => [p.name, p.name_native, ...(p.aliases || [])].filter(Boolean).some((w) => fold(w) === q)).map((p) => p.code),
  ];
  return new Set(hits).size === 1 ? hits[0] : t;
}

// A side's name, for showing a stored value: "Russia", "Hamas"; the code when not known.
export async function sideName(S, code) {
  if (S.countries[code]) return S.countries[code];
  if (S.sides.former[code]) return S.sides.former[code];
  const p = [...await partiesOf(S), ...pending].find((x) => x.code === code);
  return p ? p.name : code;
}

const nameOf = (S, what, code) => (what === 'currency' ? Promise.resolve((currencies().find((x) => x.code === code) || { name: code }).name)
  : sideName(S, code));

const placeholders = { side: 'Type a country or a party', country: 'Type a country', currency: 'Type a currency' };

// One code: {el, read, focus, set}; common: the input's id, name and aria-describedby; what:
// 'side', 'country' or 'currency'; create(name): makes a party, gives its code (sides only).
export function sideControl(common, value, { what = 'side', create } = {}) {
  const S = loaded;
  const el = picker(null, { inputId: common.id, value: value || null, describedBy: common['aria-describedby'],
    find: (typed) => find(S, typed, what, what === 'side' ? create : null), describe: (code) => nameOf(S, what, code),
    placeholder: placeholders[what] });
  el.input.name = common.name;
  el.dataset.side = what;
  if (what === 'side') partiesOf(S).then((ps) => { known = ps; });
  return { el, read: () => (el.value ?? sideOf(S, el.input.value, what)) || undefined, focus: () => el.input.focus(),
    set: async (code) => el.choose(code ? { id: code, label: await nameOf(S, what, code) } : null) };
}

// A list of codes: the chosen ones as chips, each with its remove button, and a picker that
// adds one; text typed and not chosen is read too, comma by comma ("RU, US").
export function sidesControl(common, values, { what = 'side', create } = {}) {
  const S = loaded;
  const chosen = [];
  const chips = h('ul', { class: 'chips', 'aria-label': 'Chosen' });
  const add = async (code) => {
    if (!code || chosen.includes(code)) return;
    chosen.push(code);
    const name = await nameOf(S, what, code);
    const chip = h('li', { class: 'chip', 'data-code': code }, name,
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove ${name}`, onclick: () => {
        chosen.splice(chosen.indexOf(code), 1);
        chip.remove();
        p.input.focus();
      } }, '×'));
    chips.append(chip);
  };
  const p = picker(null, { inputId: common.id, describedBy: common['aria-describedby'],
    find: (typed) => find(S, typed, what, what === 'side' ? create : null), placeholder: placeholders[what],
    onChange: (code) => { if (code) { add(code); p.clear(); p.input.focus(); } } });
  p.input.name = common.name;
  if (what === 'side') partiesOf(S).then((ps) => { known = ps; });
  (values || []).forEach(add);
  const el = h('div', { class: 'sides', 'data-sides': what }, chips, p);
  // None chosen is null, not []: for a list the server may derive (a swap's parties), null asks
  // for the derived value where [] would set an empty one; for any other list the two are one.
  return { el, focus: () => p.input.focus(), add, read: () => {
    const typed = p.input.value.split(',').map((t) => sideOf(S, t, what)).filter(Boolean);
    const all = [...chosen, ...typed.filter((c) => !chosen.includes(c))];
    return all.length ? all : null;
  } };
}
