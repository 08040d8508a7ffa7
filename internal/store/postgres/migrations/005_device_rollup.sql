-- The device rollup (package rollup): the stream facts of a day summed by
-- the stream keys and each end's kind, tenant, platform, product, client
-- version and devices, without its network. Queries by device, product or
-- client version read it rather than the full rollup, which also keeps
-- every network and is several times larger. callscope fills it from the
-- facts as this migration is applied.
CREATE TABLE stream_rollup_device (
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
    caller_capture_device text,
    caller_render_device text,
    callee_kind text NOT NULL,
    callee_tenant_id text,
    callee_platform text,
    callee_product_family text,
    callee_client_version text,
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
CREATE INDEX stream_rollup_device_day ON stream_rollup_device (tenant, day);

CREATE VIEW bi_stream_rollup_device AS SELECT * FROM stream_rollup_device;
