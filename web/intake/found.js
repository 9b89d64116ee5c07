// What the extraction (GET /v1/sources/{id}/extract) proposes: a card for each person it found
// (the one on record, or a new person with the words before the name as occupation, already
// cited), and the quotations and reports it found, each a statement in one click.
import { h, empty } from '../dom.js';
import { describing, quotedSentence, reportedClause } from '../passages.js';
import { draft } from './card.js';

// A card for each person found, once a name: the one on record as it is stored (mine: the cards
// of records recorded from this article already, by "people/id"), or a new person described
// where a mention has words before the name, the phrase that names them cited (as their
// citizenship when it says "national" or "citizen", with the countries it names; else as their
// occupation, the words before the name filled in). A record on record gets no citation it was
// not asked for. Returns the cards by name.
export function peopleCards(board, ex, cps, mine = new Map()) {
  const people = new Map();
  if (!board.S.get('people')) return people;
  const described = new Map();
  for (const p of ex.people)
    if (p.role && !described.has(p.name)) described.set(p.name, { p, phrase: describing(cps, p.start, p.end) });
  for (const p of ex.people) {
    if (people.has(p.name)) continue;
    const had = p.match && mine.get(`${board.S.get('people').name}/${p.match.id}`);
    if (had) { people.set(p.name, had); continue; }
    if (p.match) { people.set(p.name, draft(board, 'people', { name: p.name }, { existing: p.match.id })); continue; }
    const dsc = described.get(p.name);
    const values = { name: p.name };
    const citations = [];
    if (dsc && dsc.phrase) {
      const national = /\b(national|citizen)s?\b/i.test(dsc.p.role);
      const from = dsc.p.end - Array.from(dsc.phrase).length;
      if (national) {
        const codes = [...new Set(ex.countries.filter((c) => c.start >= from && c.end <= dsc.p.start).map((c) => c.code))];
        if (codes.length) values.citizenships = codes;
      } else {
        values.occupation = dsc.p.role.replace(/’/g, "'");
      }
      citations.push({ field: national ? 'citizenships' : 'occupation', quote: dsc.phrase, start: from });
    }
    people.set(p.name, draft(board, 'people', values, { citations }));
  }
  return people;
}

// The quotations and reports found, each with a button that makes it a statement's card (its
// speaker the person's card when there is one, its passage cited); the dates and countries.
export function foundList(board, ex, cps, people) {
  const s = board.source;
  const speakerOf = (q) => {
    const name = q.speaker && q.speaker.name;
    const d = name && people.get(name);
    if (!d) return { speaker: q.speaker ? q.speaker.text : undefined };
    board.include(d);
    return d.existing ? { speaker_id: d.existing } : { speaker_id: { ref: d.ref, label: `${name} (new, in this batch)` } };
  };
  const audienceOf = (attributed) => (attributed && attributed.includes(', to ') ? attributed.split(', to ').pop() : undefined);
  const stating = !!board.S.get('statements');
  // What a statement is about: the swap being recorded from the article, else its talks.
  const about = () => {
    const live = (c) => board.drafts.find((d) => d.collection === c && !d.removed);
    const [swap, talks] = [live('swaps'), live('negotiations')];
    const id = (d) => d.existing || { ref: d.ref, label: `${d.label()} (new, in this batch)` };
    return swap ? { swap_id: id(swap) } : talks ? { negotiation_id: id(talks) } : {};
  };
  const statement = (values, quote) => draft(board, 'statements', { ...about(), ...values, said_on: s.published_on || undefined }, { citations: [quote] });
  const button = (onclick) => (stating ? [' ', h('button', { type: 'button', class: 'small', onclick }, 'Record as a statement')] : null);
  return h('div', { class: 'found', id: 'found' },
    h('h2', {}, 'What the article says'),
    ex.quotes.length + ex.reports.length === 0 ? empty('No quotation or attribution was found.') :
      h('ul', { class: 'list' }, [
        ...ex.quotes.map((q, i) => h('li', { 'data-quote': i }, h('span', { class: 'tag' }, 'quote'), ` “${q.text}”`,
          q.attributed_to ? ` — ${q.attributed_to}` : '', button(() => {
            // The sentence from its opening quotation mark, when there is one.
            const from = q.start > 0 && /[“"‘']/.test(cps[q.start - 1]) ? q.start - 1 : q.start;
            const d = statement({ ...speakerOf(q), audience: audienceOf(q.attributed_to), kind: 'quote', text: q.text },
              { field: 'text', quote: quotedSentence(cps, q.start, q.end), attributed_to: q.attributed_to, start: from });
            d.card.scrollIntoView({ block: 'nearest' });
            // Its words, not its speaker's picker, whose suggestions would lie over the card.
            d.card.querySelector('[data-field="text"] textarea, [data-field="text"] input').focus();
          }))),
        ...ex.reports.map((r, i) => h('li', { 'data-report': i }, h('span', { class: 'tag' }, 'report'), ` ${r.text}`, button(() => {
          const d = statement({ speaker: r.source || undefined, audience: r.outlet || undefined, kind: 'paraphrase' },
            { field: 'text', quote: reportedClause(cps, r.start, r.end), start: r.start });
          d.card.querySelector('[data-field="text"] textarea, [data-field="text"] input').focus();
        }))),
      ]),
    ex.dates.length ? h('p', {}, h('strong', {}, 'Dates: '), ex.dates.map((x, i) => [i ? ', ' : '', `${x.text} (${x.value})`])) : null,
    ex.countries.length ? h('p', {}, h('strong', {}, 'Countries: '),
      [...new Set(ex.countries.map((c) => c.code))].map((c, i) => [i ? ', ' : '', board.S.countries[c] || c])) : null);
}
