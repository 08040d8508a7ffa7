-- Web sign-ins, kept so that they survive a restart and every serve
-- process knows them. id_hash is a hash of the session's id, sealed what
-- the web server encrypted with a key only that id gives: nothing here
-- signs a browser in, or reads as a token. The installation's, not a
-- tenant's: a reference table on Citus.
CREATE TABLE web_sessions (
    id_hash bytea       NOT NULL PRIMARY KEY,
    sealed  bytea       NOT NULL,
    created timestamptz NOT NULL,
    seen    timestamptz NOT NULL
);
CREATE INDEX web_sessions_seen ON web_sessions (seen);
