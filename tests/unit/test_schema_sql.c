/* No enum value, citable kind or precision name is written both in C and in SQL: the modules of
 * sql/functions/ name them by reference ({{detentions.status:held}}), which migrate fills in
 * from the field tables (engine/sql/schema.c). Reading every module, no such value may stand in
 * quotes where a field's value is compared; and every reference a module makes names a value
 * that exists. The DDL generated from the field tables takes its values from them too. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "engine/model/cite.h"
#include "engine/model/model.h"
#include "engine/model/types.h"
#include "engine/sql/schema.h"
#include "models/models.h"

static char *read_file(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	buf_puts(&b, "");
	return buf_steal(&b);
}

/* Whether 'value' stands in text where a value is compared: right after "=", or in the list of
 * an IN (...) (going back over the literals before it); not as a JSON member's name or an item
 * of a select list, which are no values of a field. */
static int compared(const char *text, const char *value)
{
	char quoted[128];
	size_t n;

	snprintf(quoted, sizeof(quoted), "'%s'", value);
	n = strlen(quoted);
	for (const char *p = text; (p = strstr(p, quoted)); p += n) {
		const char *q = p;
		for (;;) {
			while (q > text && q[-1] == ' ')
				q--;
			if (q > text && q[-1] == ',') {
				q--;
				while (q > text && q[-1] == ' ')
					q--;
				if (q > text && q[-1] == '\'') {
					for (q--; q > text && q[-1] != '\''; q--)
						;
					if (q > text)
						q--;
					continue;
				}
				break;
			}
			break;
		}
		if (q > text && q[-1] == '=')
			return 1;
		if (q - text >= 4 && q[-1] == '(' && strncmp(q - 4, "IN (", 4) == 0)
			return 1;
	}
	return 0;
}

static void no_value_is_written_twice(void **state)
{
	DIR *d = opendir("sql/functions");
	struct dirent *e;
	int modules = 0;

	(void)state;
	assert_int_equal(engine_init(resources), 0);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[512], *text, *err = NULL;
		struct buf out = BUF_INIT;
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		snprintf(path, sizeof(path), "sql/functions/%s", e->d_name);
		text = read_file(path);
		modules++;
		/* Every reference names a value of the field tables. */
		if (schema_expand(text, &out, &err) < 0)
			fail_msg("%s: %s", path, err);
		buf_free(&out);
		for (int i = 0; models[i]; i++)
			for (const struct field *f = models[i]->fields; f->name; f++) {
				const char *const *values = field_values(f);
				for (int k = 0;
				     values && (f->type == FT_ENUM || f->type == FT_KIND) && values[k];
				     k++)
					if (compared(text, values[k]))
						fail_msg("%s compares with '%s', a value of %s.%s: write "
							 "{{%s.%s:%s}}",
							 path, values[k], models[i]->table, f->name,
							 models[i]->table, f->name, values[k]);
			}
		for (int p = DATE_YEAR; p <= DATE_DAY; p++) {
			char pattern[64];
			snprintf(pattern, sizeof(pattern), "_precision = '%s'", date_precision_name(p));
			if (strstr(text, pattern))
				fail_msg("%s writes the precision '%s'", path, date_precision_name(p));
		}
		free(text);
	}
	closedir(d);
	assert_true(modules >= 10);
	engine_free();
}

/* A reference to a value that does not exist fails, naming it. */
static void a_reference_must_name_a_value(void **state)
{
	struct buf out = BUF_INIT;
	char *err = NULL;

	(void)state;
	assert_int_equal(engine_init(resources), 0);
	assert_int_equal(schema_expand("x = {{detentions.status:held}} AND y = {{people.singular}}",
				       &out, &err),
			 0);
	assert_string_equal(out.data, "x = 'held' AND y = 'person'");
	buf_free(&out);
	assert_int_equal(schema_expand("{{detentions.status:jailed}}", &out, &err), -1);
	assert_non_null(strstr(err, "detentions.status:jailed"));
	free(err);
	buf_free(&out);
	engine_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_value_is_written_twice),
		cmocka_unit_test(a_reference_must_name_a_value),
	};

	return cmocka_run_group_tests_name("schema_sql", tests, NULL, NULL);
}
