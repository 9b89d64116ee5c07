-- Transliterations of one Russian name differ in a few regular ways: Dmitriyev / Dmitriev,
-- Kseniya / Ksenia, Sergey / Sergei, Aleksey / Alexey. Folding those pairs together, in names
-- and in queries alike, makes the variants one spelling, so the trigram and edit-distance
-- ranking weighs only real differences. ("Dmitriyev" otherwise sits nearer "Dmitriy" than
-- "Dmitriev".)
CREATE OR REPLACE FUNCTION swaptrack_fold(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT replace(replace(replace(
        lower(unaccent('unaccent'::regdictionary, swaptrack_translit(s))),
        'iy', 'i'), 'ey', 'ei'), 'ks', 'x')
$$;

UPDATE people SET search_names = swaptrack_fold(concat_ws(' ', name, name_native,
                                                          array_to_string(aliases, ' ')));
