// A researcher at the intake, as a browser test plays one: given an article and its truth
// (tests/fixtures/intake/), it pastes the article, reads the cards the intake proposes, and does
// by mouse and keyboard only what the truth needs that the cards do not say yet: a side picked by
// its name, a release row added or removed, a card left out, a statement made from a quotation.
// It counts what it does: actions (clicks and key presses other than text typed into a field)
// and fields typed, and refuses to type an id, a code or JSON: sides, countries, categories,
// kinds and currencies are picked by name. What it stores is then compared with the truth.
import assert from 'node:assert/strict';

const fold = (s) => String(s || '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, "'").trim();
const NEW = / \(new, in this batch\)$/;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

// One person's names agree: the same, or one the other's surname ("Biden" for "Joe Biden").
export function sameName(a, b) {
  const x = fold(a).replace(NEW, ''), y = fold(b).replace(NEW, '');
  if (!x || !y) return false;
  if (x === y) return true;
  const last = (s) => s.split(/\s+/).pop();
  return (x.split(/\s+/).length === 1 && last(y) === x) || (y.split(/\s+/).length === 1 && last(x) === y);
}

export function researcher(p, { countries, parties }) {
  const count = { actions: 0, typed: 0, log: [] };
  const note = (what) => count.log.push(`${count.actions}: ${what}`);
  const sideName = (code) => (countries[code] || (parties.find((x) => x.code === code) || {}).name || code);
  // Text typed into a field: never an id, a code or JSON.
  // number: a count or an amount, which is typed as a number.
  const type = async (locator, value, { number = false } = {}) => {
    const v = String(value);
    assert.ok(number || !/^\d+$/.test(v) || /^(19|20)\d\d$/.test(v), `typed an id: ${v}`);
    assert.ok(!(/^[A-Z]{2}$/.test(v) && countries[v]) && !(/^[A-Z]{3}$/.test(v) && CURRENCIES.has(v)), `typed a code: ${v}`);
    assert.ok(!parties.some((x) => x.code === v && x.name !== v), `typed a party's code: ${v}`);
    assert.ok(!/^\s*[[{]/.test(v), `typed JSON: ${v}`);
    count.typed++;
    await locator.fill(v);
  };
  const click = async (locator) => { count.actions++; note(`click ${locator}`.slice(0, 160)); await locator.click(); };
  const key = async (locator, k) => { count.actions++; await locator.press(k); };
  const choose = async (select, value) => { count.actions += 2; note(`choose ${value}`); await select.selectOption(value); };
  // A picker: focus it, type the name, take the first suggestion that is the one meant.
  const pick = async (input, typed, want = typed) => {
    await click(input);
    await type(input, typed);
    const list = p.locator(`#${await input.getAttribute('aria-controls')}`);
    const option = list.locator('li[role="option"]', { hasText: want }).first();
    await option.waitFor({ timeout: 5000 });
    const at = await list.locator('li[role="option"]').evaluateAll((xs, w) => xs.findIndex((x) => x.textContent.includes(w)), want);
    // Enter takes the first suggestion; the arrows reach another.
    for (let i = 0; i < at; i++) await key(input, 'ArrowDown');
    if (at > 0) await key(input, 'ArrowDown');
    await key(input, 'Enter');
  };
  const pickSide = (input, code) => pick(input, sideName(code), `(${code}`);
  return { count, type, click, key, choose, pick, pickSide, sideName };
}

// The cards of a collection, and what a card's field holds: a picker's code or label, a field's
// value.
export const cards = (p, collection) => p.locator(`#drafts > section.draft[data-collection="${collection}"]`);
export async function valueOf(scope, path) {
  return scope.locator(`[data-field="${path}"]`).first().evaluate((f) => {
    const picker = f.querySelector(':scope > .picker');
    if (picker) return { id: picker.dataset.id || null, label: picker.querySelector('input').value };
    const el = f.querySelector(':scope > input, :scope > select, :scope > textarea');
    return { id: el ? el.value : null, label: el ? el.value : null };
  });
}
