// The article in the intake, what the extraction found in it highlighted: a click on a
// highlighted passage (or "Cite the selected words" after selecting some) cites it for the
// field being filled, and a date or a country fills that field too.
import { h } from '../dom.js';
import { articleText, selectedPassage } from '../article.js';
import { pathWords } from '../fields.js';
import { cite } from './cites.js';

// A passage cites itself for the active field, where it starts (start, in code points: the
// occurrence clicked or selected); item: what the extraction found there, or null for words the
// reader selected.
function take(board, item, text, start) {
  if (!board.active || board.active.draft.removed)
    return board.say('warn', 'Choose the field this passage supports first (click into it), then the passage.');
  const { draft: d, path, name } = board.active;
  const box = d.card.querySelector(`.card-fields [data-field="${CSS.escape(path)}"]`);
  const c = box && box._control;
  const code = item && (item.kind === 'country' ? item.code : item.kind === 'party' ? item.code : null);
  let filled = false;
  if (c && item && item.kind === 'date' && c.kind === 'date') { c.el.value = item.value; filled = true; }
  if (c && item && item.kind === 'count' && c.kind === 'id') { c.el.value = String(item.count); filled = true; }
  if (c && code && (c.kind === 'side' || c.kind === 'sides' || (item.kind === 'country' && (c.kind === 'country' || c.kind === 'countries')))) {
    if (c.set) c.set(code); else if (c.add) c.add(code);
    filled = true;
  }
  // A passage that filled a row's field (a release's side) supports that field; any other
  // passage taken in a row supports its list (a participant's words: the participants).
  const field = filled ? path : name;
  const done = cite(board, d, field, text, item && item.kind === 'quote' ? item.attributed_to : undefined, start);
  board.refresh();
  if (done === 'stored') return board.say('warn', `“${text}” is cited for ${pathWords(field)} of ${d.label()} already: it is stored, and not stored twice.`);
  if (done === 'again') return board.say('warn', `“${text}” is cited for ${pathWords(field)} of ${d.label()} already.`);
  return board.say('good', `Cited for ${pathWords(field)} of ${d.label()}.`);
}

// The button that cites the selected words, and the article.
export function intakeText(board, ex) {
  const s = board.source;
  const items = [
    ...ex.people.map((x) => ({ ...x, kind: 'person', label: x.match ? `${x.name}, on record` : `${x.name}, new` })),
    ...ex.dates.map((x) => ({ ...x, kind: 'date', label: `${x.value} (${x.precision})` })),
    ...ex.countries.map((x) => ({ ...x, kind: 'country', label: board.S.countries[x.code] || x.code })),
    ...(ex.parties || []).map((x) => ({ ...x, code: x.match ? x.match.code : x.code, kind: 'party', label: `${x.match ? x.match.name : x.text}, a party` }))
      .filter((x) => x.code),
    ...(ex.counts || []).map((x) => ({ ...x, kind: 'count', label: `${x.approximate ? 'about ' : ''}${x.count}${x.category ? ` ${x.category.replace(/_/g, ' ')}` : ''}` })),
    ...ex.quotes.map((x) => ({ ...x, kind: 'quote', label: `quote${x.attributed_to ? ` of ${x.attributed_to}` : ''}` })),
    ...ex.reports.map((x) => ({ ...x, kind: 'report', label: 'a report' })),
  ];
  const marks = items.map((x, i) => ({ start: x.start, end: x.end, id: i, href: `#/sources/${s.id}/intake`, label: x.label }));
  const article = articleText(s.content, ex.body, marks, s.title);
  for (const a of article.querySelectorAll('a.hl')) a.classList.add(`hl-${items[Number(a.dataset.citation)].kind}`);
  article.addEventListener('click', (e) => {
    const a = e.target.closest('a.hl');
    if (!a) return;
    e.preventDefault();
    const item = items[Number(a.dataset.citation)];
    take(board, item, item.text, item.start);
  });
  const selection = h('button', { type: 'button', id: 'cite-selection', 'aria-keyshortcuts': 'Alt+C', onclick: () => {
    const picked = selectedPassage();
    if (picked) take(board, null, picked.text, picked.start);
    else board.say('warn', 'Select words of the article first.');
  } }, 'Cite the selected words');
  return [selection, article];
}
