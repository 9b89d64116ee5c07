// The intake's state: the source being worked on, the drafts (a card each) being built from it,
// the field a passage is cited for, and the line that says what happened.
import { h } from '../dom.js';

export function newBoard(S, source) {
  let timer = null;
  const board = {
    S, source,
    drafts: [],
    active: null,   // {draft, name, path}: the field a passage is cited for (name: its list for a row's field)
    serial: 0,      // for ids of the cards' elements, unique on the page
    el: h('div', { class: 'drafts', id: 'drafts' }),
    status: h('div', { id: 'intake-status', 'aria-live': 'polite' }),
    createParty: null,   // set by the view: makes a party's card from a picker
    // Every draft of collection that a picker may offer, by its ref, named by what it is (a
    // person set aside too: choosing them includes their card).
    offered: (collection) => board.drafts.filter((d) => d.collection === collection && !d.existing && (!d.removed || d.aside))
      .map((d) => ({ ref: d.ref, label: d.label() })),
    // A card set aside (a person the article only names) joins the board.
    include: (d) => {
      if (!d.aside || !d.removed) return d;
      d.removed = false;
      board.el.append(d.card);
      if (d.include) d.include();
      board.refresh(true);
      return d;
    },
    // Whether a live card names d.
    referred: (d) => board.drafts.some((o) => o !== d && !o.removed && o.card.querySelector(`.picker[data-id="ref:${CSS.escape(d.ref)}"]`)),
    byRef: (ref) => board.drafts.find((d) => d.ref === ref && (!d.removed || d.aside)) || null,
    // A notice in the status line: 'good' or 'warn' (a status), 'bad' (an alert).
    say: (kind, ...text) => board.status.replaceChildren(h('div', { class: `notice ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, ...text)),
    setActive: (d, path) => {
      board.active = { draft: d, name: path.split(/[.[]/)[0], path };
      for (const x of board.el.querySelectorAll('.field.active')) x.classList.remove('active');
      d.card.querySelector(`.card-fields [data-field="${CSS.escape(path)}"]`)?.classList.add('active');
      board.onActive?.(d, path);
    },
    // The pickers that name a draft show what it is called now (a person's name typed, a
    // detention's country picked), except the one being typed into.
    // now: at once, else after the typing pauses.
    refresh: (now) => {
      const run = () => {
        for (const box of board.el.querySelectorAll('.picker[data-id^="ref:"]')) {
          const d = board.byRef(box.dataset.id.slice(4));
          if (d && document.activeElement !== box.input) box.input.value = `${d.label()} (new, in this batch)`;
        }
        // Each card a region named by what it is, the names unique on the page.
        const seen = new Map();
        for (const d of board.drafts.filter((x) => !x.removed)) {
          const name = `${d.heading.textContent}: ${d.label()}`;
          const n = (seen.get(name) || 0) + 1;
          seen.set(name, n);
          d.card.setAttribute('aria-label', n > 1 ? `${name} (${n})` : name);
        }
      };
      clearTimeout(timer);
      if (now === true) run(); else timer = setTimeout(run, 150);
    },
  };
  board.el.addEventListener('input', board.refresh);
  board.el.addEventListener('change', board.refresh);
  // A person set aside and chosen in a picker joins the board.
  board.el.addEventListener('focusout', () => setTimeout(() => {
    for (const box of board.el.querySelectorAll('.picker[data-id^="ref:"]')) {
      const d = board.byRef(box.dataset.id.slice(4));
      if (d && d.aside && d.removed) board.include(d);
    }
  }, 0));
  return board;
}
