-- callscope embedded store, schema version 6: daily rollup of stream
-- facts, so that dashboard queries read thousands of rows where the
-- facts hold millions.
--
-- One row holds additive parts (counts, sums) of the streams of one
-- tenant and UTC day that share every key column; several rows may share
-- a key (the store appends a batch's part, and subtracts a replaced
-- call's part as a row of negative counts), since every query sums them.
-- Keys are the stream dimensions and both ends' dimensions that
-- dashboards group by, without personal data (no user ids, no BSSIDs)
-- and without user-agent headers, whose versions would multiply the
-- rows; queries by those, by hour, or of percentiles and distinct calls
-- read the facts. The table is filled from the facts when the store is
-- next opened (the setting below), and kept equal to them by every write.

CREATE TABLE stream_rollup (
    tenant                 VARCHAR NOT NULL,
    day                    DATE,
    source                 VARCHAR NOT NULL,
    call_type              VARCHAR,
    media_kind             VARCHAR NOT NULL,
    quality                VARCHAR,
    failure_stage          VARCHAR,
    caller_kind            VARCHAR NOT NULL,
    caller_tenant_id       VARCHAR,
    caller_platform        VARCHAR,
    caller_product_family  VARCHAR,
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
    ms_n                   BIGINT NOT NULL
);

INSERT INTO settings (key, value, updated_at) VALUES ('rollup-rebuild', 'needed', now());
