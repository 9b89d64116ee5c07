/* libFuzzer: the field types' parsers: partial dates, country codes, UTF-8 and the text formats
 * (the quote matcher has its own target, fuzz_anchor). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model/cite.h"
#include "engine/model/model.h"
#include "engine/model/types.h"
#include "models/models.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	const char *why;
	struct partial_date d;

	memcpy(s, data, size);
	s[size] = '\0';
	if (partial_date_parse(s, &d, &why) == 0) {
		/* What parses is a real interval, first day not after the last. */
		if (strcmp(d.first, d.last) > 0 || strlen(d.first) != 10)
			abort();
	}
	if (country_find(s) && strlen(s) != 2)
		abort();
	if (utf8_valid(s))
		(void)utf8_length(s);
	check_url(s, &why);
	check_language(s, &why);
	check_wikidata(s, &why);
	free(s);
	return 0;
}
