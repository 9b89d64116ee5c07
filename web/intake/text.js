// The article in the intake, what the extraction found in it highlighted: a click on a
// highlighted passage (or "Cite the selected words" after selecting some) cites it for the
// field being filled, and a date or a country fills that field too.
import { h } from '../dom.js';
import { articleText, selectedPassage } from '../article.js';
import { fieldWords } from '../fields.js';
import { cite } from './cites.js';

// A passage cites itself for the active field, where it starts (start, in code points: the
// occurrence clicked or selected); item: what the extraction found there, or null for words the
// reader selected.
function take(board, item, text, start) {
  if (!board.active) return board.say('warn', 'Choose the field this passage supports first (click into it), then the passage.');
  const { draft: d, name } = board.active;
  const c = d.controls.find(([n]) => n === name);
  if (c && item && item.kind === 'date' && c[1].kind === 'date') c[1].box.querySelector('input').value = item.value;
  if (c && item && item.kind === 'country' && ['country', 'countries', 'side', 'sides'].includes(c[1].kind)) {
    const input = c[1].box.querySelector('input');
    if (c[1].kind === 'country' || c[1].kind === 'side') input.value = item.code;
    else if (!input.value.split(/[\s,]+/).includes(item.code)) input.value = input.value ? `${input.value}, ${item.code}` : item.code;
  }
  cite(board, d, name, text, item && item.kind === 'quote' ? item.attributed_to : undefined, start);
  return board.say('good', `Cited for ${fieldWords(name)} of ${d.label()}.`);
}

// The button that cites the selected words, and the article.
export function intakeText(board, ex) {
  const s = board.source;
  const items = [
    ...ex.people.map((x) => ({ ...x, kind: 'person', label: x.match ? `${x.name}, on record` : `${x.name}, new` })),
    ...ex.dates.map((x) => ({ ...x, kind: 'date', label: `${x.value} (${x.precision})` })),
    ...ex.countries.map((x) => ({ ...x, kind: 'country', label: x.code })),
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
  const selection = h('button', { type: 'button', id: 'cite-selection', onclick: () => {
    const picked = selectedPassage();
    if (picked) take(board, null, picked.text, picked.start);
    else board.say('warn', 'Select words of the article first.');
  } }, 'Cite the selected words');
  return [selection, article];
}
