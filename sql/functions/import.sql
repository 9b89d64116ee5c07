-- What an import drops and builds again (server/engine/transfer/import_indexes.c).
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- What a bulk import drops before its COPYs and builds again after them (server/engine/
-- import_indexes.c): for the tables it fills, their secondary indexes and foreign keys, and for
-- the tables the models' triggers fill (their rows unique by construction) their primary keys
-- too. One row each, (order, the statement that drops it, the one that builds it again), as
-- PostgreSQL writes their definitions; indexes first, since validating a key reads the index of
-- what it refers to. A unique index over expressions (citations_equal: equal citations) goes
-- with the secondary ones: before it is built again the import keeps the first of equal rows and
-- deletes the others (a model's import_dedupe), as migration 0036 did, and lists their lines.
CREATE OR REPLACE FUNCTION swaptrack_import_plan(tables regclass[], derived regclass[])
RETURNS TABLE (step int, drop_sql text, build_sql text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT 1, format('DROP INDEX %s', x.indexrelid::regclass), pg_get_indexdef(x.indexrelid)
      FROM pg_index x WHERE x.indrelid = ANY (tables) AND NOT x.indisprimary
       AND (NOT x.indisunique OR x.indexprs IS NOT NULL)
    UNION ALL
    SELECT 2, format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                  pg_get_constraintdef(c.oid))
      FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY (tables)
    UNION ALL
    SELECT 3, format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                  pg_get_constraintdef(c.oid))
      FROM pg_constraint c WHERE c.contype = 'p' AND c.conrelid = ANY (derived)
     ORDER BY 1, 2;
END
$$;
