// Package tables maps model values to the rows of the tables every SQL
// store shares (stream_facts, call_people): the columns in table order,
// each with how it is read from the model and whether it holds personal
// data. Backends append or copy these rows; exports pick columns by
// name.
package tables

import (
	"database/sql/driver"
	"reflect"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// The column lists must follow the migrations of every backend; each
// backend's tests hold them to its schema.

// Column is one column of a table filled from a value of type T.
type Column[T any] struct {
	Name string
	Get  func(*T) driver.Value
	// Personal marks a column holding personal data: its model field is
	// tagged pii.
	Personal bool
}

// RowOf fills row (reused between rows) with v's value for every column.
func RowOf[T any](cols []Column[T], v *T, row []driver.Value) []driver.Value {
	row = row[:0]
	for _, c := range cols {
		row = append(row, c.Get(v))
	}
	return row
}

// FactColumns are stream_facts' columns. Unknown values become NULL, so
// that aggregates count only what was measured.
var FactColumns = append(append(append([]Column[model.StreamFact]{
	{Name: "tenant", Get: func(f *model.StreamFact) driver.Value { return f.Tenant }},
	{Name: "call_id", Get: func(f *model.StreamFact) driver.Value { return f.CallID }},
	{Name: "call_version", Get: func(f *model.StreamFact) driver.Value { return f.CallVersion }},
	{Name: "source", Get: func(f *model.StreamFact) driver.Value { return string(f.Source) }},
	{Name: "call_type", Get: func(f *model.StreamFact) driver.Value { return NullString(f.CallType) }},
	{Name: "call_start", Get: func(f *model.StreamFact) driver.Value { return NullTime(f.CallStart) }},
	{Name: "session_index", Get: func(f *model.StreamFact) driver.Value { return f.SessionIndex }},
	{Name: "session_id", Get: func(f *model.StreamFact) driver.Value { return NullString(f.SessionID) }},
	{Name: "segment_index", Get: func(f *model.StreamFact) driver.Value { return f.SegmentIndex }},
	{Name: "segment_id", Get: func(f *model.StreamFact) driver.Value { return NullString(f.SegmentID) }},
	{Name: "media_index", Get: func(f *model.StreamFact) driver.Value { return f.MediaIndex }},
	{Name: "stream_index", Get: func(f *model.StreamFact) driver.Value { return f.StreamIndex }},
	{Name: "media_label", Get: func(f *model.StreamFact) driver.Value { return NullString(f.MediaLabel) }},
	{Name: "media_kind", Get: func(f *model.StreamFact) driver.Value { return string(f.MediaKind) }},
	{Name: "stream_id", Get: func(f *model.StreamFact) driver.Value { return NullString(f.StreamID) }},
	{Name: "direction", Get: func(f *model.StreamFact) driver.Value { return NullString(f.Direction) }},
	{Name: "start_time", Get: func(f *model.StreamFact) driver.Value { return NullTimePtr(f.Start) }},
	{Name: "end_time", Get: func(f *model.StreamFact) driver.Value { return NullTimePtr(f.End) }},
	{Name: "sender_is_caller", Get: func(f *model.StreamFact) driver.Value { return f.SenderIsCaller }},
},
	sideColumns("caller_", func(f *model.StreamFact) *model.SideFact { return &f.Caller })...),
	sideColumns("callee_", func(f *model.StreamFact) *model.SideFact { return &f.Callee })...),
	[]Column[model.StreamFact]{
		{Name: "failure_stage", Get: func(f *model.StreamFact) driver.Value { return NullString(f.FailureStage) }},
		{Name: "audio_codec", Get: func(f *model.StreamFact) driver.Value { return NullString(f.AudioCodec) }},
		{Name: "video_codec", Get: func(f *model.StreamFact) driver.Value { return NullString(f.VideoCodec) }},
		{Name: "jitter_ms", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.JitterMs) }},
		{Name: "max_jitter_ms", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.MaxJitterMs) }},
		{Name: "packet_loss_rate", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.PacketLossRate) }},
		{Name: "max_packet_loss_rate", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.MaxPacketLossRate) }},
		{Name: "round_trip_ms", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.RoundTripMs) }},
		{Name: "max_round_trip_ms", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.MaxRoundTripMs) }},
		{Name: "concealed_ratio", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.ConcealedRatio) }},
		{Name: "audio_degradation", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.AudioDegradation) }},
		{Name: "packet_utilization", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.PacketUtilization) }},
		{Name: "bandwidth_estimate", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.BandwidthEstimate) }},
		{Name: "frame_rate", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.FrameRate) }},
		{Name: "frame_loss_pct", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.FrameLossPct) }},
		{Name: "post_fec_plr", Get: func(f *model.StreamFact) driver.Value { return NullPtr(f.PostFECPLR) }},
		// Added by migration 002.
		{Name: "quality", Get: func(f *model.StreamFact) driver.Value { return NullString(string(f.Quality)) }},
		{Name: "poor_reasons", Get: func(f *model.StreamFact) driver.Value { return NullString(strings.Join(f.PoorReasons, ",")) }},
		{Name: "session_rating", Get: func(f *model.StreamFact) driver.Value { return NullString(string(f.SessionRating)) }},
		// Added by migration 007.
		{Name: "caller_client_version", Get: func(f *model.StreamFact) driver.Value { return NullString(f.Caller.ClientVersion) }},
		{Name: "callee_client_version", Get: func(f *model.StreamFact) driver.Value { return NullString(f.Callee.ClientVersion) }},
		{Name: "pstn", Get: func(f *model.StreamFact) driver.Value { return f.PSTN }},
		// Added by migration 015 (embedded), 010 (PostgreSQL).
		{Name: "failure_reason", Get: func(f *model.StreamFact) driver.Value { return NullString(f.FailureReason) }},
	}...)

// sideColumns are the columns of one side of a segment, named with prefix.
func sideColumns(prefix string, side func(*model.StreamFact) *model.SideFact) []Column[model.StreamFact] {
	// str is the column of the SideFact field named field.
	str := func(name, field string, get func(*model.SideFact) string) Column[model.StreamFact] {
		return Column[model.StreamFact]{Name: prefix + name, Personal: sidePersonal(field),
			Get: func(f *model.StreamFact) driver.Value { return NullString(get(side(f))) }}
	}
	return []Column[model.StreamFact]{
		{Name: prefix + "kind", Get: func(f *model.StreamFact) driver.Value { return string(side(f).Kind) }},
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
		panic("tables: model.SideFact has no field " + field)
	}
	return f.Tag.Get("pii") != ""
}

// PersonRow is one row of call_people: a person of a call, and how
// their own sessions went.
type PersonRow struct {
	Tenant, CallID string
	model.Person
	Own model.OwnVerdict
}

// PeopleColumns are call_people's columns. UPNs are lower-cased and phone
// numbers normalized here, once, so that lookups compare plain values.
var PeopleColumns = []Column[PersonRow]{
	{Name: "tenant", Get: func(p *PersonRow) driver.Value { return p.Tenant }},
	{Name: "call_id", Get: func(p *PersonRow) driver.Value { return p.CallID }},
	{Name: "person_id", Get: func(p *PersonRow) driver.Value { return NullString(p.ID) }},
	{Name: "upn", Get: func(p *PersonRow) driver.Value { return NullString(strings.ToLower(p.UPN)) }},
	{Name: "phone", Get: func(p *PersonRow) driver.Value { return NullString(NormalizePhone(p.Phone)) }},
	{Name: "display_name", Get: func(p *PersonRow) driver.Value { return NullString(p.DisplayName) }},
	{Name: "tenant_id", Get: func(p *PersonRow) driver.Value { return NullString(p.TenantID) }},
	{Name: "organizer", Get: func(p *PersonRow) driver.Value { return p.Organizer }},
	// Added by migrations 014 (embedded) and 009 (PostgreSQL); NULL in
	// rows stored before, until the call is written again.
	{Name: "own_sessions", Get: func(p *PersonRow) driver.Value { return p.Own.Sessions }},
	{Name: "own_rating", Get: func(p *PersonRow) driver.Value { return NullString(string(p.Own.Rating)) }},
	{Name: "own_red_issues", Get: func(p *PersonRow) driver.Value { return p.Own.RedIssues }},
	{Name: "own_yellow_issues", Get: func(p *PersonRow) driver.Value { return p.Own.YellowIssues }},
}

// NormalizePhone drops the spaces and punctuation people write phone
// numbers with, so that "+1 (425) 555-0100" finds +14255550100.
func NormalizePhone(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '\t':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// NullString, NullTime, NullTimePtr and NullPtr write an unknown value
// (empty, zero or nil) as NULL.
func NullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func NullTime(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t
}

func NullTimePtr(t *time.Time) driver.Value {
	if t == nil {
		return nil
	}
	return NullTime(*t)
}

func NullPtr[T float64 | int64](p *T) driver.Value {
	if p == nil {
		return nil
	}
	return *p
}
