// Building the page without innerHTML: every value from the API becomes text, never markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Replaces the view. Missing parts (null, undefined, false) are left out, as h() does: a
// bare null would otherwise show as the text "null". The page's title follows the view's
// heading, so that every view has its own in the tab, the history and a screen reader.
export function render(...nodes) {
  const view = document.getElementById('view');
  view.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
  const heading = view.querySelector('h1');
  document.title = heading && heading.textContent ? `${heading.textContent} · swaptrack` : 'swaptrack';
  return view;
}

export const loading = (what) => h('p', { class: 'state', role: 'status' }, `Loading ${what}…`);
export const empty = (text) => h('p', { class: 'state' }, text);
export function failure(err, what) {
  const status = err && err.status ? ` (${err.status})` : '';
  return h('p', { class: 'state error', role: 'alert' },
    `Could not load ${what}${status}: ${err && err.message ? err.message : err}`);
}
export const link = (href, text) => h('a', { href }, text);
export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
