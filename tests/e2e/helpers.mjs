// What the browser tests share: Debian's chromium, a page that records its errors, assertions
// that wait for what they assert, the API key dialog, a picker's choice, axe-core, and a server
// of its own on a database of its own.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { bin } from '../lib/server.mjs';

export const launch = () => chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// A page of browser whose uncaught errors are kept in p.errors. bypassCSP: for a test that
// injects a checker (axe-core) into the page, which the server's Content-Security-Policy would
// rightly refuse.
export async function newPage(browser, width = 1280, { bypassCSP = false } = {}) {
  const p = await browser.newPage({ viewport: { width, height: 900 }, bypassCSP });
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  p.errors = errors;
  return p;
}

// Every assertion on the page waits for what it asserts (up to 10 s): the page updates after
// the event that causes it, never at once, so reading it at once is a race.
export async function expectText(p, selector, want) {
  try {
    await p.waitForFunction(([sel, w]) => document.querySelector(sel)?.textContent === w,
      [selector, want], { timeout: 10000 });
  } catch {
    assert.equal(await p.textContent(selector).catch(() => '(no such element)'), want, selector);
  }
}

// A field's value, waited for: a picker's label comes after the record it names is fetched.
export async function expectValue(p, selector, want) {
  try {
    await p.waitForFunction(([sel, w]) => document.querySelector(sel)?.value === w,
      [selector, want], { timeout: 10000 });
  } catch {
    assert.equal(await p.inputValue(selector).catch(() => '(no such element)'), want, selector);
  }
}

export async function expectTitle(p, want) {
  try {
    await p.waitForFunction((w) => document.title === w, want, { timeout: 10000 });
  } catch {
    assert.equal(await p.title(), want);
  }
}

// Sets the API key k through the dialog, as a person does; state: what the button then says.
export async function enterKey(p, k, state = 'API key: set') {
  await p.click('#key-button');
  await p.fill('#key-input', k);
  await p.click('#key-dialog button[value="save"]');
  await expectText(p, '#key-button', state);
}

// Picks the first suggestion of the picker #id for what is typed.
export async function pick(p, id, typed, want) {
  await p.fill(`#${id}`, typed);
  await p.waitForSelector(`[aria-controls] ~ .picker-list li[role="option"]:first-child:has-text("${want}")`);
  await p.locator(`#${id}`).press('ArrowDown');
  await p.locator(`#${id}`).press('Enter');
  await p.waitForFunction(([i, w]) => document.getElementById(i).value.includes(w), [id, want]);
}

// axe-core (npm, pinned in package-lock.json) over the page as it is: the violations, as
// "rule: what (where)" lines.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export async function axeViolations(p) {
  await p.addScriptTag({ path: axePath });
  return p.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`));
}

// A database of its own (name), migrated, and a server on it, for a test that starts from
// nothing: {base, key (scope write), url, get(path), stop()}. program: the binary (another
// build's); before(env): run before the server starts (to load data).
export async function ownServer(name, { program = bin, before } = {}) {
  const admin = process.env.SWAPTRACK_TEST_ADMIN_URL;
  assert.ok(admin, 'run through make test (SWAPTRACK_TEST_ADMIN_URL)');
  const url = admin.replace('/postgres?', `/${name}?`);
  execFileSync('/usr/lib/postgresql/15/bin/psql', ['-q', admin, '-c', `DROP DATABASE IF EXISTS ${name}`, '-c', `CREATE DATABASE ${name}`]);
  const env = { ...process.env, DATABASE_URL: url };
  execFileSync(program, ['migrate'], { env });
  if (before) before(env);
  const k = execFileSync(program, ['keys', 'create', '--name', name, '--scope', 'write'], { env, encoding: 'utf8' }).trim().split('\n').pop();
  const proc = spawn(program, ['serve', '--port', '0', '--rate', '0', '--no-migrate'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const at = await new Promise((resolve) => createInterface({ input: proc.stdout }).on('line', (line) => {
    const m = line.match(/listening on (http:\/\/\S+?)\/?$/);
    if (m) resolve(m[1]);
  }));
  return { base: at, key: k, url, get: (path) => fetch(at + path).then((r) => r.json()),
    stop: async () => { proc.kill('SIGTERM'); await new Promise((r) => proc.once('exit', r)); } };
}
