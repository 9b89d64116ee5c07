// The reporting fixtures (tests/fixtures/reporting/README.md) are well formed: every article has
// its truth, every text the truth quotes stands in the article as written, and every code and
// category is one the API takes. A truth that names words the article lacks would measure the
// extraction against nothing. Run alone: node --test tests/tools/reporting.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';

const dir = new URL('../fixtures/reporting/', import.meta.url).pathname;

const categories = new Set(['prisoners_of_war', 'civilians', 'hostages', 'political_prisoners',
  'detainees', 'remains', 'other']);
const kinds = new Set(['person', 'organisation', 'unnamed']);
const languages = new Set(['en', 'en-US', 'en-GB', 'ru', 'uk']);
const partial = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const side = /^([A-Z]{2}|[a-z][a-z0-9-]{2,})$/;

function articles() {
  const out = [];
  for (const set of ['held', 'dev']) {
    if (!existsSync(dir + set)) continue;
    for (const f of readdirSync(dir + set).sort())
      if (f.endsWith('.txt')) out.push({ set, name: f.slice(0, -4), path: `${dir}${set}/${f.slice(0, -4)}` });
  }
  return out;
}

function check(a) {
  const text = readFileSync(a.path + '.txt', 'utf8');
  const where = `${a.set}/${a.name}`;
  assert.ok(existsSync(a.path + '.json'), `${where}: no truth beside it`);
  assert.ok(!text.includes('\r'), `${where}: LF line ends`);
  const t = JSON.parse(readFileSync(a.path + '.json', 'utf8'));
  const has = (s, what) => assert.ok(typeof s === 'string' && s.length && text.includes(s),
    `${where}: ${what} "${s}" is not in the article`);
  assert.ok(languages.has(t.language), `${where}: language ${t.language}`);
  assert.match(t.published, partial, `${where}: published`);
  assert.equal(typeof t.reproduces, 'string', `${where}: reproduces`);
  for (const k of ['people', 'quotes', 'reports', 'dates', 'countries', 'parties', 'counts'])
    assert.ok(Array.isArray(t[k]), `${where}: ${k} is a list`);
  assert.equal(new Set(t.people).size, t.people.length, `${where}: people listed once each`);
  for (const p of t.people) assert.ok(typeof p === 'string' && p.trim() === p && p, `${where}: person ${p}`);
  for (const q of t.quotes) {
    has(q.text, 'quote');
    assert.ok(q.speaker === null || (typeof q.speaker === 'string' && kinds.has(q.kind)),
      `${where}: quote "${q.text}" speaker and kind`);
    if (q.kind === 'person') assert.ok(t.people.includes(q.speaker), `${where}: speaker ${q.speaker} is among the people`);
  }
  for (const r of t.reports) {
    has(r.text, 'report');
    assert.equal(typeof r.source, 'string', `${where}: report "${r.text}" source`);
    assert.ok(r.outlet === null || typeof r.outlet === 'string', `${where}: report outlet`);
  }
  for (const d of t.dates) {
    has(d.text, 'date');
    assert.match(d.value, partial, `${where}: date "${d.text}" value`);
    assert.ok(d.ambiguous === undefined || typeof d.ambiguous === 'boolean', `${where}: ambiguous`);
  }
  for (const c of t.countries) assert.match(c, /^[A-Z]{2}$/, `${where}: country ${c}`);
  assert.equal(new Set(t.countries).size, t.countries.length, `${where}: countries once each`);
  for (const p of t.parties) {
    has(p.text, 'party');
    assert.match(p.code, /^[a-z][a-z0-9-]{2,}$/, `${where}: party code ${p.code}`);
  }
  for (const c of t.counts) {
    has(c.text, 'count');
    assert.ok(Number.isInteger(c.count) && c.count >= 1, `${where}: count "${c.text}"`);
    assert.equal(typeof c.approximate, 'boolean', `${where}: count "${c.text}" approximate`);
    assert.ok(categories.has(c.category), `${where}: count "${c.text}" category ${c.category}`);
    for (const s of ['released_by', 'released_to'])
      assert.ok(c[s] === null || side.test(c[s]), `${where}: count "${c.text}" ${s} ${c[s]}`);
  }
  if (t.swap !== null) {
    const s = t.swap;
    assert.ok(['completed', 'announced'].includes(s.status), `${where}: swap status`);
    assert.ok(s.occurred_on === null || partial.test(s.occurred_on), `${where}: swap occurred_on`);
    assert.ok(s.host === null || /^[A-Z]{2}$/.test(s.host), `${where}: swap host`);
    assert.ok(Array.isArray(s.releases) && Array.isArray(s.groups), `${where}: swap releases and groups`);
    assert.ok(s.releases.length + s.groups.length > 0, `${where}: a swap releases someone`);
    for (const r of s.releases) assert.ok(t.people.includes(r.name), `${where}: release ${r.name} is among the people`);
    for (const g of s.groups) {
      assert.ok(categories.has(g.category), `${where}: group category`);
      assert.ok(g.count === null || (Number.isInteger(g.count) && g.count >= 1), `${where}: group count`);
      assert.ok(side.test(g.released_by), `${where}: group released_by`);
    }
  }
  return t;
}

test('every reporting fixture has a truth that its article bears out', () => {
  const all = articles();
  assert.ok(all.length > 0, 'no fixtures');
  for (const a of all) check(a);
});

test('the sets are as large as issue 33 asks', () => {
  const all = articles().map((a) => ({ ...a, t: JSON.parse(readFileSync(a.path + '.json', 'utf8')) }));
  const held = all.filter((a) => a.set === 'held');
  const ru = (l) => l.filter((a) => a.t.language === 'ru');
  assert.ok(all.length >= 40, `${all.length} fixtures, 40 wanted`);
  assert.ok(ru(all).length >= 8, `${ru(all).length} Russian, 8 wanted`);
  assert.ok(held.length >= 16, `${held.length} held back, 16 wanted`);
  assert.ok(ru(held).length >= 4, `${ru(held).length} Russian held back, 4 wanted`);
});
