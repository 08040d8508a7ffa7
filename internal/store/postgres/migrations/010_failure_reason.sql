-- Why a leg failed: Graph's failureInfo reason, or an ACS participant's
-- end code and subcode with their meaning, so that the reliability report
-- can rank the reasons of setup failures and drops. ACS legs also gain
-- their failure stage, read from the end-reason verdict. Facts stored
-- before keep no reason (and ACS legs no stage) until their call is
-- written again: callscope reclassify --rewrite-all writes every call.
ALTER TABLE stream_facts ADD COLUMN failure_reason text;

-- The rollups gain the reason as a key beside the stage (failed legs are
-- a few in a hundred, so they grow little), so that the report ranks
-- reasons without reading the facts; callscope sums them again from the
-- facts as this migration is applied.
ALTER TABLE stream_rollup ADD COLUMN failure_reason text;
ALTER TABLE stream_rollup_network ADD COLUMN failure_reason text;
ALTER TABLE stream_rollup_device ADD COLUMN failure_reason text;
-- The device rollup keeps each end's user agent (a client's product and
-- build, as many as its client versions), so that the report breaks
-- failures down by it without reading the facts either.
ALTER TABLE stream_rollup_device ADD COLUMN caller_user_agent text;
ALTER TABLE stream_rollup_device ADD COLUMN callee_user_agent text;

-- The failed-call list reads only the failed legs of a window, a few in
-- a hundred: an index of those alone.
CREATE INDEX stream_facts_failed ON stream_facts (tenant, call_start) WHERE failure_stage IS NOT NULL;

-- The BI view gains the column, last, as a view may only grow there.
CREATE OR REPLACE VIEW bi_stream_facts AS
SELECT
    f.tenant,
    f.call_id,
    f.call_version,
    f.source,
    f.call_type,
    f.call_start,
    f.session_index,
    f.session_id,
    f.segment_index,
    f.segment_id,
    f.media_index,
    f.stream_index,
    f.media_label,
    f.media_kind,
    f.stream_id,
    f.direction,
    f.start_time,
    f.end_time,
    f.sender_is_caller,
    f.caller_kind,
    f.caller_tenant_id,
    f.caller_platform,
    f.caller_product_family,
    f.caller_user_agent,
    f.caller_subnet,
    f.caller_connection_type,
    f.caller_wifi_band,
    f.caller_transport,
    f.caller_capture_device,
    f.caller_render_device,
    f.callee_kind,
    f.callee_tenant_id,
    f.callee_platform,
    f.callee_product_family,
    f.callee_user_agent,
    f.callee_subnet,
    f.callee_connection_type,
    f.callee_wifi_band,
    f.callee_transport,
    f.callee_capture_device,
    f.callee_render_device,
    f.failure_stage,
    f.audio_codec,
    f.video_codec,
    f.jitter_ms,
    f.max_jitter_ms,
    f.packet_loss_rate,
    f.max_packet_loss_rate,
    f.round_trip_ms,
    f.max_round_trip_ms,
    f.concealed_ratio,
    f.audio_degradation,
    f.packet_utilization,
    f.bandwidth_estimate,
    f.frame_rate,
    f.frame_loss_pct,
    f.post_fec_plr,
    f.quality,
    f.poor_reasons,
    f.session_rating,
    f.caller_client_version,
    f.callee_client_version,
    f.pstn,
    cb.building_name AS caller_building, cb.network_name AS caller_network, cb.city AS caller_city,
    cb.country AS caller_country, coalesce(cb.inside_corp, false) AS caller_inside,
    eb.building_name AS callee_building, eb.network_name AS callee_network, eb.city AS callee_city,
    eb.country AS callee_country, coalesce(eb.inside_corp, false) AS callee_inside,
    f.failure_reason
FROM stream_facts f
LEFT JOIN building_subnets cs ON cs.tenant = f.tenant AND cs.subnet = f.caller_subnet
LEFT JOIN buildings cb ON cb.tenant = cs.tenant AND cb.line = cs.line
LEFT JOIN building_subnets es ON es.tenant = f.tenant AND es.subnet = f.callee_subnet
LEFT JOIN buildings eb ON eb.tenant = es.tenant AND eb.line = es.line;
