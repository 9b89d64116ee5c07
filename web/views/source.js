// A source's page is the article: its text with every cited quote highlighted, each highlight a
// link to the record it supports, and below it everything the source supports, record by
// record.
import { get, all, remember } from '../api.js';
import { h, render, empty, link } from '../dom.js';
import { schema } from '../schema.js';
import { labelOf } from '../labels.js';
import { articleText } from '../article.js';
import { claim, facts, recordTools } from './record.js';

// Words that support more than one record (three "Israeli" citations of three people): a click
// on them opens the list of every record they support, beside the paragraph, instead of
// following the innermost one alone.
function leadToEvery(marks) {
  const article = document.getElementById('article');
  if (!article) return;
  const byId = new Map(marks.map((m) => [String(m.id), m]));
  article.addEventListener('click', (e) => {
    const a = e.target.closest('a.hl.many');
    if (!a) return;
    e.preventDefault();
    document.querySelector('.hl-menu')?.remove();
    const seen = new Set();
    const items = a.dataset.over.split(' ').map((id) => byId.get(id)).filter((m) => m && !seen.has(m.href) && seen.add(m.href));
    const close = () => { menu.remove(); a.focus(); };
    const menu = h('div', { class: 'hl-menu', role: 'group', 'aria-label': 'The records these words support',
      onkeydown: (k) => { if (k.key === 'Escape') close(); } },
    h('p', {}, `“${a.textContent}” supports ${items.length} records:`),
    h('ul', {}, items.map((m) => h('li', {}, link(m.href, m.label)))),
    h('button', { type: 'button', class: 'small', onclick: close }, 'Close'));
    a.closest('p, .headline').after(menu);
    menu.querySelector('a').focus();
  });
}

// quoteId: a citation to show (from a record's claim, "Where the article says it").
export async function source(id, quoteId) {
  const S = await schema();
  const { cites } = S.citing;
  const kinds = (c) => S.ofSingular(c[cites.kind]) || { name: c[cites.kind], singular: c[cites.kind] };
  // Each citation with the record it supports (embed=subject): labelled in the same answer,
  // not by a read a record.
  const [s, list] = await Promise.all([get(`/v1/sources/${id}`), all(`/v1/sources/${id}/${S.citing.name}?limit=500&embed=${cites.embed}`)]);
  const extracted = s.content ? await get(`/v1/sources/${id}/extract`).catch(() => null) : null;
  const bySubject = new Map();
  for (const c of list) remember(kinds(c).name, c[cites.embed]);
  for (const c of list) {
    const k = `${c[cites.kind]}/${c[cites.subject]}`;
    if (!bySubject.has(k)) bySubject.set(k, []);
    bySubject.get(k).push(c);
  }
  const labels = new Map(await Promise.all([...bySubject.entries()].map(async ([k, cs]) => {
    const c = cs[0];
    return [k, c[cites.embed] ? await labelOf(kinds(c).name, c[cites.embed]) : `${c[cites.kind]} ${c[cites.subject]}`];
  })));
  const where = (c) => `#/${kinds(c).name}/${c[cites.subject]}`;
  const marks = list.filter((c) => c.anchor).map((c) => ({ start: c.anchor.start, end: c.anchor.end, id: c.id, href: where(c),
    label: `Supports ${labels.get(`${c[cites.kind]}/${c[cites.subject]}`)}${c.field ? ` (${c.field.replace(/_/g, ' ')})` : ''}` }));
  const sections = [...bySubject.entries()].map(([k, cs]) => h('li', {}, h('span', { class: 'tag' }, cs[0][cites.kind]), ' ',
    link(where(cs[0]), labels.get(k)), h('div', { class: 'claims' }, cs.map((c) => claim({ ...c, source: s }, { inSource: true })))));
  render(h('h1', {}, s.title || s.url),
    facts([['Outlet', s.outlet], ['Author', s.author], ['Published', s.published_on], ['Language', s.language],
      ['Address', h('a', { href: s.url, rel: 'noreferrer' }, s.url)], ['Archived', s.archive_url], ['Notes', s.notes]]),
    s.content ? [h('h2', {}, 'The article'),
      h('p', { class: 'state' }, marks.length ? `${marks.length === 1 ? 'One quote is' : `${marks.length} quotes are`} ` +
        'highlighted; each leads to the record it supports.' : 'No quote of it is cited yet.'),
      articleText(s.content, extracted ? extracted.body : null, marks, s.title)] : empty('The text of this source is not recorded.'),
    h('h2', {}, 'What this source supports'),
    sections.length === 0 ? empty('Nothing cites this source yet.') : h('ul', { class: 'list', id: 'supports' }, sections),
    s.content ? h('p', {}, h('a', { class: 'button', href: `#/sources/${s.id}/intake` }, 'Record what this article says')) : null,
    recordTools('sources', 'source', s, [s.outlet, s.title || s.url, s.published_on].filter(Boolean).join(', ')));
  leadToEvery(marks);
  if (quoteId) {
    const el = document.querySelector(`#article [data-starts~="${quoteId}"]`);
    if (el) { el.scrollIntoView({ block: 'center' }); el.focus(); el.classList.add('shown'); }
  }
}
