-- callscope embedded store, schema version 15: why a leg failed.
--
-- The facts gain the failure's reason (Graph's failureInfo reason, or an
-- ACS participant's end code and subcode with their meaning), so that the
-- reliability report can rank the reasons of setup failures and drops.
-- ACS legs also gain their failure stage, read from the end-reason
-- verdict. The store writes every call's facts again from the call when
-- it is next opened (facts-rebuild), then the rollups (rollup-rebuild),
-- since ACS failures now count in them. The rollups gain the reason as
-- a key beside the stage (failed legs are a few in a hundred, so they
-- grow little), so that the report ranks reasons without reading the
-- facts; and the device rollup keeps each end's user agent (a client's
-- product and build, as many as its client versions), so that the report
-- breaks failures down by it without reading the facts either. They are
-- made again, empty, with the columns in their places.

ALTER TABLE stream_facts ADD COLUMN failure_reason VARCHAR;

DROP TABLE stream_rollup;
CREATE TABLE stream_rollup (
    tenant                 VARCHAR NOT NULL,
    day                    DATE,
    source                 VARCHAR NOT NULL,
    call_type              VARCHAR,
    media_kind             VARCHAR NOT NULL,
    quality                VARCHAR,
    failure_stage          VARCHAR,
    failure_reason         VARCHAR,
    pstn                   BOOLEAN,
    caller_kind            VARCHAR NOT NULL,
    caller_tenant_id       VARCHAR,
    caller_platform        VARCHAR,
    caller_product_family  VARCHAR,
    caller_client_version  VARCHAR,
    caller_subnet          VARCHAR,
    caller_connection_type VARCHAR,
    caller_wifi_band       VARCHAR,
    caller_transport       VARCHAR,
    caller_capture_device  VARCHAR,
    caller_render_device   VARCHAR,
    callee_kind            VARCHAR NOT NULL,
    callee_tenant_id       VARCHAR,
    callee_platform        VARCHAR,
    callee_product_family  VARCHAR,
    callee_client_version  VARCHAR,
    callee_subnet          VARCHAR,
    callee_connection_type VARCHAR,
    callee_wifi_band       VARCHAR,
    callee_transport       VARCHAR,
    callee_capture_device  VARCHAR,
    callee_render_device   VARCHAR,
    n                      BIGINT NOT NULL, -- streams
    jitter_sum             DOUBLE NOT NULL,
    jitter_n               BIGINT NOT NULL,
    loss_sum               DOUBLE NOT NULL,
    loss_n                 BIGINT NOT NULL,
    rtt_sum                DOUBLE NOT NULL,
    rtt_n                  BIGINT NOT NULL,
    concealed_sum          DOUBLE NOT NULL,
    concealed_n            BIGINT NOT NULL,
    degradation_sum        DOUBLE NOT NULL,
    degradation_n          BIGINT NOT NULL,
    ms_sum                 DOUBLE NOT NULL, -- stream time of streams with start and end
    ms_n                   BIGINT NOT NULL,
    -- Sparse histograms: the buckets that count streams (jitter and
    -- round trip of cqd.Milliseconds, packet loss and concealment of
    -- cqd.Ratios), and how many, in the same order.
    jitter_buckets         USMALLINT[] NOT NULL,
    jitter_counts          BIGINT[] NOT NULL,
    loss_buckets           USMALLINT[] NOT NULL,
    loss_counts            BIGINT[] NOT NULL,
    rtt_buckets            USMALLINT[] NOT NULL,
    rtt_counts             BIGINT[] NOT NULL,
    concealed_buckets      USMALLINT[] NOT NULL,
    concealed_counts       BIGINT[] NOT NULL
);

DROP TABLE stream_rollup_network;
CREATE TABLE stream_rollup_network (
    tenant                 VARCHAR NOT NULL,
    day                    DATE,
    source                 VARCHAR NOT NULL,
    call_type              VARCHAR,
    media_kind             VARCHAR NOT NULL,
    quality                VARCHAR,
    failure_stage          VARCHAR,
    failure_reason         VARCHAR,
    pstn                   BOOLEAN,
    caller_kind            VARCHAR NOT NULL,
    caller_tenant_id       VARCHAR,
    caller_platform        VARCHAR,
    caller_subnet          VARCHAR,
    caller_connection_type VARCHAR,
    caller_wifi_band       VARCHAR,
    caller_transport       VARCHAR,
    callee_kind            VARCHAR NOT NULL,
    callee_tenant_id       VARCHAR,
    callee_platform        VARCHAR,
    callee_subnet          VARCHAR,
    callee_connection_type VARCHAR,
    callee_wifi_band       VARCHAR,
    callee_transport       VARCHAR,
    n                      BIGINT NOT NULL, -- streams
    jitter_sum             DOUBLE NOT NULL,
    jitter_n               BIGINT NOT NULL,
    loss_sum               DOUBLE NOT NULL,
    loss_n                 BIGINT NOT NULL,
    rtt_sum                DOUBLE NOT NULL,
    rtt_n                  BIGINT NOT NULL,
    concealed_sum          DOUBLE NOT NULL,
    concealed_n            BIGINT NOT NULL,
    degradation_sum        DOUBLE NOT NULL,
    degradation_n          BIGINT NOT NULL,
    ms_sum                 DOUBLE NOT NULL, -- stream time of streams with start and end
    ms_n                   BIGINT NOT NULL,
    -- Sparse histograms: the buckets that count streams (jitter and
    -- round trip of cqd.Milliseconds, packet loss and concealment of
    -- cqd.Ratios), and how many, in the same order.
    jitter_buckets         USMALLINT[] NOT NULL,
    jitter_counts          BIGINT[] NOT NULL,
    loss_buckets           USMALLINT[] NOT NULL,
    loss_counts            BIGINT[] NOT NULL,
    rtt_buckets            USMALLINT[] NOT NULL,
    rtt_counts             BIGINT[] NOT NULL,
    concealed_buckets      USMALLINT[] NOT NULL,
    concealed_counts       BIGINT[] NOT NULL
);

DROP TABLE stream_rollup_device;
CREATE TABLE stream_rollup_device (
    tenant                 VARCHAR NOT NULL,
    day                    DATE,
    source                 VARCHAR NOT NULL,
    call_type              VARCHAR,
    media_kind             VARCHAR NOT NULL,
    quality                VARCHAR,
    failure_stage          VARCHAR,
    failure_reason         VARCHAR,
    pstn                   BOOLEAN,
    caller_kind            VARCHAR NOT NULL,
    caller_tenant_id       VARCHAR,
    caller_platform        VARCHAR,
    caller_product_family  VARCHAR,
    caller_client_version  VARCHAR,
    caller_capture_device  VARCHAR,
    caller_render_device   VARCHAR,
    caller_user_agent      VARCHAR,
    callee_kind            VARCHAR NOT NULL,
    callee_tenant_id       VARCHAR,
    callee_platform        VARCHAR,
    callee_product_family  VARCHAR,
    callee_client_version  VARCHAR,
    callee_capture_device  VARCHAR,
    callee_render_device   VARCHAR,
    callee_user_agent      VARCHAR,
    n                      BIGINT NOT NULL, -- streams
    jitter_sum             DOUBLE NOT NULL,
    jitter_n               BIGINT NOT NULL,
    loss_sum               DOUBLE NOT NULL,
    loss_n                 BIGINT NOT NULL,
    rtt_sum                DOUBLE NOT NULL,
    rtt_n                  BIGINT NOT NULL,
    concealed_sum          DOUBLE NOT NULL,
    concealed_n            BIGINT NOT NULL,
    degradation_sum        DOUBLE NOT NULL,
    degradation_n          BIGINT NOT NULL,
    ms_sum                 DOUBLE NOT NULL, -- stream time of streams with start and end
    ms_n                   BIGINT NOT NULL,
    jitter_buckets         USMALLINT[] NOT NULL,
    jitter_counts          BIGINT[] NOT NULL,
    loss_buckets           USMALLINT[] NOT NULL,
    loss_counts            BIGINT[] NOT NULL,
    rtt_buckets            USMALLINT[] NOT NULL,
    rtt_counts             BIGINT[] NOT NULL,
    concealed_buckets      USMALLINT[] NOT NULL,
    concealed_counts       BIGINT[] NOT NULL
);

DELETE FROM settings WHERE key IN ('facts-rebuild', 'rollup-rebuild');
INSERT INTO settings (key, value, updated_at) VALUES ('facts-rebuild', 'needed', now()), ('rollup-rebuild', 'needed', now());
