// Data entry: a form for each collection, generated from the API's own description
// (/openapi.json, itself generated from the field tables), so that every field the API takes is
// here with its type, choices and limits. Problems come back as problem+json and are shown next
// to the field they name.
import { api, get, ApiError, apiKey, keyRefused } from './api.js';
import { articleText, selectedPassage } from './article.js';
import { h, render, loading, failure } from './dom.js';
import { schema } from './schema.js';
import { field, fieldWords, pathId } from './fields.js';

function clearErrors(form) {
  for (const f of form.querySelectorAll('.field')) {
    f.removeAttribute('data-invalid');
    f.querySelector(':scope > .error').textContent = '';
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// Puts each error of a problem beside its field: the child's own field when there is one
// ("releases[0].person_id"), else the field it belongs to ("citizenships[1]" is citizenships's);
// marks them aria-invalid. Returns how many found no field.
function showErrors(form, problem) {
  let loose = 0, first = null;
  for (const e of problem.errors || []) {
    const path = String(e.field || '');
    const root = path.split(/[.[]/)[0];
    let box = form.querySelector(`#error-${CSS.escape(pathId(path))}`);
    const own = !!box;
    if (!box) box = form.querySelector(`#error-${CSS.escape(root)}`);
    if (!box) { loose++; continue; }
    box.textContent = (box.textContent ? box.textContent + ' ' : '') + (own ? `${e.message}.` : `${path}: ${e.message}.`);
    const f = box.closest('.field');
    f.setAttribute('data-invalid', '');
    const input = f.querySelector(':scope > input, :scope > select, :scope > textarea, :scope > .picker input, :scope > .sides .picker input');
    if (input) input.setAttribute('aria-invalid', 'true');
    first ||= input;
  }
  if (first) first.focus();
  return loose;
}

function notice(kind, ...content) {
  return h('div', { class: `notice ${kind}`, role: kind === 'bad' || kind === 'warn' ? 'alert' : 'status' }, ...content);
}

function keyNotice(err) {
  return notice('bad', err.status === 403 ? 'This API key may not write here. ' :
    keyRefused() ? 'The API key was refused: it is wrong or revoked. ' :
      'Saving needs an API key with scope write. ', h('button', { type: 'button',
    onclick: () => document.getElementById('key-button').click() }, 'Set the API key'));
}

// The form for a new record of collection, or to edit record id (PUT with If-Match). fixed
// holds values the form does not show (a citation's subject); inline returns the form instead
// of rendering a page.
export async function recordForm(collection, id, { fixed = {}, inline = false, title } = {}) {
  if (!inline) render(loading('the form'));
  let S, current = null, etag = null;
  try {
    S = await schema();
    if (id) {
      const r = await api('GET', `/v1/${collection}/${id}`);
      current = r.data;
      etag = r.etag;
    }
  } catch (e) {
    if (inline) return failure(e, 'the form');
    return render(failure(e, 'the form'));
  }
  const c = S.get(collection), input = S.input(collection);
  if (!c || !input) return render(h('h1', {}, 'Not found'), h('p', {}, `There is no collection ${collection}.`));
  // A create of a citable record may carry its citations (the inline schema), edited row by row
  // like children.
  const citing = S.citing && S.citing.name;
  // A member only a write gives and no one types (quote_start: where the reader selected the
  // quote) is set by what the page offers for it (citationForm's article), not shown.
  const props = Object.entries(input.properties).filter(([n, p]) => !(n in fixed) && !(p && p.writeOnly))
    .map(([n, prop]) => n === citing ? (id ? null : [n, { type: 'array', items: S.doc.components.schemas[`${S.citing.singular}_inline`],
      description: 'The sources of what this record says: each its source, the field it supports and the quote.' }]) : [n, prop])
    .filter(Boolean);
  const status = h('div', { 'aria-live': 'polite' });
  const controls = [];
  // The citing collection's record is picked among those of the kind its form names.
  const kind = () => { const k = controls.find(([n]) => c.cites && n === c.cites.kind); return k && S.ofSingular(k[1].read()); };
  const ctx = c.cites ? { subject: { field: c.cites.subject, collection: () => kind() && kind().name } } : {};
  for (const [name, prop] of props)
    controls.push([name, field(name, prop, current ? current[name] : undefined, (input.required || []).includes(name), ctx)]);
  const picked = c.cites && controls.find(([n]) => n === c.cites.subject);
  if (picked) controls.find(([n]) => n === c.cites.kind)[1].el.addEventListener('change', () => picked[1].el.clear());
  const form = h('form', { class: 'record', novalidate: true, 'data-collection': collection },
    h('datalist', { id: 'country-codes' }, S.codes.map((code) => h('option', { value: code }))),
    controls.map(([, c]) => c.box),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, id ? 'Save changes' : 'Create'), ' ', status));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    status.replaceChildren(h('span', { class: 'state' }, 'Saving…'));
    const body = { ...fixed };
    for (const [name, c] of controls) {
      const v = c.read();
      if (v !== undefined && !(name === citing && v.length === 0)) body[name] = v;
    }
    try {
      const r = id ? await api('PUT', `/v1/${collection}/${id}`, body, { ifMatch: etag })
        : await api('POST', `/v1/${collection}`, body);
      status.replaceChildren(notice('good', id ? 'Saved.' : 'Created.'));
      const rec = r.data;
      const what = `${c.singular} ${rec.id}`;
      // A citation is shown on the page of the record it supports; any other record on its own.
      const subject = c.cites && S.ofSingular(rec[c.cites.kind]);
      sessionStorage.setItem('swaptrack.flash', id ? `Saved: ${what} is now at version ${rec.version}.`
        : subject ? `${what[0].toUpperCase()}${what.slice(1)} added.` : `Created ${what}.`);
      location.hash = subject ? `#/${subject.name}/${rec[c.cites.subject]}` : `#/${collection}/${rec.id}`;
      if (inline) window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 412) {
        // Theirs beside yours, field by field; what you typed stays in the form.
        let theirs = null;
        try { const r = await api('GET', `/v1/${collection}/${id}`); theirs = r; } catch { theirs = null; }
        const differ = theirs ? controls.filter(([name, c]) => JSON.stringify(theirs.data[name] ?? null) !== JSON.stringify(c.read() ?? null)) : [];
        const show = (v) => v === null || v === undefined || (Array.isArray(v) && !v.length) ? '(none)' :
          typeof v === 'object' ? JSON.stringify(v) : String(v);
        status.replaceChildren(notice('warn', 'Someone changed this record after you opened it, so ',
          'your changes were not saved. What you typed is still in the form. ',
          h('button', { type: 'button', onclick: () => recordForm(collection, id) }, 'Reload the record'),
          theirs ? [' ', h('button', { type: 'button', id: 'save-mine', onclick: () => {
            etag = theirs.etag;
            form.requestSubmit();
          } }, 'Save mine over theirs')] : null),
          theirs ? h('table', { class: 'conflict', id: 'conflict' },
            h('caption', {}, `Version ${theirs.data.version} on record, and yours`),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Yours'),
              h('th', { scope: 'col' }, 'Now on record'))),
            h('tbody', {}, differ.map(([name, c]) => h('tr', { 'data-field': name }, h('th', { scope: 'row' }, fieldWords(name)),
              h('td', {}, show(c.read())), h('td', {}, show(theirs.data[name])))))) : null);
      } else if (err.status === 401 || err.status === 403) {
        status.replaceChildren(keyNotice(err));
      } else {
        const loose = showErrors(form, err.problem);
        status.replaceChildren(notice('bad', err.message,
          loose ? ` (${loose} more: ${(err.problem.errors || []).map((x) => x.field).join(', ')})` : ''));
      }
    }
  });
  const heading = title || (id ? `Edit ${c.singular} ${id}` : `New record in ${collection}`);
  const key = apiKey() ? null : notice('warn', 'Saving needs an API key. ',
    h('button', { type: 'button', onclick: () => document.getElementById('key-button').click() }, 'Set the API key'));
  if (inline) return h('section', { class: 'add-citation' }, h('h2', {}, heading), form);
  render(h('h1', {}, heading), key, form);
  const first = form.querySelector('input, select, textarea');
  if (first) first.focus();
}

// A citation of this record (of kind subjectType, a collection's singular): source, field,
// quote, attribution, confidence, value and rank; once a source is chosen, its article, where
// the words to quote are selected: the quote is then anchored where the reader selected it
// (quote_start), not at the first place the words occur.
export function citationForm(subjectType, subjectId) {
  const holder = h('div', {}, h('details', {}, h('summary', {}, 'Add a citation'), h('div', { class: 'slot' })));
  const slot = holder.querySelector('.slot');
  holder.querySelector('details').addEventListener('toggle', async (e) => {
    if (!e.target.open || slot.childElementCount) return;
    const { cites, name } = (await schema()).citing;
    const fixed = { [cites.kind]: subjectType, [cites.subject]: Number(subjectId) };
    const form = await recordForm(name, undefined, { inline: true, title: 'Add a citation', fixed });
    slot.append(form);
    const reader = h('div', { class: 'cite-reader' });
    const quote = form.querySelector('[name="quote"]');
    const source = form.querySelector('[data-field="source_id"] .picker');
    if (!quote || !source) return;
    // Typing the quote by hand: its first occurrence, as the API anchors it without a place.
    quote.addEventListener('input', () => { delete fixed.quote_start; });
    form.querySelector('[data-field="quote"]').after(reader);
    const show = async () => {
      delete fixed.quote_start;
      reader.replaceChildren();
      if (!source.value) return;
      let s;
      try { s = await get(`/v1/sources/${source.value}`); } catch { return; }
      if (!s.content) return;
      const said = h('span', { class: 'state', role: 'status' });
      reader.replaceChildren(h('details', { open: true }, h('summary', {}, 'The article: select the words to quote'),
        h('p', {}, h('button', { type: 'button', id: 'quote-selection', onclick: () => {
          const picked = selectedPassage();
          if (!picked) { said.textContent = 'Select words of the article first.'; return; }
          quote.value = picked.text;
          fixed.quote_start = picked.start;
          said.textContent = 'Quoted where you selected it.';
        } }, 'Quote the selected words'), ' ', said),
        articleText(s.content, null, [], s.title)));
    };
    // The picker marks its choice on its element (data-id): the article follows it.
    let shownId = null;
    new MutationObserver(() => { if (source.dataset.id !== shownId) { shownId = source.dataset.id; show(); } })
      .observe(source, { attributes: true, attributeFilter: ['data-id'] });
  });
  return holder;
}
