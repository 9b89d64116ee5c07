// A small program written against the client types that openapi-typescript generates from the
// server's OpenAPI document, compiled with tsc --strict and run against a test server with the
// demo data (client.test.mjs). Each call's body, query, headers and answer are typed from the
// document alone; the checks below then hold the server to those types and to the data.
import type { components, paths } from '../../build/client/api.js';

type S = components['schemas'];
declare const process: { env: Record<string, string | undefined>; exitCode?: number };

const base = process.env.SWAPTRACK_URL ?? '';
const key = process.env.SWAPTRACK_KEY ?? '';
let checks = 0;

function check(ok: boolean, what: string): void {
  checks++;
  if (!ok) throw new Error(`check failed: ${what}`);
}

type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

// A query as the document's parameters say: arrays comma-separated (style form, explode false).
function qs(q: Query): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    const text = Array.isArray(v) ? v.join(',') : String(v);
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(text)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

interface Answer<T> { status: number; headers: Headers; body: T }

async function call<T>(method: string, path: string, opts: { query?: Query; body?: unknown;
  headers?: Record<string, string>; type?: string } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}`, ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = opts.type ?? 'application/json';
  const init: RequestInit = { method, headers };
  if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
  const r = await fetch(`${base}${path}${qs(opts.query ?? {})}`, init);
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: (text ? JSON.parse(text) : null) as T };
}

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

// Create: a person with a citation given inline, the source named by its URL.
type CreatePerson = paths['/v1/people']['post'];
const article = 'https://www.themoscowtimes.com/2025/11/18/putin-envoy-dmitriev-discussed-prisoner-swap-with-white-house-officials-a91157';
const newPerson: CreatePerson['requestBody']['content']['application/json'] = {
  name: 'Witness Typed', citizenships: ['US'], occupation: 'envoy',
  citations: [{ source_url: article, field: 'occupation', quote: 'special envoy Steve Witkoff' }],
};
const created = await call<Json<CreatePerson['responses'][201]>>('POST', '/v1/people',
  { body: newPerson, query: { duplicate: 'allow' } satisfies NonNullable<CreatePerson['parameters']['query']> });
check(created.status === 201, `create: ${created.status}`);
const etag: CreatePerson['responses'][201]['headers']['ETag'] = created.headers.get('ETag') ?? '';
const location: CreatePerson['responses'][201]['headers']['Location'] = created.headers.get('Location') ?? '';
check(etag.startsWith('"1.'), `ETag ${etag}`);
check(location === `/v1/people/${created.body.id}`, `Location ${location}`);

// Read, with its citations: the embedded source is typed as its summary, attributed_to may be null.
type GetPerson = paths['/v1/people/{id}']['get'];
const read = await call<Json<GetPerson['responses'][200]>>('GET', `/v1/people/${created.body.id}`);
const cited: S['citation_embedded'] | undefined = read.body.citations[0];
check(cited !== undefined && cited.source.url === article, 'the citation names its source');
const title: string | null = cited?.source.title ?? null;
check(title === 'Putin Envoy Dmitriev Discussed Prisoner Swap With White House Officials', `title ${title}`);
const said: string | null = cited ? cited.attributed_to : 'no citation';
check(said === null, 'attributed_to is null when nobody is named');
check(cited?.anchor !== null && cited?.anchor?.exact === 'special envoy Steve Witkoff', 'the quote is anchored');

// PATCH with If-Match: the ETag from the create, the body typed as a merge patch.
type PatchPerson = paths['/v1/people/{id}']['patch'];
const patch: S['people_patch'] = { occupation: null, description: 'typed client' };
const ifMatch: NonNullable<PatchPerson['parameters']['header']>['If-Match'] = etag;
const patched = await call<Json<PatchPerson['responses'][200]>>('PATCH', `/v1/people/${created.body.id}`,
  { body: patch, type: 'application/merge-patch+json', headers: ifMatch ? { 'If-Match': ifMatch } : {} });
check(patched.status === 200 && patched.body.version === 2 && patched.body.occupation === null,
  `patch: ${patched.status}`);

// A list with filters and an embed: held or released by Russia, with the person each names.
type ListDetentions = paths['/v1/detentions']['get'];
const filters: NonNullable<ListDetentions['parameters']['query']> = {
  country: 'RU,BY', status: 'held,released', embed: ['person'], sort: '-released_on,id', count: true,
};
const list = await call<Json<ListDetentions['responses'][200]>>('GET', '/v1/detentions', { query: filters });
check(list.status === 200 && list.body.total === list.body.items.length && list.body.items.length > 0,
  `detentions: ${list.status}`);
for (const d of list.body.items) {
  const person: S['people_embed'] | null | undefined = d.person;
  check(d.country === 'RU' && person?.id === d.person_id, `detention ${d.id} embeds its person`);
  check(person !== null && person !== undefined && !('citations' in person), 'embedded: its own fields');
}
check(list.headers.get('Link') === null && list.body.next === null, 'one page');

// Citations of a source, each with its subject embedded, whichever kind it is.
type ListCitations = paths['/v1/citations']['get'];
const sourceCites = await call<Json<ListCitations['responses'][200]>>('GET', '/v1/citations',
  { query: { source_id: 1, embed: ['subject'], fields: 'subject_type,subject_id,field' } });
check(sourceCites.body.items.length > 10, 'the article supports many records');
for (const c of sourceCites.body.items) {
  const subject = c.subject;
  check(subject !== null && subject !== undefined && subject.id === c.subject_id, `citation ${c.id} embeds its subject`);
}

// A batch: a source and a person citing it by ref, in one transaction.
type Batch = paths['/v1/batch']['post'];
const batch: Batch['requestBody']['content']['application/json'] = { operations: [
  { op: 'create', collection: 'sources', ref: 'src', record: { url: 'https://typed.example/1', title: 'Typed', content: 'Ana Typed was freed.' } },
  { op: 'create', collection: 'people', ref: 'ana', record: { name: 'Ana Typed', citations: [{ source_id: { ref: 'src' }, field: 'name', quote: 'Ana Typed' }] } },
] };
const done = await call<Json<Batch['responses'][200]>>('POST', '/v1/batch', { body: batch });
check(done.status === 200 && done.body.results.length === 2 && done.body.results[1]?.status === 201, `batch: ${done.status}`);
const anaId: number | null = done.body.results[1]?.id ?? null;

// Extraction of the demo article: the people it names, with their offsets.
type Extract = paths['/v1/sources/{id}/extract']['get'];
const ex = await call<Json<Extract['responses'][200]>>('GET', '/v1/sources/1/extract');
const fogel = ex.body.people.find((p) => p.name === 'Marc Fogel');
check(fogel !== undefined && fogel.match?.name === 'Marc Fogel', 'extract finds Marc Fogel');
check(ex.body.quotes.some((q) => q.speaker?.name === 'Kirill Dmitriev'), 'a quote by Dmitriev');

// The timeline, stats and search, typed as the document says.
type Timeline = paths['/v1/people/{id}/timeline']['get'];
const tl = await call<Json<Timeline['responses'][200]>>('GET', `/v1/people/${fogel?.match?.id ?? 0}/timeline`);
check(tl.body.items.some((e) => e.kind === 'released' && e.citations.length > 0), 'a cited release');
type Stats = paths['/v1/stats']['get'];
const st = await call<Json<Stats['responses'][200]>>('GET', '/v1/stats');
check((st.body.records['people'] ?? 0) >= 8, 'stats count people');
type Search = paths['/v1/search']['get'];
const found = await call<Json<Search['responses'][200]>>('GET', '/v1/search', { query: { q: 'Ana Typed' } });
check(found.body.items.some((i) => i.type === 'person' && i.id === anaId), 'search finds the batch\'s person');

// v1.2: a party, a swap with counted groups and terms, an agreement's progress, and the
// releases per period, each typed from the document.
type CreateParty = paths['/v1/parties']['post'];
const party: CreateParty['requestBody']['content']['application/json'] = {
  code: 'typed-front', name: 'Typed Liberation Front', kind: 'armed_group', aliases: ['TLF'],
};
const madeParty = await call<Json<CreateParty['responses'][201]>>('POST', '/v1/parties', { body: party });
check(madeParty.status === 201 && madeParty.body.code === 'typed-front', `party: ${madeParty.status}`);
type CreateNegotiation = paths['/v1/negotiations']['post'];
const talks = await call<Json<CreateNegotiation['responses'][201]>>('POST', '/v1/negotiations', { body: {
  title: 'Typed agreement', status: 'agreed', parties: ['UA', 'typed-front'], stages: 2,
  commitments: [{ released_by: 'typed-front', released_to: 'UA', count: 100, category: 'prisoners_of_war' }],
} satisfies CreateNegotiation['requestBody']['content']['application/json'] });
check(talks.status === 201, `negotiation: ${talks.status}`);
type CreateSwap = paths['/v1/swaps']['post'];
const swapBody: CreateSwap['requestBody']['content']['application/json'] = {
  occurred_on: '2025-06-01', negotiation_id: talks.body.id, stage: 1, facilitators: ['UA'],
  groups: [
    { released_by: 'typed-front', released_to: 'UA', count: 60, category: 'prisoners_of_war' },
    { released_by: 'UA', released_to: 'typed-front', count: null, approximate: false, category: 'detainees' },
  ],
  terms: [{ kind: 'funds', by: 'UA', description: 'typed funds', amount: 1000000, currency: 'EUR' }],
};
const swap = await call<Json<CreateSwap['responses'][201]>>('POST', '/v1/swaps', { body: swapBody });
check(swap.status === 201 && swap.body.kind === 'exchange' && swap.body.released_count === 60,
  `swap: ${swap.status} ${swap.body.kind} ${swap.body.released_count}`);
const side: S['swaps']['sides'][number] | undefined = swap.body.sides[0];
check(side?.released_by === 'typed-front' && side.counted === 60, 'who went which way');
const groupId: number = swap.body.groups[0]?.id ?? 0;
check(groupId > 0 && swap.body.derived.includes('kind'), 'a group has an id; kind is derived');
type GetNegotiation = paths['/v1/negotiations/{id}']['get'];
const agreement = await call<Json<GetNegotiation['responses'][200]>>('GET', `/v1/negotiations/${talks.body.id}`);
const step: S['negotiations']['progress'][number] | undefined = agreement.body.progress[0];
check(step?.delivered === 60 && step.remaining === 40 && step.swaps[0] === swap.body.id, 'progress');
type Releases = paths['/v1/stats/releases']['get'];
const per = await call<Json<Releases['responses'][200]>>('GET', '/v1/stats/releases',
  { query: { by: 'month', party: 'typed-front', split: 'released_to' } satisfies NonNullable<Releases['parameters']['query']> });
check(per.status === 200 && per.body.series.some((e) => e.period === '2025-06' && e.released_to === 'UA' && e.people === 60),
  `releases per month: ${per.status}`);
const nonState = await call<Json<paths['/v1/swaps']['get']['responses'][200]>>('GET', '/v1/swaps', { query: { non_state: true } });
check(nonState.body.items.some((x) => x.id === swap.body.id), 'non_state finds it');

// A problem answer is typed too: a bad country names its field.
type Problem = S['problem'];
const bad = await call<Problem>('POST', '/v1/detentions', { body: { person_id: 1, country: 'XX', status: 'held' } });
check(bad.status === 422 && (bad.body.errors ?? []).some((e) => e.field === 'country'), 'a bad country');

// What the types themselves must say, checked by the compiler: a document that typed an
// embedded source as an empty object, refused the null of attributed_to, or left the timeline,
// stats, a PATCH body or a header untyped fails to compile here.
type Assert<T extends true> = T;
type Not<T extends boolean> = T extends true ? false : true;
type IsNever<T> = [T] extends [never] ? true : false;
type IsUnknownish<T> = unknown extends T ? true : false;
export type Proofs = [
  Assert<null extends S['citation_embedded']['attributed_to'] ? true : false>,
  Assert<S['citation_embedded']['source'] extends { id: number; url: string; title: string | null } ? true : false>,
  Assert<Not<IsNever<Json<Timeline['responses'][200]>>>>,
  Assert<Json<Timeline['responses'][200]>['items'][number] extends { kind: string; citations: S['citation_embedded'][] } ? true : false>,
  Assert<Json<Stats['responses'][200]> extends { per_year: { year: number }[] } ? true : false>,
  Assert<S['people_patch'] extends { occupation?: string | null } ? true : false>,
  Assert<Not<IsUnknownish<CreatePerson['responses'][201]['headers']['ETag']>>>,
  Assert<Not<IsUnknownish<NonNullable<PatchPerson['parameters']['header']>['If-Match']>>>,
  Assert<ListDetentions['responses'][200]['headers'] extends { Link?: string; 'X-Total-Count'?: number } ? true : false>,
  Assert<S['detentions']['person'] extends S['people_embed'] | null | undefined ? true : false>,
  Assert<Json<Search['responses'][200]>['items'][number] extends { highlights?: { start: number; end: number }[] } ? true : false>,
  Assert<S['swaps']['groups'][number] extends { id: number; count: number | null; category: string } ? true : false>,
  Assert<Json<Releases['responses'][200]>['series'][number] extends { period: string; people: number } ? true : false>,
  Assert<Problem extends { nearest?: unknown; errors?: { field: string; nearest?: { similarity: number } }[]; candidates?: unknown[]; referrers?: unknown[]; existing_id?: number } ? true : false>,
];

console.log(`typed client: ${checks} checks passed`);
