// What refers to a card: a draft record is named by others before it is stored (a release names
// its person and detention, a detention its person, a statement its speaker), as the batch's
// {ref}. "Leave out" never leaves such a name behind: a card nothing refers to goes at once; else
// the card asks, naming each record and field by what it is, and leaving it out then clears the
// optional references, removes the rows that exist only for it (a release of that person) and
// leaves out the cards that cannot be without it (the person's detention). No message names a
// batch's internal ref.
import { h } from '../dom.js';
import { fieldWords } from '../fields.js';

// The fields of live cards other than d that name d: [{draft, box (the field), row (its row or
// null), required}].
export function referrers(board, d) {
  const out = [];
  for (const o of board.drafts) {
    if (o === d || o.removed) continue;
    for (const box of o.card.querySelectorAll(`.picker[data-id="ref:${CSS.escape(d.ref)}"]`)) {
      const f = box.closest('[data-field]');
      if (!f) continue;
      out.push({ draft: o, box, field: f, row: f.closest('li.row'), required: /\(required\)/.test(f.querySelector(':scope > label, :scope > .label')?.textContent || '') });
    }
  }
  return out;
}

// "release 2 of the swap of 2022-12-08".
const where = (r) => {
  const path = r.field.dataset.field;
  const m = path.match(/^(\w+)\[(\d+)\]\.(\w+)$/);
  return m ? `the ${fieldWords(m[3])} of ${fieldWords(m[1]).replace(/s$/, '')} ${Number(m[2]) + 1} of ${r.draft.label()}`
    : `the ${fieldWords(path)} of ${r.draft.label()}`;
};

function remove(board, d) {
  d.removed = true;
  d.card.remove();
  if (board.active && board.active.draft === d) board.active = null;
  board.refresh();
}

// What leaving d out does to r: 'row' (its row goes), 'card' (its card goes) or 'clear'.
const effect = (r) => (!r.required ? 'clear' : r.row ? 'row' : 'card');

function apply(board, d, seen = new Set()) {
  seen.add(d);
  for (const r of referrers(board, d)) {
    const e = effect(r);
    if (e === 'clear') r.box.clear();
    else if (e === 'row') r.row.querySelector(':scope > button.remove').click();
    else if (!seen.has(r.draft)) apply(board, r.draft, seen);
  }
  remove(board, d);
}

export function leaveOut(board, d) {
  const refs = referrers(board, d);
  if (!refs.length) {
    remove(board, d);
    return board.say('good', `Left out ${d.label()}.`);
  }
  const label = d.label();
  const said = refs.map((r) => {
    const e = effect(r);
    return h('li', {}, e === 'clear' ? `${where(r)} is cleared` : e === 'row' ? `${where(r).replace(/^the \w+ of /, '')} is removed`
      : `${r.draft.label()} is left out too`);
  });
  const first = h('button', { type: 'button', class: 'small', onclick: () => {
    apply(board, d);
    board.say('good', `Left out ${label}, and what named it.`);
  } }, 'Leave them out');
  d.ask.replaceChildren(h('div', { class: 'notice warn', role: 'alert' }, `${label} is named elsewhere. Leaving it out:`,
    h('ul', {}, said), first, ' ',
    h('button', { type: 'button', class: 'small', onclick: () => { d.ask.replaceChildren(); d.card.querySelector('.leave-out').focus(); } }, 'Keep it')));
  first.focus();
}
