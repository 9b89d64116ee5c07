// The intake's proposed citations (web/passages.js), on the seed article as scraped: the phrase
// that names each person, a quotation with its attribution, a report with what it reports.
// Each is the passage a researcher cited in the demo data (scripts/demo/seed.batch.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describing, quotedSentence, reportedClause } from '../../web/passages.js';

const seed = JSON.parse(readFileSync(new URL('../../scripts/demo/seed.batch.json', import.meta.url), 'utf8'));
const content = seed.operations[0].record.content;
const cps = Array.from(content);
// The code-point span of the first occurrence of words.
const span = (words) => {
  const at = Array.from(content.slice(0, content.indexOf(words))).length;
  return [at, at + Array.from(words).length];
};

test('the phrase that names a person runs back to a function word, a mark or the line start', () => {
  const want = {
    'Kirill Dmitriev': 'President Vladimir Putin’s economic envoy Kirill Dmitriev',   // from the line's start
    'Steve Witkoff': 'U.S. President Donald Trump’s special envoy Steve Witkoff',      // not "with"
    'Marc Fogel': 'former U.S. Embassy employee Marc Fogel',                           // not "of"; "U.S." is a word
    'Ksenia Karelina': 'U.S.-Russian dual national Ksenia Karelina',                   // not past the no-break space
    'Vladimir Putin': 'President Vladimir Putin',
    'Donald Trump': 'U.S. President Donald Trump',
  };
  for (const [name, phrase] of Object.entries(want)) assert.equal(describing(cps, ...span(name)), phrase, name);
  // A name with nothing before it but a mark is not described.
  assert.equal(describing(cps, ...span('Trump and his administration')), null);
  // "meeting." ends a sentence: the description does not reach back into it.
  const text = Array.from('They met. Envoy Kirill Dmitriev spoke.');
  assert.equal(describing(text, 16, 31), 'Envoy Kirill Dmitriev');
});

test('a quotation is cited with its attribution, to the end of the sentence', () => {
  const [a] = span('I met some U.S. officials');
  const [, b] = span('I met some U.S. officials and members of the Trump team on some issues that are humanitarian in nature, such as possible exchanges of prisoners that the U.S. side has been working on');
  assert.equal(quotedSentence(cps, a, b), '“I met some U.S. officials and members of the Trump team on some issues that are ' +
    'humanitarian in nature, such as possible exchanges of prisoners that the U.S. side has been working on,” Dmitriev told Axios in a phone interview.');
});

test('a report is cited with what it reports, to the end of its clause', () => {
  assert.equal(reportedClause(cps, ...span('A U.S. official confirmed to Axios')),
    'A U.S. official confirmed to Axios that the idea of a prisoner exchange was discussed during the meeting');
  assert.equal(reportedClause(cps, ...span('Reuters reported')), 'Reuters reported in May');
});
