// A search-as-you-type picker for a reference (the OpenAPI schema's x-references): the person,
// source, negotiation, detention or swap is found by what a researcher knows of it, a name or a
// title, and never typed as a number. An ARIA combobox: the arrow keys move through the
// suggestions, Enter takes one, Escape closes them.
import { get, record } from './api.js';
import { h } from './dom.js';

// What a record is called where a person picks it.
export async function labelOf(collection, rec) {
  if (!rec) return '';
  const who = async (id) => { const p = await record('people', id); return p ? p.name : `person ${id}`; };
  switch (collection) {
    case 'people': return rec.name;
    case 'sources': return [rec.title || rec.url, rec.outlet, rec.published_on].filter(Boolean).join(' · ');
    case 'negotiations': return rec.title;
    case 'detentions': return `${await who(rec.person_id)}, held by ${rec.country}${rec.detained_on ? ` since ${rec.detained_on}` : ''}`;
    case 'swaps': return `Swap${rec.place ? ` in ${rec.place}` : ''}, ${rec.occurred_on}`;
    case 'statements': return `${rec.said_on || 'undated'}: ${rec.text.slice(0, 60)}`;
    default: return `${collection} ${rec.id}`;
  }
}

// Up to eight suggestions {id, label} for what was typed.
async function suggest(collection, q) {
  const people = async () => q ? (await get(`/v1/search?type=person&limit=5&q=${encodeURIComponent(q)}`)).items : [];
  switch (collection) {
    case 'people':
    case 'sources':
      if (!q) return [];
      return (await get(`/v1/search?type=${collection === 'people' ? 'person' : 'source'}&limit=8&q=${encodeURIComponent(q)}`))
        .items.map((i) => ({ id: i.id, label: i.label }));
    case 'detentions':
    case 'swaps': {
      // By the people they concern: a detention's person, a swap's released.
      const out = [];
      for (const p of await people()) {
        const path = collection === 'detentions' ? `/v1/people/${p.id}/detentions?limit=10` : `/v1/swaps?person_id=${p.id}&limit=10`;
        for (const r of (await get(path)).items) out.push({ id: r.id, label: await labelOf(collection, r) });
      }
      if (!q && collection === 'swaps')
        for (const r of (await get('/v1/swaps?sort=-occurred_on&limit=8')).items) out.push({ id: r.id, label: await labelOf('swaps', r) });
      return out.slice(0, 8);
    }
    default: {
      // Few enough to filter here: negotiations, statements.
      const words = q.toLowerCase();
      const items = (await get(`/v1/${collection}?limit=500`)).items;
      const out = [];
      for (const r of items) {
        const label = await labelOf(collection, r);
        if (!words || label.toLowerCase().includes(words)) out.push({ id: r.id, label });
      }
      return out.slice(0, 8);
    }
  }
}

let serial = 0;

// The picker: an element whose `value` is the chosen id (a number) or null. The visible input
// gets inputId (for its label) and describedBy; onChange(id) is called when the choice changes.
// drafts(collection): records not stored yet that may be chosen too (the intake's new people),
// each {ref, label}; choosing one makes the value {ref}, as a batch names an earlier operation.
export function picker(collection, { inputId, value = null, describedBy, onChange, drafts } = {}) {
  const n = ++serial;
  const list = h('ul', { class: 'picker-list', role: 'listbox', id: `picker-${n}`, hidden: true });
  const input = h('input', { id: inputId, type: 'search', role: 'combobox', autocomplete: 'off',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': `picker-${n}`,
    'aria-describedby': describedBy, placeholder: `Type to find ${collection === 'people' ? 'a person' : `in ${collection}`}` });
  const box = h('div', { class: 'picker', 'data-references': collection }, input, list);
  let options = [], active = -1, asked = 0, timer = null;
  box.value = null;

  const close = () => { list.hidden = true; none.textContent = ''; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
  const choose = (o) => {
    box.value = o ? o.id : null;
    input.value = o ? o.label : '';
    box.dataset.id = o ? (typeof o.id === 'object' ? `ref:${o.id.ref}` : String(o.id)) : '';
    close();
    if (onChange) onChange(box.value);
  };
  const mark = (k) => {
    active = k;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', i === k ? 'true' : 'false'));
    if (k >= 0) input.setAttribute('aria-activedescendant', list.children[k].id);
  };
  // Said when there is nothing to choose (outside the listbox, which holds options only).
  const none = h('div', { class: 'picker-none', role: 'status' });
  const show = () => {
    list.replaceChildren(...options.map((o, i) => h('li', { role: 'option', id: `picker-${n}-${i}`,
      'data-id': typeof o.id === 'object' ? `ref:${o.id.ref}` : o.id, 'aria-selected': 'false', onmousedown: (e) => { e.preventDefault(); choose(o); } }, o.label)));
    none.textContent = options.length ? '' : input.value.trim() ? 'Nothing found.' : '';
    list.hidden = !options.length;
    input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
    active = -1;
  };
  const ask = async () => {
    const mine = ++asked;
    const typed = input.value.trim();
    const mine_ = drafts ? drafts(collection).filter((d) => !typed || d.label.toLowerCase().includes(typed.toLowerCase()))
      .map((d) => ({ id: { ref: d.ref }, label: `${d.label} (new, in this batch)` })) : [];
    const found = [...mine_, ...await suggest(collection, typed).catch(() => [])];
    // A later keystroke asked again, or the words changed meanwhile: these are stale.
    if (mine !== asked || input.value.trim() !== typed) return;
    options = found;
    show();
  };
  input.addEventListener('input', () => {
    options = [];   // what was offered for other words cannot be chosen by Enter now
    close();
    box.value = null;
    box.dataset.id = '';
    if (onChange) onChange(null);
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener('focus', () => { if (!box.value) ask(); });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && options.length) { e.preventDefault(); if (list.hidden) show(); mark(Math.min(active + 1, options.length - 1)); }
    else if (e.key === 'ArrowUp' && options.length) { e.preventDefault(); mark(Math.max(active - 1, 0)); }
    else if (e.key === 'Enter' && !list.hidden && active >= 0) { e.preventDefault(); choose(options[active]); }
    else if (e.key === 'Escape') close();
  });
  // A picker given a record shows its name.
  if (value && typeof value === 'object') {
    box.value = { ref: value.ref };
    box.dataset.id = `ref:${value.ref}`;
    input.value = value.label || value.ref;
  } else if (value) {
    box.value = Number(value);
    box.dataset.id = String(value);
    record(collection, value).then((r) => labelOf(collection, r)).then((l) => { if (box.value === Number(value)) input.value = l || `${collection} ${value}`; });
  }
  box.append(none);
  box.input = input;
  return box;
}
