// The intake's finishing points (issue 34), each on an article of our own in a database of its
// own: the proposed cards and how pickers name them; "Leave out" with what refers to a card; an
// edit of a record on record as a patch with If-Match, and a stale one refused on its card; a
// party created from a side's picker, cited; the keyboard (Tab reaches the cards first, Alt+J
// between the field and the text, arrows and Enter in the text, Escape never clears a choice,
// Alt+S saves); a phone's width (one pane at a time, the other one tap away); axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, enterKey, ownServer, axeViolations } from './helpers.mjs';

const truth = JSON.parse(readFileSync('tests/fixtures/intake/named-griner-bout.json', 'utf8'));
const content = readFileSync(`tests/fixtures/${truth.article}.txt`, 'utf8');
let server, browser, sourceId;

// The article stored once more (at another address): an intake that nothing was saved from.
async function article(n) {
  const r = await fetch(`${server.base}/v1/sources`, { method: 'POST', headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${truth.url}-${n}`, title: truth.title, outlet: truth.outlet, published_on: truth.published_on, language: 'en', content }) });
  return (await r.json()).id;
}

before(async () => {
  server = await ownServer('e2e_intake_flows');
  browser = await launch();
  sourceId = await article('saved');
});

// Leaves out every card proposed that is not on record.
async function onlyOnRecord(p) {
  for (const ref of await p.locator('#drafts > section.draft:has(h3:text-matches("^New "))').evaluateAll((xs) => xs.map((x) => x.dataset.ref)))
    if (await p.locator(`section.draft[data-ref="${ref}"]`).count()) await p.locator(`section.draft[data-ref="${ref}"] button.leave-out`).click();
}

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function intake(width = 1400, options, source = sourceId) {
  const p = await newPage(browser, width, options);
  await p.goto(`${server.base}/#/`);
  await enterKey(p, server.key);
  await p.goto(`${server.base}/#/sources/${source}/intake`);
  await p.waitForSelector('#save-all');
  await p.waitForFunction(() => !document.querySelector('#drafts .picker input[value^="person"]'));
  return p;
}
const card = (p, collection) => p.locator(`#drafts > section.draft[data-collection="${collection}"]`);

test('the draft is proposed as cards, each field cited where the text says it, and pickers name drafts by what they are', async () => {
  const p = await intake();
  // The swap first: its date, host and the two named releases, cited.
  const swap = card(p, 'swaps');
  assert.equal(await swap.count(), 1);
  assert.equal(await swap.locator('input[name="occurred_on"]').inputValue(), '2022-12-08');
  assert.equal(await swap.locator('[data-field="host"] .picker').getAttribute('data-id'), 'AE');
  assert.match(await swap.locator('[data-field="host"] .picker input').inputValue(), /United Arab Emirates/);
  assert.deepEqual(await swap.locator('[data-field="releases"] [data-field$=".person_id"] input').evaluateAll((xs) => xs.map((x) => x.value)),
    ['Brittney Griner (new, in this batch)', 'Viktor Bout (new, in this batch)']);
  assert.ok(await swap.locator('.cite-chip q:text-is("Abu Dhabi")').count());
  // A detention is named by what it is, never by a number: in its release's row and its picker.
  const det = swap.locator('[data-field="releases[0].detention_id"] .picker input');
  assert.match(await det.inputValue(), /^Brittney Griner’s detention by [A-Z][a-z]/);
  // Griner was released by Russia: the side picked by name; her detention follows it.
  const by = swap.locator('[data-field="releases[0].released_by"] .picker input');
  await by.fill('Russia');
  await p.waitForSelector(`#${await by.getAttribute('aria-controls')} li:has-text("(RU)")`);
  await by.press('Enter');
  await p.waitForFunction(() => document.querySelector('[data-field="releases[0].detention_id"] .picker input').value
    .startsWith('Brittney Griner’s detention by Russian Federation'));
  assert.equal(await card(p, 'detentions').first().locator('[data-field="country"] .picker').getAttribute('data-id'), 'RU');
  // People only named (Biden, a relative) are set aside, included with one click.
  assert.match(await p.textContent('#aside summary'), /Also named in the article \(\d+\)/);
  assert.equal(await card(p, 'people').count(), 2);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('"Leave out" asks about what names the card, clears or removes it, and no message names an internal ref', async () => {
  const p = await intake();
  const griner = card(p, 'people').filter({ has: p.locator('input[name="name"][value="Brittney Griner"]') });
  await griner.locator('button.leave-out').click();
  // Her release row and her detention name her: the card says what leaving her out does.
  const ask = griner.locator('.card-ask');
  await ask.locator('li').first().waitFor();
  const said = await ask.textContent();
  assert.match(said, /Brittney Griner is named elsewhere/);
  assert.match(said, /release 1 of the swap of 2022-12-08/);
  assert.match(said, /Brittney Griner’s detention by .* is left out too/);
  assert.doesNotMatch(said, /\bperson\d+|\bdetention\d+|\bswap\d+/);
  await ask.locator('button:has-text("Leave them out")').click();
  assert.equal(await griner.count(), 0);
  assert.equal(await card(p, 'detentions').count(), 1);
  assert.deepEqual(await card(p, 'swaps').locator('[data-field="releases"] [data-field$=".person_id"] input').evaluateAll((xs) => xs.map((x) => x.value)),
    ['Viktor Bout (new, in this batch)']);
  // What is saved names nothing left out: the batch is accepted.
  await p.click('#save-all');
  await p.waitForSelector('#saved, #intake-status .notice.bad');
  if (await p.locator('#intake-status .notice.bad').count()) assert.fail(await p.textContent('#intake-status'));
  const swaps = await server.get('/v1/swaps?limit=10');
  assert.equal(swaps.items.length, 1);
  assert.equal(swaps.items[0].releases.length, 1);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('a record on record is shown read-only; "Edit this record" saves a patch with If-Match, and a stale one is refused on its card', async () => {
  const p = await intake();
  // Bout is on record now (the test before): his card shows him as stored.
  const bout = card(p, 'people').filter({ has: p.locator('h3:has-text("Viktor Bout — on record")') });
  await bout.locator('.card-summary dl').waitFor();
  assert.equal(await bout.locator('.card-fields:not([hidden])').count(), 0);
  const id = Number((await bout.locator('h3').textContent()).match(/#(\d+)\)/)[1]);
  const ref = await bout.getAttribute('data-ref');
  const mine = p.locator(`section.draft[data-ref="${ref}"]`);
  await mine.locator('button.edit-record').click();
  await mine.locator('input[name="occupation"]').fill('convicted arms trafficker');
  // Someone else changes him meanwhile: the save is refused, nothing stored, said on his card.
  const r = await fetch(`${server.base}/v1/people/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${server.key}`,
    'content-type': 'application/json' }, body: JSON.stringify({ description: 'Changed elsewhere.' }) });
  assert.equal(r.status, 200);
  await onlyOnRecord(p);
  await p.click('#save-all');
  await p.waitForSelector('#intake-status .notice, #saved');
  assert.match(await p.textContent('#intake-status'), /Nothing was saved: The record is at version/);
  await mine.locator('.card-error:has-text("changed by someone else")').waitFor();
  assert.equal((await server.get(`/v1/people/${id}`)).occupation, 'arms dealer');
  await p.close();
  // Read again, the edit goes through as a patch of that field only.
  const q = await intake();
  const again = card(q, 'people').filter({ has: q.locator('h3:has-text("Viktor Bout — on record")') });
  const ref2 = await again.getAttribute('data-ref');
  const it = q.locator(`section.draft[data-ref="${ref2}"]`);
  await it.locator('.card-summary dl').waitFor();
  await it.locator('button.edit-record').click();
  await it.locator('input[name="occupation"]').fill('convicted arms trafficker');
  await onlyOnRecord(q);
  await q.click('#save-all');
  await q.waitForSelector('#saved');
  const now = await server.get(`/v1/people/${id}`);
  assert.equal(now.occupation, 'convicted arms trafficker');
  assert.equal(now.description, 'Changed elsewhere.');
  assert.deepEqual(q.errors, []);
  await q.close();
});

test('a party is created from a side\'s picker, cited where the article names it', async () => {
  const p = await intake(1400, {}, await article('party'));
  const swap = card(p, 'swaps').last();
  await swap.locator('summary:has-text("More fields")').click();
  const mediators = swap.locator('[data-field="mediators"] .picker input');
  await mediators.click();
  await mediators.fill('Staff Report');
  await p.waitForSelector(`#${await mediators.getAttribute('aria-controls')} li:has-text("Create the party “Staff Report”")`);
  await mediators.press('ArrowDown');
  await mediators.press('Enter');
  const party = card(p, 'parties').last();
  await party.waitFor();
  assert.equal(await party.locator('input[name="name"]').inputValue(), 'Staff Report');
  assert.equal(await party.locator('input[name="code"]').inputValue(), 'staff-report');
  assert.equal(await party.locator('.cite-chip q').first().textContent(), 'Staff Report');
  await swap.locator('[data-field="mediators"] .chip:has-text("Staff Report")').waitFor();
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('by keyboard: Tab reaches the cards first, Alt+J goes to the text and back, arrows and Enter cite, Escape keeps a choice', async () => {
  const p = await intake(1400, {}, await article('keys'));
  // From the view's top, Tab reaches a card's field before any highlight of the text.
  await p.focus('h1');
  for (let i = 0; i < 25; i++) {
    await p.keyboard.press('Tab');
    const where = await p.evaluate(() => (document.activeElement.closest('#drafts') ? 'card' : document.activeElement.closest('#article') ? 'text' : 'other'));
    assert.notEqual(where, 'text', 'a highlight came before the cards');
    if (where === 'card') break;
  }
  assert.ok(await p.evaluate(() => !!document.activeElement.closest('#drafts')));
  // The place of the swap: Alt+J to the text, the arrows to "Abu Dhabi", Enter cites it there.
  const place = card(p, 'swaps').locator('input[name="place"]');
  await place.focus();
  await p.keyboard.press('Alt+KeyJ');
  assert.ok(await p.evaluate(() => document.activeElement.matches('#article a.hl')));
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('ArrowDown');
  const words = await p.evaluate(() => document.activeElement.textContent);
  await p.keyboard.press('Enter');
  await card(p, 'swaps').locator(`[data-field="place"] .cite-chip q:text-is("${words}")`).waitFor();
  await p.waitForSelector('#intake-status:has-text("Cited for place")');
  // Back to the field that was being filled, not another.
  await p.keyboard.press('Alt+KeyJ');
  assert.equal(await p.evaluate(() => document.activeElement.name), 'place');
  // Escape closes a picker's suggestions and keeps its choice.
  const host = card(p, 'swaps').locator('[data-field="host"] .picker input');
  await host.focus();
  await p.keyboard.press('Escape');
  assert.match(await host.inputValue(), /United Arab Emirates/);
  assert.equal(await card(p, 'swaps').locator('[data-field="host"] .picker').getAttribute('data-id'), 'AE');
  // Alt+N moves to the next card; Alt+S saves.
  await p.keyboard.press('Alt+KeyN');
  assert.ok(await p.evaluate(() => !!document.activeElement.closest('section.draft[data-collection="detentions"]')));
  for (const ref of await p.locator('#drafts > section.draft').evaluateAll((xs) => xs.map((x) => x.dataset.ref)))
    if (await p.locator(`section.draft[data-ref="${ref}"] h3:text-matches("^New ")`).count() && !(await p.locator(`section.draft[data-ref="${ref}"][data-collection="swaps"]`).count()))
      await p.locator(`section.draft[data-ref="${ref}"] button.leave-out`).click();
  await p.keyboard.press('Alt+KeyS');
  await p.waitForSelector('#saved, #intake-status .notice.bad');
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('at 390 px one pane shows, the other one tap away at the passage or card in use; the intake passes axe-core', async () => {
  const fresh = await article('phone');
  const p = await intake(390, { bypassCSP: true }, fresh);
  const visible = (sel) => p.locator(sel).isVisible();
  assert.ok(await visible('.pane-switch'));
  assert.ok(await visible('#intake-work'));
  assert.ok(!(await visible('#intake-text')));
  const place = card(p, 'swaps').locator('input[name="place"]');
  await place.click();
  await p.click('.pane-switch button[data-pane="text"]');
  assert.ok(await visible('#intake-text'));
  assert.ok(!(await visible('#intake-work')));
  await p.locator('#article a.hl-date').first().click();
  await p.waitForSelector('#intake-status:has-text("Cited for place")');
  await p.click('.pane-switch button[data-pane="work"]');
  assert.ok(await place.isVisible());
  assert.ok(await p.evaluate(() => { const r = document.querySelector('section.draft[data-collection="swaps"]').getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }));
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${overflow}px too wide`);
  assert.deepEqual(await axeViolations(p), []);
  await p.close();
  const wide = await intake(1400, { bypassCSP: true }, fresh);
  assert.deepEqual(await axeViolations(wide), []);
  await wide.close();
});

test('a detention on file that the draft\'s release names has its card, and is cited through "Edit this record" without a change', async () => {
  const post = (path, body) => fetch(`${server.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${server.key}`,
    'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const whelan = await post('/v1/people?duplicate=allow', { name: 'Paul Whelan' });
  const held = await post('/v1/detentions', { person_id: whelan.id, country: 'RU', status: 'held' });
  const text = 'Whelan freed in Ankara\n\nFormer US Marine Paul Whelan was released by Russia to the United States on Thursday in a swap in Ankara, officials said.\n';
  const src = await post('/v1/sources', { url: 'https://example.org/intake/whelan', title: 'Whelan freed in Ankara', published_on: '2024-08-01', language: 'en', content: text });
  const p = await intake(1400, {}, src.id);
  const det = p.locator(`#drafts > section.draft[data-collection="detentions"]:has(h3:has-text("detention #${held.id}"))`);
  await det.locator('.card-summary dl').waitFor();
  // The swap's release names it, by what it is.
  assert.match(await card(p, 'swaps').locator('[data-field="releases[0].detention_id"] .picker input').inputValue(), /^Paul Whelan, held by Russian Federation/);
  const ref = await det.getAttribute('data-ref');
  const it = p.locator(`section.draft[data-ref="${ref}"]`);
  await it.locator('button.edit-record').click();
  await it.locator('[data-field="status"] select').focus();
  await p.locator('#article a.hl-person:has-text("Paul Whelan")').first().click();
  await it.locator('.cite-chip q:text-is("Paul Whelan")').waitFor();
  await onlyOnRecord(p);
  await p.click('#save-all');
  await p.waitForSelector('#saved, #intake-status .notice.bad');
  if (await p.locator('#intake-status .notice.bad').count()) assert.fail(await p.textContent('#intake-status'));
  const now = await server.get(`/v1/detentions/${held.id}`);
  assert.equal(now.version, held.version, 'no change to the record');
  assert.deepEqual(now.citations.map((c) => [c.field, c.quote]), [['status', 'Paul Whelan']]);
  assert.deepEqual(p.errors, []);
  await p.close();
});
