-- Read documents (issue 19): each record's JSON as reads answer it, kept in its row, so that a
-- read is one row by key and a list page one index range. The functions and triggers that keep
-- them are generated from the field tables by the server (server/engine/docs.c) and installed
-- by this migration's step (models/registry.c), which also fills the documents of the records
-- already there. NULL: not computed (reads then build the JSON, as before).
ALTER TABLE sources ADD COLUMN doc text;
ALTER TABLE people ADD COLUMN doc text;
ALTER TABLE detentions ADD COLUMN doc text;
ALTER TABLE negotiations ADD COLUMN doc text;
ALTER TABLE swaps ADD COLUMN doc text;
ALTER TABLE statements ADD COLUMN doc text;
ALTER TABLE citations ADD COLUMN doc text;
