// "New article": the article is stored first (its text pasted as scraped, the page's furniture
// and all), and the intake of its records opens on it (view.js).
import { api, ApiError, apiKey } from '../api.js';
import { h, render, link } from '../dom.js';
import { schema } from '../schema.js';
import { field, pathId } from '../fields.js';

// The languages reporting on exchanges comes in, by name: the language is chosen, never typed
// as a tag.
const LANGUAGES = ['en', 'ru', 'uk', 'ar', 'he', 'fa', 'ps', 'tr', 'de', 'fr', 'es', 'pl', 'be', 'ka', 'zh', 'ko', 'ja'];
function languageField(prop) {
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  const el = h('select', { id: 'f-article-language', name: 'language', 'aria-describedby': 'hint-article-language error-article-language' },
    LANGUAGES.map((l) => h('option', { value: l, selected: l === 'en' || undefined }, names.of(l))));
  const box = h('div', { class: 'field', 'data-field': 'language' }, h('label', { for: 'f-article-language' }, 'language'), el,
    h('div', { class: 'hint', id: 'hint-article-language' }, prop.description || ''), h('div', { class: 'error', id: 'error-article-language' }));
  return { el, box, kind: 'enum', read: () => el.value, focus: () => el.focus() };
}

export async function newArticle() {
  const props = (await schema()).input('sources').properties;
  const ctx = { idPrefix: 'article-' };
  const names = ['url', 'title', 'outlet', 'published_on', 'language', 'content'];
  const cs = names.map((n) => [n, n === 'language' ? languageField(props[n]) : field(n, props[n], undefined, n === 'url', ctx)]);
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
