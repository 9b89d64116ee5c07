// Intake: from an article to its records. "New article" stores the text (pasted as scraped, the
// page's furniture and all); the intake view shows what the extraction found in it, highlighted
// in the text and as cards, and the records being built from them as drafts. A click on a
// highlighted passage cites it for the field being filled (quote and anchor come with it, and a
// date or a country fills the field too); Save sends every draft as one POST /v1/batch, and each
// error comes back beside the card and field it names. Nothing is stored until all of it is.
import { api, get, ApiError, apiKey } from './api.js';
import { h, render, empty, link } from './dom.js';
import { articleText } from './article.js';
import { describing, quotedSentence, reportedClause } from './passages.js';
import { description, field, fieldWords, pathId, singularOf } from './forms.js';

// ---- New article ------------------------------------------------------------------------------

export async function newArticle() {
  const doc = await description();
  const props = doc.components.schemas.sources_input.properties;
  const ctx = { idPrefix: 'article-' };
  const names = ['url', 'title', 'outlet', 'published_on', 'language', 'content'];
  const cs = names.map((n) => [n, field(n, props[n], n === 'language' ? 'en' : undefined, n === 'url', ctx)]);
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'record', novalidate: true, id: 'new-article' }, cs.map(([, c]) => c.box),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Save the article and see what it mentions'), ' ', status));
  cs.find(([n]) => n === 'content')[1].box.querySelector('.hint').textContent =
    'The article\'s text; paste the whole page as it was scraped: its navigation and appeals are folded away.';
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const box of form.querySelectorAll('.field .error')) box.textContent = '';
    const body = {};
    for (const [n, c] of cs) { const v = c.read(); if (v !== undefined) body[n] = v; }
    status.replaceChildren(h('span', { class: 'state' }, 'Saving…'));
    try {
      const r = await api('POST', '/v1/sources', body);
      location.hash = `#/sources/${r.data.id}/intake`;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const existing = err.problem.existing_id;
      status.replaceChildren(h('div', { class: 'notice bad', role: 'alert' }, err.message, ' ',
        existing ? link(`#/sources/${existing}/intake`, 'Work on the article already recorded') : null));
      for (const x of err.problem.errors || []) {
        const box = form.querySelector(`#error-article-${CSS.escape(pathId(x.field))}`);
        if (box) box.textContent = `${x.message}.`;
      }
    }
  });
  render(h('h1', {}, 'New article'), h('p', {}, 'Record the article first; the next page proposes what it mentions.'),
    apiKey() ? null : h('div', { class: 'notice warn' }, 'Saving needs an API key: set one with the button at the top.'), form);
}

// ---- The intake view ----------------------------------------------------------------------------

// The fields a card shows at first, by collection (the others are a click away, under "More").
const MAIN = {
  people: ['name', 'name_native', 'citizenships', 'occupation', 'description'],
  detentions: ['person_id', 'country', 'status', 'detained_on', 'released_on', 'charges'],
  negotiations: ['title', 'status', 'parties', 'mediators', 'started_on', 'summary', 'participants'],
  swaps: ['occurred_on', 'place', 'releases', 'negotiation_id'],
  statements: ['speaker_id', 'speaker', 'audience', 'said_on', 'kind', 'text', 'negotiation_id', 'person_id'],
};
const ORDER = ['people', 'negotiations', 'detentions', 'swaps', 'statements'];

export async function intake(sourceId) {
  const [doc, s] = await Promise.all([description(), get(`/v1/sources/${sourceId}`)]);
  if (!s.content) {
    return render(h('h1', {}, s.title || s.url), empty('This source has no text to work from.'),
      link(`#/edit/sources/${s.id}`, 'Add its text'));
  }
  const ex = await get(`/v1/sources/${sourceId}/extract`);
  const drafts = [];
  let serial = 0, active = null;   // active: {draft, name}: the field a passage is cited for
  const board = h('div', { class: 'drafts', id: 'drafts' });
  const status = h('div', { id: 'intake-status', 'aria-live': 'polite' });

  // Every draft of collection that a picker may offer, by its ref.
  const offered = (collection) => drafts.filter((d) => d.collection === collection && !d.existing && !d.removed)
    .map((d) => ({ ref: d.ref, label: d.label() }));

  // A citation under the field it supports: the words; how firm the claim is and who made it
  // (a source's attribution, "Kirill Dmitriev, to Axios"); the field, which may be changed (the
  // citation moves under it); and a button to take it back.
  const confidences = doc.components.schemas.citations.properties.confidence.allOf[0].enum;
  const place = (d, c, el) => {
    const box = d.card.querySelector(`.card-fields [data-field="${CSS.escape(c.field.split(/[.[]/)[0])}"]`) || d.card;
    let list = box.querySelector(':scope > ul.cites');
    if (!list) { list = h('ul', { class: 'cites', 'aria-label': 'Cited for this field' }); box.append(list); }
    list.append(el);
  };
  const chip = (d, c) => {
    const n = ++serial;
    const el = h('li', { class: 'cite-chip' }, h('q', {}, c.quote),
      h('span', { class: 'cite-controls' },
        h('label', { for: `conf-${n}`, class: 'small-label' }, 'how firm'),
        h('select', { id: `conf-${n}`, class: 'cite-confidence', onchange: (e) => { c.confidence = e.target.value; } },
          confidences.map((v) => h('option', { value: v, selected: v === (c.confidence || 'reported') || undefined }, v))),
        h('label', { for: `attr-${n}`, class: 'small-label' }, 'said by'),
        h('input', { id: `attr-${n}`, class: 'cite-attributed', value: c.attributed_to || '', placeholder: 'the source itself',
          oninput: (e) => { c.attributed_to = e.target.value.trim() || undefined; } }),
        h('label', { for: `for-${n}`, class: 'small-label' }, 'for'),
        h('select', { id: `for-${n}`, class: 'cite-field', onchange: (e) => { c.field = e.target.value; place(d, c, el); } },
          d.controls.map(([name]) => h('option', { value: name, selected: name === c.field.split(/[.[]/)[0] || undefined }, fieldWords(name)))),
        h('button', { type: 'button', class: 'small', 'aria-label': `Remove the citation “${c.quote}”`, onclick: () => {
          d.citations.splice(d.citations.indexOf(c), 1);
          el.remove();
        } }, '×')));
    return el;
  };
  const cite = (d, name, quote, attributedTo) => {
    if (d.citations.some((x) => x.field === name && x.quote === quote)) return;
    const c = { field: name, quote, attributed_to: attributedTo || undefined };
    d.citations.push(c);
    place(d, c, chip(d, c));
  };

  // A draft: a card with the collection's fields (its values from what was found), its
  // citations, and, for a person the extraction matched, the choice of the one on record.
  function draft(collection, values = {}, { existing = null, citations = [], title } = {}) {
    const n = ++serial;
    const d = { ref: `${singularOf[collection]}${n}`, collection, existing, citations: [], removed: false, waive: false };
    const props = doc.components.schemas[`${collection}_input`].properties;
    const ctx = { idPrefix: `d${n}-`, drafts: offered, noun: { releases: 'release', participants: 'participant' } };
    d.controls = Object.entries(props).filter(([name]) => name !== 'citations').map(([name, prop]) =>
      [name, field(name, prop, values[name], (doc.components.schemas[`${collection}_input`].required || []).includes(name), ctx)]);
    const main = d.controls.filter(([name]) => (MAIN[collection] || []).includes(name));
    const more = d.controls.filter(([name]) => !(MAIN[collection] || []).includes(name));
    d.label = () => {
      const v = Object.fromEntries(d.controls.map(([name, c]) => [name, c.read()]));
      return v.name || v.title || (collection === 'swaps' ? `swap ${v.occurred_on || ''}` :
        collection === 'statements' ? `statement: ${(v.text || '').slice(0, 40)}` : `${singularOf[collection]} ${n}`);
    };
    const heading = h('h3', {}, title || (existing ? `${values.name} — existing person #${existing}` : `New ${singularOf[collection]}`));
    const errorBox = h('div', { class: 'card-error', role: 'alert' });
    const fields = h('div', { class: 'card-fields', hidden: !!existing }, main.map(([, c]) => c.box),
      more.length ? h('details', {}, h('summary', {}, 'More fields'), more.map(([, c]) => c.box)) : null);
    const actions = h('div', { class: 'card-actions' },
      existing ? h('button', { type: 'button', class: 'small', onclick: () => {
        d.existing = null;
        fields.hidden = false;
        heading.textContent = `New ${singularOf[collection]} (not #${existing})`;
        d.waive = true;
        actions.querySelector('button').remove();
      } }, 'Record as a new person instead') : null,
      h('button', { type: 'button', class: 'small', onclick: () => { d.removed = true; d.card.remove(); } }, 'Leave out'));
    d.card = h('section', { class: 'draft', 'data-ref': d.ref, 'data-collection': collection, 'aria-label': title || heading.textContent },
      heading, errorBox, fields, actions);
    d.card.addEventListener('focusin', (e) => {
      const f = e.target.closest('[data-field]');
      if (!f) return;
      // A row's field (participants[0].role) stands for its list: the passage supports the list.
      active = { draft: d, name: f.dataset.field.split(/[.[]/)[0] };
      for (const x of board.querySelectorAll('.field.active')) x.classList.remove('active');
      d.card.querySelector(`.card-fields [data-field="${CSS.escape(active.name)}"]`)?.classList.add('active');
    });
    d.card._draft = d;
    drafts.push(d);
    board.append(d.card);
    for (const c of citations) cite(d, c.field, c.quote, c.attributed_to);
    return d;
  }

  // ---- what the extraction found, as drafts and cards ----
  const people = new Map();   // full name -> draft
  const content = s.content;
  const cps = Array.from(content);
  // A person found once a card: described where a mention has words before the name, the phrase
  // that names them cited (as their citizenship when it says "national" or "citizen", with the
  // countries it names; else as their occupation, the words before the name filled in).
  const described = new Map();
  for (const p of ex.people)
    if (p.role && !described.has(p.name)) described.set(p.name, { p, phrase: describing(cps, p.start, p.end) });
  for (const p of ex.people) {
    if (people.has(p.name)) continue;
    const existing = p.match ? p.match.id : null;
    const dsc = described.get(p.name);
    const values = { name: p.name };
    const citations = [];
    if (dsc && dsc.phrase) {
      const national = /\b(national|citizen)s?\b/i.test(dsc.p.role);
      const from = dsc.p.end - Array.from(dsc.phrase).length;
      if (national) {
        const codes = [...new Set(ex.countries.filter((c) => c.start >= from && c.end <= dsc.p.start).map((c) => c.code))];
        if (codes.length) values.citizenships = codes;
      } else {
        values.occupation = dsc.p.role.replace(/’/g, "'");
      }
      citations.push({ field: national ? 'citizenships' : 'occupation', quote: dsc.phrase });
    }
    people.set(p.name, draft('people', values, { existing, citations }));
  }
  const speakerOf = (q) => {
    const name = q.speaker && q.speaker.name;
    const d = name && people.get(name);
    if (!d) return { speaker: q.speaker ? q.speaker.text : undefined };
    return d.existing ? { speaker_id: d.existing } : { speaker_id: { ref: d.ref, label: `${name} (new, in this batch)` } };
  };
  const audienceOf = (attributed) => (attributed && attributed.includes(', to ') ? attributed.split(', to ').pop() : undefined);
  const found = h('div', { class: 'found', id: 'found' },
    h('h2', {}, 'What the article says'),
    ex.quotes.length + ex.reports.length === 0 ? empty('No quotation or attribution was found.') :
      h('ul', { class: 'list' }, [
        ...ex.quotes.map((q, i) => h('li', { 'data-quote': i }, h('span', { class: 'tag' }, 'quote'), ` “${q.text}”`,
          q.attributed_to ? ` — ${q.attributed_to}` : '', ' ',
          h('button', { type: 'button', class: 'small', onclick: () => {
            const d = draft('statements', { ...speakerOf(q), audience: audienceOf(q.attributed_to), kind: 'quote',
              text: q.text, said_on: s.published_on || undefined },
            { citations: [{ field: 'text', quote: quotedSentence(cps, q.start, q.end), attributed_to: q.attributed_to }] });
            d.card.scrollIntoView({ block: 'nearest' });
            d.card.querySelector('input, select, textarea').focus();
          } }, 'Record as a statement'))),
        ...ex.reports.map((r, i) => h('li', { 'data-report': i }, h('span', { class: 'tag' }, 'report'), ` ${r.text}`, ' ',
          h('button', { type: 'button', class: 'small', onclick: () => {
            const d = draft('statements', { speaker: r.source || undefined, audience: r.outlet || undefined, kind: 'paraphrase',
              said_on: s.published_on || undefined }, { citations: [{ field: 'text', quote: reportedClause(cps, r.start, r.end) }] });
            d.card.querySelector('[data-field="text"] textarea, [data-field="text"] input').focus();
          } }, 'Record as a statement'))),
      ]),
    ex.dates.length ? h('p', {}, h('strong', {}, 'Dates: '), ex.dates.map((x, i) => [i ? ', ' : '', `${x.text} (${x.value})`])) : null,
    ex.countries.length ? h('p', {}, h('strong', {}, 'Countries: '),
      [...new Set(ex.countries.map((c) => c.code))].map((c, i) => [i ? ', ' : '', (doc.components.schemas.country['x-names'] || {})[c] || c])) : null);

  // ---- the article, its passages clickable ----
  const items = [
    ...ex.people.map((x) => ({ ...x, kind: 'person', label: x.match ? `${x.name}, on record` : `${x.name}, new` })),
    ...ex.dates.map((x) => ({ ...x, kind: 'date', label: `${x.value} (${x.precision})` })),
    ...ex.countries.map((x) => ({ ...x, kind: 'country', label: x.code })),
    ...ex.quotes.map((x) => ({ ...x, kind: 'quote', label: `quote${x.attributed_to ? ` of ${x.attributed_to}` : ''}` })),
    ...ex.reports.map((x) => ({ ...x, kind: 'report', label: 'a report' })),
  ];
  const marks = items.map((x, i) => ({ start: x.start, end: x.end, id: i, href: `#/sources/${s.id}/intake`, label: x.label }));
  const article = articleText(content, ex.body, marks, s.title);
  for (const a of article.querySelectorAll('a.hl')) a.classList.add(`hl-${items[Number(a.dataset.citation)].kind}`);
  // A passage cites itself for the field being filled; a date or a country fills it too.
  const take = (item, text) => {
    if (!active) {
      status.replaceChildren(h('div', { class: 'notice warn', role: 'status' }, 'Choose the field this passage supports first (click into it), then the passage.'));
      return;
    }
    const { draft: d, name } = active;
    const c = d.controls.find(([n]) => n === name);
    if (c && item && item.kind === 'date' && c[1].kind === 'date') c[1].box.querySelector('input').value = item.value;
    if (c && item && item.kind === 'country' && (c[1].kind === 'country' || c[1].kind === 'countries')) {
      const input = c[1].box.querySelector('input');
      if (c[1].kind === 'country') input.value = item.code;
      else if (!input.value.split(/[\s,]+/).includes(item.code)) input.value = input.value ? `${input.value}, ${item.code}` : item.code;
    }
    cite(d, name, text, item && item.kind === 'quote' ? item.attributed_to : undefined);
    status.replaceChildren(h('div', { class: 'notice good', role: 'status' }, `Cited for ${fieldWords(name)} of ${d.label()}.`));
  };
  article.addEventListener('click', (e) => {
    const a = e.target.closest('a.hl');
    if (!a) return;
    e.preventDefault();
    const item = items[Number(a.dataset.citation)];
    take(item, item.text);
  });
  const citeSelection = h('button', { type: 'button', id: 'cite-selection', onclick: () => {
    const text = String(window.getSelection() || '').trim();
    if (text) take(null, text);
    else status.replaceChildren(h('div', { class: 'notice warn', role: 'status' }, 'Select words of the article first.'));
  } }, 'Cite the selected words');

  // ---- saving it all as one batch ----
  const save = async () => {
    for (const x of board.querySelectorAll('.error, .card-error')) x.textContent = '';
    for (const x of board.querySelectorAll('[aria-invalid]')) x.removeAttribute('aria-invalid');
    const live = ORDER.flatMap((c) => drafts.filter((d) => d.collection === c && !d.removed));
    const ops = [], owner = [];
    const citation = (c) => ({ source_id: s.id, field: c.field, quote: c.quote, ...(c.attributed_to ? { attributed_to: c.attributed_to } : {}),
      ...(c.confidence ? { confidence: c.confidence } : {}) });
    for (const d of live) {
      if (d.existing) {
        for (const c of d.citations) {
          ops.push({ op: 'create', collection: 'citations', record: { ...citation(c), subject_type: singularOf[d.collection], subject_id: d.existing } });
          owner.push(d);
        }
        continue;
      }
      const record = {};
      for (const [name, c] of d.controls) { const v = c.read(); if (v !== undefined && !(Array.isArray(v) && !v.length)) record[name] = v; }
      if (d.citations.length) record.citations = d.citations.map(citation);
      ops.push({ op: 'create', collection: d.collection, ref: d.ref, record, ...(d.waive ? { duplicate: 'allow' } : {}) });
      owner.push(d);
    }
    if (!ops.length) return status.replaceChildren(h('div', { class: 'notice warn', role: 'status' }, 'There is nothing to save yet.'));
    status.replaceChildren(h('span', { class: 'state' }, `Saving ${ops.length} records in one batch…`));
    try {
      const r = await api('POST', '/v1/batch', { operations: ops });
      sessionStorage.setItem('swaptrack.flash', `Saved ${r.data.results.length} records from this article in one batch.`);
      location.hash = `#/sources/${s.id}`;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const p = err.problem;
      let placed = 0;
      for (const x of p.errors || []) {
        const m = String(x.field).match(/^operations\[(\d+)\]\.record\.(.+)$/);
        const d = m && owner[Number(m[1])];
        if (!d) continue;
        const box = d.card.querySelector(`#error-d${d.ref.replace(/\D/g, '')}-${CSS.escape(pathId(m[2]))}`) ||
          d.card.querySelector(`#error-d${d.ref.replace(/\D/g, '')}-${CSS.escape(pathId(m[2].split(/[.[]/)[0]))}`);
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
      if (p.candidates && owner[p.operation]) {
        const d = owner[p.operation];
        d.card.querySelector('.card-error').replaceChildren(`This may be someone already recorded: `,
          ...p.candidates.map((c) => h('button', { type: 'button', class: 'small', onclick: () => {
            d.existing = c.id;
            d.card.querySelector('.card-fields').hidden = true;
            d.card.querySelector('h3').textContent = `${c.name} — existing person #${c.id}`;
            d.card.querySelector('.card-error').textContent = '';
          } }, `It is ${c.name} (#${c.id})`)), ' ',
          h('button', { type: 'button', class: 'small', onclick: () => { d.waive = true; d.card.querySelector('.card-error').textContent = 'A different person: it will be recorded.'; } },
            'A different person'));
        placed++;
      }
      status.replaceChildren(h('div', { class: 'notice bad', role: 'alert' }, `Nothing was saved: ${err.message}`,
        placed ? ' Each problem is shown on its card.' : ''));
    }
  };

  const adders = h('p', { class: 'adders' }, 'Add: ', ORDER.map((c) => h('button', { type: 'button', class: 'small',
    onclick: () => { const d = draft(c); d.card.querySelector('input, select, textarea').focus(); } }, singularOf[c])));
  render(h('h1', {}, `From the article: ${s.title || s.url}`),
    h('p', { class: 'state' }, 'Click into a field of a card, then on a highlighted passage (or select words and “Cite the selected words”): ',
      'the passage is cited for that field. Save stores every card at once.'),
    h('div', { class: 'intake' },
      h('section', { class: 'intake-text', 'aria-label': 'The article' }, citeSelection, article),
      h('section', { class: 'intake-work', 'aria-label': 'The records' }, found, h('h2', {}, 'The records to save'), adders, board,
        h('p', {}, h('button', { type: 'button', class: 'primary', id: 'save-all', onclick: save }, 'Save everything'), ' ', status))));
}
