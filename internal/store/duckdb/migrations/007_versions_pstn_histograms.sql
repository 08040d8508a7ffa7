-- callscope embedded store, schema version 7: client versions and the
-- phone network in the stream facts, and percentile histograms in the
-- rollup.
--
-- The facts gain each end's client version (Graph's applicationVersion,
-- an ACS SDK's version) and whether the segment reaches the phone
-- network. The store fills them for stored calls when it is next opened
-- (the setting facts-rebuild: every call's facts are written again from
-- the call), then rebuilds the rollup.
--
-- The rollup is made again with the client versions and the phone
-- network as keys, with a smaller one beside it (below), and a histogram per metric (jitter, packet loss,
-- round trip, concealment): counts of streams per bucket of the bucket
-- layouts of package cqd, from which percentiles are estimated. (A column
-- per bucket sums three times faster, but made every write build and
-- plan rows of 360 columns, slowing the ingest of new versions fourfold.)

ALTER TABLE stream_facts ADD COLUMN caller_client_version VARCHAR;
ALTER TABLE stream_facts ADD COLUMN callee_client_version VARCHAR;
ALTER TABLE stream_facts ADD COLUMN pstn BOOLEAN;

DROP TABLE stream_rollup;

CREATE TABLE stream_rollup (
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
    -- Streams per bucket: jitter and round trip of cqd.Milliseconds,
    -- packet loss and concealment of cqd.Ratios.
    jitter_hist            BIGINT[] NOT NULL,
    loss_hist              BIGINT[] NOT NULL,
    rtt_hist               BIGINT[] NOT NULL,
    concealed_hist         BIGINT[] NOT NULL
);

-- The same without the ends' product, client version and devices: many
-- times smaller where an organization has many models and builds, for
-- the queries that do not ask for them.
CREATE TABLE stream_rollup_network (
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
    -- Streams per bucket: jitter and round trip of cqd.Milliseconds,
    -- packet loss and concealment of cqd.Ratios.
    jitter_hist            BIGINT[] NOT NULL,
    loss_hist              BIGINT[] NOT NULL,
    rtt_hist               BIGINT[] NOT NULL,
    concealed_hist         BIGINT[] NOT NULL
);

-- The value of rank k (0-based) among the values counted in the
-- histogram h (a count per bucket; lo and hi each bucket's bounds), the
-- values of a bucket read as spread evenly across it; see
-- cqd.Layout.Estimate, which this follows step by step.
CREATE MACRO hist_value(h, lo, hi, k) AS list_filter(list_transform(h, lambda x, i:
    CASE WHEN list_sum(h[1:i]) > k AND list_sum(h[1:i]) - x <= k
         THEN lo[i] + (hi[i] - lo[i]) * (k - (list_sum(h[1:i]) - x) + 0.5) / x END), lambda v: v IS NOT NULL)[1];

-- The q-quantile of the histogram h (DOUBLE counts), interpolated
-- between the values of the ranks either side of q·(n−1); NULL when h
-- counts nothing.
CREATE MACRO hist_quantile(h, lo, hi, q) AS CASE WHEN list_sum(h) > 0 THEN
    hist_value(h, lo, hi, floor(q * (list_sum(h) - 1)))
    + (q * (list_sum(h) - 1) - floor(q * (list_sum(h) - 1)))
    * (hist_value(h, lo, hi, least(floor(q * (list_sum(h) - 1)) + 1, list_sum(h) - 1))
       - hist_value(h, lo, hi, floor(q * (list_sum(h) - 1))))
END;

DELETE FROM settings WHERE key IN ('facts-rebuild', 'rollup-rebuild');
INSERT INTO settings (key, value, updated_at) VALUES ('facts-rebuild', 'needed', now()), ('rollup-rebuild', 'needed', now());
