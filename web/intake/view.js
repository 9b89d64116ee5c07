// Intake: from an article to its records. The view shows what the extraction found in the
// article, highlighted in the text (text.js), and the records it proposes as cards (the
// extraction's draft: the swap with its sides, groups and named releases, the detentions, the
// talks, the parties and the people, each field already cited where the text says it), which
// the researcher confirms, corrects or leaves out (card.js); a statement from a quotation is a
// click away (found.js). What is recorded from the article already is shown as it is stored,
// and not proposed again. Save sends every card as one POST /v1/batch (save.js): nothing is
// stored until all of it is. The keys (keys.js) make every action one key away.
import { all, get } from '../api.js';
import { h, render, empty, link } from '../dom.js';
import { schema } from '../schema.js';
import { labelOf } from '../labels.js';
import { pendingParty } from '../sides.js';
import { newBoard } from './board.js';
import { draft, creator } from './card.js';
import { peopleCards, foundList } from './found.js';
import { intakeText } from './text.js';
import { save } from './save.js';
import { keys, paneSwitch } from './keys.js';
import { follow } from './follow.js';

// The records cited from this article already: [{collection, id, record}], read with their
// citations.
async function recorded(S, source) {
  const { kind, subject } = S.citing.cites;
  const cites = await all(`/v1/${S.citing.name}?source_id=${source.id}&limit=500`);
  const seen = new Map();
  for (const x of cites) {
    const c = S.ofSingular(x[kind]);
    if (c && !seen.has(`${c.name}/${x[subject]}`)) seen.set(`${c.name}/${x[subject]}`, { collection: c.name, id: x[subject] });
  }
  return [...seen.values()];
}

// A party typed in a picker and found nowhere: a card of the party collection, its name cited
// where the article says it; gives its code (lower case, as a side names a party).
function partyMaker(board, cps) {
  const text = cps.join('');
  return (name) => {
    const { S } = board;
    const fold = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    let code = fold.replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 40);
    if (code.length < 2 || S.countries[code.toUpperCase()]) code = `party-${code || board.serial + 1}`;
    const at = text.indexOf(name);
    draft(board, S.sides.collection, { name, code },
      { citations: at >= 0 ? [{ field: 'name', quote: name, start: Array.from(text.slice(0, at)).length }] : [] });
    pendingParty(code, name);
    board.say('good', `A card for the new party ${name} was added: choose what kind of party it is.`);
    return code;
  };
}

// The extraction's draft as cards. A draft's {ref} becomes the card's; people it creates are
// the people cards already made (by name); a collection recorded from this article already is
// not proposed again.
function proposed(board, ex, people, done) {
  const ops = (ex.draft && ex.draft.operations) || [];
  const refs = new Map();
  for (const op of ops) {
    if (op.op !== 'create') continue;
    if (op.collection === board.S.get('people')?.name) {
      const d = people.get(op.record.name);
      if (d && op.ref) refs.set(op.ref, d);
      continue;
    }
    if (done.has(op.collection)) continue;
    if (op.collection === board.S.sides.collection && op.record.code) pendingParty(op.record.code, op.record.name || op.record.code);
    refs.set(op.ref, { pending: op });
  }
  // References: to a card's ref, or left out when what they named is not proposed. A batch's
  // ref names only earlier operations, so each is a card by the time it is named.
  const translate = (v) => {
    if (Array.isArray(v)) return v.map(translate);
    if (v && typeof v === 'object') {
      if (typeof v.ref === 'string' && Object.keys(v).length === 1) { const d = refs.get(v.ref); return d && d.ref ? { ref: d.ref } : undefined; }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, translate(x)]).filter(([, x]) => x !== undefined));
    }
    return v;
  };
  const citing = board.S.citing.name;
  // A detention on file that a release names (the person's, still held): its card, to cite.
  const detentions = board.S.get('detentions')?.name;
  for (const op of ops) {
    if (op.collection !== board.S.get('swaps')?.name || done.has(op.collection)) continue;
    for (const r of op.record.releases || []) {
      const id = r.detention_id;
      if (detentions && Number.isInteger(id) && !board.drafts.some((d) => d.collection === detentions && d.existing === id))
        draft(board, detentions, {}, { existing: id });
    }
  }
  for (const [ref, x] of refs) {
    if (!x.pending) continue;
    const op = x.pending;
    const { [citing]: cites = [], ...values } = op.record;
    const d = draft(board, op.collection, translate(values),
      { citations: cites.map((c) => ({ field: c.field, quote: c.quote, start: c.quote_start, attributed_to: c.attributed_to })) });
    refs.set(ref, d);
    d.proposed = true;
  }
  return refs;
}

// The people an article of an exchange names that nothing proposed refers to (neither the
// draft nor a record recorded from the article: a president quoted in passing, a relative): set
// aside, each included with one click (or by picking them, or making a statement of theirs), so
// that a record is never made of someone only because the article names them.
function setAside(board, people, refs) {
  const wanted = new Set([...refs.values()].filter((d) => d && d.ref));
  // Without a swap, proposed or recorded, the article is about its people: each keeps a card.
  const swaps = board.S.get('swaps')?.name;
  const swap = board.drafts.some((d) => d.collection === swaps && (d.existing || [...refs.values()].includes(d)));
  const aside = !swap ? [] : [...new Set(people.values())].filter((d) => !wanted.has(d) && !d.recorded && !board.referred(d));
  const list = h('ul', { class: 'aside-list' });
  for (const d of aside) {
    d.removed = true;
    d.aside = true;
    d.card.remove();
    const li = h('li', {}, h('button', { type: 'button', class: 'small', onclick: () => { board.include(d); } }, `Include ${d.label()}`));
    d.include = () => { li.remove(); if (!list.children.length) box.hidden = true; };
    list.append(li);
  }
  const box = h('details', { class: 'aside', id: 'aside', hidden: !aside.length },
    h('summary', {}, `Also named in the article (${aside.length}): recorded only if included`), list);
  return box;
}

// The cards in the order a researcher reads them: the swap first, what it releases, the talks,
// the parties, the people; then the rest.
const ORDER = ['swaps', 'detentions', 'negotiations', 'parties', 'people'];
function arrange(board) {
  const rank = (d) => { const i = ORDER.indexOf(d.collection); return i < 0 ? ORDER.length : i; };
  const live = board.drafts.filter((d) => !d.removed);
  for (const d of [...live].sort((a, b) => rank(a) - rank(b) || a.n - b.n)) board.el.append(d.card);
}

export async function intake(sourceId) {
  const [S, s] = await Promise.all([schema(), get(`/v1/sources/${sourceId}`)]);
  if (!s.content) {
    return render(h('h1', {}, s.title || s.url), empty('This source has no text to work from.'),
      link(`#/edit/sources/${s.id}`, 'Add its text'));
  }
  const [ex, already] = await Promise.all([get(`/v1/sources/${sourceId}/extract`), recorded(S, s)]);
  const board = newBoard(S, s);
  const cps = Array.from(s.content);
  board.createParty = partyMaker(board, cps);
  board.createRef = creator(board);
  follow(board, ex);
  // What is recorded from the article already, each as it is stored.
  const mine = new Map();
  for (const r of already) mine.set(`${r.collection}/${r.id}`, draft(board, r.collection, {}, { existing: r.id }));
  for (const d of mine.values()) d.recorded = true;
  const people = peopleCards(board, ex, cps, mine);
  const refs = proposed(board, ex, people, new Set(already.map((r) => r.collection)));
  const aside = setAside(board, people, refs);
  arrange(board);
  board.refresh(true);
  const found = foundList(board, ex, cps, people);
  // A blank card of every collection an article's words can support.
  const adders = h('p', { class: 'adders' }, 'Add: ', S.cited.map((c) => h('button', { type: 'button', class: 'small',
    'data-collection': c.name, onclick: () => { const d = draft(board, c.name); d.card.querySelector('input, select, textarea').focus(); } },
  c.singular)));
  const before = already.length ? h('div', { class: 'notice good', id: 'recorded', role: 'status' },
    `Recorded from this article already: `, ...(await Promise.all(already.map(async (r, i) => {
      const rec = board.drafts.find((d) => d.existing === r.id && d.collection === r.collection);
      const label = await labelOf(r.collection, (await get(`/v1/${r.collection}/${r.id}`).catch(() => null)) || { id: r.id });
      if (rec) rec.storedLabel ||= label;
      return [i ? ', ' : '', link(`#/${r.collection}/${r.id}`, label)];
    }))), '. Their cards show them as stored; what is cited again is not stored twice.') : null;
  const work = h('section', { class: 'intake-work', id: 'intake-work', 'aria-label': 'The records' },
    h('h2', {}, 'The records to save'), h('p', { class: 'hint' }, 'Proposed from the article: confirm, correct or leave out each card.'),
    board.el, aside, adders,
    h('p', {}, h('button', { type: 'button', class: 'primary', id: 'save-all', 'aria-keyshortcuts': 'Alt+S', onclick: () => save(board) },
      'Save everything')),
    found);
  const text = h('section', { class: 'intake-text', id: 'intake-text', 'aria-label': 'The article' }, intakeText(board, ex));
  const view = h('div', { class: 'intake', 'data-pane': 'work' }, work, text);
  render(h('h1', {}, `From the article: ${s.title || s.url}`), before,
    h('p', { class: 'state' }, 'Click into a field of a card, then on a highlighted passage (or select words and “Cite the selected words”): ',
      'the passage is cited for that field. Save stores every card at once. ',
      h('span', { id: 'intake-keys' }, 'Keys: Alt+J between the field and the text (arrows move through the highlights, Enter cites one), ',
        'Alt+N and Alt+P the next and previous card, Alt+C cites the selected words, Alt+S saves.')),
    // What happened (a passage cited, a save) stays in sight above both panes.
    h('div', { class: 'intake-bar' }, paneSwitch(view), board.status), view);
  keys(board, view);
}
