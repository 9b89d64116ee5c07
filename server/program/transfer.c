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

#include "engine/export.h"
#include "engine/import.h"
#include "core/log.h"

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
	json_decref(j);
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
		if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
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

int transfer_import(const char *file, int if_empty)
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
	if (!(im = import_open(&p))) {
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
