package duckdb

import (
	"database/sql/driver"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// This file maps model values to table rows for the appender, which takes
// values in column order. The column lists here must follow the
// migrations; TestColumnsMatchSchema holds them to it.

// column is one column of a table filled from a value of type T.
type column[T any] struct {
	name string
	get  func(*T) driver.Value
}

// rowOf fills row (reused between rows) with v's value for every column.
func rowOf[T any](cols []column[T], v *T, row []driver.Value) []driver.Value {
	row = row[:0]
	for _, c := range cols {
		row = append(row, c.get(v))
	}
	return row
}

// factColumns are stream_facts' columns. Unknown values become NULL, so
// that aggregates count only what was measured.
var factColumns = append(append(append([]column[model.StreamFact]{
	{"tenant", func(f *model.StreamFact) driver.Value { return f.Tenant }},
	{"call_id", func(f *model.StreamFact) driver.Value { return f.CallID }},
	{"call_version", func(f *model.StreamFact) driver.Value { return f.CallVersion }},
	{"source", func(f *model.StreamFact) driver.Value { return string(f.Source) }},
	{"call_type", func(f *model.StreamFact) driver.Value { return nullString(f.CallType) }},
	{"call_start", func(f *model.StreamFact) driver.Value { return nullTime(f.CallStart) }},
	{"session_index", func(f *model.StreamFact) driver.Value { return f.SessionIndex }},
	{"session_id", func(f *model.StreamFact) driver.Value { return nullString(f.SessionID) }},
	{"segment_index", func(f *model.StreamFact) driver.Value { return f.SegmentIndex }},
	{"segment_id", func(f *model.StreamFact) driver.Value { return nullString(f.SegmentID) }},
	{"media_index", func(f *model.StreamFact) driver.Value { return f.MediaIndex }},
	{"stream_index", func(f *model.StreamFact) driver.Value { return f.StreamIndex }},
	{"media_label", func(f *model.StreamFact) driver.Value { return nullString(f.MediaLabel) }},
	{"media_kind", func(f *model.StreamFact) driver.Value { return string(f.MediaKind) }},
	{"stream_id", func(f *model.StreamFact) driver.Value { return nullString(f.StreamID) }},
	{"direction", func(f *model.StreamFact) driver.Value { return nullString(f.Direction) }},
	{"start_time", func(f *model.StreamFact) driver.Value { return nullTimePtr(f.Start) }},
	{"end_time", func(f *model.StreamFact) driver.Value { return nullTimePtr(f.End) }},
	{"sender_is_caller", func(f *model.StreamFact) driver.Value { return f.SenderIsCaller }},
},
	sideColumns("caller_", func(f *model.StreamFact) *model.SideFact { return &f.Caller })...),
	sideColumns("callee_", func(f *model.StreamFact) *model.SideFact { return &f.Callee })...),
	[]column[model.StreamFact]{
		{"failure_stage", func(f *model.StreamFact) driver.Value { return nullString(f.FailureStage) }},
		{"audio_codec", func(f *model.StreamFact) driver.Value { return nullString(f.AudioCodec) }},
		{"video_codec", func(f *model.StreamFact) driver.Value { return nullString(f.VideoCodec) }},
		{"jitter_ms", func(f *model.StreamFact) driver.Value { return nullPtr(f.JitterMs) }},
		{"max_jitter_ms", func(f *model.StreamFact) driver.Value { return nullPtr(f.MaxJitterMs) }},
		{"packet_loss_rate", func(f *model.StreamFact) driver.Value { return nullPtr(f.PacketLossRate) }},
		{"max_packet_loss_rate", func(f *model.StreamFact) driver.Value { return nullPtr(f.MaxPacketLossRate) }},
		{"round_trip_ms", func(f *model.StreamFact) driver.Value { return nullPtr(f.RoundTripMs) }},
		{"max_round_trip_ms", func(f *model.StreamFact) driver.Value { return nullPtr(f.MaxRoundTripMs) }},
		{"concealed_ratio", func(f *model.StreamFact) driver.Value { return nullPtr(f.ConcealedRatio) }},
		{"audio_degradation", func(f *model.StreamFact) driver.Value { return nullPtr(f.AudioDegradation) }},
		{"packet_utilization", func(f *model.StreamFact) driver.Value { return nullPtr(f.PacketUtilization) }},
		{"bandwidth_estimate", func(f *model.StreamFact) driver.Value { return nullPtr(f.BandwidthEstimate) }},
		{"frame_rate", func(f *model.StreamFact) driver.Value { return nullPtr(f.FrameRate) }},
		{"frame_loss_pct", func(f *model.StreamFact) driver.Value { return nullPtr(f.FrameLossPct) }},
		{"post_fec_plr", func(f *model.StreamFact) driver.Value { return nullPtr(f.PostFECPLR) }},
		// Added by migration 002.
		{"quality", func(f *model.StreamFact) driver.Value { return nullString(string(f.Quality)) }},
		{"poor_reasons", func(f *model.StreamFact) driver.Value { return nullString(strings.Join(f.PoorReasons, ",")) }},
		{"session_rating", func(f *model.StreamFact) driver.Value { return nullString(string(f.SessionRating)) }},
	}...)

// sideColumns are the columns of one side of a segment, named with prefix.
func sideColumns(prefix string, side func(*model.StreamFact) *model.SideFact) []column[model.StreamFact] {
	str := func(name string, get func(*model.SideFact) string) column[model.StreamFact] {
		return column[model.StreamFact]{prefix + name, func(f *model.StreamFact) driver.Value { return nullString(get(side(f))) }}
	}
	return []column[model.StreamFact]{
		{prefix + "kind", func(f *model.StreamFact) driver.Value { return string(side(f).Kind) }},
		str("user_id", func(s *model.SideFact) string { return s.UserID }),
		str("tenant_id", func(s *model.SideFact) string { return s.TenantID }),
		str("platform", func(s *model.SideFact) string { return s.Platform }),
		str("product_family", func(s *model.SideFact) string { return s.ProductFamily }),
		str("user_agent", func(s *model.SideFact) string { return s.UserAgent }),
		str("subnet", func(s *model.SideFact) string { return s.Subnet }),
		str("connection_type", func(s *model.SideFact) string { return s.ConnectionType }),
		str("wifi_band", func(s *model.SideFact) string { return s.WifiBand }),
		str("bssid", func(s *model.SideFact) string { return s.BSSID }),
		str("transport", func(s *model.SideFact) string { return s.Transport }),
		str("capture_device", func(s *model.SideFact) string { return s.CaptureDevice }),
		str("render_device", func(s *model.SideFact) string { return s.RenderDevice }),
	}
}

// personRow is one row of call_people.
type personRow struct {
	tenant, callID string
	model.Person
}

// peopleColumns are call_people's columns. UPNs are lower-cased and phone
// numbers normalized here, once, so that lookups compare plain values.
var peopleColumns = []column[personRow]{
	{"tenant", func(p *personRow) driver.Value { return p.tenant }},
	{"call_id", func(p *personRow) driver.Value { return p.callID }},
	{"person_id", func(p *personRow) driver.Value { return nullString(p.ID) }},
	{"upn", func(p *personRow) driver.Value { return nullString(strings.ToLower(p.UPN)) }},
	{"phone", func(p *personRow) driver.Value { return nullString(normalizePhone(p.Phone)) }},
	{"display_name", func(p *personRow) driver.Value { return nullString(p.DisplayName) }},
	{"tenant_id", func(p *personRow) driver.Value { return nullString(p.TenantID) }},
	{"organizer", func(p *personRow) driver.Value { return p.Organizer }},
}

// normalizePhone drops the spaces and punctuation people write phone
// numbers with, so that "+1 (425) 555-0100" finds +14255550100.
func normalizePhone(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '\t':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

func nullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func nullTime(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullTimePtr(t *time.Time) driver.Value {
	if t == nil {
		return nil
	}
	return nullTime(*t)
}

func nullPtr[T float64 | int64](p *T) driver.Value {
	if p == nil {
		return nil
	}
	return *p
}
