/* libFuzzer: the values a merge combines. The input is a JSON array of two records (as read:
 * any members, any types), folded as people (merge_fold) both ways; the patch it gives must be
 * an object of the model's fields only. Nothing here may crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine/model/model.h"
#include "engine/write/merge.h"
#include "models/models.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	json_t *in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	json_t *a = json_array_get(in, 0), *b = json_array_get(in, 1);

	if (!ready)
		ready = engine_init(resources) == 0;
	if (ready && json_is_object(a) && json_is_object(b)) {
		for (int turn = 0; turn < 2; turn++) {
			struct problem p = PROBLEM_INIT;
			json_t *renames = json_array();
			json_t *patch = merge_fold(&model_people, turn ? b : a, turn ? a : b, renames,
						   &p);
			const char *key;
			json_t *v;

			if (patch) {
				json_object_foreach(patch, key, v)
					if (!model_field(&model_people, key))
						abort();
			} else if (p.status != 409 && p.status != 503) {
				abort();
			}
			json_decref(patch);
			json_decref(renames);
			problem_clear(&p);
		}
	}
	json_decref(in);
	return 0;
}
