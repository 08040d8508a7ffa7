-- The device rollup (package rollup): the stream facts of a day summed by
-- the stream keys and each end's kind, tenant, platform, product, client
-- version and devices, without its network. Queries by device, product or
-- client version read it rather than the full rollup, which also keeps
-- every network and is several times larger. It is filled from the facts
-- when the store is next opened (rollup-rebuild).
CREATE TABLE stream_rollup_device (
    tenant                 VARCHAR NOT NULL,
    day                    DATE,
    source                 VARCHAR NOT NULL,
    call_type              VARCHAR,
    media_kind             VARCHAR NOT NULL,
    quality                VARCHAR,
    failure_stage          VARCHAR,
    pstn                   BOOLEAN,
    caller_kind            VARCHAR NOT NULL,
    caller_tenant_id       VARCHAR,
    caller_platform        VARCHAR,
    caller_product_family  VARCHAR,
    caller_client_version  VARCHAR,
    caller_capture_device  VARCHAR,
    caller_render_device   VARCHAR,
    callee_kind            VARCHAR NOT NULL,
    callee_tenant_id       VARCHAR,
    callee_platform        VARCHAR,
    callee_product_family  VARCHAR,
    callee_client_version  VARCHAR,
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
    jitter_buckets         USMALLINT[] NOT NULL,
    jitter_counts          BIGINT[] NOT NULL,
    loss_buckets           USMALLINT[] NOT NULL,
    loss_counts            BIGINT[] NOT NULL,
    rtt_buckets            USMALLINT[] NOT NULL,
    rtt_counts             BIGINT[] NOT NULL,
    concealed_buckets      USMALLINT[] NOT NULL,
    concealed_counts       BIGINT[] NOT NULL
);

DELETE FROM settings WHERE key = 'rollup-rebuild';
INSERT INTO settings (key, value, updated_at) VALUES ('rollup-rebuild', 'needed', now());
