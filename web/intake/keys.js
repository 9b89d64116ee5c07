// The intake by keyboard and on a small screen. Tab reaches the cards first (they come first in
// the page; the highlights are out of the Tab order); Alt+J goes from the field being filled to
// the text (to the passage last used, or the first highlight) and back, and in the text the
// arrows move from highlight to highlight and Enter cites one; going back to the text never
// changes the field a passage is cited for. Alt+N and Alt+P move to the next and previous card,
// Alt+C cites the selected words, Alt+S saves. Below 900 px one pane shows at a time, and a
// switch that stays at the top of the screen brings the other one tap away: the text, or the
// records at the active card.
import { h } from '../dom.js';

const narrow = () => window.matchMedia('(max-width: 900px)').matches;

// The two panes' switch (shown on a narrow screen only).
export function paneSwitch(view) {
  const button = (pane, words) => h('button', { type: 'button', class: 'small', 'data-pane': pane, 'aria-pressed': String(view.dataset.pane === pane),
    onclick: () => show(view, pane) }, words);
  return h('div', { class: 'pane-switch', role: 'group', 'aria-label': 'Show' },
    button('work', 'The records'), button('text', 'The article'));
}

// Shows pane ('work' or 'text'): on a narrow screen the other is hidden; the records come back
// at the active card, the text at the passage last used.
function show(view, pane, board) {
  view.dataset.pane = pane;
  for (const b of document.querySelectorAll('.pane-switch button')) b.setAttribute('aria-pressed', String(b.dataset.pane === pane));
  const b = board || view._board;
  if (pane === 'work' && b && b.active) b.active.draft.card.scrollIntoView({ block: 'nearest' });
  if (pane === 'text' && b && b.lastMark) b.lastMark.scrollIntoView({ block: 'center' });
}

// The input of the field being filled, or null.
function activeInput(board) {
  if (!board.active || board.active.draft.removed) return null;
  const f = board.active.draft.card.querySelector(`.card-fields [data-field="${CSS.escape(board.active.path)}"]`);
  return f && f.querySelector('input, select, textarea');
}

const marks = () => [...document.querySelectorAll('#article a.hl')];

function toText(board, view) {
  const all = marks();
  if (!all.length) return;
  show(view, 'text', board);
  const to = board.lastMark && document.contains(board.lastMark) ? board.lastMark : all[0];
  to.focus();
}

function toField(board, view) {
  show(view, 'work', board);
  const input = activeInput(board) || board.el.querySelector('section.draft input, section.draft select, section.draft textarea');
  if (input) input.focus();
}

function toCard(board, step) {
  const cards = [...board.el.querySelectorAll(':scope > section.draft')];
  if (!cards.length) return;
  const at = cards.findIndex((c) => c.contains(document.activeElement));
  const next = cards[(at < 0 ? (step > 0 ? -1 : 0) : at) + step] || cards[step > 0 ? 0 : cards.length - 1];
  const target = next.querySelector('.card-fields:not([hidden]) input, .card-fields:not([hidden]) select, .card-fields:not([hidden]) textarea, button');
  if (target) target.focus();
}

export function keys(board, view) {
  view._board = board;
  const text = view.querySelector('#intake-text');
  for (const a of marks()) a.tabIndex = -1;
  // The text as one stop: the arrows within it.
  const article = text.querySelector('#article');
  if (article) {
    article.tabIndex = 0;
    article.setAttribute('aria-keyshortcuts', 'ArrowDown ArrowUp Enter Alt+J');
    article.addEventListener('focusin', (e) => { if (e.target.matches('a.hl')) board.lastMark = e.target; });
    article.addEventListener('keydown', (e) => {
      const all = marks();
      if (!['ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft'].includes(e.key) || !all.length) return;
      e.preventDefault();
      const at = all.indexOf(document.activeElement);
      const step = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : -1;
      const to = all[at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(Math.max(at + step, 0), all.length - 1)];
      to.focus();
    });
  }
  const handler = (e) => {
    if (!document.contains(view)) return document.removeEventListener('keydown', handler);
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    // By the key's place (e.code), so that a layout's Alt+letter characters do not matter.
    const act = {
      KeyJ: () => (text.contains(document.activeElement) ? toField(board, view) : toText(board, view)),
      KeyN: () => toCard(board, 1),
      KeyP: () => toCard(board, -1),
      KeyC: () => document.getElementById('cite-selection').click(),
      KeyS: () => document.getElementById('save-all').click(),
    }[e.code];
    if (!act) return;
    e.preventDefault();
    act();
  };
  document.addEventListener('keydown', handler);
  if (narrow()) show(view, 'work', board);
}
