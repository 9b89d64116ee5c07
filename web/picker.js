// A search-as-you-type picker for a reference (the OpenAPI schema's x-references): a record is
// found by what a researcher knows of it, a name or a title, and never typed as a number
// (though its id, typed, finds it too). How it searches follows from the collection's
// description (x-collections), for any collection: the API's search where it covers the kind,
// else the list's own name filter, else the records it refers to (a detention by its person's
// name), and the label of the first few hundred records. An ARIA combobox: the arrow keys move
// through the suggestions, Enter takes the one marked (the first when none is), Escape closes
// them.
import { get, record } from './api.js';
import { h } from './dom.js';
import { schema, aWord } from './schema.js';
import { labelOf } from './labels.js';

const MOST = 8;

// The embed= of a list of name that brings the records its labels need.
function embedding(S, name) {
  const allowed = S.embeds(`/v1/${name}`);
  const e = S.get(name).references.map((r) => r.embed).filter((x) => allowed.has(x));
  return e.length ? `&embed=${e.join(',')}` : '';
}

const labelled = (name, items) => Promise.all(items.map(async (r) => ({ id: r.id, label: await labelOf(name, r) })));

// Records of name the server finds by words (the site's search, or the list's name filter),
// best first; null when it finds none of this kind by words.
async function found(S, name, q, limit) {
  const c = S.get(name);
  if (S.searchable.has(c.singular))
    return (await get(`/v1/search?type=${encodeURIComponent(c.singular)}&limit=${limit}&q=${encodeURIComponent(q)}`)).items
      .map((i) => ({ id: i.id, label: i.label }));
  if (c.search)
    return labelled(name, (await get(`/v1/${name}?${c.search}=${encodeURIComponent(q)}&limit=${limit}${embedding(S, name)}`)).items);
  return null;
}

// Up to eight suggestions {id, label} of collection name for what was typed.
async function suggest(name, q) {
  const S = await schema();
  const c = S.get(name);
  if (!c) return [];
  const out = [];
  const add = (list) => { for (const o of list) if (!out.some((x) => x.id === o.id)) out.push(o); };
  if (/^\d+$/.test(q)) {
    const r = await record(name, q);
    if (r) add([{ id: r.id, label: await labelOf(name, r) }]);
  }
  const direct = q ? await found(S, name, q, MOST) : null;
  if (direct) add(direct);
  else if (S.searchable.has(c.singular) || c.search) return out;   // nothing typed: nothing to offer
  if (!direct && q) {
    // By the records it refers to that are found by words: a detention by its person.
    for (const p of S.filters(name)) {
      const target = p.schema && (p.schema['x-references'] || (p.schema.anyOf && p.schema.anyOf[0]['x-references']));
      if (!target || target === name || out.length >= MOST) continue;
      for (const t of (await found(S, target, q, 5)) || [])
        add(await labelled(name, (await get(`/v1/${name}?${p.name}=${t.id}&limit=10${embedding(S, name)}`)).items));
    }
  }
  if (!direct && out.length < MOST) {
    // Few enough to look through here: the first records by their label.
    const words = q.toLowerCase();
    const items = (await get(`/v1/${name}?limit=${q ? 500 : MOST}&sort=${c.label || '-id'}${embedding(S, name)}`)).items;
    for (const o of await labelled(name, items)) if (!words || o.label.toLowerCase().includes(words)) add([o]);
  }
  return out.slice(0, MOST);
}

let serial = 0;

// The picker: an element whose `value` is the chosen id (a number) or null. The visible input
// gets inputId (for its label) and describedBy; onChange(id) is called when the choice changes.
// drafts(collection): records not stored yet that may be chosen too (the intake's new people),
// each {ref, label}; choosing one makes the value {ref}, as a batch names an earlier operation.
// collection: its name, or a function that gives it when asked (a citation's subject is of the
// kind its form says). find and describe pick something that is not a record (a side, by its
// code): find(typed) gives the suggestions {id, label}, describe(id) the label of a value given.
// create(collection, typed): where given (the intake), makes a record not stored yet named by what
// was typed and gives its {id: {ref}, label}; offered when nothing offered is called that.
export function picker(collection, { inputId, value = null, describedBy, onChange, drafts, find, describe, placeholder, create } = {}) {
  const n = ++serial;
  const which = typeof collection === 'function' ? collection : () => collection;
  const list = h('ul', { class: 'picker-list', role: 'listbox', id: `picker-${n}`, hidden: true });
  const input = h('input', { id: inputId, type: 'search', role: 'combobox', autocomplete: 'off',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': `picker-${n}`,
    'aria-describedby': describedBy, placeholder: placeholder || 'Type to find a record' });
  const box = h('div', { class: 'picker', 'data-references': typeof collection === 'string' ? collection : undefined }, input, list);
  if (typeof collection === 'string')
    schema().then((S) => { const c = S.get(collection); if (c) input.placeholder = `Type to find ${aWord(c.singular)}`; });
  let options = [], active = -1, asked = 0, timer = null;
  box.value = null;

  const close = () => { list.hidden = true; none.textContent = ''; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
  // An option with an act (create what was typed) does it, then chooses what it gives.
  const choose = (o) => {
    if (o && o.act) {
      close();
      Promise.resolve(o.act()).then((x) => { if (x) choose(x); });
      return;
    }
    box.value = o ? o.id : null;
    input.value = o ? o.label : '';
    box.dataset.id = o ? (o.id && typeof o.id === 'object' ? `ref:${o.id.ref}` : String(o.id)) : '';
    close();
    if (onChange) onChange(box.value);
    // For what follows from a choice elsewhere on the page (the intake's release rows).
    box.dispatchEvent(new CustomEvent('picked', { bubbles: true }));
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
      'data-id': o.id && typeof o.id === 'object' ? `ref:${o.id.ref}` : o.id, 'aria-selected': 'false', onmousedown: (e) => { e.preventDefault(); choose(o); } }, o.label)));
    none.textContent = options.length ? '' : input.value.trim() ? 'Nothing found.' : '';
    list.hidden = !options.length;
    input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
    active = -1;
  };
  const ask = async () => {
    const mine = ++asked;
    const typed = input.value.trim();
    const name = which();
    const mine_ = !name ? [] : drafts ? drafts(name).filter((d) => !typed || d.label.toLowerCase().includes(typed.toLowerCase()))
      .map((d) => ({ id: { ref: d.ref }, label: `${d.label} (new, in this batch)` })) : [];
    const found = find ? await find(typed).catch(() => [])
      : [...mine_, ...(name ? await suggest(name, typed).catch(() => []) : [])];
    const low = typed.toLowerCase();
    if (create && name && typed && (!create.can || create.can(name)) &&
      !found.some((o) => o.label.toLowerCase().replace(/ \(new, in this batch\)$/, '') === low))
      found.push({ id: null, label: `Create “${typed}”, a new ${(await schema()).get(name)?.singular || name}`, act: () => create(name, typed) });
    // A later keystroke asked again, or the words changed meanwhile: these are stale.
    if (mine !== asked || input.value.trim() !== typed) return;
    options = found;
    // Left meanwhile: the list opens only under the input that has the focus, or nothing would
    // close it, and it would lie over the fields below (Enter on return asks again).
    if (document.activeElement !== input) return;
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
    // Enter takes the suggestion marked, or the first when none is: the best match, one key.
    else if (e.key === 'Enter' && !list.hidden && options.length) { e.preventDefault(); choose(options[Math.max(active, 0)]); }
    // Escape closes the suggestions and never clears the choice (a search input would).
    else if (e.key === 'Escape') { e.preventDefault(); close(); }
  });
  // A picker given a record shows its name.
  if (value && typeof value === 'object') {
    box.value = { ref: value.ref };
    box.dataset.id = `ref:${value.ref}`;
    input.value = value.label || value.ref;
  } else if (value && describe) {
    box.value = value;
    box.dataset.id = String(value);
    input.value = value;
    Promise.resolve(describe(value)).then((l) => { if (box.value === value && l) input.value = l; });
  } else if (value) {
    box.value = Number(value);
    box.dataset.id = String(value);
    const name = which();
    record(name, value).then((r) => labelOf(name, r)).then((l) => { if (box.value === Number(value)) input.value = l || `${name} ${value}`; });
  }
  box.append(none);
  box.input = input;
  box.clear = () => choose(null);
  box.choose = choose;
  return box;
}
