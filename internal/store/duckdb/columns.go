package duckdb

import (
	"database/sql/driver"
	"reflect"
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
	// personal marks a column holding personal data: its model field is
	// tagged pii.
	personal bool
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
	{name: "tenant", get: func(f *model.StreamFact) driver.Value { return f.Tenant }},
	{name: "call_id", get: func(f *model.StreamFact) driver.Value { return f.CallID }},
	{name: "call_version", get: func(f *model.StreamFact) driver.Value { return f.CallVersion }},
	{name: "source", get: func(f *model.StreamFact) driver.Value { return string(f.Source) }},
	{name: "call_type", get: func(f *model.StreamFact) driver.Value { return nullString(f.CallType) }},
	{name: "call_start", get: func(f *model.StreamFact) driver.Value { return nullTime(f.CallStart) }},
	{name: "session_index", get: func(f *model.StreamFact) driver.Value { return f.SessionIndex }},
	{name: "session_id", get: func(f *model.StreamFact) driver.Value { return nullString(f.SessionID) }},
	{name: "segment_index", get: func(f *model.StreamFact) driver.Value { return f.SegmentIndex }},
	{name: "segment_id", get: func(f *model.StreamFact) driver.Value { return nullString(f.SegmentID) }},
	{name: "media_index", get: func(f *model.StreamFact) driver.Value { return f.MediaIndex }},
	{name: "stream_index", get: func(f *model.StreamFact) driver.Value { return f.StreamIndex }},
	{name: "media_label", get: func(f *model.StreamFact) driver.Value { return nullString(f.MediaLabel) }},
	{name: "media_kind", get: func(f *model.StreamFact) driver.Value { return string(f.MediaKind) }},
	{name: "stream_id", get: func(f *model.StreamFact) driver.Value { return nullString(f.StreamID) }},
	{name: "direction", get: func(f *model.StreamFact) driver.Value { return nullString(f.Direction) }},
	{name: "start_time", get: func(f *model.StreamFact) driver.Value { return nullTimePtr(f.Start) }},
	{name: "end_time", get: func(f *model.StreamFact) driver.Value { return nullTimePtr(f.End) }},
	{name: "sender_is_caller", get: func(f *model.StreamFact) driver.Value { return f.SenderIsCaller }},
},
	sideColumns("caller_", func(f *model.StreamFact) *model.SideFact { return &f.Caller })...),
	sideColumns("callee_", func(f *model.StreamFact) *model.SideFact { return &f.Callee })...),
	[]column[model.StreamFact]{
		{name: "failure_stage", get: func(f *model.StreamFact) driver.Value { return nullString(f.FailureStage) }},
		{name: "audio_codec", get: func(f *model.StreamFact) driver.Value { return nullString(f.AudioCodec) }},
		{name: "video_codec", get: func(f *model.StreamFact) driver.Value { return nullString(f.VideoCodec) }},
		{name: "jitter_ms", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.JitterMs) }},
		{name: "max_jitter_ms", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.MaxJitterMs) }},
		{name: "packet_loss_rate", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.PacketLossRate) }},
		{name: "max_packet_loss_rate", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.MaxPacketLossRate) }},
		{name: "round_trip_ms", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.RoundTripMs) }},
		{name: "max_round_trip_ms", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.MaxRoundTripMs) }},
		{name: "concealed_ratio", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.ConcealedRatio) }},
		{name: "audio_degradation", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.AudioDegradation) }},
		{name: "packet_utilization", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.PacketUtilization) }},
		{name: "bandwidth_estimate", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.BandwidthEstimate) }},
		{name: "frame_rate", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.FrameRate) }},
		{name: "frame_loss_pct", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.FrameLossPct) }},
		{name: "post_fec_plr", get: func(f *model.StreamFact) driver.Value { return nullPtr(f.PostFECPLR) }},
		// Added by migration 002.
		{name: "quality", get: func(f *model.StreamFact) driver.Value { return nullString(string(f.Quality)) }},
		{name: "poor_reasons", get: func(f *model.StreamFact) driver.Value { return nullString(strings.Join(f.PoorReasons, ",")) }},
		{name: "session_rating", get: func(f *model.StreamFact) driver.Value { return nullString(string(f.SessionRating)) }},
		// Added by migration 007.
		{name: "caller_client_version", get: func(f *model.StreamFact) driver.Value { return nullString(f.Caller.ClientVersion) }},
		{name: "callee_client_version", get: func(f *model.StreamFact) driver.Value { return nullString(f.Callee.ClientVersion) }},
		{name: "pstn", get: func(f *model.StreamFact) driver.Value { return f.PSTN }},
	}...)

// sideColumns are the columns of one side of a segment, named with prefix.
func sideColumns(prefix string, side func(*model.StreamFact) *model.SideFact) []column[model.StreamFact] {
	// str is the column of the SideFact field named field.
	str := func(name, field string, get func(*model.SideFact) string) column[model.StreamFact] {
		return column[model.StreamFact]{name: prefix + name, personal: sidePersonal(field),
			get: func(f *model.StreamFact) driver.Value { return nullString(get(side(f))) }}
	}
	return []column[model.StreamFact]{
		{name: prefix + "kind", get: func(f *model.StreamFact) driver.Value { return string(side(f).Kind) }},
		str("user_id", "UserID", func(s *model.SideFact) string { return s.UserID }),
		str("tenant_id", "TenantID", func(s *model.SideFact) string { return s.TenantID }),
		str("platform", "Platform", func(s *model.SideFact) string { return s.Platform }),
		str("product_family", "ProductFamily", func(s *model.SideFact) string { return s.ProductFamily }),
		str("user_agent", "UserAgent", func(s *model.SideFact) string { return s.UserAgent }),
		str("subnet", "Subnet", func(s *model.SideFact) string { return s.Subnet }),
		str("connection_type", "ConnectionType", func(s *model.SideFact) string { return s.ConnectionType }),
		str("wifi_band", "WifiBand", func(s *model.SideFact) string { return s.WifiBand }),
		str("bssid", "BSSID", func(s *model.SideFact) string { return s.BSSID }),
		str("transport", "Transport", func(s *model.SideFact) string { return s.Transport }),
		str("capture_device", "CaptureDevice", func(s *model.SideFact) string { return s.CaptureDevice }),
		str("render_device", "RenderDevice", func(s *model.SideFact) string { return s.RenderDevice }),
	}
}

// sidePersonal reports whether model.SideFact's field is tagged as
// personal data; an unknown field name is a programming error.
func sidePersonal(field string) bool {
	f, ok := reflect.TypeFor[model.SideFact]().FieldByName(field)
	if !ok {
		panic("duckdb: model.SideFact has no field " + field)
	}
	return f.Tag.Get("pii") != ""
}

// personRow is one row of call_people.
type personRow struct {
	tenant, callID string
	model.Person
}

// peopleColumns are call_people's columns. UPNs are lower-cased and phone
// numbers normalized here, once, so that lookups compare plain values.
var peopleColumns = []column[personRow]{
	{name: "tenant", get: func(p *personRow) driver.Value { return p.tenant }},
	{name: "call_id", get: func(p *personRow) driver.Value { return p.callID }},
	{name: "person_id", get: func(p *personRow) driver.Value { return nullString(p.ID) }},
	{name: "upn", get: func(p *personRow) driver.Value { return nullString(strings.ToLower(p.UPN)) }},
	{name: "phone", get: func(p *personRow) driver.Value { return nullString(normalizePhone(p.Phone)) }},
	{name: "display_name", get: func(p *personRow) driver.Value { return nullString(p.DisplayName) }},
	{name: "tenant_id", get: func(p *personRow) driver.Value { return nullString(p.TenantID) }},
	{name: "organizer", get: func(p *personRow) driver.Value { return p.Organizer }},
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
