// The parts every record page has: its facts, its claims with their sources (grouped by the field
// they support, reports that differ side by side), and its last part: its id, a line to cite it
// by, the edit button and its history.
import { all } from '../api.js';
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
  return h('article', { class: 'claim', 'data-citation': c.id },
    c.field ? h('span', { class: 'tag' }, c.field.replace(/_/g, ' ')) : null,
    h('span', { class: 'tag' }, c.confidence),
    c.quote ? h('blockquote', {}, `“${c.quote}”`) : null,
    c.attributed_to ? h('div', { class: 'who' }, `— ${c.attributed_to}`) : null,
    h('div', { class: 'from' },
      inSource ? null : [h('a', { href: `#/sources/${s.id}`, title: s.title || s.url }, s.outlet || s.title || s.url),
        s.published_on ? ` · ${s.published_on}` : '', ' · '],
      c.anchor && s.id ? [link(`#/sources/${s.id}/quote/${c.id}`, 'Where the article says it'), ' · '] : null,
      h('a', { href: s.url, rel: 'noreferrer' }, 'the page')));
}

// Claims grouped by the field they support; a field with claims from more than one source is
// marked as reports to weigh, with what the record says now and what each source says, side
// by side. rec: the record (its current values).
export function claimsByField(list, rec = {}) {
  if (!list.length) return [h('h2', {}, 'Claims and their sources'), empty('No source is cited yet.')];
  const groups = new Map();
  for (const c of list) {
    const k = c.field || '(the record)';
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(c);
  }
  const out = [h('h2', {}, 'Claims and their sources')];
  for (const [field, cs] of groups) {
    const sources = new Set(cs.map((c) => c.source && c.source.id));
    const conflict = cs.length > 1 && sources.size > 1;
    out.push(h('h3', {}, field.replace(/_/g, ' '), conflict ? h('span', { class: 'tag' }, ' reports differ') : null));
    if (conflict) {
      const now = rec[field];
      out.push(h('table', { class: 'differ', 'data-field': field },
        h('caption', {}, 'On record: ', now === null || now === undefined || now === '' ? '(nothing)' :
          Array.isArray(now) ? now.join(', ') : String(now)),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Source'), h('th', { scope: 'col' }, 'What it says'),
          h('th', { scope: 'col' }, 'How firm'))),
        h('tbody', {}, cs.map((c) => h('tr', {}, h('td', {}, [(c.source || {}).outlet || (c.source || {}).title || 'a source',
          (c.source || {}).published_on ? `, ${c.source.published_on}` : '']),
          h('td', {}, c.quote ? `“${c.quote}”` : '(no words quoted)', c.attributed_to ? ` — ${c.attributed_to}` : ''),
          h('td', {}, c.confidence))))));
    }
    out.push(h('div', { class: conflict ? 'claims conflict' : 'claims', 'data-field': field }, cs.map((c) => claim(c))));
  }
  return out;
}

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
