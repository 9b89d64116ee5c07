// The parts every record page has: its facts, its claims with their sources (grouped by the field
// they support; where the values reported differ, each value with its sources side by side, and
// which one the record holds and why), and its last part: its id, a line to cite it
// by, the edit button and its history.
import { all, api } from '../api.js';
import { h, loading, empty, failure, link } from '../dom.js';
import { schema } from '../schema.js';
import { sideName } from '../sides.js';

// Sides as their names: a country code ("RU" is "Russian Federation", from the API's
// description), a party's code ("hamas" is "Hamas").
export async function countries(codes) {
  const S = await schema();
  const list = await Promise.all((Array.isArray(codes) ? codes : [codes]).filter(Boolean).map((c) => sideName(S, c)));
  return list.length ? list.join(', ') : null;
}

// One claim: what is claimed, how firmly, in whose words, and a short line for its source
// (outlet, date, a link; the headline in the link's title). inSource: shown on the source's own
// page, where the source goes without saying.
export function claim(c, { inSource = false } = {}) {
  const s = c.source || {};
  return h('article', { class: c.rank === 'deprecated' ? 'claim superseded' : 'claim', 'data-citation': c.id },
    c.field ? h('span', { class: 'tag' }, c.field.replace(/_/g, ' ')) : null,
    h('span', { class: 'tag' }, c.confidence),
    c.value !== undefined && c.value !== null ? h('span', { class: 'tag claimed' }, `says ${shown(c.value)}`) : null,
    c.rank === 'preferred' ? h('span', { class: 'tag preferred' }, 'preferred') : null,
    c.rank === 'deprecated' ? h('span', { class: 'tag' }, 'superseded') : null,
    c.quote ? h('blockquote', {}, `“${c.quote}”`) : null,
    c.attributed_to ? h('div', { class: 'who' }, `— ${c.attributed_to}`) : null,
    h('div', { class: 'from' },
      inSource ? null : [h('a', { href: `#/sources/${s.id}`, title: s.title || s.url }, s.outlet || s.title || s.url),
        s.published_on ? ` · ${s.published_on}` : '', ' · '],
      c.anchor && s.id ? [link(`#/sources/${s.id}/quote/${c.id}`, 'Where the article says it'), ' · '] : null,
      h('a', { href: s.url, rel: 'noreferrer' }, 'the page')));
}

// A value as the page shows it: a list joined, nothing as "(nothing)".
function shown(v) {
  if (v === null || v === undefined || v === '') return '(nothing)';
  return Array.isArray(v) ? v.join(', ') : String(v);
}
const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// Which value the record holds of a conflicting field, and why: the preferred one, the one most
// sources give, or neither (then the reader is told which is preferred or that none is).
function heldBecause(x) {
  const pref = x.values.find((v) => v.preferred);
  const [most, next] = x.values;
  if (pref && same(pref.value, x.record_value)) return 'the value marked as preferred';
  if (!pref && most && same(most.value, x.record_value) && most.citations.length > (next ? next.citations.length : 0))
    return `the value most sources give (${most.citations.length} of ${x.values.reduce((n, v) => n + v.citations.length, 0)})`;
  if (pref) return `not the preferred value (${shown(pref.value)}): edit the record to follow it`;
  return 'one of the values reported; none is marked as preferred yet';
}

// Ranks citations in one batch (one transaction): those of the value to prefer become preferred
// after every other preferred one of the field becomes normal; or a value's citations become
// deprecated (superseded). Then the page is read again.
async function rank(citing, changes, say) {
  try {
    await api('POST', '/v1/batch', { operations: changes.map(([id, r]) => ({ op: 'patch', collection: citing, id, record: { rank: r } })) });
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } catch (e) {
    say.textContent = `Not changed: ${e.message}`;
  }
}

// A conflicting field: what the record holds and why, then each value reported, with its
// sources and their words side by side, and the two choices a researcher makes of a value:
// prefer it, or mark it as superseded.
function conflictTable(x, cs, citing) {
  const byId = new Map(cs.map((c) => [c.id, c]));
  const say = h('p', { class: 'state', role: 'status' });
  const preferredIds = cs.filter((c) => c.rank === 'preferred').map((c) => c.id);
  const name = x.field.replace(/_/g, ' ');
  return [h('table', { class: 'differ', 'data-field': x.field },
    h('caption', {}, `On record: ${shown(x.record_value)}; `, h('span', { class: 'why' }, heldBecause(x))),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Value reported'), h('th', { scope: 'col' }, 'Sources and their words'),
      h('th', { scope: 'col' }, 'Choose'))),
    h('tbody', {}, x.values.map((v) => h('tr', { 'data-value': JSON.stringify(v.value) },
      h('th', { scope: 'row' }, shown(v.value), v.preferred ? h('span', { class: 'tag preferred' }, 'preferred') : null,
        same(v.value, x.record_value) ? h('span', { class: 'tag' }, 'on record') : null),
      h('td', {}, h('ul', { class: 'sources' }, v.citations.map((id) => byId.get(id)).filter(Boolean).map((c) => {
        const s = c.source || {};
        return h('li', {}, h('a', { href: `#/sources/${s.id}`, title: s.title || s.url }, s.outlet || s.title || s.url || 'a source'),
          s.published_on ? `, ${s.published_on}` : '', c.quote ? [': ', h('q', {}, c.quote)] : '', c.attributed_to ? ` — ${c.attributed_to}` : '',
          c.anchor && s.id ? [' ', link(`#/sources/${s.id}/quote/${c.id}`, 'where')] : null);
      }))),
      h('td', {},
        v.preferred ? null : h('button', { type: 'button', class: 'small prefer',
          'aria-label': `Prefer this: ${shown(v.value)}, for ${name}`,
          onclick: () => rank(citing, [...preferredIds.filter((id) => !v.citations.includes(id)).map((id) => [id, 'normal']),
            ...v.citations.map((id) => [id, 'preferred'])], say) }, 'Prefer this'), ' ',
        h('button', { type: 'button', class: 'small supersede', 'aria-label': `Mark as superseded: ${shown(v.value)}, for ${name}`,
          onclick: () => rank(citing, v.citations.map((id) => [id, 'deprecated']), say) }, 'Mark as superseded')))))),
  say];
}

// Claims grouped by the field they support. A field whose sources disagree (the record's
// conflicts, as the API computes them: values that differ, not merely two sources) says so, with
// what the record holds and why, and each value with its sources side by side. rec: the record,
// with its conflicts.
export function claimsByField(list, rec = {}) {
  if (!list.length) return [h('h2', {}, 'Claims and their sources'), empty('No source is cited yet.')];
  const groups = new Map();
  for (const c of list) {
    const k = c.field || '(the record)';
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(c);
  }
  const out = [h('h2', {}, 'Claims and their sources')];
  const conflicts = new Map((rec.conflicts || []).map((x) => [x.field, x]));
  for (const [field, cs] of groups) {
    const x = conflicts.get(field);
    out.push(h('h3', {}, field.replace(/_/g, ' '), x ? h('span', { class: 'tag differ-tag' }, ' reports differ') : null));
    if (x) out.push(conflictTable(x, cs, citingName));
    out.push(h('div', { class: x ? 'claims conflict' : 'claims', 'data-field': field }, cs.map((c) => claim(c))));
  }
  return out;
}

// The citing collection's name (for rank changes), known once the API's description is read.
let citingName = 'citations';
schema().then((S) => { if (S.citing) citingName = S.citing.name; }).catch(() => {});

// Facts as a definition list, leaving out those without a value.
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '' &&
    !(Array.isArray(v) && v.length === 0)).map(([k, v]) => [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v.join(', ') : v)]));
}

// A value as a person reads it in a history line.
function said(v) {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return '(none)';
  if (typeof v === 'object') return JSON.stringify(v);
  return `“${v}”`;
}

// What changed between two versions of a record: one line a field (its citations are not its
// fields: they are records of their own, with their own history).
function changes(before, after, citing) {
  const skip = new Set(['version', 'created_at', 'updated_at', citing]);
  const out = [];
  for (const k of new Set([...Object.keys(before || {}), ...Object.keys(after || {})])) {
    if (skip.has(k)) continue;
    const [a, b] = [before ? before[k] : undefined, after ? after[k] : undefined];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    out.push(h('li', {}, h('span', { class: 'field-name' }, k.replace(/_/g, ' ')), ': ',
      before ? [said(a), ' → '] : null, said(b)));
  }
  return out;
}

// A record page's last part: its id and a line to cite it by, the edit button, and its history
// (each version: when, by whom, what changed), read when opened.
export function recordTools(collection, singular, rec, label) {
  const url = `${location.origin}/v1/${collection}/${rec.id}`;
  const history = h('details', { class: 'history', id: 'history' }, h('summary', {}, 'History of this record'),
    h('div', { class: 'slot' }));
  history.addEventListener('toggle', async () => {
    const slot = history.querySelector('.slot');
    if (!history.open || slot.childElementCount) return;
    slot.append(loading('the history'));
    try {
      const [items, S] = await Promise.all([all(`/v1/${collection}/${rec.id}/history`), schema()]);
      slot.replaceChildren(items.length === 0 ? empty('No change is recorded since it was imported.') :
        h('ol', { class: 'list versions' }, items.map((v, i) => h('li', { 'data-version': v.version },
          h('div', {}, h('strong', {}, `Version ${v.version}`), ` · ${v.changed_at.replace('T', ' ').replace('Z', ' UTC')}`,
            ` · ${v.action} by ${v.actor}`),
          h('ul', { class: 'changes' }, changes(i ? items[i - 1].record : null, v.record, S.citing && S.citing.name))))));
    } catch (e) { slot.replaceChildren(failure(e, 'the history')); }
  });
  return [h('p', { class: 'cite-this', id: 'cite-this' }, h('span', { class: 'tag' }, `${singular} ${rec.id}`),
    ` Cite this record: ${label}. swaptrack, ${singular} ${rec.id}, version ${rec.version}, ${url}`),
    h('p', {}, h('a', { class: 'button', href: `#/edit/${collection}/${rec.id}` }, 'Edit')), history];
}
