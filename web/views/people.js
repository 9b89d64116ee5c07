// People: the list with one search box over names in any spelling and words of articles, and a
// person's page: their timeline, detentions and every claim with its source.
import { get } from '../api.js';
import { h, render, loading, empty, failure, link } from '../dom.js';
import { schema } from '../schema.js';
import { citationForm } from '../forms.js';
import { listView } from './list.js';
import { countries, claim, claimsByField, facts, recordTools } from './record.js';

export async function people(q) {
  const S = await schema();
  const input = h('input', { id: 'search', type: 'search', name: 'q', 'aria-label': 'Search names and articles',
    placeholder: 'A name in any spelling, or words of an article', autocomplete: 'off' });
  const results = h('div', { id: 'results', 'aria-live': 'polite' });
  const form = h('form', { class: 'search', role: 'search', onsubmit: async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    results.replaceChildren(loading('results'));
    try {
      const r = await get(`/v1/search?q=${encodeURIComponent(text)}&limit=20`);
      results.replaceChildren(r.items.length === 0 ? empty(`Nothing matches “${text}”.`) :
        h('ul', { class: 'list' }, r.items.map((i) => h('li', {}, h('span', { class: 'tag' }, i.type), ' ',
          link(`#/${(S.ofSingular(i.type) || { name: i.type }).name}/${i.id}`, i.label),
          h('span', { class: 'state' }, ` · score ${i.score.toFixed(2)}`)))));
    } catch (e) { results.replaceChildren(failure(e, 'results')); }
  } }, input, h('button', { type: 'submit', class: 'primary' }, 'Search'));
  await listView('people', q, { title: 'People', before: [form, results, h('h2', {}, 'Everyone recorded')] });
  if (!q) input.focus();
}

export async function person(id) {
  const [p, tl, det] = await Promise.all([get(`/v1/people/${id}`), get(`/v1/people/${id}/timeline`),
    get(`/v1/people/${id}/detentions`)]);
  render(h('h1', {}, p.name),
    facts([['Native name', p.name_native], ['Also written', p.aliases], ['Citizenship', await countries(p.citizenships)],
      ['Born', p.born_on], ['Occupation', p.occupation], ['Description', p.description], ['Wikidata', p.wikidata_id]]),
    h('h2', {}, 'Timeline'),
    tl.items.length === 0 ? empty('Nothing dated is recorded yet.') :
      h('ol', { class: 'timeline', id: 'timeline' }, tl.items.map((e) => h('li', {},
        h('span', { class: 'date' }, e.date), ' ', h('span', { class: 'tag' }, e.kind), ' ',
        link(`#/${e.collection}/${e.id}`, e.summary), e.role ? ` (${e.role})` : '',
        e.citations.length ? h('div', { class: 'claims' }, e.citations.map(claim)) : null))),
    h('h2', {}, 'Detentions'),
    det.items.length === 0 ? empty('No detention is recorded.') :
      h('ul', { class: 'list' }, await Promise.all(det.items.map(async (d) => h('li', {}, link(`#/detentions/${d.id}`, `Held by ${await countries(d.country)}`),
        ` · ${d.status}`, d.detained_on ? ` · since ${d.detained_on}` : '', d.released_on ? ` · released ${d.released_on}` : '')))),
    claimsByField(p.citations, p), citationForm('person', p.id), recordTools('people', 'person', p, p.name));
}
