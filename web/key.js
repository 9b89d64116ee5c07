// The API key in the header: entered once in a dialog and kept in the tab's session storage;
// its state on the button (none, set, or refused by the server: then a notice says so, and
// reads go on without it).
import { apiKey, setApiKey, keyRefused } from './api.js';
import { h } from './dom.js';

function keyButton() {
  const b = document.getElementById('key-button');
  const refused = keyRefused();
  b.textContent = refused ? 'API key: refused' : apiKey() ? 'API key: set' : 'API key: none';
  let n = document.getElementById('key-refused');
  if (refused && !n) {
    n = h('div', { id: 'key-refused', class: 'notice warn', role: 'alert' },
      'The server refused the API key (it is wrong or revoked), so pages are read without it. ',
      h('button', { type: 'button', onclick: () => b.click() }, 'Set another key'));
    document.querySelector('header.top').after(n);
  } else if (!refused && n) {
    n.remove();
  }
}

export function keyControls() {
  document.getElementById('key-button').addEventListener('click', () => {
    const d = document.getElementById('key-dialog');
    document.getElementById('key-input').value = apiKey();
    d.showModal();
  });
  document.getElementById('key-dialog').addEventListener('close', (e) => {
    const v = e.target.returnValue;
    if (v === 'save') setApiKey(document.getElementById('key-input').value.trim());
    if (v === 'forget') setApiKey('');
    keyButton();
  });
  window.addEventListener('swaptrack:key', keyButton);
  keyButton();
}
