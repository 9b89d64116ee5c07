-- Every code a party has had (issue 31, contract v1.2 "Parties that are not states"): a code
-- is never given to another party, even after its party was deleted or took another code.
-- The parties table itself comes from its field table (models/parties.c, ~schema); the trigger
-- that fills this one is in sql/functions/parties.sql. No reference to parties: this table is
-- made before ~schema makes that one.
CREATE TABLE party_codes (
    code text PRIMARY KEY,
    party_id bigint NOT NULL
);
