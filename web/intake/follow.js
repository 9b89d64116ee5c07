// What follows from a release row, so that a researcher says each fact once: a person picked for
// a release of the swap brings their detention (a card held by the releasing side, cited where
// the article names them) unless one is chosen already; the side a release is released by is the
// side its new detention is held by, and changing one changes the other; a new release row starts
// with the sides of the row above (an article lists the people freed one way together).
import { draft } from './card.js';

const RELEASE = /^releases\[(\d+)\]\.(person_id|released_by)$/;

// The control of field path on card d, or null.
const control = (d, path) => d.card.querySelector(`.card-fields [data-field="${CSS.escape(path)}"]`)?._control || null;

// The draft detention card a release row names, or null.
function detentionOf(board, d, i) {
  const v = control(d, `releases[${i}].detention_id`)?.read();
  return v && typeof v === 'object' && v.ref ? board.byRef(v.ref) : null;
}

// Where the article first names the person a picker shows: a citation of their name.
function mention(board, ex, label) {
  const name = label.replace(/ \(new, in this batch\)$/, '');
  const p = ex.people.find((x) => x.name === name) || ex.people.find((x) => name.endsWith(` ${x.text}`) || x.text === name);
  return p ? [{ field: 'person_id', quote: p.text, start: p.start }] : [];
}

function personPicked(board, ex, d, i) {
  const person = control(d, `releases[${i}].person_id`);
  const det = control(d, `releases[${i}].detention_id`);
  const value = person && person.read();
  if (!value || !det || det.read() !== undefined) return;
  const key = typeof value === 'object' ? `ref:${value.ref}` : String(value);
  const detentions = board.S.get('detentions');
  if (!detentions) return;
  // A detention of this person on the board already.
  let held = board.drafts.find((x) => x.collection === detentions.name && !x.removed && !x.existing &&
    control(x, 'person_id')?.el.dataset.id === key);
  if (!held) {
    const by = control(d, `releases[${i}].released_by`)?.read();
    held = draft(board, detentions.name, { person_id: typeof value === 'object' ? { ref: value.ref } : value, status: 'held', ...(by ? { country: by } : {}) },
      { citations: mention(board, ex, person.el.input.value) });
    board.say('good', `${held.label()} was added for the release: check its side.`);
  }
  det.el.choose({ id: { ref: held.ref }, label: `${held.label()} (new, in this batch)` });
}

function sidePicked(board, d, i) {
  const held = detentionOf(board, d, i);
  const by = control(d, `releases[${i}].released_by`)?.read();
  const country = held && control(held, 'country');
  if (country && by && country.read() !== by) country.set(by);
  board.refresh();
}

export function follow(board, ex) {
  board.el.addEventListener('picked', (e) => {
    const f = e.target.closest('[data-field]');
    const d = f && f.closest('section.draft')?._draft;
    const m = f && f.dataset.field.match(RELEASE);
    if (!d || !m || d.collection !== board.S.get('swaps')?.name) return;
    if (m[2] === 'person_id') personPicked(board, ex, d, Number(m[1]));
    else sidePicked(board, d, Number(m[1]));
  });
  // A new release row starts with the sides of the row above.
  board.el.addEventListener('click', (e) => {
    const add = e.target.closest('[data-field="releases"] > .rows-editor > button.add-row');
    const d = add && add.closest('section.draft')?._draft;
    if (!d) return;
    const rows = [...add.closest('.rows-editor').querySelectorAll(':scope > ol > li.row')];
    if (rows.length < 2) return;
    const [prev, last] = rows.slice(-2).map((r) => Number(r.dataset.row));
    for (const side of ['released_by', 'released_to']) {
      const v = control(d, `releases[${prev}].${side}`)?.read();
      if (v) control(d, `releases[${last}].${side}`)?.set(v);
    }
  });
}
