// The intake's state: the source being worked on, the drafts (a card each) being built from it,
// the field a passage is cited for, and the line that says what happened.
import { h } from '../dom.js';

export function newBoard(S, source) {
  const board = {
    S, source,
    drafts: [],
    active: null,   // {draft, name}: the field a passage is cited for
    serial: 0,      // for ids of the cards' elements, unique on the page
    el: h('div', { class: 'drafts', id: 'drafts' }),
    status: h('div', { id: 'intake-status', 'aria-live': 'polite' }),
    // Every draft of collection that a picker may offer, by its ref.
    offered: (collection) => board.drafts.filter((d) => d.collection === collection && !d.existing && !d.removed)
      .map((d) => ({ ref: d.ref, label: d.label() })),
    // A notice in the status line: 'good' or 'warn' (a status), 'bad' (an alert).
    say: (kind, ...text) => board.status.replaceChildren(h('div', { class: `notice ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, ...text)),
  };
  return board;
}
