// Anchors where the reader pointed, through the dashboard (contract v1.2, "Anchors where the
// reader pointed"; issue 32). The article is our own (tests/fixtures/anchors/repeated-words.txt),
// written as a scraped wire story is: CRLF line ends, an emoji in the share line and a flag in a
// quoted post, a no-break space, a folded block of furniture between paragraphs, and "Russian",
// "Israeli" and "May 23" three or four times each. Every passage the intake cites is clicked or
// selected at its 2nd, 3rd or 4th occurrence, and every citation stored must be anchored there:
// the page counts UTF-16 units, the API code points, and before these words the two differ.
// Then: saving the same clicks again stores nothing twice; "Add a citation" anchors the words
// selected in the source's article; and words that support two records lead to both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, enterKey, expectTitle, pick, axeViolations, ownServer } from './helpers.mjs';

const content = readFileSync('tests/fixtures/anchors/repeated-words.txt', 'utf8');
const TITLE = 'Ukraine and Russia trade 390 prisoners in first stage of Istanbul deal';
let server, browser, sourceId;

// The code point where the nth (from 1) occurrence of words starts: what the API counts.
function at(words, nth) {
  let i = -1;
  for (let k = 0; k < nth; k++) {
    i = content.indexOf(words, i + 1);
    assert.ok(i >= 0, `"${words}" occurs ${nth} times`);
  }
  return { utf16: i, cp: Array.from(content.slice(0, i)).length };
}

async function write(method, path, body) {
  const r = await fetch(server.base + path, { method, headers: { Authorization: `Bearer ${server.key}`,
    'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// Selects the nth occurrence of words in the article view (its text nodes in order, the folded
// furniture's too), as a reader's drag would.
async function selectNth(p, words, nth) {
  await p.evaluate(([w, n]) => {
    const root = document.getElementById('article');
    const nodes = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let text = '';
    while (walk.nextNode()) { nodes.push([walk.currentNode, text.length]); text += walk.currentNode.data; }
    let i = -1;
    for (let k = 0; k < n; k++) { i = text.indexOf(w, i + 1); if (i < 0) throw new Error(`"${w}" is not there ${n} times`); }
    const find = (k) => { let j = nodes.length - 1; while (nodes[j][1] > k) j--; return [nodes[j][0], k - nodes[j][1]]; };
    const range = document.createRange();
    range.setStart(...find(i));
    range.setEnd(...find(i + w.length));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }, [words, nth]);
}

// The nth highlight whose words are these (in the page's order, which is the article's).
const highlight = (p, words, nth) => p.locator('#article a.hl', { hasText: new RegExp(`^${words}$`) }).nth(nth - 1);

async function keyed(hash, width = 1400, options) {
  const p = await newPage(browser, width, options);
  await p.goto(`${server.base}/#/`);
  await enterKey(p, server.key);
  await p.goto(`${server.base}/${hash}`);
  return p;
}

before(async () => {
  server = await ownServer('e2e_claims');
  browser = await launch();
  sourceId = (await write('POST', '/v1/sources', { url: 'https://example.org/exchange-stage-one', title: TITLE,
    outlet: 'The Example Post', published_on: '2025-05-23', language: 'en', content })).id;
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// What the intake is to store: [field of which card, words, occurrence].
const clicked = [
  ['negotiator', 'citizenships', 'Russian', 2],   // "A Russian negotiator", after the emoji and the CRLFs
  ['negotiator', 'citizenships', 'Russian', 3],   // "the Russian side"
  ['diplomat', 'citizenships', 'Israeli', 2],     // after the folded furniture
  ['diplomat', 'citizenships', 'Israeli', 3],
  ['medic', 'description', 'May 23', 2],          // "freed on May 23"
  ['medic', 'description', 'May 23', 3],          // "told her on May 23"
];
const selected = [['medic', 'description', 'Russian', 4]]; // "Russian guards", after the no-break space

test('every passage the intake cites is anchored where it was clicked or selected: 2nd, 3rd, 4th occurrences', async () => {
  const p = await keyed(`#/sources/${sourceId}/intake`);
  await p.waitForSelector('#article a.hl');
  // The block of furniture between the paragraphs is folded, and the words before are not where
  // a UTF-16 count would put them.
  assert.ok(await p.locator('#article details.furniture:not([open])').count() >= 1);
  for (const [, , words, n] of [...clicked, ...selected]) assert.notEqual(at(words, n).utf16, at(words, n).cp);
  // Two people of the story without a name, and the medic the extraction found.
  const card = {};
  for (const [who, name] of [['negotiator', 'A Russian negotiator'], ['diplomat', 'An Israeli diplomat']]) {
    await p.click('.adders button[data-collection="people"]');
    // Held by its place among the cards (a locator's last() would follow the next card added).
    card[who] = p.locator('section.draft[data-collection="people"]').nth(await p.locator('section.draft[data-collection="people"]').count() - 1);
    await card[who].locator('input[name="name"]').fill(name);
  }
  card.medic = p.locator('section.draft:has(input[name="name"][value="Olena Marchenko"])');
  const chips = (who) => card[who].locator('.cite-chip').count();
  for (const [who, field, words, n] of clicked) {
    const had = await chips(who);
    await card[who].locator(`[data-field="${field}"] input, [data-field="${field}"] textarea`).first().click();
    await highlight(p, words, n).click();
    assert.equal(await chips(who), had + 1, `${words} #${n} cited for ${who}`);
  }
  for (const [who, field, words, n] of selected) {
    const had = await chips(who);
    await card[who].locator(`[data-field="${field}"] input, [data-field="${field}"] textarea`).first().click();
    await selectNth(p, words, n);
    await p.click('#cite-selection');
    assert.equal(await chips(who), had + 1, `the selected ${words} #${n} cited for ${who}`);
  }
  await p.click('#save-all');
  await expectTitle(p, `${TITLE} · swaptrack`);
  const stored = (await server.get(`/v1/sources/${sourceId}/citations?limit=500`)).items;
  const people = new Map((await server.get('/v1/people?limit=500')).items.map((x) => [x.name, x.id]));
  const named = { negotiator: 'A Russian negotiator', diplomat: 'An Israeli diplomat', medic: 'Olena Marchenko' };
  for (const [who, field, words, n] of [...clicked, ...selected]) {
    const want = at(words, n).cp;
    const c = stored.find((x) => x.subject_id === people.get(named[who]) && x.field === field && x.quote === words &&
      x.anchor && x.anchor.start === want);
    assert.ok(c, `${field} “${words}” #${n} is anchored at code point ${want}: ` +
      JSON.stringify(stored.filter((x) => x.quote === words).map((x) => [x.field, x.anchor && x.anchor.start])));
    assert.equal(c.anchor.exact, words);
  }
  // And every citation the intake stored, the proposed ones too, stands where its words are.
  for (const c of stored) assert.equal(c.anchor.exact.replace(/\s+/g, ' '), c.quote.replace(/\s+/g, ' '), JSON.stringify(c));
  assert.deepEqual(p.errors || [], []);
  await p.close();
});

test('re-opening the intake shows what is recorded from the article as stored; a stored passage is never cited twice', async () => {
  const count = async () => (await server.get(`/v1/sources/${sourceId}/citations?limit=500`)).items.length;
  const before = await count();
  const p = await keyed(`#/sources/${sourceId}/intake`);
  // What the article gave already, named at the top; the medic's card shows her as stored,
  // read-only, with the passages stored from this article marked so.
  await p.waitForSelector('#recorded a:has-text("Olena Marchenko")');
  const ref = await p.locator('section.draft:has(h3:has-text("Olena Marchenko — on record"))').getAttribute('data-ref');
  const medic = p.locator(`section.draft[data-ref="${ref}"]`);
  await medic.locator('.cite-chip.stored').first().waitFor();
  assert.equal(await medic.locator('.card-fields:not([hidden])').count(), 0);
  assert.match(await medic.locator('.card-summary').textContent(), /Olena Marchenko/);
  // Edited, the same passage for the same field is refused: it is stored already.
  await medic.locator('button.edit-record').click();
  await medic.locator('[data-field="description"] textarea, [data-field="description"] input').first().click();
  const chips = await medic.locator('.cite-chip').count();
  await highlight(p, 'May 23', 2).click();
  await p.waitForSelector('#intake-status:has-text("it is stored, and not stored twice")');
  assert.equal(await medic.locator('.cite-chip').count(), chips);
  // What the extraction proposes that is not on record yet is left out; nothing else changed:
  // nothing is sent, and nothing is stored twice.
  while (await p.locator('section.draft:has(h3:text-matches("^New "))').count())
    await p.locator('section.draft:has(h3:text-matches("^New "))').first().locator('button.leave-out').click();
  await p.click('#save-all');
  await p.waitForSelector('#intake-status .notice, #saved');
  assert.match(await p.textContent('#intake-status .notice, #saved'), /nothing to save/);
  assert.equal(await count(), before);
  assert.deepEqual(p.errors || [], []);
  await p.close();
});

test('"Add a citation" anchors the words selected in the source\'s article, at that occurrence', async () => {
  const people = (await server.get('/v1/people?limit=500')).items;
  const diplomat = people.find((x) => x.name === 'An Israeli diplomat');
  const p = await keyed(`#/people/${diplomat.id}`);
  await p.click('summary:has-text("Add a citation")');
  await p.waitForSelector('#f-quote');
  await pick(p, 'f-source_id', 'Istanbul deal', 'Ukraine and Russia trade');
  await p.waitForSelector('.cite-reader #article p');
  await selectNth(p, 'Israeli', 1);
  await p.click('#quote-selection');
  assert.equal(await p.inputValue('#f-quote'), 'Israeli');
  await p.fill('#f-field', 'description');
  await p.click('section.add-citation button[type="submit"]');
  await p.waitForSelector(`.claim:has(blockquote:has-text("Israeli")) .tag:has-text("description")`);
  const mine = (await server.get(`/v1/citations?subject_type=person&subject_id=${diplomat.id}&limit=500`)).items
    .filter((c) => c.field === 'description');
  assert.equal(mine.length, 1);
  assert.equal(mine[0].anchor.start, at('Israeli', 1).cp);
  await p.close();
});

test('words that support two records lead to both; the highlights pass the axe-core scan', async () => {
  const people = (await server.get('/v1/people?limit=500')).items;
  const medic = people.find((x) => x.name === 'Olena Marchenko');
  // The negotiator's "Russian" (2nd) cited for the medic too: one passage, two records.
  await write('POST', '/v1/citations', { source_id: sourceId, subject_type: 'person', subject_id: medic.id,
    field: 'description', quote: 'Russian', quote_start: at('Russian', 2).cp });
  const p = await keyed(`#/sources/${sourceId}`, 1280, { bypassCSP: true });
  await p.waitForSelector('#article a.hl.many');
  await p.locator('#article a.hl.many', { hasText: /^Russian$/ }).first().click();
  await p.waitForSelector('.hl-menu li');
  const names = await p.locator('.hl-menu li').allTextContents();
  assert.ok(names.some((x) => x.includes('A Russian negotiator')) && names.some((x) => x.includes('Olena Marchenko')), names.join(' | '));
  assert.deepEqual(await axeViolations(p), []);
  await p.click('.hl-menu a:has-text("Olena Marchenko")');
  await expectTitle(p, 'Olena Marchenko · swaptrack');
  await p.close();
});
