-- Views for BI tools (Power BI, Grafana…): what the dashboard is made of,
-- without personal data. A reader role is given SELECT on these views
-- alone (callscope store grant-reader), never on a table: the views run
-- with their owner's rights, so the role reads their columns and nothing
-- else, whatever later migrations add to the tables. TestReaderRole holds
-- the views to the columns the model does not mark personal.

-- One row per call: its summary, not its record (which holds names,
-- addresses and everything else).
CREATE VIEW bi_calls AS
SELECT tenant, id, version, source, type, start_time, end_time, partial, modalities,
       sessions, streams, participants, rating, rules, red_issues, yellow_issues, stored_at
FROM calls;

-- One row per stream, with each end's building from the tenant's
-- building file (by subnet); user ids and BSSIDs left out.
CREATE VIEW bi_stream_facts AS
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
    eb.country AS callee_country, coalesce(eb.inside_corp, false) AS callee_inside
FROM stream_facts f
LEFT JOIN building_subnets cs ON cs.tenant = f.tenant AND cs.subnet = f.caller_subnet
LEFT JOIN buildings cb ON cb.tenant = cs.tenant AND cb.line = cs.line
LEFT JOIN building_subnets es ON es.tenant = f.tenant AND es.subnet = f.callee_subnet
LEFT JOIN buildings eb ON eb.tenant = es.tenant AND eb.line = es.line;

-- The daily rollups, whose rows a query sums (several rows may share a
-- key: see package rollup).
CREATE VIEW bi_stream_rollup AS SELECT * FROM stream_rollup;
CREATE VIEW bi_stream_rollup_network AS SELECT * FROM stream_rollup_network;

-- The building files.
CREATE VIEW bi_buildings AS SELECT * FROM buildings;
