/* `swaptrack export` and `swaptrack import FILE`: the same export and import as the HTTP API,
 * on a direct database connection. Import shows a progress bar on a terminal (records done,
 * records a second, how much of the file) and prints nothing else unless asked or failing. */
#include "program/transfer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pwd.h>

#include "core/log.h"
#include "core/oom.h"
#include "db/db.h"
#include "engine/model/model.h"
#include "engine/transfer/export.h"
#include "engine/transfer/import.h"
#include "engine/write/batch.h"
#include "engine/write/store.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(struct problem *p)
{
	json_t *j = problem_json(p), *e;
	size_t i;

	fprintf(stderr, "swaptrack: %s\n", p->detail ? p->detail : p->title ? p->title : "failed");
	json_array_foreach(json_object_get(j, "errors"), i, e) {
		json_t *line = json_object_get(e, "line");
		if (line)
			fprintf(stderr, "  line %lld: %s: %s\n", (long long)json_integer_value(line),
				json_string_value(json_object_get(e, "field")),
				json_string_value(json_object_get(e, "message")));
		else
			fprintf(stderr, "  %s: %s\n", json_string_value(json_object_get(e, "field")),
				json_string_value(json_object_get(e, "message")));
	}
	/* What else the problem says (a duplicate's candidates, the failing operation). */
	{
		const char *key;
		json_t *v;
		json_object_foreach(j, key, v) {
			char *text;
			if (strcmp(key, "type") == 0 || strcmp(key, "title") == 0 ||
			    strcmp(key, "status") == 0 || strcmp(key, "detail") == 0 ||
			    strcmp(key, "errors") == 0 || strcmp(key, "error_count") == 0)
				continue;
			if ((text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY))) {
				fprintf(stderr, "  %s: %s\n", key, text);
				free(text);
			}
		}
	}
	json_decref(j);
}

#define BATCH_FILE_MAX (64L << 20) /* bytes: far above 1,000 operations of any real article */

/* 1 when any collection holds a record (live or not), 0 when none does, -1 with p filled. */
static int has_records(struct problem *p)
{
	struct buf sql = BUF_INIT;
	PGconn *c = db_worker(p);
	PGresult *r = NULL;
	int any = -1;

	buf_puts(&sql, "SELECT false");
	for (int i = 0; models[i]; i++)
		buf_printf(&sql, " OR EXISTS (SELECT 1 FROM %s)", models[i]->table);
	if (c && sql.data && (r = db_exec(c, sql.data, 0, NULL, p)))
		any = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	else if (!p->status)
		problem_oom(p);
	PQclear(r);
	buf_free(&sql);
	return any;
}

int transfer_batch(const char *file, int if_empty)
{
	struct problem p = PROBLEM_INIT;
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	struct buf text = BUF_INIT;
	char chunk[64 * 1024], actor[72], *out = NULL;
	const struct passwd *pw = getpwuid(geteuid());
	json_t *body = NULL, *answer = NULL;
	json_error_t err;
	PGconn *c = NULL;
	size_t n;
	int rc = 1;

	if (!f) {
		fprintf(stderr, "swaptrack: cannot open %s: %s\n", file, strerror(errno));
		return 1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && text.len <= (size_t)BATCH_FILE_MAX)
		buf_append(&text, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "swaptrack: reading %s failed: %s\n", file, strerror(errno));
		goto out;
	}
	if (text.len > (size_t)BATCH_FILE_MAX) {
		fprintf(stderr, "swaptrack: %s is larger than %ld bytes\n", file, BATCH_FILE_MAX);
		goto out;
	}
	if (buf_failed(&text)) {
		fprintf(stderr, "swaptrack: out of memory reading %s\n", file);
		goto out;
	}
	body = text.data ? json_loadb(text.data, text.len, JSON_REJECT_DUPLICATES, &err) : NULL;
	if (oom_seen()) {
		fprintf(stderr, "swaptrack: out of memory reading %s\n", file);
		goto out;
	}
	if (!body) {
		fprintf(stderr, "swaptrack: %s is not valid JSON: %s (line %d, column %d)\n", file,
			text.data ? err.text : "it is empty", text.data ? err.line : 0,
			text.data ? err.column : 0);
		goto out;
	}
	if (!json_is_object(body)) {
		fprintf(stderr, "swaptrack: %s must hold a JSON object {\"operations\": [...]}\n", file);
		goto out;
	}
	if (if_empty) {
		int any = has_records(&p);
		if (any != 0) {
			if (any > 0)
				fprintf(stderr, "swaptrack: the database has records; %s not loaded\n",
					file);
			else
				report(&p);
			rc = any > 0 ? 0 : 1;
			goto out;
		}
	}
	snprintf(actor, sizeof(actor), "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
	if (batch_apply(body, actor, &c, &answer, &p) < 0 || store_commit(c, &p) < 0) {
		store_rollback(c);
		report(&p);
		goto out;
	}
	if (!(out = json_dumps(answer, JSON_INDENT(2))) || printf("%s\n", out) < 0 ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "swaptrack: the batch was stored, but writing its results failed\n");
		goto out;
	}
	rc = 0;
out:
	if (f != stdin)
		fclose(f);
	problem_clear(&p);
	buf_free(&text);
	free(out);
	json_decref(body);
	json_decref(answer);
	return rc;
}

int transfer_export(void)
{
	struct problem p = PROBLEM_INIT;
	struct buf out = BUF_INIT;
	struct export *e = export_open(&p);
	int rc;

	if (!e) {
		report(&p);
		problem_clear(&p);
		return 1;
	}
	do {
		buf_reset(&out);
		rc = export_next(e, &out);
		if (buf_failed(&out)) {
			log_msg("the export ran out of memory"); /* never a piece missing */
			rc = -1;
		} else if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
			log_msg("writing the export failed: %s", strerror(errno));
			rc = -1;
		}
	} while (rc > 0);
	if (fflush(stdout) != 0)
		rc = -1;
	export_close(e);
	buf_free(&out);
	return rc < 0 ? 1 : 0;
}

/* "\r[######    ]  60%  123456 records  54321/s" on standard error. */
static void progress(long records, double rate, long long done, long long total)
{
	char bar[31];
	int pct = total > 0 ? (int)(done * 100 / total) : -1, fill = pct < 0 ? 0 : pct * 30 / 100;

	memset(bar, '#', (size_t)fill);
	memset(bar + fill, ' ', (size_t)(30 - fill));
	bar[30] = '\0';
	if (pct >= 0)
		fprintf(stderr, "\r[%s] %3d%%  %ld records  %.0f/s ", bar, pct, records, rate);
	else
		fprintf(stderr, "\r%ld records  %.0f/s ", records, rate);
}

int transfer_import(const char *file, int if_empty, size_t max_line)
{
	struct problem p = PROBLEM_INIT;
	struct import *im;
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	struct stat st;
	long long total = 0, done = 0;
	int tty = isatty(STDERR_FILENO);
	double start = now_s(), last = 0;
	char chunk[64 * 1024];
	size_t n;
	long count;

	if (!f) {
		fprintf(stderr, "swaptrack: cannot open %s: %s\n", file, strerror(errno));
		return 1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		total = st.st_size;
	if (!(im = import_open(max_line, &p))) {
		int skip = if_empty && p.status == 409;
		if (skip)
			fprintf(stderr, "swaptrack: the database has records; %s not imported\n", file);
		else
			report(&p);
		problem_clear(&p);
		if (f != stdin)
			fclose(f);
		return skip ? 0 : 1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		done += (long long)n;
		if (import_feed(im, chunk, n) < 0)
			break;
		if (tty && now_s() - last >= 0.1) {
			last = now_s();
			progress(import_count(im), import_count(im) / (last - start + 1e-9), done, total);
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "swaptrack: reading %s failed: %s\n", file, strerror(errno));
		import_close(im);
		if (f != stdin)
			fclose(f);
		return 1;
	}
	if (f != stdin)
		fclose(f);
	count = import_finish(im, &p);
	if (count >= 0) {
		/* Equal citations: the first is kept, each later one deleted; said whatever the
		 * terminal, since the file held them. */
		json_t *dups = import_duplicates(im), *d;
		size_t i;

		json_array_foreach(dups, i, d)
			fprintf(stderr,
				"swaptrack: line %lld: %s %lld is equal to %s %lld (line %lld); kept "
				"deleted, with its history\n",
				(long long)json_integer_value(json_object_get(d, "line")),
				json_string_value(json_object_get(d, "type")),
				(long long)json_integer_value(json_object_get(d, "id")),
				json_string_value(json_object_get(d, "type")),
				(long long)json_integer_value(json_object_get(d, "equal_to")),
				(long long)json_integer_value(json_object_get(d, "equal_to_line")));
		json_decref(dups);
	}
	if (tty) {
		progress(count < 0 ? import_count(im) : count,
			 (count < 0 ? import_count(im) : count) / (now_s() - start + 1e-9), done, total);
		fputc('\n', stderr);
	}
	import_close(im);
	if (count < 0) {
		report(&p);
		problem_clear(&p);
		return 1;
	}
	if (tty)
		fprintf(stderr, "swaptrack: imported %ld records from %s\n", count, file);
	return 0;
}
