/* The rest of a draft's records (the contract's "Extraction, v1.2": "the swap with its groups,
 * named releases and terms, detentions, the negotiation"), added to the swap draft.c built:
 *
 *  - a detention for each person released by name: the live person's detention still held, or,
 *    for a person the draft creates, a new one held by the side that releases them, so that the
 *    completed swap marks it exchanged (models/swaps.c) in the same batch;
 *  - the swap's terms: money ("$6 billion", "6 млрд долларов"), sanctions relief, a pardon,
 *    each once, cited where the text says it;
 *  - the negotiation, when the article speaks of talks or an agreement, with the swap in it.
 *
 * Words are looked for in the article's body only, each rule once, so the work is the text's
 * length. */
#include "features/draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "db/db.h"

json_t *extract_item(const struct extract_text *xt, size_t start, size_t end)
{
	json_t *text = start < end && end < xt->n
			       ? json_stringn(xt->s + xt->offs[start], xt->offs[end] - xt->offs[start])
			       : json_null();
	return json_pack("{s:o, s:I, s:I}", "text", text, "start", (json_int_t)start, "end",
			 (json_int_t)end);
}

/* The held detention of each live person, the latest, in one statement. */
static const struct db_stmt held_stmt = {
	"extract_held",
	"SELECT DISTINCT ON (person_id) person_id, id FROM detentions WHERE person_id ="
	" ANY($1::bigint[]) AND status = 'held' AND deleted_at IS NULL ORDER BY person_id, id DESC",
	1,
};

static json_t *cite(long long source, const char *field, const struct extract_text *xt, size_t start,
		    size_t end)
{
	json_t *q = extract_item(xt, start, end);
	json_t *c = json_pack("{s:I, s:s, s:O, s:I}", "source_id", (json_int_t)source, "field", field,
			      "quote", json_object_get(q, "text"), "quote_start", (json_int_t)start);
	json_decref(q);
	return c;
}

/* The first occurrence of any of words in the body (code points in *start, *end), or 0. */
static int find(const struct extract_text *xt, const struct text_span *body, long nb,
		const char *const *words, size_t *start, size_t *end)
{
	for (long b = 0; b < nb; b++) {
		size_t from = xt->offs[body[b].start], to = xt->offs[body[b].end];
		char *para = strndup(xt->s + from, to - from);
		const char *best = NULL;
		size_t blen = 0;

		for (int w = 0; para && words[w]; w++) {
			const char *at = strstr(para, words[w]);
			if (at && (!best || at < best))
				best = at, blen = strlen(words[w]);
		}
		if (best) {
			size_t byte = from + (size_t)(best - para), k = body[b].start;
			while (xt->offs[k] < byte)
				k++;
			*start = k;
			while (xt->offs[k] < byte + blen)
				k++;
			*end = k;
			free(para);
			return 1;
		}
		free(para);
	}
	return 0;
}

/* Whether u begins with the unit word, its short form or its letter alone (any case), a word
 * of its own: "billion", "bn", the "B" of "$6B deal"; not the "b" of "$6 by". */
static int unit(const char *u, const char *word, const char *short_form, char letter)
{
	size_t n;

	if (!strncasecmp(u, word, n = strlen(word)) ||
	    !strncasecmp(u, short_form, n = strlen(short_form)) || ((u[0] | 32) == letter && (n = 1)))
		return !((u[n] | 32) >= 'a' && (u[n] | 32) <= 'z');
	return 0;
}

/* Money: "$6 billion", "$6bn", "$6B", "6 млрд долларов": its amount, the words in [*start, *end). */
static int money(const struct extract_text *xt, const struct text_span *body, long nb, double *amount,
		 size_t *start, size_t *end)
{
	static const char *const signs[] = {"$", NULL};
	static const char *const ru[] = {"млрд долларов", "млн долларов", NULL};
	size_t s, e;

	if (find(xt, body, nb, signs, &s, &e)) {
		const char *p = xt->s + xt->offs[e];
		char *rest;
		double v = strtod(p, &rest);
		if (rest > p && v > 0) {
			const char *u = rest + (*rest == ' ');
			double scale = unit(u, "billion", "bn", 'b')   ? 1e9
				       : unit(u, "million", "mn", 'm') ? 1e6
								       : 1;
			const char *stop = scale == 1 ? rest : strpbrk(u, " ,.;)") ?: u + strlen(u);
			size_t k = e;
			while (k + 1 < xt->n && xt->offs[k] < (size_t)(stop - xt->s))
				k++;
			*amount = v * scale;
			*start = s;
			*end = k;
			return 1;
		}
	}
	if (find(xt, body, nb, ru, &s, &e)) {
		size_t k = s, byte;
		double v;
		while (k > 0 && s - k < 12 && xt->s[xt->offs[k - 1]] != '.' &&
		       !(xt->s[xt->offs[k - 1]] >= '0' && xt->s[xt->offs[k - 1]] <= '9'))
			k--;
		while (k > 0 && ((xt->s[xt->offs[k - 1]] >= '0' && xt->s[xt->offs[k - 1]] <= '9') ||
				 xt->s[xt->offs[k - 1]] == ','))
			k--;
		byte = xt->offs[k];
		v = strtod(xt->s + byte, NULL);
		if (v > 0 && k < s) {
			*amount = v * (strstr(xt->s + xt->offs[s], "млрд") == xt->s + xt->offs[s] ? 1e9
												  : 1e6);
			*start = k;
			*end = e;
			return 1;
		}
	}
	return 0;
}

static json_t *terms_of(const struct extract_text *xt, const struct text_span *body, long nb,
			long long source, json_t *cites)
{
	static const char *const relief[] = {"sanctions relief", "lifting of sanctions",
					     "eased sanctions", "снятие санкций", NULL};
	static const char *const pardon[] = {"pardoned", "pardon", "помиловал", "помилован", NULL};
	json_t *terms = json_array();
	double amount;
	size_t s, e;
	char field[48];

	if (money(xt, body, nb, &amount, &s, &e)) {
		json_t *q = extract_item(xt, s, e);
		snprintf(field, sizeof(field), "terms[%zu].amount", json_array_size(terms));
		json_array_append_new(terms, json_pack("{s:s, s:O, s:f, s:s}", "kind", "funds",
						       "description", json_object_get(q, "text"),
						       "amount", amount, "currency", "USD"));
		json_array_append_new(cites, cite(source, field, xt, s, e));
		json_decref(q);
	}
	if (find(xt, body, nb, relief, &s, &e)) {
		snprintf(field, sizeof(field), "terms[%zu].kind", json_array_size(terms));
		json_array_append_new(terms, json_pack("{s:s, s:s}", "kind", "sanctions_relief",
						       "description", "Sanctions relief"));
		json_array_append_new(cites, cite(source, field, xt, s, e));
	}
	if (find(xt, body, nb, pardon, &s, &e)) {
		snprintf(field, sizeof(field), "terms[%zu].kind", json_array_size(terms));
		json_array_append_new(terms, json_pack("{s:s, s:s}", "kind", "pardon", "description",
						       "Pardon"));
		json_array_append_new(cites, cite(source, field, xt, s, e));
	}
	return terms;
}

/* The swap operation of ops and its index, or NULL. */
static json_t *swap_op(json_t *ops, size_t *at)
{
	json_t *op;
	size_t i;

	json_array_foreach(ops, i, op)
		if (!strcmp(json_string_value(json_object_get(op, "collection")) ?: "", "swaps")) {
			*at = i;
			return op;
		}
	return NULL;
}

/* The citation of a new detention: the passage the swap cites for its release's person (the
 * words that say the person was held and freed), for the detention's person; an empty list
 * when the swap cites none. */
static json_t *detention_cites(json_t *cites, size_t release)
{
	char field[48];
	json_t *out = json_array(), *x;
	size_t i;

	snprintf(field, sizeof(field), "releases[%zu].person_id", release);
	json_array_foreach(cites, i, x)
		if (json_is_string(json_object_get(x, "field")) &&
		    strcmp(json_string_value(json_object_get(x, "field")), field) == 0) {
			json_t *c = json_deep_copy(x);
			json_object_set_new(c, "field", json_string("person_id"));
			json_array_append_new(out, c);
		}
	return out;
}

/* Detentions for the releases: the live person's held one, else a new one for a person the
 * draft creates (a live person with none is left without: their detention may have ended on
 * record already), cited where the swap cites the release's person. New detentions go before
 * the swap, which refers to them. */
static int detentions(PGconn *c, json_t *ops, size_t at, json_t *releases, json_t *cites,
		      struct problem *p)
{
	json_t *r, *held = json_object();
	struct buf ids = BUF_INIT;
	size_t i, made = 0;
	int any = 0;

	json_array_foreach(releases, i, r)
		if (json_is_integer(json_object_get(r, "person_id"))) {
			buf_printf(&ids, "%s%lld", any ? "," : "{",
				   (long long)json_integer_value(json_object_get(r, "person_id")));
			any = 1;
		}
	if (any) {
		const char *vals[1];
		PGresult *res;
		buf_puts(&ids, "}");
		vals[0] = ids.data;
		if (!(res = db_exec_stmt(c, &held_stmt, vals, p))) {
			buf_free(&ids);
			json_decref(held);
			return -1;
		}
		for (int row = 0; row < PQntuples(res); row++)
			json_object_set_new(held, PQgetvalue(res, row, 0),
					    json_integer(atoll(PQgetvalue(res, row, 1))));
		PQclear(res);
	}
	buf_free(&ids);
	json_array_foreach(releases, i, r) {
		json_t *person = json_object_get(r, "person_id");
		if (json_is_integer(person)) {
			char key[32];
			snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(person));
			if (json_object_get(held, key))
				json_object_set(r, "detention_id", json_object_get(held, key));
		} else if (json_is_object(person)) {
			char ref[32];
			snprintf(ref, sizeof(ref), "detention%zu", ++made);
			json_array_insert_new(ops, at++,
					      json_pack("{s:s, s:s, s:s, s:{s:O, s:O, s:s, s:o}}", "op",
							"create", "collection", "detentions", "ref",
							ref, "record", "person_id", person, "country",
							json_object_get(r, "released_by"), "status",
							"held", "citations", detention_cites(cites, i)));
			json_object_set_new(r, "detention_id", json_pack("{s:s}", "ref", ref));
		}
	}
	json_decref(held);
	return 0;
}

int draft_records(PGconn *c, const struct extract_text *xt, const struct text_span *body, long nb,
		  long long source, json_t *draft, struct problem *p)
{
	static const char *const talks[] = {"negotiation", "talks",     "agreement", "agreed", "deal",
					    "переговор",   "договорил", "соглашени", NULL};
	json_t *ops = json_object_get(draft, "operations"), *op, *swap, *terms, *cites;
	size_t at, s, e;

	if (!(op = swap_op(ops, &at)))
		return 0;
	swap = json_object_get(op, "record");
	cites = json_object_get(swap, "citations");
	if (detentions(c, ops, at, json_object_get(swap, "releases"), cites, p) < 0)
		return -1;
	swap_op(ops, &at); /* moved past the detentions */
	terms = terms_of(xt, body, nb, source, cites);
	if (json_array_size(terms))
		json_object_set_new(swap, "terms", terms);
	else
		json_decref(terms);
	if (find(xt, body, nb, talks, &s, &e)) {
		json_t *q = extract_item(xt, s, e);
		json_array_insert_new(
			ops, at,
			json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:[{s:I, s:s, s:O, s:I}]}}", "op",
				  "create", "collection", "negotiations", "ref", "negotiation",
				  "record", "title", "Talks on the exchange", "status",
				  strstr(json_string_value(json_object_get(q, "text")), "agree") ||
						  strstr(json_string_value(json_object_get(q, "text")),
							 "deal") ||
						  strstr(json_string_value(json_object_get(q, "text")),
							 "догов") ||
						  strstr(json_string_value(json_object_get(q, "text")),
							 "соглаш")
					  ? "agreed"
					  : "active",
				  "citations", "source_id", (json_int_t)source, "field", "status",
				  "quote", json_object_get(q, "text"), "quote_start", (json_int_t)s));
		json_object_set_new(swap, "negotiation_id", json_pack("{s:s}", "ref", "negotiation"));
		json_decref(q);
	}
	return 0;
}
