-- The people list's `q` filter reads migration 0003's trigram index over folded names, and GIN
-- keeps new entries in a pending list that every read goes through one by one until vacuum or
-- a full list merges it: up to 4 MB by default. Search's vocabulary (0010) takes no pending
-- list at all, being written rarely; people are written more, and putting every name's
-- trigrams straight into the index cost 300 us of PostgreSQL CPU a POST /v1/people (1,069 ->
-- 1,374 us, bench/run). A list of at most 256 kB keeps most of that batching and bounds what a
-- read has to go through.
ALTER INDEX people_search_names SET (gin_pending_list_limit = 256);
SELECT gin_clean_pending_list('people_search_names'::regclass);
