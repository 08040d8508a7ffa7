-- callscope embedded store, schema version 1.
-- Calls are kept whole as canonical JSON (detail); the other columns are
-- what lists and filters read without decoding it.
--
-- No table has a primary key or index. DuckDB keeps ART indexes whole in
-- memory and rewrites them at every checkpoint: with a key on calls,
-- checkpoints grew from 0.1 s to 2-4 s within 50,000 calls, and DuckDB did
-- not use the indexes for our lookups anyway, scanning instead. The keys
-- named in the comments are kept unique by the store's single writer,
-- which deletes a key's rows before writing it again; the tests check
-- this after every conformance case (checkInvariants).

CREATE TABLE calls (
    tenant       VARCHAR     NOT NULL,
    id           VARCHAR     NOT NULL,
    version      BIGINT      NOT NULL,
    source       VARCHAR     NOT NULL,
    type         VARCHAR     NOT NULL,
    start_time   TIMESTAMPTZ,
    end_time     TIMESTAMPTZ,
    partial      BOOLEAN     NOT NULL,
    modalities   VARCHAR     NOT NULL, -- JSON array of strings
    sessions     INTEGER     NOT NULL,
    streams      INTEGER     NOT NULL,
    participants INTEGER     NOT NULL,
    content_hash VARCHAR     NOT NULL, -- sha256 of detail
    detail       VARCHAR     NOT NULL, -- the call's canonical JSON
    stored_at    TIMESTAMPTZ NOT NULL
    -- key: (tenant, id)
);

-- One row per person of a call (model.People), for lookups by object id,
-- UPN (lower-cased) or phone number (spaces and punctuation removed).
-- Lookups read only these narrow columns: 5-10 ms at 40,000 calls.
CREATE TABLE call_people (
    tenant       VARCHAR NOT NULL,
    call_id      VARCHAR NOT NULL,
    person_id    VARCHAR,
    upn          VARCHAR,
    phone        VARCHAR,
    display_name VARCHAR,
    tenant_id    VARCHAR,
    organizer    BOOLEAN NOT NULL
);

-- One row per stream (model.StreamFact): what dashboards aggregate.
-- Unknown values are NULL, never '' or 0.
CREATE TABLE stream_facts (
    tenant                 VARCHAR NOT NULL,
    call_id                VARCHAR NOT NULL,
    call_version           BIGINT  NOT NULL,
    source                 VARCHAR NOT NULL,
    call_type              VARCHAR,
    call_start             TIMESTAMPTZ,
    session_index          INTEGER NOT NULL,
    session_id             VARCHAR,
    segment_index          INTEGER NOT NULL,
    segment_id             VARCHAR,
    media_index            INTEGER NOT NULL,
    stream_index           INTEGER NOT NULL,
    media_label            VARCHAR,
    media_kind             VARCHAR NOT NULL,
    stream_id              VARCHAR,
    direction              VARCHAR,
    start_time             TIMESTAMPTZ,
    end_time               TIMESTAMPTZ,
    sender_is_caller       BOOLEAN NOT NULL,
    caller_kind            VARCHAR NOT NULL,
    caller_user_id         VARCHAR,
    caller_tenant_id       VARCHAR,
    caller_platform        VARCHAR,
    caller_product_family  VARCHAR,
    caller_user_agent      VARCHAR,
    caller_subnet          VARCHAR,
    caller_connection_type VARCHAR,
    caller_wifi_band       VARCHAR,
    caller_bssid           VARCHAR,
    caller_transport       VARCHAR,
    caller_capture_device  VARCHAR,
    caller_render_device   VARCHAR,
    callee_kind            VARCHAR NOT NULL,
    callee_user_id         VARCHAR,
    callee_tenant_id       VARCHAR,
    callee_platform        VARCHAR,
    callee_product_family  VARCHAR,
    callee_user_agent      VARCHAR,
    callee_subnet          VARCHAR,
    callee_connection_type VARCHAR,
    callee_wifi_band       VARCHAR,
    callee_bssid           VARCHAR,
    callee_transport       VARCHAR,
    callee_capture_device  VARCHAR,
    callee_render_device   VARCHAR,
    failure_stage          VARCHAR,
    audio_codec            VARCHAR,
    video_codec            VARCHAR,
    jitter_ms              DOUBLE,
    max_jitter_ms          DOUBLE,
    packet_loss_rate       DOUBLE,
    max_packet_loss_rate   DOUBLE,
    round_trip_ms          DOUBLE,
    max_round_trip_ms      DOUBLE,
    concealed_ratio        DOUBLE,
    audio_degradation      DOUBLE,
    packet_utilization     BIGINT,
    bandwidth_estimate     BIGINT,
    frame_rate             DOUBLE,
    frame_loss_pct         DOUBLE,
    post_fec_plr           DOUBLE
);

-- ACS log records as they arrived, for assembling a call again.
CREATE TABLE acs_records (
    tenant         VARCHAR     NOT NULL,
    correlation_id VARCHAR     NOT NULL,
    key            VARCHAR     NOT NULL,
    version        BIGINT      NOT NULL,
    category       VARCHAR     NOT NULL,
    content_hash   VARCHAR     NOT NULL,
    record         VARCHAR     NOT NULL, -- canonical JSON
    stored_at      TIMESTAMPTZ NOT NULL
    -- key: (tenant, correlation_id, key)
);

-- PSTN, direct-routing and SMS usage rows; rows without an id are keyed
-- by 'sha256:' and the hash of their content.
CREATE TABLE usage_rows (
    tenant       VARCHAR     NOT NULL,
    kind         VARCHAR     NOT NULL,
    id           VARCHAR     NOT NULL,
    start_time   TIMESTAMPTZ,
    content_hash VARCHAR     NOT NULL,
    row          VARCHAR     NOT NULL, -- canonical JSON
    stored_at    TIMESTAMPTZ NOT NULL
    -- key: (tenant, kind, id)
);
