// The dashboard: a hash router over views of the /v1 API, read views for researchers and forms
// for data entry, for every collection the API's description lists (schema.js). A collection
// gets its list, its record page and its form from what the description says of it; the few
// views below of its own add what a collection's fields alone cannot say (a person's timeline,
// an article's highlights). Every view shows a loading state, an empty state and an error state.
import { h } from './dom.js';
import { schema, titleOf } from './schema.js';
import { startRouter } from './router.js';
import { keyControls } from './key.js';
import { recordForm } from './forms.js';
import { listView } from './views/list.js';
import { recordPage } from './views/generic.js';
import { overview } from './views/overview.js';
import { chooseNew } from './views/new.js';
import { people, person } from './views/people.js';
import { negotiation } from './views/negotiation.js';
import { swap } from './views/swap.js';
import { source } from './views/source.js';
import { newArticle } from './intake/new-article.js';
import { intake } from './intake/view.js';

// The views of their own, by collection: its list, its record page.
const own = {
  people: { list: people, record: person },
  swaps: { list: (q) => listView('swaps', q, { intro: 'Every recorded swap; the overview draws them on a time line.' }), record: swap },
  negotiations: { record: negotiation },
  sources: { record: source },
};

// A list's address may carry its filters: #/detentions?status=held.
const query = (re) => new RegExp(`^#\\/${re}(?:\\?(.*))?$`);

function routes(S) {
  const table = [[/^#?\/?$/, overview]];
  for (const c of S.list) {
    const mine = own[c.name] || {};
    table.push([query(c.name), mine.list || ((q) => listView(c.name, q))],
      [new RegExp(`^#\\/${c.name}\\/(\\d+)$`), mine.record || ((id) => recordPage(c.name, id))]);
  }
  return table.concat([
    [/^#\/sources\/(\d+)\/quote\/(\d+)$/, source],
    [/^#\/intake$/, newArticle],
    [/^#\/sources\/(\d+)\/intake$/, intake],
    [/^#\/new$/, chooseNew],
    [/^#\/new\/([a-z_]+)$/, (c) => recordForm(c)],
    [/^#\/edit\/([a-z_]+)\/(\d+)$/, (c, id) => recordForm(c, id)],
  ]);
}

// The navigation: the overview, then every collection a reader goes through, then the intake
// and "Add a record" (index.html has the first and the last two).
function navigation(S) {
  const overview = document.querySelector('.top nav li');
  overview.after(...S.browsed.map((c) => h('li', {}, h('a', { href: `#/${c.name}` }, titleOf(c)))));
}

// "Skip to content" moves the focus to the view; it is not a page of the router.
document.querySelector('a.skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('view').focus();
});

keyControls();
const known = schema();
known.then(navigation, () => {});
startRouter(known.then(routes));
