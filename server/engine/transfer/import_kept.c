/* What an import keeps of the records it loads for the checks of later lines (import_state.h's
 * struct kept): a citation's quote is anchored in its source's content, which no database
 * connection can give an import (its rows are seen by its own transaction only, and that
 * connection is busy with a COPY). */
#include "engine/transfer/import_state.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int model_index(const struct model *m)
{
	for (int i = 0; i < MAX_MODELS && models[i]; i++)
		if (models[i] == m)
			return i;
	return -1;
}

int im_kept_add(struct import *im, int index, long long id, json_t *rec)
{
	const struct model *m = models[index];
	struct kept *k = &im->kept[index];
	const char *text;
	size_t len;

	if (!m->hooks || !m->hooks->kept ||
	    !(text = json_string_value(json_object_get(rec, m->hooks->kept))))
		return 0; /* nothing to keep: a record without it is not listed */
	len = strlen(text);
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 1024;
		long long *ids = realloc(k->ids, cap * sizeof(*ids));
		unsigned long long *at = ids ? realloc(k->at, cap * sizeof(*at)) : NULL;
		unsigned *lens = at ? realloc(k->len, cap * sizeof(*lens)) : NULL;

		if (ids)
			k->ids = ids;
		if (at)
			k->at = at;
		if (!lens)
			return -1;
		k->len = lens;
		k->cap = cap;
	}
	if (!k->file && !im->no_spill && !(k->file = im_temp_file()))
		im->no_spill = 1; /* then in memory */
	if (k->file) {
		if (fseeko(k->file, 0, SEEK_END) < 0)
			return -1;
		k->at[k->n] = (unsigned long long)ftello(k->file);
		if (fwrite(text, 1, len, k->file) != len)
			return -1;
		k->dirty = 1;
	} else {
		k->at[k->n] = k->mem.len;
		if (buf_append(&k->mem, text, len) < 0)
			return -1;
	}
	k->ids[k->n] = id;
	k->len[k->n] = (unsigned)len; /* a field's text is at most a few megabytes */
	k->n++;
	return 0;
}

int im_kept_text(void *ctx, const struct model *m, long long id, char **text)
{
	struct import *im = ctx;
	int index = model_index(m);
	struct kept *k;
	size_t lo = 0, hi;
	char *out;

	*text = NULL;
	if (index < 0 || !m->hooks || !m->hooks->kept)
		return -1;
	k = &im->kept[index];
	if (!im_seen_line(&im->seen[index], id))
		return 0;
	for (hi = k->n; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == k->n || k->ids[lo] != id)
		return 1; /* loaded, without a text */
	if (!(out = malloc((size_t)k->len[lo] + 1)))
		return -1;
	if (k->file) {
		if ((k->dirty && fflush(k->file) != 0) ||
		    pread(fileno(k->file), out, k->len[lo], (off_t)k->at[lo]) != (ssize_t)k->len[lo]) {
			free(out);
			return -1;
		}
		k->dirty = 0;
	} else if (buf_failed(&k->mem)) {
		free(out); /* what it held is gone (core/buf.h) */
		return -1;
	} else {
		memcpy(out, k->mem.data + k->at[lo], k->len[lo]);
	}
	out[k->len[lo]] = 0;
	*text = out;
	return 1;
}

void im_kept_free(struct import *im)
{
	for (int i = 0; i < MAX_MODELS; i++) {
		struct kept *k = &im->kept[i];

		if (k->file)
			fclose(k->file);
		buf_free(&k->mem);
		free(k->ids);
		free(k->at);
		free(k->len);
		memset(k, 0, sizeof(*k));
	}
}
