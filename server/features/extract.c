/* GET /v1/sources/{id}/extract: what a source's content mentions, proposed and never stored
 * (the contract's "Extraction: what an article mentions"). The article's body first (furniture),
 * then its people (each matched against the live people by the duplicate guard's matching,
 * which is search's: swaptrack_person_candidates, sql/functions/search.sql), countries, dates resolved
 * against published_on, quotes with their speakers, and reports. Every item carries its text and
 * its span, start and end in code points of the content. */
#include "features/extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/fieldtype.h"
#include "engine/openapi/openapi.h"
#include "features/draft.h"
#include "http/http.h"
#include "text/anchor.h"
#include "text/dates.h"
#include "text/furniture.h"
#include "text/names.h"
#include "text/places.h"
#include "text/quotes.h"

static const struct db_stmt source_stmt = {
	"extract_source",
	"SELECT content, published_on, language FROM sources WHERE id = $1::bigint"
	" AND deleted_at IS NULL",
	1,
};
/* The best live person for each name, at the guard's score (0.9 or more), in one statement; a
 * Cyrillic name the search does not find as written, through its Russian stems (a name in
 * another case: "Эвана Гершковича"; sql/functions/search.sql, chosen by measurement in
 * api-docs/extraction.md). */
static const struct db_stmt match_stmt = {
	"extract_match",
	"SELECT u.i, c.id, c.name, c.score FROM unnest($1::text[]) WITH ORDINALITY"
	" AS u(n, i) CROSS JOIN LATERAL (SELECT * FROM swaptrack_person_candidates(ARRAY[u.n], 1)"
	" UNION ALL SELECT * FROM swaptrack_person_stem_candidates(u.n, 1) WHERE u.n ~ '[Ѐ-ӿ]'"
	" LIMIT 1) c",
	1,
};

/* Names matched against the database, at most: each is a search (about a millisecond at a
 * million people), and an article names tens of people; a text of thousands of names (made up,
 * or a list) gets the first this many matched and says so (match_limit). */
#define MATCH_NAMES 500

/* Outlets an attribution may name (a report's outlet). */
static const char *const outlets[] = {"Reuters",
				      "Axios",
				      "AP",
				      "Associated Press",
				      "AFP",
				      "TASS",
				      "Interfax",
				      "RIA Novosti",
				      "Bloomberg",
				      "BBC",
				      "CNN",
				      "The New York Times",
				      "The Washington Post",
				      "Meduza",
				      "Kommersant",
				      "RBC",
				      "The Wall Street Journal",
				      NULL};

/* The byte at which each code point of the content starts (and its length, last), made once:
 * an answer has thousands of items, and finding each one's bytes from the start was most of a
 * request's CPU (137 ms of a 10,000-word article; bench/README.md, item 13). */
struct content {
	const char *s;
	size_t *offs; /* offs[i]: the byte where code point i starts; offs[n - 1]: the end */
	size_t n;
};

static size_t *index_of(const char *content, size_t *n)
{
	size_t len = strlen(content), k = 0;
	size_t *o = malloc((len + 2) * sizeof(*o));

	for (size_t at = 0; o && at <= len; at++)
		if (at == len || ((unsigned char)content[at] & 0xC0) != 0x80)
			o[k++] = at;
	*n = k; /* code points + 1 */
	return o;
}

static json_t *text_of(const struct content *ct, size_t start, size_t end)
{
	if (start >= end || end >= ct->n)
		return json_null();
	return json_stringn(ct->s + ct->offs[start], ct->offs[end] - ct->offs[start]);
}

static json_t *item(const struct content *ct, size_t start, size_t end)
{
	struct extract_text xt = {ct->s, ct->offs, ct->n};
	return extract_item(&xt, start, end);
}

/* Whether [start, end) lies in one of the body's paragraphs (in order, apart): the last that
 * starts at or before start, found by bisection. */
static int inside(const struct text_span *body, long n, size_t start, size_t end)
{
	long lo = 0, hi = n;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (body[mid].start <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && end <= body[lo - 1].end;
}

/* Each person's match: one statement for the distinct full names (the first MATCH_NAMES of
 * them, in order of first mention; the answer's match_limit says when there were more), and
 * every mention of a name given the name's match. Names are kept in a JSON object, a hash
 * table: the work grows with the mentions, not with mentions times names. */
static int match_people(PGconn *c, json_t *people, json_t *out, struct problem *p)
{
	struct buf names = BUF_INIT;
	const char *vals[1];
	json_t *person, *index = json_object(), *matches = json_array();
	PGresult *r;
	size_t i, distinct = 0;

	json_array_foreach(people, i, person) {
		const char *full = json_string_value(json_object_get(person, "name"));
		if (json_object_get(index, full))
			continue;
		json_object_set_new(index, full, json_integer((json_int_t)distinct++));
		if (distinct <= MATCH_NAMES) {
			field_array_item(&names, full);
			json_array_append_new(matches, json_null());
		}
	}
	if (distinct > MATCH_NAMES)
		json_object_set_new(out, "match_limit",
				    json_pack("{s:i, s:I}", "matched", MATCH_NAMES, "names",
					      (json_int_t)distinct));
	if (!distinct) {
		json_decref(index);
		json_decref(matches);
		return 0;
	}
	buf_puts(&names, "}");
	vals[0] = names.data;
	r = names.data ? db_exec_stmt(c, &match_stmt, vals, p) : NULL;
	buf_free(&names);
	if (!r) {
		json_decref(index);
		json_decref(matches);
		return p->status ? -1 : problem_set(p, 503, "The server is out of memory.");
	}
	for (int row = 0; row < PQntuples(r); row++)
		json_array_set_new(matches, (size_t)atoll(PQgetvalue(r, row, 0)) - 1,
				   json_pack("{s:I, s:s, s:f}", "id",
					     (json_int_t)atoll(PQgetvalue(r, row, 1)), "name",
					     PQgetvalue(r, row, 2), "score", atof(PQgetvalue(r, row, 3))));
	PQclear(r);
	json_array_foreach(people, i, person) {
		json_t *k = json_object_get(index, json_string_value(json_object_get(person, "name")));
		json_t *m = json_array_get(matches, (size_t)json_integer_value(k));
		if (m)
			json_object_set(person, "match", m);
	}
	json_decref(index);
	json_decref(matches);
	return 0;
}

/* The person mention written at span s (the mentions are in order of start: bisection), or
 * NULL. */
static const struct person_mention *mention_at(const struct person_mention *pe, long n, struct span s)
{
	long lo = 0, hi = n;

	if (s.end <= s.start)
		return NULL;
	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (pe[mid].name.start < s.start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && pe[lo].name.start == s.start && pe[lo].name.end == s.end ? &pe[lo] : NULL;
}

/* Each step's work grows with the text (1 MB of any text takes about a second;
 * bench/README.md): between steps, a request that has run past its time (--heavy-timeout)
 * stops, *expired set. */
static json_t *extract(struct request *req, long long id, const char *content, const char *published,
		       const char *language, PGconn *c, int *expired, struct problem *p)
{
	struct content ct = {content, NULL, 0};
	struct text_span *body = NULL;
	struct person_mention *pe = NULL;
	struct place_mention *pm = NULL;
	struct date_mention *dm = NULL;
	struct quote_mention *qm = NULL;
	struct report_mention *rm = NULL;
	size_t nq = 0, nr = 0;
	long nb, npe = 0, np = 0, nd = 0;
	json_t *out = NULL, *people, *countries, *dates, *quotes, *reports;

	ct.offs = index_of(content, &ct.n);
	if (!ct.offs || (nb = furniture_body(content, &body)) < 0 || (*expired = http_expired(req)) ||
	    (npe = names_find(content, body, (size_t)nb, &pe)) < 0 || (*expired = http_expired(req)) ||
	    (np = places_find(content, &pm)) < 0 || (*expired = http_expired(req)) ||
	    (nd = dates_find(content, published, language, &dm)) < 0 || (*expired = http_expired(req)) ||
	    quotes_find(content, body, (size_t)nb, pe, (size_t)npe, &qm, &nq, &rm, &nr) < 0 ||
	    (*expired = http_expired(req))) {
		if (!*expired)
			problem_set(p, 503, "The server is out of memory.");
		goto out;
	}
	people = json_array();
	for (long i = 0; i < npe; i++) {
		json_t *x = item(&ct, pe[i].name.start, pe[i].name.end);
		/* A Russian name in the nominative when its given name told the case. */
		json_object_set_new(x, "name",
				    pe[i].nominative[0] ? json_string(pe[i].nominative)
							: text_of(&ct, pe[i].full.start, pe[i].full.end));
		json_object_set_new(x, "role", text_of(&ct, pe[i].role.start, pe[i].role.end));
		json_object_set_new(x, "match", json_null());
		json_array_append_new(people, x);
	}
	countries = json_array();
	for (long i = 0; i < np; i++)
		if (inside(body, nb, pm[i].start, pm[i].end)) {
			json_t *x = item(&ct, pm[i].start, pm[i].end);
			json_object_set_new(x, "code", json_string(pm[i].code));
			json_array_append_new(countries, x);
		}
	dates = json_array();
	for (long i = 0; i < nd; i++)
		if (inside(body, nb, dm[i].start, dm[i].end)) {
			json_t *x = item(&ct, dm[i].start, dm[i].end);
			json_object_set_new(x, "value", json_string(dm[i].value));
			json_object_set_new(x, "precision", json_string(dm[i].precision));
			if (dm[i].ambiguous) /* "9/10/2025": read as the language reads it */
				json_object_set_new(x, "ambiguous", json_true());
			json_array_append_new(dates, x);
		}
	/* A quote's speaker as written, its name the full name of the person it resolved to (a
	 * pronoun, "Mr X", "the president": quotes.h), null for an organisation or an unnamed one. */
	quotes = json_array();
	for (size_t i = 0; i < nq; i++) {
		json_t *x = item(&ct, qm[i].quote.start, qm[i].quote.end), *speaker = json_null();
		struct span who = qm[i].person.end > qm[i].person.start ? qm[i].person : qm[i].speaker;
		struct buf att = BUF_INIT;

		if (qm[i].speaker.end > qm[i].speaker.start) {
			const struct person_mention *f = mention_at(pe, npe, qm[i].person);
			speaker = item(&ct, qm[i].speaker.start, qm[i].speaker.end);
			/* the person's name as the people give it: a Russian one in the nominative */
			json_object_set_new(speaker, "name",
					    f && f->nominative[0]
						    ? json_string(f->nominative)
						    : text_of(&ct, qm[i].person.start, qm[i].person.end));
			/* As a citation words it: "Kirill Dmitriev, to Axios". */
			buf_append(&att, content + ct.offs[who.start],
				   ct.offs[who.end] - ct.offs[who.start]);
			if (qm[i].audience.end > qm[i].audience.start) {
				buf_puts(&att, ", to ");
				buf_append(&att, content + ct.offs[qm[i].audience.start],
					   ct.offs[qm[i].audience.end] - ct.offs[qm[i].audience.start]);
			}
			buf_puts(&att, "");
		}
		json_object_set_new(x, "speaker", speaker);
		json_object_set_new(x, "attributed_to", att.data ? json_string(att.data) : json_null());
		buf_free(&att);
		json_array_append_new(quotes, x);
	}
	reports = json_array();
	for (size_t i = 0; i < nr; i++) {
		json_t *x = item(&ct, rm[i].text.start, rm[i].text.end), *t;
		const char *s;
		const char *outlet = NULL;

		t = json_object_get(x, "text");
		s = json_string_value(t);
		for (int k = 0; s && outlets[k] && !outlet; k++)
			if (strstr(s, outlets[k]))
				outlet = outlets[k];
		json_object_set_new(x, "source", text_of(&ct, rm[i].source.start, rm[i].source.end));
		json_object_set_new(x, "outlet", outlet ? json_string(outlet) : json_null());
		json_array_append_new(reports, x);
	}
	/* The paragraphs that are the article, so that a reader can fold the rest away. */
	{
		json_t *paragraphs = json_array();

		for (long i = 0; i < nb; i++)
			json_array_append_new(paragraphs, json_pack("{s:I, s:I}", "start",
								    (json_int_t)body[i].start, "end",
								    (json_int_t)body[i].end));
		out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "body", paragraphs, "people", people,
				"countries", countries, "dates", dates, "quotes", quotes, "reports",
				reports);
	}
	/* Speakers that are people get their match too, from the people's (by name). */
	if (out && match_people(c, people, out, p) < 0) {
		json_decref(out);
		out = NULL;
	}
	if (out) {
		json_t *q, *person, *by_name = json_object();
		size_t i;
		json_array_foreach(people, i, person)
			if (!json_is_null(json_object_get(person, "match")))
				json_object_set(by_name,
						json_string_value(json_object_get(person, "name")),
						json_object_get(person, "match"));
		json_array_foreach(quotes, i, q) {
			json_t *sp = json_object_get(q, "speaker"), *m;
			if (!json_is_object(sp))
				continue;
			m = json_is_string(json_object_get(sp, "name"))
				    ? json_object_get(by_name,
						      json_string_value(json_object_get(sp, "name")))
				    : NULL;
			json_object_set(sp, "match", m ? m : json_null());
		}
		json_decref(by_name);
	}
	/* Parties, counts and the draft (draft.c). */
	if (out) {
		struct extract_text xt = {ct.s, ct.offs, ct.n};
		if ((*expired = http_expired(req)) ||
		    draft_extract(c, &xt, body, nb, pm, np, id, published, out, p) < 0) {
			json_decref(out);
			out = NULL;
		}
	}
out:
	free(ct.offs);
	free(body);
	free(pe);
	free(pm);
	free(dm);
	free(qm);
	free(rm);
	return out;
}

void extract_handler(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	const char *vals[] = {req->params[0]};
	long long id;
	PGresult *r;
	PGconn *c;
	json_t *result;
	int expired = 0;

	if (http_id_or_reply(req, req->params[0], &id) < 0 || http_no_query_or_reply(req) < 0)
		return;
	if (!(c = db_worker(&p)) || !(r = db_exec_stmt(c, &source_stmt, vals, &p))) {
		http_send_problem(req, &p);
		return;
	}
	if (PQntuples(r) == 0) {
		PQclear(r);
		http_send_error(req, 404, "There is no record %lld in sources.", id);
		return;
	}
	result = extract(req, id, PQgetisnull(r, 0, 0) ? "" : PQgetvalue(r, 0, 0),
			 PQgetisnull(r, 0, 1) ? NULL : PQgetvalue(r, 0, 1),
			 PQgetisnull(r, 0, 2) ? NULL : PQgetvalue(r, 0, 2), c, &expired, &p);
	PQclear(r);
	if (!result && expired) {
		http_send_expired(req);
		return;
	}
	if (!result) {
		http_send_problem(req, &p);
		return;
	}
	json_object_set_new(result, "source_id", json_integer(id));
	http_send_json(req, 200, result); /* takes the reference */
}

/* The answer, as the handler builds it (start and end: code points of the content). */
#define SPAN "\"start\": {\"type\": \"integer\", \"minimum\": 0}, \"end\": {\"type\": \"integer\"}"
#define MATCH \
	"\"match\": {\"description\": \"The live person the name matches best, if any.\"," \
	" \"anyOf\": [{\"type\": \"object\", \"required\": [\"id\", \"name\", \"score\"], \"properties\":" \
	" {\"id\": {\"type\": \"integer\"}, \"name\": {\"type\": \"string\"}, \"score\": {\"type\":" \
	" \"number\"}}}, {\"type\": \"null\"}]}"
static const char extract_schema[] =
	"{\"type\": \"object\", \"required\": [\"source_id\", \"body\", \"people\", \"countries\","
	" \"dates\", \"quotes\", \"reports\", \"parties\", \"counts\", \"draft\"], \"properties\": {"
	"\"source_id\": {\"type\": \"integer\"},"
	"\"match_limit\": {\"type\": \"object\", \"description\": \"Only when the content names more"
	" distinct people than are matched against the database: how many were (matched, the first"
	" in order of mention) and how many there are (names); the others have match null.\","
	" \"required\": [\"matched\", \"names\"], \"properties\": {\"matched\": {\"type\":"
	" \"integer\"}, \"names\": {\"type\": \"integer\"}}},"
	"\"body\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"start\","
	" \"end\"], \"properties\": {" SPAN "}}},"
	"\"people\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"text\","
	" \"start\", \"end\", \"name\", \"role\", \"match\"], \"properties\": {\"text\": {\"type\":"
	" \"string\"}, " SPAN ", \"name\": {\"type\": \"string\"}, \"role\": {\"type\": [\"string\","
	" \"null\"]}, " MATCH "}}},"
	"\"countries\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"text\","
	" \"start\", \"end\", \"code\"], \"properties\": {\"text\": {\"type\": \"string\"}, " SPAN ","
	" \"code\": {\"$ref\": \"#/components/schemas/country\"}}}},"
	"\"dates\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"text\","
	" \"start\", \"end\", \"value\", \"precision\"], \"properties\": {\"text\": {\"type\":"
	" \"string\"}, " SPAN ", \"value\": {\"$ref\": \"#/components/schemas/partial_date\"},"
	" \"precision\": {\"type\": \"string\", \"enum\": [\"year\", \"month\", \"day\"]},"
	" \"ambiguous\": {\"type\": \"boolean\", \"description\": \"Only on a numeric date that"
	" reads both ways (9/10/2025), true: read month first for en and en-US, day first"
	" otherwise.\"}}}},"
	"\"quotes\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"text\","
	" \"start\", \"end\", \"speaker\", \"attributed_to\"], \"properties\": {\"text\": {\"type\":"
	" \"string\"}, " SPAN ", \"speaker\": {\"anyOf\": [{\"type\": \"object\", \"required\":"
	" [\"text\", \"start\", \"end\", \"name\", \"match\"], \"properties\": {\"text\": {\"type\":"
	" \"string\"}, " SPAN ", \"name\": {\"type\": [\"string\", \"null\"]}, " MATCH "}}, {\"type\":"
	" \"null\"}]},"
	" \"attributed_to\": {\"type\": [\"string\", \"null\"]}}}},"
	"\"reports\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"text\","
	" \"start\", \"end\", \"source\", \"outlet\"], \"properties\": {\"text\": {\"type\":"
	" \"string\"}, " SPAN ", \"source\": {\"type\": \"string\"}, \"outlet\": {\"type\": [\"string\","
	" \"null\"]}}}},"
	"\"parties\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"text\","
	" \"start\", \"end\", \"code\", \"match\"], \"properties\": {\"text\": {\"type\": \"string\"}, " SPAN
	", \"code\": {\"type\": \"string\", \"description\": \"The live party's code, or the one proposed for"
	" a party not on record.\"}, \"match\": {\"anyOf\": [{\"type\": \"object\", \"required\": [\"id\","
	" \"code\", \"name\"], \"properties\": {\"id\": {\"type\": \"integer\"}, \"code\": {\"type\":"
	" \"string\"}, \"name\": {\"type\": \"string\"}}}, {\"type\": \"null\"}]}}}},"
	"\"counts\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"text\","
	" \"start\", \"end\", \"count\", \"approximate\", \"category\", \"released_by\", \"released_to\"],"
	" \"properties\": {\"text\": {\"type\": \"string\"}, " SPAN ", \"count\": {\"type\": \"integer\","
	" \"minimum\": 1}, \"approximate\": {\"type\": \"boolean\"}, \"category\": {\"type\": \"string\","
	" \"enum\": [\"prisoners_of_war\", \"civilians\", \"hostages\", \"political_prisoners\","
	" \"detainees\", \"remains\", \"other\"]}, \"released_by\": {\"type\": [\"string\", \"null\"]},"
	" \"released_to\": {\"type\": [\"string\", \"null\"]}}}},"
	"\"draft\": {\"description\": \"A POST /v1/batch body to start from (never stored), or null when the"
	" content proposes nothing.\", \"anyOf\": [{\"type\": \"object\", \"required\": [\"operations\"]},"
	" {\"type\": \"null\"}]}}}";

json_t *extract_doc(void)
{
	json_t *r = json_pack(
		"{s:o}", "200",
		openapi_response(
			"What the content mentions, proposed, "
			"never stored: {source_id, body [{start, end}] (the paragraphs that are the article, "
			"in order; the rest of the content is the page's furniture), people [{text, start, end, "
			"name, role, match}], countries "
			"[{text, start, end, code}], dates [{text, start, end, value, precision, ambiguous}], quotes "
			"[{text, start, end, speaker {text, start, end, name, match}, attributed_to}], reports "
			"[{text, start, end, source, outlet}], parties [{text, start, end, code, match}], "
			"counts [{text, start, end, count, approximate, category, released_by, "
			"released_to}], draft (a POST /v1/batch body, or null)}; start and end in code "
			"points of the content.",
			openapi_schema(extract_schema)));

	openapi_errors(r, openapi_read_errors);
	return json_pack(
		"{s:{s:[s], s:s, s:s, s:o}, s:[o]}", "get", "tags", "sources", "summary",
		"What a source's content mentions.", "description",
		"Rule-based and deterministic, in the server (api-docs/extraction.md): the article's "
		"body without the page's furniture; its people, each matched against the live people "
		"as search matches names; countries by name, demonym or adjective; dates, relative ones "
		"resolved against published_on (forward in an announced clause); quotes with their "
		"speakers as a reader resolves them; reports; non-state parties, each matched "
		"against the live parties; counts of people released with category and sides; and "
		"a draft POST /v1/batch body, accepted as it is.",
		"responses", r, "parameters", openapi_id_param());
}
