// Saving the intake: every card that is not left out, in load order (what a record refers to
// before it), as one POST /v1/batch; a card for a record on record gives only its citations.
// Nothing is stored unless all of it is: each error comes back beside the card and field it
// names, and the duplicate guard's candidates on the card it stopped.
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { pathId } from '../fields.js';
import { isExisting } from './card.js';

// The batch's operations, and the card each comes from.
function operations(board) {
  const { S, source } = board;
  const { cites, name: citing } = S.citing;
  const live = S.list.flatMap((c) => board.drafts.filter((d) => d.collection === c.name && !d.removed));
  const ops = [], owner = [];
  // Each quote where the reader clicked or selected it (quote_start, in code points): a word the
  // article repeats is cited at the occurrence chosen, not at its first.
  const citation = (c) => ({ source_id: source.id, field: c.field, quote: c.quote, ...(c.attributed_to ? { attributed_to: c.attributed_to } : {}),
    ...(c.confidence ? { confidence: c.confidence } : {}), ...(Number.isInteger(c.start) ? { quote_start: c.start } : {}) });
  for (const d of live) {
    if (d.existing) {
      for (const c of d.citations) {
        ops.push({ op: 'create', collection: citing, record: { ...citation(c), [cites.kind]: d.singular, [cites.subject]: d.existing } });
        owner.push(d);
      }
      continue;
    }
    const record = {};
    for (const [name, c] of d.controls) { const v = c.read(); if (v !== undefined && !(Array.isArray(v) && !v.length)) record[name] = v; }
    if (d.citations.length) record[citing] = d.citations.map(citation);
    const waiver = S.get(d.collection).waiver;
    ops.push({ op: 'create', collection: d.collection, ref: d.ref, record, ...(d.waive && waiver ? { [waiver]: 'allow' } : {}) });
    owner.push(d);
  }
  return { ops, owner };
}

// Each field error beside its card's field (or on the card when the field is not shown there);
// returns how many were placed.
function placeErrors(problem, owner) {
  let placed = 0;
  for (const x of problem.errors || []) {
    const m = String(x.field).match(/^operations\[(\d+)\]\.record\.(.+)$/);
    const d = m && owner[Number(m[1])];
    if (!d) continue;
    const box = d.card.querySelector(`#error-d${d.n}-${CSS.escape(pathId(m[2]))}`) ||
      d.card.querySelector(`#error-d${d.n}-${CSS.escape(pathId(m[2].split(/[.[]/)[0]))}`);
    if (box) {
      box.textContent += `${box.textContent ? ' ' : ''}${x.message}.`;
      const input = box.closest('.field').querySelector('input, select, textarea');
      if (input) input.setAttribute('aria-invalid', 'true');
    } else {
      d.card.querySelector('.card-error').textContent += `${m[2]}: ${x.message}. `;
    }
    if (d.existing || !box) d.card.querySelector('.card-error').textContent ||= `${m[2]}: ${x.message}.`;
    placed++;
  }
  // The duplicate guard: the card it stopped says who it may be.
  const d = problem.candidates && owner[problem.operation];
  if (d) {
    d.card.querySelector('.card-error').replaceChildren(`This may be someone already recorded: `,
      ...problem.candidates.map((c) => h('button', { type: 'button', class: 'small', onclick: () => isExisting(d, c) }, `It is ${c.name} (#${c.id})`)), ' ',
      h('button', { type: 'button', class: 'small', onclick: () => { d.waive = true; d.card.querySelector('.card-error').textContent = 'A different person: it will be recorded.'; } },
        'A different person'));
    placed++;
  }
  return placed;
}

export async function save(board) {
  for (const x of board.el.querySelectorAll('.error, .card-error')) x.textContent = '';
  for (const x of board.el.querySelectorAll('[aria-invalid]')) x.removeAttribute('aria-invalid');
  const { ops, owner } = operations(board);
  if (!ops.length) return board.say('warn', 'There is nothing to save yet.');
  board.status.replaceChildren(h('span', { class: 'state' }, `Saving ${ops.length} records in one batch…`));
  try {
    // Saved twice (the same article, the same clicks): a citation equal to one stored is not
    // stored again, and the flash says how many were.
    const r = await api('POST', '/v1/batch', { duplicates: 'skip', operations: ops });
    const again = r.data.results.filter((x) => x.duplicate).length;
    const made = r.data.results.length - again;
    sessionStorage.setItem('swaptrack.flash', `Saved ${made} record${made === 1 ? '' : 's'} from this article in one batch.` +
      (again ? ` ${again} citation${again === 1 ? ' was' : 's were'} stored already and not stored again.` : ''));
    location.hash = `#/sources/${board.source.id}`;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const placed = placeErrors(err.problem, owner);
    board.say('bad', `Nothing was saved: ${err.message}`, placed ? ' Each problem is shown on its card.' : '');
  }
}
