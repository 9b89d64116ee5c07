// A collection the dashboard has never heard of: build/tests/swaptrack-extra is the program with
// one resource more (tests/fixtures/extra/widgets.c: a name, a choice, a date, a country, a
// person as owner, citable), on a database of its own with the demo data. Nothing in web/ names
// widgets; the dashboard must still offer them in its navigation, a list with its filters and
// pages, a record page, a form, pickers and the intake.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bin } from '../lib/server.mjs';
import { launch, newPage, expectText, expectTitle, enterKey, pick, axeViolations, ownServer } from './helpers.mjs';

const program = bin && join(dirname(bin), 'tests', 'swaptrack-extra');
let server, browser;

const page = (width, options) => newPage(browser, width, options);
const api = (path) => server.get(path);

// Writes through the API with the test's key.
async function write(method, path, body) {
  const r = await fetch(server.base + path, { method, headers: { Authorization: `Bearer ${server.key}`,
    'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// A page with the test's key set, at hash.
async function keyed(hash, options) {
  const p = await page(1280, options);
  await p.goto(`${server.base}/#/`);
  await enterKey(p, server.key);
  await p.goto(`${server.base}/${hash}`);
  return p;
}

assert.ok(program && existsSync(program), `no ${program}: make test-build builds it`);

before(async () => {
  // migrate makes the widgets table on this fresh database from its field table alone.
  server = await ownServer('e2e_extra', { program,
    before: (env) => execFileSync(program, ['batch', 'scripts/demo/seed.batch.json'], { env, stdio: 'pipe' }) });
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the extra collection has a navigation entry, a list with its filters and an empty state, and a line in "Add a record"', async () => {
  const p = await page();
  await p.goto(`${server.base}/#/`);
  await p.waitForSelector('.top nav a[href="#/widgets"]');
  assert.equal(await p.textContent('.top nav a[href="#/widgets"]'), 'Widgets');
  await p.click('.top nav a[href="#/widgets"]');
  await expectTitle(p, 'Widgets · swaptrack');
  await p.waitForSelector('main .state:has-text("No record in widgets yet.")');
  // Its filters are its list's parameters: the choice, the owner picked by name, the order.
  assert.deepEqual(await p.$$eval('#filter-kind option', (os) => os.map((o) => o.value)), ['', 'gadget', 'gizmo', 'doohickey']);
  assert.equal(await p.getAttribute('#filter-owner_id', 'role'), 'combobox');
  assert.ok((await p.$$eval('#filter-sort option', (os) => os.map((o) => o.value))).includes('-made_on'));
  await p.goto(`${server.base}/#/new`);
  await p.waitForSelector('a[href="#/new/widgets"]');
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('a widget is made with its form (the owner picked by name), shown on its page, and edited', async () => {
  const p = await keyed('#/widgets');
  await p.click('a:has-text("Add to widgets")');
  await p.waitForSelector('#f-name');
  await expectTitle(p, 'New record in widgets · swaptrack');
  // Without its name: refused beside the field.
  await p.click('form.record button[type="submit"]');
  await p.waitForSelector('#error-name:has-text("required")');
  await p.fill('#f-name', 'Clockwork Gizmo');
  await p.selectOption('#f-kind', 'gizmo');
  await p.fill('#f-made_on', '2024-05');
  await p.fill('#f-made_in', 'DE');
  await pick(p, 'f-owner_id', 'Fogel', 'Marc Fogel');
  await p.click('form.record button[type="submit"]');
  await expectTitle(p, 'Clockwork Gizmo · swaptrack');
  const made = (await api('/v1/widgets?name=Clockwork%20Gizmo')).items[0];
  await expectText(p, '#saved', `Created widget ${made.id}.`);
  assert.equal(made.owner_id, 3);
  const facts = await p.textContent('dl.facts');
  for (const want of ['Kindgizmo', 'Made on2024-05', 'Made inGermany', 'OwnerMarc Fogel'])
    assert.ok(facts.includes(want), `${want} in ${facts}`);
  assert.equal(await p.getAttribute('dl.facts a:has-text("Marc Fogel")', 'href'), '#/people/3');
  assert.match(await p.textContent('#cite-this'), new RegExp(`Cite this record: Clockwork Gizmo\\. swaptrack, widget ${made.id}, version 1`));
  // Edited: the form has its values, the owner by name.
  await p.click('a.button:has-text("Edit")');
  await p.waitForFunction(() => document.getElementById('f-owner_id')?.value === 'Marc Fogel');
  await p.fill('#f-notes', 'Wound by hand.');
  await p.click('form.record button[type="submit"]');
  await expectText(p, '#saved', `Saved: widget ${made.id} is now at version 2.`);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('the list reads the owners it shows with embed= (one request a page), pages through next and filters', async () => {
  const ops = [];
  for (let i = 0; i < 55; i++)
    ops.push({ op: 'create', collection: 'widgets', record: { name: `Listed widget ${String(i).padStart(2, '0')}`,
      kind: i % 2 ? 'gadget' : 'doohickey', made_on: `20${10 + (i % 10)}`, owner_id: 1 + (i % 6) } });
  await write('POST', '/v1/batch', { operations: ops });
  const all = await api('/v1/widgets?count=true&limit=1');
  const p = await page();
  const reads = [];
  p.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/v1/')) reads.push(`${u.pathname}${u.search}`); });
  await p.goto(`${server.base}/#/widgets`);
  await expectText(p, '#list-summary', `Records 1–50 of ${all.total}. Download these ${all.total} as CSV `);
  assert.equal(await p.locator('#records tbody tr').count(), 50);
  assert.ok(await p.locator('#records td a[href^="#/people/"]').count() >= 50, 'each row names its owner');
  const lists = reads.filter((u) => u.startsWith('/v1/widgets?'));
  assert.equal(lists.length, 1, lists.join(' '));
  assert.match(lists[0], /embed=owner/);
  assert.deepEqual(reads.filter((u) => /^\/v1\/people\/\d+/.test(u)), [], 'no owner read one by one');
  await p.click('nav.pages a:has-text("Next page")');
  await expectText(p, '#list-summary', `Records 51–${all.total} of ${all.total}. Download these ${all.total} as CSV `);
  // A filter of its own: the address keeps it.
  await p.selectOption('#filter-kind', 'gadget');
  await p.click('form.filters button[type="submit"]');
  await p.waitForFunction(() => location.hash.includes('kind=gadget'));
  const gadgets = await api('/v1/widgets?kind=gadget&count=true&limit=1');
  await expectText(p, '#list-summary', `${gadgets.total} records. Download these ${gadgets.total} as CSV `);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('a widget is found by a picker: a citation\'s record, by its name or its id', async () => {
  const widget = (await api('/v1/widgets?name=Clockwork%20Gizmo')).items[0];
  const p = await keyed('#/new/citations');
  await p.waitForSelector('#f-subject_type');
  await p.selectOption('#f-subject_type', 'widget');
  await pick(p, 'f-subject_id', String(widget.id), 'Clockwork Gizmo');
  await pick(p, 'f-subject_id', 'Clockwork', 'Clockwork Gizmo');
  await pick(p, 'f-source_id', 'Dmitriev prisoner swap', 'Putin Envoy Dmitriev');
  await p.fill('#f-field', 'made_on');
  await p.click('form.record button[type="submit"]');
  // A citation is shown on the page of the record it supports.
  await expectTitle(p, 'Clockwork Gizmo · swaptrack');
  await p.waitForSelector('#saved:has-text("added")');
  await p.waitForSelector('.claims[data-field="made_on"] .claim');
  assert.equal((await api(`/v1/widgets/${widget.id}`)).citations.length, 1);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('the intake has a card for a widget: a passage cited for its date, its owner picked, saved in the batch', async () => {
  const p = await keyed('#/sources/1/intake');
  await p.waitForSelector('#drafts section.draft');
  await p.click('.adders button[data-collection="widgets"]');
  // The widget recorded from this article is shown as stored; the new one's card comes last.
  const card = p.locator('section.draft[data-collection="widgets"]').last();
  assert.equal(await card.locator('h3').textContent(), 'New widget');
  await card.locator('input[name="name"]').fill('Intake Widget');
  await card.locator('select[name="kind"]').selectOption('gadget');
  await card.locator('input[name="made_on"]').click();
  await p.click('#article a.hl-date:has-text("late October")');
  assert.equal(await card.locator('input[name="made_on"]').inputValue(), '2025-10');
  const owner = card.locator('[data-field="owner_id"] .picker input');
  await owner.fill('Witkoff');
  await p.waitForSelector(`#${await owner.getAttribute('aria-controls')} li[role="option"]:first-child:has-text("Steve Witkoff")`);
  await owner.press('ArrowDown');
  await owner.press('Enter');
  // Only this card is saved.
  while (await p.locator('section.draft:not([data-collection="widgets"])').count())
    await p.locator('section.draft:not([data-collection="widgets"])').first().locator('button:has-text("Leave out")').click();
  await p.click('#save-all');
  await p.waitForSelector('#saved:has-text("in one batch")');
  const made = (await api('/v1/widgets?name=Intake%20Widget')).items[0];
  assert.equal(made.made_on, '2025-10');
  assert.equal(made.owner_id, 2);
  assert.deepEqual(made.citations.map((c) => [c.field, c.quote]), [['made_on', 'late October']]);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('the extra collection\'s views pass the axe-core scan and fit a phone\'s width', async () => {
  const widget = (await api('/v1/widgets?name=Clockwork%20Gizmo')).items[0];
  const p = await keyed('#/', { bypassCSP: true });
  const found = [];
  for (const hash of ['#/widgets', '#/widgets?kind=gizmo', `#/widgets/${widget.id}`, '#/new/widgets', `#/edit/widgets/${widget.id}`]) {
    await p.goto(`${server.base}/${hash}`);
    await p.waitForSelector('main h1');
    await p.waitForFunction(() => !document.querySelector('main .state[role="status"]'));
    for (const v of await axeViolations(p)) found.push(`${hash} ${v}`);
  }
  await p.goto(`${server.base}/#/sources/1/intake`);
  await p.click('.adders button[data-collection="widgets"]');
  for (const v of await axeViolations(p)) found.push(`intake with a widget's card ${v}`);
  assert.deepEqual(found, []);
  await p.close();
  const q = await page(390);
  for (const hash of ['#/widgets', `#/widgets/${widget.id}`]) {
    await q.goto(`${server.base}/${hash}`);
    await q.waitForSelector('main h1');
    await q.waitForFunction(() => !document.querySelector('main .state[role="status"]'));
    const overflow = await q.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${hash} at 390px is ${overflow}px too wide`);
  }
  assert.deepEqual(q.errors, []);
  await q.close();
});
