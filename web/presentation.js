// What the dashboard shows of a few collections otherwise than it shows any collection: a name
// for records that have no field naming them, and the fields an intake card shows first. Every
// collection works without an entry here (labels.js and intake/card.js have the general rule);
// an entry only makes a known one read better.
//
// label(rec, ref, S): a record's name where it is picked or listed; ref(field) is the label of the
// record that reference names, S the API's description (a country's name). title(rec, ref): its page's heading. first: a card's fields.
// draft(values, named, S): what an intake card not saved yet is called, by what it is (named(field)
// is what a reference field names, by its name); null: the general rule.

export const presentation = {
  people: {
    first: ['name', 'name_native', 'citizenships', 'occupation', 'description'],
  },
  detentions: {
    draft: (v, named, S) => {
      const who = named('person_id');
      return who ? `${who}’s detention${v.country ? ` by ${S.countries[v.country] || v.country}` : ''}` : null;
    },
    label: async (r, ref, S) => `${await ref('person_id')}, held by ${(S && (S.countries[r.country] || S.sides.former[r.country])) || r.country}${r.detained_on ? ` since ${r.detained_on}` : ''}`,
    first: ['person_id', 'country', 'status', 'detained_on', 'released_on', 'charges'],
  },
  negotiations: {
    first: ['title', 'status', 'parties', 'mediators', 'started_on', 'summary', 'participants'],
  },
  swaps: {
    draft: (v, named, S) => `the swap${v.occurred_on ? ` of ${v.occurred_on}` : ''}${v.place ? ` in ${v.place}` : v.host && S.countries[v.host] ? ` in ${S.countries[v.host]}` : ''}`,
    label: async (r) => `Swap${r.place ? ` in ${r.place}` : ''}, ${r.occurred_on}`,
    title: async (r) => (r.place ? `Swap in ${r.place}` : `Swap ${r.id}`),
    first: ['status', 'occurred_on', 'place', 'host', 'releases', 'groups', 'terms', 'negotiation_id'],
  },
  statements: {
    draft: (v, named) => {
      const who = named('speaker_id') || v.speaker;
      return `${who ? `${who}’s statement` : 'a statement'}${v.text ? `: ${v.text.slice(0, 40)}` : ''}`;
    },
    label: async (r) => `${r.said_on || 'undated'}: ${r.text.slice(0, 60)}`,
    title: async (r, ref) => `Statement by ${r.speaker_id ? await ref('speaker_id') : r.speaker || 'someone'}`,
    first: ['speaker_id', 'speaker', 'audience', 'said_on', 'kind', 'text', 'negotiation_id', 'person_id'],
  },
};
