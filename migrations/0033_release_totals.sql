-- People released, kept as they change (issue 31, GET /v1/stats/releases at a million records).
--
-- swap_release_cells: for each live completed dated swap, what it released, one row per period
-- form (by month: "2024-05", or "2024" for a swap dated by its year; by year: "2024") and per
-- key: the releasing side, the receiving side ('' when not known) and the category, each also
-- rolled up as '*' (any). release_totals: the same summed over every swap, with how many swaps
-- each cell holds. Both are written in the swap's write transaction
-- (sql/functions/releases.sql); an unfiltered answer reads only release_totals (a few thousand
-- rows), a filtered one the cells of the swaps the filters keep.
CREATE TABLE swap_release_cells (
    swap_id bigint NOT NULL REFERENCES swaps (id),
    by_month boolean NOT NULL,
    period text NOT NULL,
    released_by text NOT NULL,
    released_to text NOT NULL,
    category text NOT NULL,
    people integer NOT NULL,
    remains integer NOT NULL,
    PRIMARY KEY (swap_id, by_month, released_by, released_to, category)
);

CREATE TABLE release_totals (
    by_month boolean NOT NULL,
    released_by text NOT NULL,
    released_to text NOT NULL,
    category text NOT NULL,
    period text NOT NULL,
    people bigint NOT NULL,
    remains bigint NOT NULL,
    swaps bigint NOT NULL,
    PRIMARY KEY (by_month, released_by, released_to, category, period)
);
-- What an answer asks of the totals: one period form, one category, and one side fixed or '*'
-- while the other is fixed, '*' or every side (a split): either side may be the one split.
CREATE INDEX release_totals_to ON release_totals (by_month, category, released_to, released_by, period);
CREATE INDEX release_totals_by ON release_totals (by_month, category, released_by, released_to, period);
