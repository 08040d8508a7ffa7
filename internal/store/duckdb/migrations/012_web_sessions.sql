-- Web sign-ins, kept so that they survive a restart. id_hash is a hash of
-- the session's id, sealed what the web server encrypted with a key only
-- that id gives: nothing here signs a browser in, or reads as a token.
CREATE TABLE web_sessions (
    id_hash VARCHAR     NOT NULL, -- hex
    sealed  BLOB        NOT NULL,
    created TIMESTAMPTZ NOT NULL,
    seen    TIMESTAMPTZ NOT NULL
    -- key: (id_hash)
);
