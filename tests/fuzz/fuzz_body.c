/* libFuzzer: JSON bodies against every resource's field table. The first byte picks the
 * resource; the rest is the body, validated as a create (with the hooks' database-free checks,
 * as an import runs them). Nothing here may crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>

#include "engine/model/model.h"
#include "engine/model/validate.h"
#include "engine/sql/sqlgen.h"
#include "models/models.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const struct model *m;
	struct problem p = PROBLEM_INIT;
	struct refs refs = {NULL, 0, 0};
	json_t *in, *rec;
	int n = 0;

	if (!ready)
		ready = engine_init(resources) == 0;
	if (size < 1)
		return 0;
	while (models[n])
		n++;
	m = models[data[0] % n];
	in = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, NULL);
	if (in) {
		rec = validate_record(m, in, "", &refs, &p);
		if (rec && !p.errors && m->hooks && m->hooks->check) {
			struct write w = {.model = m, .record = rec, .creating = 1, .prefix = ""};
			m->hooks->check(&w, &p);
		}
		if (rec && !p.errors) {
			char *vals[128];
			int k = sql_params(m, rec, vals);
			if (k > 0)
				sql_params_free(vals, k);
		}
		json_decref(rec);
		json_decref(in);
	}
	refs_free(&refs);
	problem_clear(&p);
	return 0;
}
