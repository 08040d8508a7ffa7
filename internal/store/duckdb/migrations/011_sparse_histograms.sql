-- callscope embedded store, schema version 11: the rollups keep each
-- percentile histogram sparse, as the buckets that count something
-- (jitter_buckets, 0-based as cqd.Layout numbers them) and their counts
-- (jitter_counts, in the same order), instead of a count for every
-- bucket.
--
-- A rollup row sums a few streams (three or four on average), so all but
-- two or three of a histogram's 68 or 89 counts were zeros, and writing
-- them cost an ingest of 100 MB of call records an eighth of its time
-- and 50-60 MiB of its memory (the counts went through the appender
-- value by value, then through the write-ahead log at eight bytes
-- each). Dashboard percentiles unnest the short lists and
-- sum them by bucket, which is also faster than summing dense lists
-- (rollupHistogramSQL).
--
-- Rows are carried over as they are, their histograms made sparse.

CREATE TABLE stream_rollup_v11 (
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

INSERT INTO stream_rollup_v11 SELECT * EXCLUDE (jitter_hist, loss_hist, rtt_hist, concealed_hist),
    CAST(list_filter(list_transform(jitter_hist, lambda x, i: CASE WHEN x <> 0 THEN i - 1 END), lambda b: b IS NOT NULL) AS USMALLINT[]),
    list_filter(jitter_hist, lambda x: x <> 0),
    CAST(list_filter(list_transform(loss_hist, lambda x, i: CASE WHEN x <> 0 THEN i - 1 END), lambda b: b IS NOT NULL) AS USMALLINT[]),
    list_filter(loss_hist, lambda x: x <> 0),
    CAST(list_filter(list_transform(rtt_hist, lambda x, i: CASE WHEN x <> 0 THEN i - 1 END), lambda b: b IS NOT NULL) AS USMALLINT[]),
    list_filter(rtt_hist, lambda x: x <> 0),
    CAST(list_filter(list_transform(concealed_hist, lambda x, i: CASE WHEN x <> 0 THEN i - 1 END), lambda b: b IS NOT NULL) AS USMALLINT[]),
    list_filter(concealed_hist, lambda x: x <> 0)
FROM stream_rollup;

DROP TABLE stream_rollup;
ALTER TABLE stream_rollup_v11 RENAME TO stream_rollup;

CREATE TABLE stream_rollup_network_v11 (
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

INSERT INTO stream_rollup_network_v11 SELECT * EXCLUDE (jitter_hist, loss_hist, rtt_hist, concealed_hist),
    CAST(list_filter(list_transform(jitter_hist, lambda x, i: CASE WHEN x <> 0 THEN i - 1 END), lambda b: b IS NOT NULL) AS USMALLINT[]),
    list_filter(jitter_hist, lambda x: x <> 0),
    CAST(list_filter(list_transform(loss_hist, lambda x, i: CASE WHEN x <> 0 THEN i - 1 END), lambda b: b IS NOT NULL) AS USMALLINT[]),
    list_filter(loss_hist, lambda x: x <> 0),
    CAST(list_filter(list_transform(rtt_hist, lambda x, i: CASE WHEN x <> 0 THEN i - 1 END), lambda b: b IS NOT NULL) AS USMALLINT[]),
    list_filter(rtt_hist, lambda x: x <> 0),
    CAST(list_filter(list_transform(concealed_hist, lambda x, i: CASE WHEN x <> 0 THEN i - 1 END), lambda b: b IS NOT NULL) AS USMALLINT[]),
    list_filter(concealed_hist, lambda x: x <> 0)
FROM stream_rollup_network;

DROP TABLE stream_rollup_network;
ALTER TABLE stream_rollup_network_v11 RENAME TO stream_rollup_network;
