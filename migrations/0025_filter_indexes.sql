-- Indexes for the filters of contract v1.1 ("Lists: filters that researchers use"), which the
-- field tables now give every enum, country list and partial date (tests/http/test_plans.c
-- checks each at a million rows). A date filter X=<from>..<to> asks X_last >= from AND
-- X_first <= to: (X_first, X_last) serves an interval with an end and an open start, X_last an
-- open end ("2024.."); the dates that from/to served already had the first.
CREATE INDEX people_born_range ON people (born_on_first, born_on_last) WHERE deleted_at IS NULL;
CREATE INDEX people_born_last ON people (born_on_last) WHERE deleted_at IS NULL;

CREATE INDEX detentions_detained_last ON detentions (detained_on_last) WHERE deleted_at IS NULL;
CREATE INDEX detentions_sentenced_range ON detentions (sentenced_on_first, sentenced_on_last) WHERE deleted_at IS NULL;
CREATE INDEX detentions_sentenced_last ON detentions (sentenced_on_last) WHERE deleted_at IS NULL;
CREATE INDEX detentions_released_range ON detentions (released_on_first, released_on_last) WHERE deleted_at IS NULL;
CREATE INDEX detentions_released_last ON detentions (released_on_last) WHERE deleted_at IS NULL;

CREATE INDEX negotiations_mediators ON negotiations USING gin (mediators) WHERE deleted_at IS NULL;
CREATE INDEX negotiations_started_last ON negotiations (started_on_last) WHERE deleted_at IS NULL;
CREATE INDEX negotiations_ended_range ON negotiations (ended_on_first, ended_on_last) WHERE deleted_at IS NULL;
CREATE INDEX negotiations_ended_last ON negotiations (ended_on_last) WHERE deleted_at IS NULL;

CREATE INDEX swaps_occurred_last ON swaps (occurred_on_last) WHERE deleted_at IS NULL;
CREATE INDEX statements_said_last ON statements (said_on_last) WHERE deleted_at IS NULL;
CREATE INDEX sources_published_last ON sources (published_on_last) WHERE deleted_at IS NULL;

CREATE INDEX citations_confidence ON citations (confidence, id) WHERE deleted_at IS NULL;
