-- People released per period, kept as swaps change (migrations/0033-0035; server/features/releases.c
-- reads them; contract v1.2 "Research answers").
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied; it then computes every swap's cells again, since what they hold may be what
-- changed.

-- The cells of swap s: nothing unless it is live, completed and dated. Each of its flows
-- (flows.sql: a direction, a category, living people or remains); a flow counts
-- under its sides and '*', and under its category (remains: also 'remains'; none: '') and '*'.
-- Living people are summed apart from remains; the cell of any side and any category holds the
-- swap's released_count, which also counts people of no known direction.
CREATE OR REPLACE FUNCTION swaptrack_swap_cells(s bigint)
RETURNS TABLE (by_month boolean, period text, released_by text, released_to text,
               category text, people integer, remains integer)
LANGUAGE sql STABLE AS $$
    WITH sw AS (
        SELECT t.id, t.occurred_on_first AS d, t.occurred_on_precision AS prec, t.released_count
          FROM swaps t
         WHERE t.id = s AND t.deleted_at IS NULL AND t.status = {{swaps.status:completed}}
           AND t.occurred_on_first IS NOT NULL
    ), f AS (
        SELECT x.released_by, coalesce(x.released_to, '') AS released_to, x.category, x.dead, x.n
          FROM sw CROSS JOIN LATERAL swaptrack_swap_flows(sw.id) x
    ), keyed AS (
        SELECT b.k AS released_by, t.k AS released_to, c.k AS category, f.dead, f.n
          FROM f
         CROSS JOIN LATERAL (VALUES (f.released_by), ('*')) b (k)
         CROSS JOIN LATERAL (VALUES (f.released_to), ('*')) t (k)
         CROSS JOIN LATERAL (SELECT DISTINCT k FROM (VALUES (coalesce(f.category, '')), ('*'),
                                    (CASE WHEN f.dead THEN 'remains' END)) v (k)
                              WHERE k IS NOT NULL) c
    ), cells AS (
        SELECT k.released_by, k.released_to, k.category,
               sum(k.n) FILTER (WHERE NOT k.dead)::integer AS people,
               sum(k.n) FILTER (WHERE k.dead)::integer AS remains
          FROM keyed k GROUP BY 1, 2, 3
    )
    SELECT m.by_month,
           CASE WHEN m.by_month AND sw.prec <> 'year' THEN to_char(sw.d, 'YYYY-MM')
                ELSE to_char(sw.d, 'YYYY') END,
           c.released_by, c.released_to, c.category,
           CASE WHEN c.released_by = '*' AND c.released_to = '*' AND c.category = '*'
                THEN greatest(coalesce(sw.released_count, 0), coalesce(c.people, 0))
                ELSE coalesce(c.people, 0) END,
           coalesce(c.remains, 0)
      FROM sw CROSS JOIN cells c CROSS JOIN (VALUES (true), (false)) m (by_month)
$$;

-- What swap s released, by category (migrations/0034: the swap list's category filter): its
-- groups' and named releases' categories, and 'remains' for a release of a body, each once, in
-- order. Whatever its status: the list shows announced swaps too.
CREATE OR REPLACE FUNCTION swaptrack_swap_categories(s bigint)
RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT x.k ORDER BY x.k), '{}')
      FROM (SELECT g.category AS k FROM swap_groups g WHERE g.swap_id = s
            UNION ALL
            SELECT r.category FROM swap_releases r WHERE r.swap_id = s
            UNION ALL
            SELECT {{swap_groups.category:remains}} FROM swap_releases r
             WHERE r.swap_id = s AND r.remains) x
     WHERE x.k IS NOT NULL
$$;

-- The values of the swap filters that swap s matches, each as "filter:value", as the swap
-- list's filters (models/swaps.c) read them: status, kind, host, stage, negotiation_id, party,
-- mediator, facilitator, country (a side releasing or receiving, named or counted), involves
-- (a side in any role) and non_state (a party among the deal's sides). The facets under which
-- its cells count in release_facet_totals.
CREATE OR REPLACE FUNCTION swaptrack_swap_facets(s bigint)
RETURNS text[]
LANGUAGE sql STABLE AS $$
    WITH t AS (
        SELECT u.status, u.kind, u.host, u.stage, u.negotiation_id, u.parties, u.mediators,
               u.facilitators
          FROM swaps u WHERE u.id = s
    ), moved AS (
        SELECT r.released_by AS side FROM swap_releases r WHERE r.swap_id = s
        UNION SELECT r.released_to FROM swap_releases r WHERE r.swap_id = s
        UNION SELECT g.released_by FROM swap_groups g WHERE g.swap_id = s
        UNION SELECT g.released_to FROM swap_groups g WHERE g.swap_id = s
    ), giving AS (
        SELECT m.by AS side FROM swap_terms m WHERE m.swap_id = s
    )
    SELECT coalesce(array_agg(DISTINCT f.f ORDER BY f.f), '{}')
      FROM (SELECT 'status:' || t.status FROM t
            UNION ALL SELECT 'kind:' || t.kind FROM t
            UNION ALL SELECT 'host:' || t.host FROM t
            UNION ALL SELECT 'stage:' || t.stage FROM t
            UNION ALL SELECT 'negotiation_id:' || t.negotiation_id FROM t
            UNION ALL SELECT 'party:' || x FROM t CROSS JOIN unnest(t.parties) x
            UNION ALL SELECT 'mediator:' || x FROM t CROSS JOIN unnest(t.mediators) x
            UNION ALL SELECT 'facilitator:' || x FROM t CROSS JOIN unnest(t.facilitators) x
            UNION ALL SELECT 'country:' || moved.side FROM moved
            UNION ALL
            SELECT 'involves:' || i.x
              FROM (SELECT t.host FROM t
                    UNION ALL SELECT unnest(t.parties) FROM t
                    UNION ALL SELECT unnest(t.mediators) FROM t
                    UNION ALL SELECT unnest(t.facilitators) FROM t
                    UNION ALL SELECT moved.side FROM moved
                    UNION ALL SELECT giving.side FROM giving) i (x)
            UNION ALL
            SELECT 'non_state:' || (EXISTS (SELECT 1 FROM t CROSS JOIN unnest(t.parties) x
                                             WHERE x ~ '^[a-z]')
                                    OR EXISTS (SELECT 1 FROM moved WHERE moved.side ~ '^[a-z]')
                                    OR EXISTS (SELECT 1 FROM giving WHERE giving.side ~ '^[a-z]'))::text
              FROM t) f (f)
     WHERE f.f IS NOT NULL
$$;

-- After a write of swap s (models/swaps.c) in its transaction: release_totals takes the change
-- of its cells (the new less the old, one statement, keys in order, so that two writers lock
-- shared cells in one order and never deadlock), and its cells are replaced. A cell no swap
-- holds stays with zeros: readers skip it. So do release_facet_totals, under the facets the swap
-- had and has (swap_release_facets keeps the former), and its categories.
CREATE OR REPLACE FUNCTION swaptrack_release_cells_refresh(s bigint)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    -- Each computed once, in key order, so that a write that moves nothing (a summary, a
    -- citation) is seen as such: 1.1-1.5 ms a swap at the bench's scale, where computing
    -- them again for each statement and rewriting them took 6.3-7.0 ms.
    new_cells swap_release_cells[] := ARRAY(
        SELECT ROW(s, n.by_month, n.period, n.released_by, n.released_to, n.category,
                   n.people, n.remains)::swap_release_cells
          FROM swaptrack_swap_cells(s) n
         ORDER BY n.by_month, n.released_by, n.released_to, n.category);
    old_cells swap_release_cells[] := ARRAY(
        SELECT c FROM swap_release_cells c WHERE c.swap_id = s
         ORDER BY c.by_month, c.released_by, c.released_to, c.category);
    new_facets text[] := CASE WHEN cardinality(new_cells) > 0
                              THEN swaptrack_swap_facets(s) END;
    old_facets text[] := (SELECT o.facets FROM swap_release_facets o WHERE o.swap_id = s);
BEGIN
    IF new_cells = old_cells AND new_facets IS NOT DISTINCT FROM old_facets THEN
        NULL;
    ELSE
        INSERT INTO release_totals AS t (by_month, released_by, released_to, category, period,
                                         people, remains, swaps)
        SELECT x.by_month, x.released_by, x.released_to, x.category, x.period,
               sum(x.people), sum(x.remains), sum(x.swaps)
          FROM (SELECT c.by_month, c.released_by, c.released_to, c.category, c.period,
                       -c.people AS people, -c.remains AS remains, -1 AS swaps
                  FROM unnest(old_cells) c
                UNION ALL
                SELECT n.by_month, n.released_by, n.released_to, n.category, n.period,
                       n.people, n.remains, 1
                  FROM unnest(new_cells) n) x
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(x.people) <> 0 OR sum(x.remains) <> 0 OR sum(x.swaps) <> 0
         ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (by_month, released_by, released_to, category, period) DO UPDATE
           SET people = t.people + EXCLUDED.people, remains = t.remains + EXCLUDED.remains,
               swaps = t.swaps + EXCLUDED.swaps;
        -- The same for each filter value: its monthly cells under the facets it had, and
        -- under those it has now.
        INSERT INTO release_facet_totals AS t (facet, released_by, released_to, category,
                                               period, people, remains, swaps)
        SELECT x.facet, x.released_by, x.released_to, x.category, x.period,
               sum(x.people), sum(x.remains), sum(x.swaps)
          FROM (SELECT f.facet, c.released_by, c.released_to, c.category, c.period,
                       -c.people AS people, -c.remains AS remains, -1 AS swaps
                  FROM unnest(old_cells) c CROSS JOIN unnest(old_facets) f (facet)
                 WHERE c.by_month
                UNION ALL
                SELECT f.facet, n.released_by, n.released_to, n.category, n.period,
                       n.people, n.remains, 1
                  FROM unnest(new_cells) n CROSS JOIN unnest(new_facets) f (facet)
                 WHERE n.by_month) x
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(x.people) <> 0 OR sum(x.remains) <> 0 OR sum(x.swaps) <> 0
         ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (facet, released_by, released_to, category, period) DO UPDATE
           SET people = t.people + EXCLUDED.people, remains = t.remains + EXCLUDED.remains,
               swaps = t.swaps + EXCLUDED.swaps;
        DELETE FROM swap_release_cells c WHERE c.swap_id = s;
        INSERT INTO swap_release_cells SELECT * FROM unnest(new_cells);
        DELETE FROM swap_release_facets o WHERE o.swap_id = s;
        INSERT INTO swap_release_facets SELECT s, new_facets WHERE new_facets IS NOT NULL;
    END IF;
    -- Only when they changed: the update recomputes the swap's read document.
    UPDATE swaps t SET categories = k.k
      FROM (SELECT swaptrack_swap_categories(s) AS k) k
     WHERE t.id = s AND t.categories IS DISTINCT FROM k.k;
END
$$;

-- Every swap's cells, facets and categories and the totals, from nothing: after an
-- import, when this file changes, and as the recount the tests compare the kept totals with.
-- No rows: an import's whole checks take (id, field, message) rows of what failed.
CREATE OR REPLACE FUNCTION swaptrack_release_cells_rebuild()
RETURNS TABLE (id bigint, field text, message text)
LANGUAGE plpgsql AS $$
BEGIN
    -- DELETE, not TRUNCATE: an import may run as a role that may write the tables but not
    -- truncate them (tests/http/test_transfer.c, imports_without_owning_the_tables).
    DELETE FROM release_facet_totals;
    DELETE FROM swap_release_facets;
    DELETE FROM swap_release_cells;
    DELETE FROM release_totals;
    INSERT INTO swap_release_cells
    SELECT t.id, n.by_month, n.period, n.released_by, n.released_to, n.category, n.people,
           n.remains
      FROM swaps t CROSS JOIN LATERAL swaptrack_swap_cells(t.id) n
     WHERE t.deleted_at IS NULL AND t.status = {{swaps.status:completed}};
    INSERT INTO release_totals
    SELECT c.by_month, c.released_by, c.released_to, c.category, c.period, sum(c.people),
           sum(c.remains), count(*)
      FROM swap_release_cells c GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO swap_release_facets
    SELECT t.id, swaptrack_swap_facets(t.id)
      FROM swaps t
     WHERE EXISTS (SELECT 1 FROM swap_release_cells c WHERE c.swap_id = t.id);
    INSERT INTO release_facet_totals
    SELECT f.facet, c.released_by, c.released_to, c.category, c.period, sum(c.people),
           sum(c.remains), count(*)
      FROM swap_release_cells c
      JOIN swap_release_facets o ON o.swap_id = c.swap_id
     CROSS JOIN LATERAL unnest(o.facets) f (facet)
     WHERE c.by_month
     GROUP BY 1, 2, 3, 4, 5;
    UPDATE swaps t SET categories = k.k
      FROM (SELECT u.id, swaptrack_swap_categories(u.id) AS k FROM swaps u) k
     WHERE t.id = k.id AND t.categories IS DISTINCT FROM k.k;
END
$$;

SELECT count(*) FROM swaptrack_release_cells_rebuild();
