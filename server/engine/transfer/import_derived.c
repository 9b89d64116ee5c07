/* Derived columns during an import: computed on helper connections while the import's own COPY
 * runs, and given to that COPY as its last column (model_derived). */
#include "engine/transfer/import_state.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/log.h"
#include "db/db.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"
#include "engine/sql/sqlgen.h"

/* Helper i, connected and with m's statement prepared (named after its table), in pipeline
 * mode; NULL on failure, with im->no_helpers set when it could not connect. Between types its
 * pipeline is idle (finish_type drains it), so it can leave pipeline mode to prepare the next
 * type's statement. */
static PGconn *helper_for(struct import *im, int i, const struct model *m)
{
	PGconn *c = im->helper[i];
	PGresult *r;
	char *err = NULL;

	if (c && im->helper_model[i] == m)
		return c;
	if (!c && !(c = im->helper[i] = db_connect(&err))) {
		log_msg("import: no other database connection (%s), so the tables' triggers compute "
			"what the import would have computed beside them (slower)",
			err ? err : "?");
		free(err);
		im->no_helpers = 1;
		return NULL;
	}
	if (PQpipelineStatus(c) != PQ_PIPELINE_OFF && PQexitPipelineMode(c) != 1)
		return NULL;
	r = PQprepare(c, m->table, m->hooks->derived->sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK || PQenterPipelineMode(c) != 1) {
		log_msg("import: %s: %s", m->hooks->derived->sql, PQerrorMessage(c));
		PQclear(r);
		return NULL;
	}
	PQclear(r);
	im->helper_model[i] = m;
	return c;
}

/* Reads batch h's values and appends its rows to the COPY with them, in order. A batch with no
 * helper gets empty values, which the tables' triggers compute instead (sql/functions/sources.sql). */
static int held_collect(struct import *im, struct held *h)
{
	PGconn *c = h->helper >= 0 ? im->helper[h->helper] : NULL;
	PGresult *r = c ? PQgetResult(c) : NULL;
	const char *row = h->rows.data;
	int ok = !c || (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == h->n);

	if (!ok)
		log_msg("import: computing a derived column failed: %s", PQresultErrorMessage(r));
	if (buf_failed(&h->rows))
		ok = 0; /* its rows are gone (core/buf.h): the import fails */
	for (int i = 0; ok && i < h->n; i++) {
		const char *end = memchr(row, '\n', h->rows.len - (size_t)(row - h->rows.data));

		buf_append(&im->copy, row, (size_t)(end - row));
		buf_puts(&im->copy, "\t");
		if (c)
			im_copy_text(&im->copy, PQgetisnull(r, i, 0) ? NULL : PQgetvalue(r, i, 0));
		buf_puts(&im->copy, "\n");
		row = end + 1;
	}
	if (c) {
		PQclear(r);
		PQclear(PQgetResult(c)); /* the NULL that ends the query's results */
		r = PQgetResult(c);
		ok &= PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
	}
	buf_reset(&h->rows);
	h->n = 0;
	h->in_flight = 0;
	if (ok && im->copy.len >= COPY_FLUSH && im_put_copy(im, &im->copy) < 0)
		ok = 0;
	return ok ? 0 : -1;
}

/* Sends the batch being filled as one query, moves to the next, and takes in that one's rows if
 * they are still waiting (the oldest batch sent). */
static int held_flip(struct import *im, const struct model *m)
{
	struct held *h = &im->held[im->filling];
	const char *args[DERIVED_ARGS];
	int k = 0;

	h->helper = im->no_helpers ? -1 : (int)(im->sent++ % HELPERS);
	if (h->helper >= 0 && !helper_for(im, h->helper, m)) {
		if (!im->no_helpers)
			return -1;
		h->helper = -1;
	}
	for (; m->hooks->derived->fields[k]; k++) {
		buf_puts(&h->args[k], "}");
		args[k] = h->args[k].data;
	}
	if (h->helper >= 0 &&
	    (PQsendQueryPrepared(im->helper[h->helper], m->table, k, args, NULL, NULL, 0) != 1 ||
	     PQpipelineSync(im->helper[h->helper]) != 1))
		return -1;
	for (int i = 0; i < k; i++)
		buf_reset(&h->args[i]);
	h->in_flight = 1;
	im->filling = (im->filling + 1) % (HELPERS + 1);
	h = &im->held[im->filling];
	return h->in_flight ? held_collect(im, h) : 0;
}

/* Every held row of model m into the COPY, oldest batch first. */
int im_held_drain(struct import *im, const struct model *m)
{
	if (im->held[im->filling].n && held_flip(im, m) < 0)
		return -1;
	for (int i = 0; i <= HELPERS; i++) {
		struct held *h = &im->held[(im->filling + i) % (HELPERS + 1)];
		if (h->in_flight && held_collect(im, h) < 0)
			return -1;
	}
	return 0;
}

/* Appends the COPY row of m's record rec to the batch being filled, and the fields its derived
 * value is computed from to the batch's parameters; sends the batch when it is full. */
int im_held_add(struct import *im, const struct model *m, json_t *rec, const char *lead)
{
	const struct model_derived *d = m->hooks->derived;
	struct held *h = &im->held[im->filling];
	char *vals[128];
	int n, k, rc = -1;

	if ((n = sql_params(m, rec, vals)) < 0)
		return -1;
	for (k = 0; d->fields[k]; k++) {
		int at = sql_param_index(m, d->fields[k]);
		if (k == DERIVED_ARGS || at < 0)
			goto out; /* a model table asking for too much: a programming error */
		field_array_item(&h->args[k], vals[at]);
	}
	im_copy_vals(&h->rows, vals, n, lead);
	rc = ++h->n == DERIVED_BATCH ? held_flip(im, m) : 0;
out:
	sql_params_free(vals, n);
	return rc;
}
