package graph_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// TestCallRecordErrors: a record that cannot be read is rejected with a
// FieldError naming the property path and what was expected, and the
// message carries the record's kind and, when readable, its id.
func TestCallRecordErrors(t *testing.T) {
	t.Parallel()
	const stream = `{"id":"r1","version":1,"sessions":[{"id":"s","segments":[{"media":[{"streams":[{%s}]}]}]}]}`
	inStream := func(props string) string { return strings.Replace(stream, "%s", props, 1) }
	f := func(raw, field, msg string) {
		t.Helper()
		c, err := graph.DecodeCallRecord([]byte(raw))
		if err == nil {
			t.Errorf("%s: decoded (%+v), want an error", raw, c)
			return
		}
		var fe *graph.FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %T %q is not a *graph.FieldError", raw, err, err)
			return
		}
		if fe.Field != field {
			t.Errorf("%s: field %q, want %q (%v)", raw, fe.Field, field, err)
		}
		if err.Error() != msg {
			t.Errorf("%s:\n got  %s\n want %s", raw, err, msg)
		}
	}

	f(inStream(`"averageJitter":5`), "sessions.segments.media.streams.averageJitter",
		`callRecord r1: field sessions.segments.media.streams.averageJitter: expected an ISO 8601 duration, got 5`)
	f(inStream(`"averageJitter":"16ms"`), "sessions.segments.media.streams.averageJitter",
		`callRecord r1: field sessions.segments.media.streams.averageJitter: expected an ISO 8601 duration, got "16ms"`)
	f(inStream(`"averageJitter":"P1M"`), "sessions.segments.media.streams.averageJitter",
		`callRecord r1: field sessions.segments.media.streams.averageJitter: expected an ISO 8601 duration, got "P1M"`)
	f(inStream(`"packetUtilization":"abc"`), "sessions.segments.media.streams.packetUtilization",
		`callRecord r1: field sessions.segments.media.streams.packetUtilization: expected an integer, got "abc"`)
	f(inStream(`"packetUtilization":7.5`), "sessions.segments.media.streams.packetUtilization",
		`callRecord r1: field sessions.segments.media.streams.packetUtilization: expected an integer, got 7.5`)
	f(inStream(`"averagePacketLossRate":{}`), "sessions.segments.media.streams.averagePacketLossRate",
		`callRecord r1: field sessions.segments.media.streams.averagePacketLossRate: expected a number, got {}`)
	f(inStream(`"wasMediaBypassed":"maybe"`), "sessions.segments.media.streams.wasMediaBypassed",
		`callRecord r1: field sessions.segments.media.streams.wasMediaBypassed: expected true or false, got "maybe"`)
	f(inStream(`"startDateTime":"yesterday"`), "sessions.segments.media.streams.startDateTime",
		`callRecord r1: field sessions.segments.media.streams.startDateTime: expected an ISO 8601 timestamp, got "yesterday"`)
	f(inStream(`"streamId":[1]`), "sessions.segments.media.streams.streamId",
		`callRecord r1: field sessions.segments.media.streams.streamId: expected a string, got [1]`)
	f(inStream(`"averageJitter":tru`), "sessions.segments.media.streams.averageJitter",
		`callRecord: field sessions.segments.media.streams.averageJitter: invalid JSON at byte 100: invalid character '}' in literal true (expecting 'e')`)

	f(`{"id":"r2","version":"x"}`, "version", `callRecord r2: field version: expected an integer, got "x"`)
	f(`{"id":"r2","version":0}`, "version", `callRecord r2: field version: expected a positive integer, got 0`)
	f(`{"id":"r2","version":-3}`, "version", `callRecord r2: field version: expected a positive integer, got -3`)
	f(`{"id":"r2"}`, "version", `callRecord r2: field version: missing (every callRecord has one; it tells a newer copy from an older)`)
	f(`{"id":"r2","version":null}`, "version", `callRecord r2: field version: missing (every callRecord has one; it tells a newer copy from an older)`)
	f(`{"version":1,"modalities":["audio"]}`, "id", `callRecord: field id: missing (every callRecord has one)`)
	f(`{"id":"","version":1}`, "id", `callRecord: field id: missing (every callRecord has one)`)
	f(`{"id":"   ","version":1}`, "id", `callRecord: field id: missing (every callRecord has one)`)
	f(`{"id":null,"version":1}`, "id", `callRecord: field id: missing (every callRecord has one)`)
	f(`{"id":{"a":1},"version":1}`, "id", `callRecord: field id: expected a string, got {"a":1}`)
	f(`{"id":"r3","version":1,"modalities":"audio"}`, "modalities", `callRecord r3: field modalities: expected an array, got a JSON string`)
	f(`{"id":"r3","version":1,"sessions":{}}`, "sessions", `callRecord r3: field sessions: expected an array, got a JSON object`)
	f(`{"id":"r3","version":1,"sessions":[5]}`, "sessions", `callRecord r3: field sessions: expected an object, got a JSON number`)
	f(`{"id":"r3","version":1,"organizer_v2":{"identity":{"user":{"id":5,"displayName":[]}}}}`, "organizer_v2.identity.user.displayName",
		`callRecord r3: field organizer_v2.identity.user.displayName: expected a string, got []`)
	f(`{"id":"r3","version":1,"sessions":[{"caller":{"feedback":{"tokens":{"Echo":"loud"}}}}]}`, "sessions.caller.feedback.tokens",
		`callRecord r3: field sessions.caller.feedback.tokens: expected true or false, got "loud"`)
	f(`{"id":"r3","version":1,"sessions@odata.nextLink":5}`, "sessions@odata.nextLink",
		`callRecord r3: field sessions@odata.nextLink: expected a string, got a JSON number`)
	f(`{"id":"id with spaces","version":"x"}`, "version", `callRecord "id with spaces": field version: expected an integer, got "x"`)

	f(`[]`, "", `callRecord: expected an object, got a JSON array`)
	f(`"x"`, "", `callRecord: expected an object, got a JSON string`)
	f(`null`, "id", `callRecord: field id: missing (every callRecord has one)`)
	f(``, "", `callRecord: invalid JSON at byte 0: unexpected end of JSON input`)
	f(`{"id":"r4","version":1`, "", `callRecord: invalid JSON at byte 22: unexpected end of JSON input`)
	f(`{"id":"r4","version":1,}`, "", `callRecord: invalid JSON at byte 24: invalid character '}' looking for beginning of object key string`)
	f(`{"id":"r4","version":1} {}`, "", `callRecord: invalid JSON at byte 25: invalid character '{' after top-level value`)
	f(`{"id":"r4","sessions":[{"segments":[{"media":[{"label":"x",]}]}]}`, "sessions.segments.media",
		`callRecord: field sessions.segments.media: invalid JSON at byte 60: invalid character ']' looking for beginning of object key string`)
}

// TestErrorPathsAreBounded: a hostile nesting depth does not make a
// message of thousands of keys.
func TestErrorPathsAreBounded(t *testing.T) {
	t.Parallel()
	raw := `{"id":"x","version":1,"sessions":[{"caller":{"@unknown":` + strings.Repeat(`{"a":`, 200) + `x`
	_, err := graph.DecodeCallRecord([]byte(raw))
	var fe *graph.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want a FieldError", err)
	}
	if n := strings.Count(fe.Field, "."); n > 16 {
		t.Errorf("path has %d parts: %s", n+1, fe.Field)
	}
	if !strings.HasSuffix(fe.Field, "…") {
		t.Errorf("a cut path should say so: %s", fe.Field)
	}
}

func TestSessionParticipantUsageErrors(t *testing.T) {
	t.Parallel()
	f := func(err error, msg string) {
		t.Helper()
		var fe *graph.FieldError
		if !errors.As(err, &fe) {
			t.Errorf("got %v, want a FieldError", err)
			return
		}
		if err.Error() != msg {
			t.Errorf("\n got  %s\n want %s", err, msg)
		}
	}
	_, err := graph.DecodeSession([]byte(`{"modalities":["audio"]}`))
	f(err, `session: field id: missing (every session has one)`)
	_, err = graph.DecodeSession([]byte(`{"id":"s1","segments":[{"media":[{"streams":[{"maxJitter":1}]}]}]}`))
	f(err, `session s1: field segments.media.streams.maxJitter: expected an ISO 8601 duration, got 1`)
	_, err = graph.DecodeSession([]byte(`{"id":"s1","isTest":"perhaps"}`))
	f(err, `session s1: field isTest: expected true or false, got "perhaps"`)
	_, err = graph.DecodeParticipant([]byte(`{"identity":{}}`))
	f(err, `participant: field id: missing (every participant has one)`)
	_, err = graph.DecodeParticipant([]byte(`{"id":"p1","administrativeUnitInfos":{}}`))
	f(err, `participant p1: field administrativeUnitInfos: expected an array, got a JSON object`)
	_, err = graph.DecodeUsageRow(model.UsagePSTN, []byte(`{"callId":"c"}`))
	f(err, `pstnCallLogRow: field id: missing (every pstnCallLogRow has one)`)
	_, err = graph.DecodeUsageRow(model.UsageDirectRouting, []byte(`{"id":"d1","finalSipCode":"OK"}`))
	f(err, `directRoutingLogRow d1: field finalSipCode: expected an integer, got "OK"`)
	_, err = graph.DecodeUsageRow(model.UsageSMS, []byte(`{"smsType":"sms_out"}`))
	f(err, `smsLogRow: field id: missing (every smsLogRow has one)`)

	if _, err := graph.DecodeUsageRow("fax", []byte(`{"id":"x"}`)); err == nil || err.Error() != `decode usage row: unknown usage kind "fax"` {
		t.Errorf("unknown usage kind: %v", err)
	}
}
