-- callscope PostgreSQL store, schema version 1: the embedded store's
-- tables (its migrations 001-011) as they stand, with keys.
--
-- Ready for Citus: every table that holds a tenant's data has the tenant
-- first in its primary key and in every unique index, no foreign key
-- spans tenants, and no query joins across them, so that
-- create_distributed_table(table, 'tenant') distributes each by tenant
-- with co-located joins. Tables of the installation (api_tokens,
-- settings, schema_migrations) become reference tables.

-- Calls, kept whole as compressed canonical JSON (detail, zstd frames as
-- store.CompressDetail writes them); the other columns are what lists
-- and filters read without decoding it, and what BI tools read.
CREATE TABLE calls (
    tenant        text        NOT NULL,
    id            text        NOT NULL,
    version       bigint      NOT NULL,
    source        text        NOT NULL,
    type          text        NOT NULL,
    start_time    timestamptz,
    end_time      timestamptz,
    partial       boolean     NOT NULL,
    modalities    text[]      NOT NULL,
    sessions      integer     NOT NULL,
    streams       integer     NOT NULL,
    participants  integer     NOT NULL,
    content_hash  text        NOT NULL, -- of the canonical JSON (store.ContentHash)
    detail        bytea       NOT NULL,
    stored_at     timestamptz NOT NULL,
    rating        text,
    rules         text,
    red_issues    integer     NOT NULL,
    yellow_issues integer     NOT NULL,
    PRIMARY KEY (tenant, id)
);
-- Lists, newest first; calls without a start come last.
CREATE INDEX calls_start ON calls (tenant, start_time DESC NULLS LAST, id);

-- One row per person of a call (model.People), for lookups by object id,
-- UPN (lower-cased) or phone number (spaces and punctuation removed).
CREATE TABLE call_people (
    tenant       text    NOT NULL,
    call_id      text    NOT NULL,
    ordinal      integer NOT NULL, -- the person's place in model.People
    person_id    text,
    upn          text,
    phone        text,
    display_name text,
    tenant_id    text,
    organizer    boolean NOT NULL,
    PRIMARY KEY (tenant, call_id, ordinal)
);
CREATE INDEX call_people_person ON call_people (tenant, person_id);
CREATE INDEX call_people_upn ON call_people (tenant, upn);
CREATE INDEX call_people_phone ON call_people (tenant, phone);

-- One row per stream (model.StreamFact): what dashboards aggregate.
-- Unknown values are NULL, never '' or 0.
CREATE TABLE stream_facts (
    tenant                 text    NOT NULL,
    call_id                text    NOT NULL,
    call_version           bigint  NOT NULL,
    source                 text    NOT NULL,
    call_type              text,
    call_start             timestamptz,
    session_index          integer NOT NULL,
    session_id             text,
    segment_index          integer NOT NULL,
    segment_id             text,
    media_index            integer NOT NULL,
    stream_index           integer NOT NULL,
    media_label            text,
    media_kind             text    NOT NULL,
    stream_id              text,
    direction              text,
    start_time             timestamptz,
    end_time               timestamptz,
    sender_is_caller       boolean NOT NULL,
    caller_kind text NOT NULL,
    caller_user_id text,
    caller_tenant_id text,
    caller_platform text,
    caller_product_family text,
    caller_user_agent text,
    caller_subnet text,
    caller_connection_type text,
    caller_wifi_band text,
    caller_bssid text,
    caller_transport text,
    caller_capture_device text,
    caller_render_device text,
    callee_kind text NOT NULL,
    callee_user_id text,
    callee_tenant_id text,
    callee_platform text,
    callee_product_family text,
    callee_user_agent text,
    callee_subnet text,
    callee_connection_type text,
    callee_wifi_band text,
    callee_bssid text,
    callee_transport text,
    callee_capture_device text,
    callee_render_device text,
    failure_stage          text,
    audio_codec            text,
    video_codec            text,
    jitter_ms              double precision,
    max_jitter_ms          double precision,
    packet_loss_rate       double precision,
    max_packet_loss_rate   double precision,
    round_trip_ms          double precision,
    max_round_trip_ms      double precision,
    concealed_ratio        double precision,
    audio_degradation      double precision,
    packet_utilization     bigint,
    bandwidth_estimate     bigint,
    frame_rate             double precision,
    frame_loss_pct         double precision,
    post_fec_plr           double precision,
    quality                text, -- good, poor; NULL when unclassified
    poor_reasons           text, -- metrics that made it poor, comma-separated
    session_rating         text,
    caller_client_version  text,
    callee_client_version  text,
    pstn                   boolean,
    PRIMARY KEY (tenant, call_id, session_index, segment_index, media_index, stream_index)
);
CREATE INDEX stream_facts_start ON stream_facts (tenant, call_start);

-- The daily rollups (package rollup): stream facts summed by their keys,
-- with a sparse histogram per percentile metric (the buckets that count
-- something, in order, and their counts). A key may have several rows,
-- which queries sum: writes add rows that take replaced facts out.
CREATE TABLE stream_rollup (
    tenant          text NOT NULL,
    seq             bigint GENERATED ALWAYS AS IDENTITY,
    day             date,
    source          text NOT NULL,
    call_type       text,
    media_kind      text NOT NULL,
    quality         text,
    failure_stage   text,
    pstn            boolean,
    caller_kind text NOT NULL,
    caller_tenant_id text,
    caller_platform text,
    caller_product_family text,
    caller_client_version text,
    caller_subnet text,
    caller_connection_type text,
    caller_wifi_band text,
    caller_transport text,
    caller_capture_device text,
    caller_render_device text,
    callee_kind text NOT NULL,
    callee_tenant_id text,
    callee_platform text,
    callee_product_family text,
    callee_client_version text,
    callee_subnet text,
    callee_connection_type text,
    callee_wifi_band text,
    callee_transport text,
    callee_capture_device text,
    callee_render_device text,
    n               bigint NOT NULL, -- streams
    jitter_sum      double precision NOT NULL,
    jitter_n        bigint NOT NULL,
    loss_sum        double precision NOT NULL,
    loss_n          bigint NOT NULL,
    rtt_sum         double precision NOT NULL,
    rtt_n           bigint NOT NULL,
    concealed_sum   double precision NOT NULL,
    concealed_n     bigint NOT NULL,
    degradation_sum double precision NOT NULL,
    degradation_n   bigint NOT NULL,
    ms_sum          double precision NOT NULL, -- stream time of streams with start and end
    ms_n            bigint NOT NULL,
    jitter_buckets smallint[] NOT NULL,
    jitter_counts bigint[] NOT NULL,
    loss_buckets smallint[] NOT NULL,
    loss_counts bigint[] NOT NULL,
    rtt_buckets smallint[] NOT NULL,
    rtt_counts bigint[] NOT NULL,
    concealed_buckets smallint[] NOT NULL,
    concealed_counts bigint[] NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE INDEX stream_rollup_day ON stream_rollup (tenant, day);

CREATE TABLE stream_rollup_network (
    tenant          text NOT NULL,
    seq             bigint GENERATED ALWAYS AS IDENTITY,
    day             date,
    source          text NOT NULL,
    call_type       text,
    media_kind      text NOT NULL,
    quality         text,
    failure_stage   text,
    pstn            boolean,
    caller_kind text NOT NULL,
    caller_tenant_id text,
    caller_platform text,
    caller_subnet text,
    caller_connection_type text,
    caller_wifi_band text,
    caller_transport text,
    callee_kind text NOT NULL,
    callee_tenant_id text,
    callee_platform text,
    callee_subnet text,
    callee_connection_type text,
    callee_wifi_band text,
    callee_transport text,
    n               bigint NOT NULL, -- streams
    jitter_sum      double precision NOT NULL,
    jitter_n        bigint NOT NULL,
    loss_sum        double precision NOT NULL,
    loss_n          bigint NOT NULL,
    rtt_sum         double precision NOT NULL,
    rtt_n           bigint NOT NULL,
    concealed_sum   double precision NOT NULL,
    concealed_n     bigint NOT NULL,
    degradation_sum double precision NOT NULL,
    degradation_n   bigint NOT NULL,
    ms_sum          double precision NOT NULL, -- stream time of streams with start and end
    ms_n            bigint NOT NULL,
    jitter_buckets smallint[] NOT NULL,
    jitter_counts bigint[] NOT NULL,
    loss_buckets smallint[] NOT NULL,
    loss_counts bigint[] NOT NULL,
    rtt_buckets smallint[] NOT NULL,
    rtt_counts bigint[] NOT NULL,
    concealed_buckets smallint[] NOT NULL,
    concealed_counts bigint[] NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE INDEX stream_rollup_network_day ON stream_rollup_network (tenant, day);

-- ACS log records as they arrived (compressed canonical JSON,
-- store.CompressRecord), for assembling a call again.
CREATE TABLE acs_records (
    tenant         text        NOT NULL,
    correlation_id text        NOT NULL,
    key            text        NOT NULL,
    version        bigint      NOT NULL,
    category       text        NOT NULL,
    content_hash   text        NOT NULL,
    record         bytea       NOT NULL,
    stored_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant, correlation_id, key)
);

-- PSTN, direct-routing and SMS usage rows; rows without an id are keyed
-- by 'sha256:' and the hash of their content.
CREATE TABLE usage_rows (
    tenant       text        NOT NULL,
    kind         text        NOT NULL,
    id           text        NOT NULL,
    start_time   timestamptz,
    content_hash text        NOT NULL,
    row          text        NOT NULL, -- canonical JSON
    stored_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant, kind, id)
);

-- API tokens of the installation; only a hash of each secret.
CREATE TABLE api_tokens (
    id           text        NOT NULL PRIMARY KEY,
    name         text        NOT NULL,
    role         text        NOT NULL,
    tenants      text[]      NOT NULL,
    secret_hash  text        NOT NULL UNIQUE, -- hex SHA-256 of the secret
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,          -- NULL: never used
    revoked_at   timestamptz           -- NULL: active
);

-- Who looked at what; tenant '' for an entry of no tenant.
CREATE TABLE audit_log (
    tenant   text        NOT NULL,
    seq      bigint      GENERATED ALWAYS AS IDENTITY,
    time     timestamptz NOT NULL,
    actor    text        NOT NULL,
    token_id text        NOT NULL,
    role     text        NOT NULL,
    action   text        NOT NULL,
    subject  text        NOT NULL,
    detail   text        NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE INDEX audit_log_time ON audit_log (time, seq);

-- The installation's own settings (ACS blob offsets among them).
CREATE TABLE settings (
    key        text        NOT NULL PRIMARY KEY,
    value      text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- A tenant's building file, a row per line, and the subnets each line
-- covers, expanded.
CREATE TABLE buildings (
    tenant               text        NOT NULL,
    line                 integer     NOT NULL,
    network_ip           text        NOT NULL, -- network address
    network_range        integer     NOT NULL, -- prefix length
    network_name         text        NOT NULL,
    building_name        text        NOT NULL,
    ownership_type       text        NOT NULL,
    building_type        text        NOT NULL,
    building_office_type text        NOT NULL,
    city                 text        NOT NULL,
    zip_code             text        NOT NULL,
    country              text        NOT NULL,
    state                text        NOT NULL,
    region               text        NOT NULL,
    inside_corp          boolean     NOT NULL,
    express_route        boolean     NOT NULL,
    vpn                  boolean     NOT NULL,
    uploaded_at          timestamptz NOT NULL,
    PRIMARY KEY (tenant, line)
);
CREATE TABLE building_subnets (
    tenant text    NOT NULL,
    subnet text    NOT NULL,
    line   integer NOT NULL, -- the buildings row
    PRIMARY KEY (tenant, subnet, line)
);

-- Call records Graph notified of, to fetch.
CREATE TABLE graph_fetches (
    tenant      text        NOT NULL,
    record_id   text        NOT NULL,
    seq         bigint      NOT NULL, -- grows with every note of the record
    first_noted timestamptz NOT NULL,
    last_noted  timestamptz NOT NULL,
    due         timestamptz NOT NULL,
    attempts    integer     NOT NULL,
    last_error  text,
    PRIMARY KEY (tenant, record_id)
);
CREATE INDEX graph_fetches_due ON graph_fetches (due);
