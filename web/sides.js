// Sides, picked by name: who holds, releases, receives, negotiates or mediates is a state (its
// country code, upper case) or a party that is not a state (its code, lower case: "hamas"), and
// a researcher knows them by name. One picker offers both: states by their names and codes
// (former ones too: the Soviet Union), parties by name, native name, alias and code, read from
// the collection the API's "side" schema names (x-collection). Typing "Hamas" is never cut to
// "Ha": nothing limits its length, and what is typed without choosing is read as the side whose
// code or name it is exactly, or else sent as typed for the server to explain.
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

// Every side: [{code, name, words: what finds it, party}].
async function sides(S) {
  const ps = await partiesOf(S);
  known = ps;
  return [
    ...Object.entries(S.countries).map(([code, name]) => ({ code, name, words: [code, name], party: false })),
    ...Object.entries(S.sides.former).map(([code, name]) => ({ code, name: `${name} (former)`, words: [code, name], party: false })),
    ...ps.map((p) => ({ code: p.code, name: p.name, words: [p.code, p.name, p.name_native, ...(p.aliases || [])].filter(Boolean), party: true })),
  ];
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const label = (x) => `${x.name} (${x.code}${x.party ? ', party' : ''})`;

// Suggestions for what was typed: exact code first, then names that begin with it, then those
// that contain it.
async function find(S, typed) {
  const all = await sides(S);
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
  return all.map((x) => [score(x), x]).filter(([n]) => n < 9).sort((a, b) => a[0] - b[0])
    .slice(0, MOST).map(([, x]) => ({ id: x.code, label: label(x) }));
}

// The side typed text stands for: a code as it is, else the one side whose name, native name
// or alias it is (ignoring case and accents), else the text itself.
export function sideOf(S, text) {
  const t = text.trim();
  if (!t) return undefined;
  if (S.countries[t] || S.sides.former[t] || known.some((p) => p.code === t)) return t;
  const q = fold(t);
  const hits = [
    ...Object.entries({ ...S.countries, ...S.sides.former }).filter(([c, n]) => fold(n) === q || fold(c) === q).map(([c]) => c),
    ...known.filter((p) => [p.name, p.name_native, ...(p.aliases || [])].filter(Boolean).some((w) => fold(w) === q)).map((p) => p.code),
  ];
  return hits.length === 1 ? hits[0] : t;
}

// A side's name, for showing a stored value: "Russia", "Hamas"; the code when not known.
export async function sideName(S, code) {
  if (S.countries[code]) return S.countries[code];
  if (S.sides.former[code]) return S.sides.former[code];
  const p = (await partiesOf(S)).find((x) => x.code === code);
  return p ? p.name : code;
}

// One side: {el, read, focus}; common: the input's id, name and aria-describedby.
export function sideControl(common, value) {
  const S = loaded;
  const el = picker(null, { inputId: common.id, value: value || null, describedBy: common['aria-describedby'],
    find: (typed) => find(S, typed), describe: (code) => sideName(S, code), placeholder: 'Type a country or a party' });
  el.input.name = common.name;
  el.dataset.side = '';
  partiesOf(S).then((ps) => { known = ps; });
  return { el, read: () => (el.value ?? sideOf(S, el.input.value)) || undefined, focus: () => el.input.focus() };
}

// A list of sides: the chosen ones as chips, each with its remove button, and a picker that
// adds one; text typed and not chosen is read too, comma by comma ("RU, US").
export function sidesControl(common, values) {
  const S = loaded;
  const chosen = [];
  const chips = h('ul', { class: 'chips', 'aria-label': 'Chosen' });
  const add = async (code) => {
    if (!code || chosen.includes(code)) return;
    chosen.push(code);
    const name = await sideName(S, code);
    const chip = h('li', { class: 'chip', 'data-code': code }, name,
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove ${name}`, onclick: () => {
        chosen.splice(chosen.indexOf(code), 1);
        chip.remove();
        p.input.focus();
      } }, '×'));
    chips.append(chip);
  };
  const p = picker(null, { inputId: common.id, describedBy: common['aria-describedby'],
    find: (typed) => find(S, typed), placeholder: 'Type a country or a party',
    onChange: (code) => { if (code) { add(code); p.clear(); p.input.focus(); } } });
  p.input.name = common.name;
  partiesOf(S).then((ps) => { known = ps; });
  (values || []).forEach(add);
  const el = h('div', { class: 'sides', 'data-sides': '' }, chips, p);
  // None chosen is null, not []: for a list the server may derive (a swap's parties), null asks
  // for the derived value where [] would set an empty one; for any other list the two are one.
  return { el, focus: () => p.input.focus(), read: () => {
    const typed = p.input.value.split(',').map((t) => sideOf(S, t)).filter(Boolean);
    const all = [...chosen, ...typed.filter((c) => !chosen.includes(c))];
    return all.length ? all : null;
  } };
}
