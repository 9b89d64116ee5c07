-- Every search reads the vocabulary's trigram index (search_terms_trgm, migration 0007) once per
-- query word. A GIN index by default takes new entries into a pending list, which every search
-- then reads through entry by entry until vacuum merges it, up to 4 MB of them. Measured at a
-- million people after 2,473 new words (62 pending pages): a vocabulary lookup took 2.2 ms
-- instead of 0.5, a whole search 5.5 ms instead of 1.9, and search's throughput halved.
-- The vocabulary is read on every search and written only when a name brings a word never seen
-- before, so new words go straight into the index; what is pending now is merged here.
ALTER INDEX search_terms_trgm SET (fastupdate = off);
SELECT gin_clean_pending_list('search_terms_trgm'::regclass);
