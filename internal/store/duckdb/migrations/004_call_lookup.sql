-- callscope embedded store, schema version 4: what the HTTP API reads on
-- every request.
--
-- Issue counts: call lists (a user's calls and meetings) show how many red
-- and yellow issues each call's sessions have, without decoding the
-- call. Calls stored before this version are counted from their detail
-- here; a call not yet judged has none.
ALTER TABLE calls ADD COLUMN red_issues INTEGER DEFAULT 0;
ALTER TABLE calls ADD COLUMN yellow_issues INTEGER DEFAULT 0;

UPDATE calls SET
    red_issues = coalesce(len(list_filter(
        json_extract_string(detail, '$.sessions[*].issues[*].severity'), lambda s: s = 'red')), 0),
    yellow_issues = coalesce(len(list_filter(
        json_extract_string(detail, '$.sessions[*].issues[*].severity'), lambda s: s = 'yellow')), 0);

-- Point lookups of one call (the API's call detail) scan the whole calls
-- table without an index: 2-15 ms at 100,000 calls, under load far more.
-- DuckDB uses an ART index only for a lone equality filter on the indexed
-- column written as a literal (not a prepared-statement parameter, and
-- not together with a filter on tenant), so the store looks calls up by
-- id alone and picks the tenant's row itself; see DB.Call. 001 kept every
-- table free of indexes because a (tenant, id) key made checkpoints slow;
-- an index on id alone, measured at 100,000 calls of 12 KB, costs writes
-- 10-25 % and makes the lookup about ten times faster (0.3 ms).
CREATE INDEX calls_id ON calls (id);
