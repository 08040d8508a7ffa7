-- callscope embedded store, schema version 3: what `callscope serve`
-- keeps besides telemetry. API tokens, the audit log of who looked at
-- whose calls, and the store's own settings.
--
-- As in 001, no table has a primary key: the keys named in the comments
-- are kept unique by the store's single writer, which looks a key up
-- before writing it, and the tests check this (checkInvariants).

-- API tokens. The secret is never stored, only the hex of its SHA-256;
-- the table is small and scanned whole.
CREATE TABLE api_tokens (
    id           VARCHAR     NOT NULL,
    name         VARCHAR     NOT NULL,
    role         VARCHAR     NOT NULL,
    tenants      VARCHAR     NOT NULL, -- JSON array of strings
    secret_hash  VARCHAR     NOT NULL, -- hex SHA-256 of the secret
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,          -- NULL: never used
    revoked_at   TIMESTAMPTZ           -- NULL: active
    -- key: (id); secret_hash is unique too
);

-- The audit log, append-only; retention deletes what is older than it
-- keeps. seq orders entries written within the same microsecond.
CREATE SEQUENCE audit_seq START 1;

CREATE TABLE audit_log (
    seq      BIGINT      NOT NULL DEFAULT nextval('audit_seq'),
    time     TIMESTAMPTZ NOT NULL,
    actor    VARCHAR     NOT NULL,
    token_id VARCHAR     NOT NULL,
    role     VARCHAR     NOT NULL,
    tenant   VARCHAR     NOT NULL, -- '' for no tenant
    action   VARCHAR     NOT NULL,
    subject  VARCHAR     NOT NULL,
    detail   VARCHAR     NOT NULL
    -- key: (seq)
);

-- The store's own configuration, as key and value.
CREATE TABLE settings (
    key        VARCHAR     NOT NULL,
    value      VARCHAR     NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
    -- key: (key)
);
