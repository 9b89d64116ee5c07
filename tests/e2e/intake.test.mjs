// The intake measured (issue 34): seven articles of our own (tests/fixtures/intake/: an exchange
// of named people, a multinational exchange of 24 named, a prisoner-of-war stage with counts, a
// Hamas tranche, a body repatriation, an exchange with terms, a Russian article) are each
// recorded into an empty database by a researcher played in a real Chromium (researcher.mjs),
// and what is stored is compared with the truth record by record: the swap (status, date, host,
// named releases with their sides and remains, counted groups, terms), the detentions, the
// statements and their speakers, the talks, and a citation of this article on each. Each prints
// its actions (clicks and key presses other than text typed) and fields typed; above 40 actions
// it fails, and typing an id, a code or JSON fails at once.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { launch, newPage, enterKey, ownServer } from './helpers.mjs';
import { researcher, cards, valueOf, sameName } from './researcher.mjs';

const LIMIT = 40;
const dir = 'tests/fixtures/intake/';
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ file: f, truth: JSON.parse(readFileSync(dir + f, 'utf8')) }));
const browser = await launch();
after(() => browser.close());

// The rows of a card's list field ("releases"), each {i, row}.
async function rows(card, list) {
  const out = [];
  for (const row of await card.locator(`[data-field="${list}"] li.row`).all()) out.push({ i: Number(await row.getAttribute('data-row')), row });
  return out;
}

// Sets a side field of scope to code (or clears it) when it differs.
async function side(r, scope, path, code) {
  const v = await valueOf(scope, path);
  if ((v.id || null) === (code || null)) return;
  const input = scope.locator(`[data-field="${path}"] .picker input`).first();
  if (code) return r.pickSide(input, code);
  await r.click(input);
  await r.key(input, 'Control+A');
  await r.key(input, 'Backspace');
}

async function leaveOut(p, r, card) {
  await r.click(card.locator('button.leave-out'));
  const ask = card.locator('.card-ask button:has-text("Leave them out")');
  if (await ask.count()) await r.click(ask);
}

async function record(p, r, t) {
  const swapT = t.swap;
  let swaps = cards(p, 'swaps');
  if (!(await swaps.count())) await r.click(p.locator('.adders button[data-collection="swaps"]'));
  const swap = cards(p, 'swaps').first();
  if ((await swap.locator('select[name="status"]').inputValue()) !== swapT.status) await r.choose(swap.locator('select[name="status"]'), swapT.status);
  const date = swap.locator('input[name="occurred_on"]');
  if ((await date.inputValue()) !== (swapT.occurred_on || '')) { await r.click(date); await r.type(date, swapT.occurred_on); }
  await side(r, swap, 'host', swapT.host);

  // Named releases: each the truth's, by person; the others removed.
  const have = [];
  for (const { i, row } of await rows(swap, 'releases'))
    have.push({ i, row, name: (await valueOf(row, `releases[${i}].person_id`)).label });
  const used = new Set();
  for (const want of swapT.releases) {
    let got = have.find((x) => !used.has(x) && sameName(x.name, want.name));
    if (!got) {
      await r.click(swap.locator('[data-field="releases"] button.add-row'));
      const all = await rows(swap, 'releases');
      const { i, row } = all[all.length - 1];
      await r.pick(row.locator(`[data-field="releases[${i}].person_id"] input`), want.name);
      got = { i, row, name: want.name };
    }
    used.add(got);
    await side(r, got.row, `releases[${got.i}].released_by`, want.released_by);
    await side(r, got.row, `releases[${got.i}].released_to`, want.released_to);
    const remains = got.row.locator(`[data-field="releases[${got.i}].remains"] select`);
    if (want.remains && (await remains.inputValue()) !== 'true') await r.choose(remains, 'true');
  }
  for (const x of have) if (!used.has(x)) await r.click(x.row.locator(':scope > button.remove'));

  // Counted groups: matched by sides and category, the count set; the others removed.
  const groups = [];
  for (const { i, row } of await rows(swap, 'groups'))
    groups.push({ i, row, by: (await valueOf(row, `groups[${i}].released_by`)).id, to: (await valueOf(row, `groups[${i}].released_to`)).id,
      category: await row.locator(`[data-field="groups[${i}].category"] select`).inputValue(),
      count: await row.locator(`[data-field="groups[${i}].count"] input`).inputValue() });
  const gUsed = new Set();
  for (const want of swapT.groups) {
    const score = (g) => (g.by === want.released_by) + (g.to === want.released_to) + (g.category === want.category) + (Number(g.count) === want.count);
    let got = groups.filter((g) => !gUsed.has(g)).sort((a, b) => score(b) - score(a))[0];
    if (!got || score(got) < 2) {
      await r.click(swap.locator('[data-field="groups"] button.add-row'));
      const all = await rows(swap, 'groups');
      got = { ...all[all.length - 1], by: null, to: null, category: '', count: '' };
    }
    gUsed.add(got);
    const { i, row } = got;
    await side(r, row, `groups[${i}].released_by`, want.released_by);
    await side(r, row, `groups[${i}].released_to`, want.released_to);
    if (got.category !== want.category) await r.choose(row.locator(`[data-field="groups[${i}].category"] select`), want.category);
    if (Number(got.count) !== want.count) {
      const c = row.locator(`[data-field="groups[${i}].count"] input`);
      await r.click(c);
      await r.type(c, want.count, { number: true });
    }
  }
  for (const g of groups) if (!gUsed.has(g)) await r.click(g.row.locator(':scope > button.remove'));

  // Terms: matched by kind; by, amount and currency set.
  const terms = [];
  for (const { i, row } of await rows(swap, 'terms')) terms.push({ i, row, kind: await row.locator(`[data-field="terms[${i}].kind"] select`).inputValue() });
  const tUsed = new Set();
  for (const want of swapT.terms) {
    let got = terms.find((x) => !tUsed.has(x) && x.kind === want.kind);
    if (!got) {
      await r.click(swap.locator('[data-field="terms"] button.add-row'));
      const all = await rows(swap, 'terms');
      got = { ...all[all.length - 1], kind: '' };
      await r.choose(got.row.locator(`[data-field="terms[${got.i}].kind"] select`), want.kind);
      const d = got.row.locator(`[data-field="terms[${got.i}].description"] input, [data-field="terms[${got.i}].description"] textarea`);
      await r.click(d);
      await r.type(d, want.description);
    }
    tUsed.add(got);
    const { i, row } = got;
    await side(r, row, `terms[${i}].by`, want.by);
    const amount = row.locator(`[data-field="terms[${i}].amount"] input`);
    if ((await amount.inputValue()) !== (want.amount === null || want.amount === undefined ? '' : String(want.amount))) {
      await r.click(amount);
      await r.type(amount, want.amount ?? '', { number: true });
    }
    const cur = await valueOf(row, `terms[${i}].currency`);
    if ((cur.id || null) !== (want.currency || null) && want.currency)
      await r.pick(row.locator(`[data-field="terms[${i}].currency"] input`), 'US Dollar', '(USD');
  }
  for (const x of terms) if (!tUsed.has(x)) await r.click(x.row.locator(':scope > button.remove'));

  // Detentions: one for each of the truth's, held by the side it names; the others left out.
  const dets = [];
  for (const card of await cards(p, 'detentions').all()) dets.push({ card, name: (await valueOf(card, 'person_id')).label });
  const dUsed = new Set();
  for (const want of t.detentions) {
    let got = dets.find((x) => !dUsed.has(x) && sameName(x.name, want.name));
    if (!got) {
      await r.click(p.locator('.adders button[data-collection="detentions"]'));
      const card = cards(p, 'detentions').last();
      await r.pick(card.locator('[data-field="person_id"] input'), want.name);
      await r.choose(card.locator('select[name="status"]'), 'held');
      got = { card, name: want.name };
    }
    dUsed.add(got);
    await side(r, got.card, 'country', want.country);
  }
  for (const x of dets) if (!dUsed.has(x)) await leaveOut(p, r, x.card);

  // The talks: left out when the article reports none, else their status.
  const talks = cards(p, 'negotiations');
  if (!t.negotiation) { for (const c of await talks.all()) await leaveOut(p, r, c); }
  else {
    if (!(await talks.count())) {
      await r.click(p.locator('.adders button[data-collection="negotiations"]'));
      await r.type(cards(p, 'negotiations').first().locator('input[name="title"]'), t.negotiation.title);
    }
    const st = cards(p, 'negotiations').first().locator('select[name="status"]');
    if ((await st.inputValue()) !== t.negotiation.status) await r.choose(st, t.negotiation.status);
  }

  // Statements: each from its quotation in one click, the speaker corrected if need be.
  for (const want of t.statements) {
    const li = p.locator('#found li[data-quote]', { hasText: want.starts }).first();
    await r.click(li.locator('button'));
    const card = cards(p, 'statements').last();
    const v = await valueOf(card, 'speaker_id');
    const text = await card.locator('input[name="speaker"]').inputValue();
    if (!sameName(v.label, want.speaker) && !sameName(text, want.speaker)) {
      const person = (await p.locator('#drafts section.draft[data-collection="people"] input[name="name"]').evaluateAll((xs) => xs.map((x) => x.value)))
        .concat(await p.locator('#aside li button').allTextContents().then((xs) => xs.map((x) => x.replace(/^Include /, ''))));
      if (person.some((n) => sameName(n, want.speaker))) await r.pick(card.locator('[data-field="speaker_id"] input'), want.speaker);
      else { const s = card.locator('input[name="speaker"]'); await r.click(s); await r.type(s, want.speaker); }
    }
  }

  // People no card names any more and the truth does not know (named as released by mistake).
  const known = [...swapT.releases.map((x) => x.name), ...t.detentions.map((x) => x.name), ...t.statements.map((x) => x.speaker)];
  for (const ref of await cards(p, 'people').evaluateAll((xs) => xs.map((x) => x.dataset.ref))) {
    const card = p.locator(`#drafts > section.draft[data-ref="${ref}"]`);
    const name = await card.locator('input[name="name"]').inputValue().catch(() => '');
    const named = await p.locator(`#drafts .picker[data-id="ref:${ref}"]`).count();
    if (name && !named && !known.some((k) => sameName(k, name))) await leaveOut(p, r, card);
  }
}

// What is stored, as comparable lines, and the same lines from the truth.
async function stored(get, url) {
  const all = async (c) => (await get(`/v1/${c}?limit=500`)).items;
  const [people, swaps, dets, said, talks] = await Promise.all(['people', 'swaps', 'detentions', 'statements', 'negotiations'].map(all));
  const who = (id) => (people.find((x) => x.id === id) || {}).name;
  const cited = (r) => r.citations.some((c) => c.source.url === url && c.anchor);
  return { people, swaps, dets, said, talks, who, cited };
}

const norm = (s) => String(s || '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, "'");
const lines = (xs) => xs.map((x) => x.join(' | ')).sort();

for (const [n, { file, truth: t }] of fixtures.entries()) {
  test(`intake, measured: ${t.kind} (${file}) is recorded exactly in at most ${LIMIT} actions, no code typed`, async () => {
    const own = await ownServer(`e2e_intake_m${n}`);
    try {
      const S = JSON.parse(readFileSync('api-docs/openapi.json', 'utf8'));
      const countries = S.components.schemas.country['x-names'];
      const p = await newPage(browser, 1400);
      await p.goto(`${own.base}/#/`);
      await enterKey(p, own.key);
      const r = researcher(p, { countries, parties: (await own.get('/v1/parties?limit=500')).items });
      await p.goto(`${own.base}/#/intake`);
      await p.waitForSelector('#f-article-url');
      const content = readFileSync(`tests/fixtures/${t.article}.txt`, 'utf8');
      for (const [f, v] of [['url', t.url], ['title', t.title], ['outlet', t.outlet], ['published_on', t.published_on], ['content', content]])
        await r.type(p.locator(`#f-article-${f}`), v);
      const lang = t.language.split('-')[0];
      if (lang !== 'en') await r.choose(p.locator('#f-article-language'), lang);
      await r.click(p.locator('#new-article button[type="submit"]'));
      await p.waitForSelector('#save-all');
      await p.waitForTimeout(300);   // the pickers' names, read after the cards are drawn
      // What the page showed when the researcher got stuck, for whoever reads the failure.
      await record(p, r, t).catch(async (e) => {
        await p.screenshot({ path: `build/e2e-intake-${file.replace(/\.json$/, '')}.png`, fullPage: true }).catch(() => {});
        if (process.env.E2E_DEBUG) console.log(await p.evaluate(() => [...document.querySelectorAll('#drafts > section.draft')].map((c) => `${c.dataset.collection} ${JSON.stringify(c.getBoundingClientRect())} ${c.querySelector('.card-fields')?.hidden}`).join('\n')));
        throw e;
      });
      await r.click(p.locator('#save-all'));
      // Saved (the intake leaves for the source's page, whose own reading of the article may take
      // a while on a busy machine), or a notice on the intake that says why not.
      await p.waitForFunction(() => !location.hash.endsWith('/intake') || document.querySelector('#intake-status .notice'),
        null, { timeout: 60000 }).catch(() => {});
      if (await p.evaluate(() => location.hash.endsWith('/intake')))
        assert.fail(`not saved: ${await p.textContent('#intake-status').catch(() => '(no status)')} ${(await p.locator('.card-error, .field .error').allTextContents().catch(() => [])).filter(Boolean).join(' | ')} ${p.errors.join(' | ')}`);
      console.log(`# intake, measured: ${file}: ${r.count.actions} actions, ${r.count.typed} fields typed (5 of them the article)`);
      if (process.env.E2E_DEBUG) console.log(r.count.log.join('\n'));

      const got = await stored(own.get, t.url);
      // The swap, part by part.
      assert.equal(got.swaps.length, 1, 'one swap');
      const s = got.swaps[0];
      assert.deepEqual([s.status, s.occurred_on, s.host ?? null], [t.swap.status, t.swap.occurred_on, t.swap.host ?? null], 'the swap');
      const name = (id) => got.who(id);
      const truthName = (x) => (got.people.find((q) => sameName(q.name, x)) || { name: x }).name;
      assert.deepEqual(lines(s.releases.map((x) => [name(x.person_id), x.released_by, x.released_to, !!x.remains])),
        lines(t.swap.releases.map((x) => [truthName(x.name), x.released_by, x.released_to, !!x.remains])), 'the releases');
      assert.deepEqual(lines(s.groups.map((x) => [x.released_by, x.released_to, x.count, x.category])),
        lines(t.swap.groups.map((x) => [x.released_by, x.released_to, x.count, x.category])), 'the groups');
      assert.deepEqual(lines(s.terms.map((x) => [x.kind, x.by, x.amount ?? null, x.currency ?? null])),
        lines(t.swap.terms.map((x) => [x.kind, x.by, x.amount ?? null, x.currency ?? null])), 'the terms');
      assert.ok(got.cited(s), 'the swap is cited from the article');
      // The detentions, each cited.
      assert.deepEqual(lines(got.dets.map((x) => [name(x.person_id), x.country])),
        lines(t.detentions.map((x) => [truthName(x.name), x.country])), 'the detentions');
      for (const d of got.dets) assert.ok(got.cited(d), `the detention of ${name(d.person_id)} is cited`);
      // The statements: speaker, kind, words; each cited.
      assert.equal(got.said.length, t.statements.length, 'the statements');
      for (const want of t.statements) {
        const x = got.said.find((y) => norm(y.text).includes(norm(want.starts)));
        assert.ok(x, `a statement “${want.starts}”`);
        const speaker = x.speaker_id ? name(x.speaker_id) : x.speaker;
        assert.ok(sameName(speaker, want.speaker) || norm(speaker) === norm(want.speaker), `${speaker} for ${want.speaker}`);
        assert.equal(x.kind, want.kind);
        assert.ok(got.cited(x), 'the statement is cited');
      }
      // The talks.
      assert.deepEqual(got.talks.map((x) => x.status), t.negotiation ? [t.negotiation.status] : [], 'the talks');
      assert.deepEqual(p.errors, []);
      assert.ok(r.count.actions <= LIMIT, `${r.count.actions} actions (at most ${LIMIT})`);
      await p.close();
    } finally {
      await own.stop();
    }
  });
}
