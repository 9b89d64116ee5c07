/* Shared setup for the collection tests. */
#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

struct world W;

int world_setup(const char *name)
{
	memset(&W, 0, sizeof(W));
	W.db = th_db_create(name);
	th_server_start(&W.srv, W.db, NULL);
	W.source = th_create(&W.srv, "/v1/sources",
			     "{\"url\": \"https://news.example/%s\", \"title\": \"Fixture\", "
			     "\"content\": \"The envoy said:   talks  went\\nwell. Nothing was imminent.\"}",
			     name);
	W.person = th_create(&W.srv, "/v1/people", "{\"name\": \"Fixture Person\"}");
	W.other = th_create(&W.srv, "/v1/people", "{\"name\": \"Other Person\"}");
	W.detention = th_create(&W.srv, "/v1/detentions",
				"{\"person_id\": %lld, \"country\": \"RU\", \"status\": \"held\"}",
				W.person);
	W.negotiation = th_create(&W.srv, "/v1/negotiations",
				  "{\"title\": \"Fixture talks\", \"status\": \"active\"}");
	return 0;
}

int world_teardown(void)
{
	th_server_stop(&W.srv);
	free(W.db);
	return 0;
}

char *world_subst(const char *t)
{
	struct buf b = BUF_INIT;

	for (; *t; t++) {
		long long v = -1;
		if (t[0] == '{' && t[1] && t[2] == '}') {
			switch (t[1]) {
			case 'S':
				v = W.source;
				break;
			case 'P':
				v = W.person;
				break;
			case 'Q':
				v = W.other;
				break;
			case 'D':
				v = W.detention;
				break;
			case 'N':
				v = W.negotiation;
				break;
			}
		}
		if (v >= 0) {
			buf_printf(&b, "%lld", v);
			t += 2;
		} else {
			buf_append(&b, t, 1);
		}
	}
	return buf_steal(&b);
}

char *world_fingerprint(void)
{
	return th_sql(W.db,
		      "SELECT concat_ws(' ',"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM sources),"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM people),"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM detentions),"
		      " (SELECT string_agg(status || coalesce(released_on, '-'), ',' ORDER BY id) FROM detentions),"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM negotiations),"
		      " (SELECT count(*) FROM negotiation_participants),"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM swaps),"
		      " (SELECT count(*) FROM swap_releases),"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM citations),"
		      " (SELECT count(*) FROM history))");
}

int list_has(const char *path, long long id)
{
	return th_items_have(&W.srv, path, id);
}

char *seed_file(const char *name)
{
	char *path = th_fmt("tests/fixtures/seed/%s", name);
	FILE *f = fopen(path, "rb");
	char *s;

	assert_non_null(f);
	s = th_read_all(f);
	fclose(f);
	free(path);
	return s;
}
