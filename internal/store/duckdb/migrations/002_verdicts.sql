-- callscope embedded store, schema version 2: quality verdicts.
-- A call's rating is the worst of its sessions'; rules names the rule set
-- that judged it, so that calls judged by older rules can be found and
-- judged again. Stream facts carry their stream's verdict for dashboards.

ALTER TABLE calls ADD COLUMN rating VARCHAR;
ALTER TABLE calls ADD COLUMN rules VARCHAR;

ALTER TABLE stream_facts ADD COLUMN quality VARCHAR;        -- good, poor, unclassified
ALTER TABLE stream_facts ADD COLUMN poor_reasons VARCHAR;   -- metrics that made it poor, comma-separated
ALTER TABLE stream_facts ADD COLUMN session_rating VARCHAR; -- good, poor, unavailable
