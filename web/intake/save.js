// Saving the intake: every card that is not left out, in load order (what a record refers to
// before it), as one POST /v1/batch; a card for a record on record gives its new citations, and
// its edit (a patch of the fields changed, with If-Match: the version shown). Nothing is stored
// unless all of it is: each error comes back beside the card and field it names, the duplicate
// guard's candidates on the card it stopped, and no message names a batch's internal ref (the
// card's name stands for it).
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
    if (d.existing && d.editing && d.stored) {
      const changes = {};
      for (const [name, c] of d.controls) {
        const v = c.read();
        if (!same(v, d.stored[name])) changes[name] = v === undefined ? null : v;
      }
      if (Object.keys(changes).length) {
        ops.push({ op: 'patch', collection: d.collection, id: d.existing, ...(d.etag ? { if_match: d.etag } : {}), record: changes });
        owner.push(d);
      }
    }
    if (d.existing) {
      for (const c of d.citations) {
        ops.push({ op: 'create', collection: citing, record: { ...citation(c), [cites.kind]: d.singular, [cites.subject]: d.existing } });
        owner.push(d);
      }
      continue;
    }
    const record = {};
    for (const [name, c] of d.controls) { const v = c.read(); if (v !== undefined && !(Array.isArray(v) && !v.length)) record[name] = v; }
    // A row's citation follows its row as rows before it are removed, and goes with it.
    const own = d.citations.map((c) => {
      const m = c.field.match(/^(\w+)\[(\d+)\](.*)$/);
      const list = m && d.controls.find(([n]) => n === m[1]);
      if (!list || !list[1].index) return c;
      const at = list[1].index(Number(m[2]));
      return at === null ? null : { ...c, field: `${m[1]}[${at}]${m[3]}` };
    }).filter(Boolean);
    if (own.length) record[citing] = own.map(citation);
    const waiver = S.get(d.collection).waiver;
    ops.push({ op: 'create', collection: d.collection, ref: d.ref, record, ...(d.waive && waiver ? { [waiver]: 'allow' } : {}) });
    owner.push(d);
  }
  return { ops, owner };
}

// A value read from a field and the stored one are the same (a child's stored members that the
// form does not show, such as its times, do not count).
function same(v, stored) {
  const empty = (x) => x === undefined || x === null || x === '' || (Array.isArray(x) && !x.length);
  if (empty(v) && empty(stored)) return true;
  if (Array.isArray(v) && Array.isArray(stored))
    return v.length === stored.length && v.every((x, i) => same(x, stored[i]));
  if (v && typeof v === 'object' && stored && typeof stored === 'object')
    return Object.entries(v).every(([k, x]) => same(x, stored[k]));
  return v === stored;
}

// A message with every card's internal ref ("person13") said as the card's name.
function plain(board, text) {
  return String(text).replace(/\b(?:the )?ref "?([\w-]+)"?/g, (m, ref) => { const d = board.drafts.find((x) => x.ref === ref); return d ? `“${d.label()}”` : m; })
    .replace(/\b[\w-]+\b/g, (w) => { const d = board.drafts.find((x) => x.ref === w && /\d/.test(w)); return d ? `“${d.label()}”` : w; });
}

// A field that names a card which is not saved (left out): said beside it, before anything is
// sent. Returns how many.
function dangling(board) {
  let n = 0;
  for (const d of board.drafts.filter((x) => !x.removed)) {
    for (const box of d.card.querySelectorAll('.picker[data-id^="ref:"]')) {
      if (board.byRef(box.dataset.id.slice(4))) continue;
      const f = box.closest('[data-field]');
      const err = f && f.querySelector(':scope > .error');
      if (err) err.textContent = 'It names a card that was left out: choose another.';
      box.input.setAttribute('aria-invalid', 'true');
      n++;
    }
  }
  return n;
}

// Each field error beside its card's field (or on the card when the field is not shown there);
// returns how many were placed.
function placeErrors(board, problem, owner) {
  let placed = 0;
  for (const e of problem.errors || []) {
    const x = { ...e, message: plain(board, e.message) };
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
      ...problem.candidates.map((c) => h('button', { type: 'button', class: 'small', onclick: () => isExisting(board, d, c) }, `It is ${c.name} (#${c.id})`)), ' ',
      h('button', { type: 'button', class: 'small', onclick: () => { d.waive = true; d.card.querySelector('.card-error').textContent = 'A different person: it will be recorded.'; } },
        'A different person'));
    placed++;
  }
  return placed;
}

export async function save(board) {
  for (const x of board.el.querySelectorAll('.error, .card-error')) x.textContent = '';
  for (const x of board.el.querySelectorAll('[aria-invalid]')) x.removeAttribute('aria-invalid');
  // A person set aside whom a card names is saved with it.
  for (const d of board.drafts) if (d.aside && d.removed && board.referred(d)) board.include(d);
  if (dangling(board)) return board.say('bad', 'Nothing was saved: a field names a card that was left out. Each is shown on its card.');
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
    const placed = placeErrors(board, err.problem, owner);
    // A stale edit: the record changed since its card read it.
    const stale = err.status === 412 && owner[err.problem.operation];
    if (stale) stale.errorBox.textContent = `${stale.storedLabel} was changed by someone else since this page read it: reload the page to see it, then edit again.`;
    board.say('bad', `Nothing was saved: ${plain(board, err.message)}`, placed || stale ? ' Each problem is shown on its card.' : '');
  }
}
