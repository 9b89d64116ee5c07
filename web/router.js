// The hash router: finds the view of an address (#/people/3), shows it with a loading state and
// its error state, marks the navigation's current entry, says what a form saved, and moves the
// focus to the new view's heading.
import { forget } from './api.js';
import { h, render, loading, empty, failure, link } from './dom.js';

// Navigations run one after the other: a view still loading (the overview waits on six
// requests) would otherwise finish after the view that replaced it, and draw over it. So a new
// navigation starts once the one before it is done (or has taken 5 s: a request that never
// answers must not hold the page), and the last one asked for is the one shown.
let navigation = Promise.resolve();

// routes: a promise of [regular expression, view] pairs; a view gets the expression's groups.
export function startRouter(routes) {
  const route = () => {
    const before = Promise.race([navigation, new Promise((r) => setTimeout(r, 5000))]);
    const show = () => routes.then(showRoute, (e) => render(failure(e, 'the page')));
    navigation = before.then(show, show);
    return navigation;
  };
  window.addEventListener('hashchange', route);
  return route();
}

async function showRoute(routes) {
  const main = document.getElementById('view');
  let hash = location.hash || '#/';
  // A fragment that is no page ("#view", an anchor in the page) is not navigation: the view
  // stays as it is, or, on the first load, is the overview.
  if (!hash.startsWith('#/')) {
    if (main.dataset.shown) return;
    hash = '#/';
  }
  main.dataset.shown = '1';
  forget();
  for (const a of document.querySelectorAll('.top nav a')) {
    const here = a.getAttribute('href') === hash || (a.getAttribute('href') !== '#/' && hash.startsWith(a.getAttribute('href') + '/'));
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  for (const [re, view] of routes) {
    const m = hash.match(re);
    if (m) {
      render(loading('the page'));
      try { await view(...m.slice(1)); } catch (e) { render(failure(e, 'the page')); }
      showFlash();
      focusHeading();
      return;
    }
  }
  render(h('h1', {}, 'Not found'), empty('There is no page here.'), link('#/', 'Back to the overview'));
  focusHeading();
}

// After a navigation (not the first page a visit opens, where Tab must reach "Skip to
// content"), the focus goes to the new view's heading, so that a screen reader starts there
// and the keyboard goes on from there. A view that focuses a field of its own keeps it.
let navigated = false;
function focusHeading() {
  const first = !navigated;
  navigated = true;
  const view = document.getElementById('view');
  if (first || view.contains(document.activeElement)) return;
  const heading = view.querySelector('h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}

// What a form saved, said on the page it led to (forms.js leaves it in session storage).
function showFlash() {
  const text = sessionStorage.getItem('swaptrack.flash');
  if (!text) return;
  sessionStorage.removeItem('swaptrack.flash');
  const heading = document.querySelector('#view h1');
  if (heading) heading.after(h('div', { class: 'notice good', role: 'status', id: 'saved' }, text));
}
