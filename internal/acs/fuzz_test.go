package acs

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// FuzzDecodeRecord feeds DecodeRecord arbitrary bytes and hints. It must
// never panic; an error must be ErrNotObject or a *FieldError without
// encoding/json's wording; a decoded record must have a category, marshal,
// and name its call when its category belongs to one.
func FuzzDecodeRecord(f *testing.F) {
	for _, name := range fixtureFiles {
		for _, l := range lines(f, name) {
			f.Add(l, string(hintFor(name)))
			f.Add(l, "")
		}
	}
	for _, s := range []string{
		`[1]`, `{}`, `{"properties":5}`, `{"category":"CallSummary","properties":{"participantDuration":"5.5"}}`,
		`{"correlationId":"c","category":"CallDiagnostics","properties":{"jitterAvg":"abc"}}`,
		`{"correlationId":"c","category":"CallSummary","properties":"{\"callupdatesversion\":\"2\"}"}`,
	} {
		f.Add([]byte(s), "")
	}
	f.Fuzz(func(t *testing.T, data []byte, hint string) {
		_ = LooksLikeACS(data)
		_ = CategoryFromPath(hint)
		r, err := DecodeRecord(data, model.ACSCategory(hint))
		if err != nil {
			var fe *FieldError
			if !errors.Is(err, ErrNotObject) && !errors.As(err, &fe) {
				t.Fatalf("error %q is %T, want ErrNotObject or *FieldError", err, err)
			}
			if strings.HasPrefix(err.Error(), "json:") || fe != nil && strings.Contains(fe.Problem, "json:") {
				t.Fatalf("error %q carries encoding/json's prefix", err)
			}
			return
		}
		if r.Category == "" {
			t.Fatal("record without category")
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if RecordKey(r) == "" {
			t.Fatal("empty key")
		}
		switch r.Category {
		case model.ACSCallSummary, model.ACSCallSummaryUpdates, model.ACSCallDiagnostics, model.ACSCallDiagnosticsUpdates,
			model.ACSCallClientOperations, model.ACSCallClientMediaStatsTimeSeries, model.ACSCallSurvey:
			if CallID(r) == "" {
				t.Fatalf("%s record without call id decoded", r.Category)
			}
		}
	})
}

// FuzzAssemble decodes the lines of its input as records and assembles
// them. It must never panic; the records of one call must assemble, to
// canonical JSON that reads back, and to the same call in reverse order.
func FuzzAssemble(f *testing.F) {
	for _, gc := range goldenCases {
		var b bytes.Buffer
		for _, name := range gc.files {
			for _, l := range lines(f, name) {
				if bytes.Contains(l, []byte(gc.call)) {
					b.Write(l)
					b.WriteByte('\n')
				}
			}
		}
		f.Add(b.Bytes())
	}
	f.Add([]byte(`{"correlationId":"c","category":"CallSummary","properties":{"participantId":"p","callStartTime":"2024-01-01T00:00:00Z","participantDuration":"9223372036854775807"}}` + "\n" +
		`{"correlationId":"c","category":"CallDiagnostics","properties":{"participantId":"p","endpointType":"Server","jitterAvg":1e300}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var recs []*model.ACSRecord
		for i, l := range bytes.Split(data, []byte("\n")) {
			if i == 32 {
				break
			}
			if r, err := DecodeRecord(l, ""); err == nil {
				recs = append(recs, r)
			}
		}
		_, _ = Assemble("t", recs)

		var call string
		var same []*model.ACSRecord
		for _, r := range recs {
			id := CallID(r)
			if call == "" {
				call = id
			}
			if id != "" && id == call {
				same = append(same, r)
			}
		}
		if len(same) == 0 {
			return
		}
		c, err := Assemble("t", same)
		if err != nil {
			t.Fatalf("records of one call: %v", err)
		}
		want, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var back model.Call
		if err := json.Unmarshal(want, &back); err != nil {
			t.Fatalf("the call's canonical JSON does not read back: %v", err)
		}
		slices.Reverse(same)
		c2, err := Assemble("t", same)
		if err != nil {
			t.Fatalf("reversed: %v", err)
		}
		got, _ := json.Marshal(c2)
		if !bytes.Equal(got, want) {
			t.Fatalf("order changed the call:\n%s\n%s", got, want)
		}
	})
}

// FuzzFastDecodeMatches holds the fast decoder to encoding/json: a record
// decodes to the same canonical JSON, or fails with the same error,
// either way. It toggles fastDecoding, so it must not run in parallel.
func FuzzFastDecodeMatches(f *testing.F) {
	for _, name := range fixtureFiles {
		for _, l := range lines(f, name) {
			f.Add(l, string(hintFor(name)))
		}
	}
	for _, s := range []string{
		`{"correlationId":"c","CorrelationId":"d","category":"CallSummary","properties":{"participantId":"p","PARTICIPANTID":"q"}}`,
		"{\"correlationId\":\"c\xff\",\"category\":\"CallDiagnostics\",\"properties\":{\"jitterAvg\":\"5\",\"jitterAvg\":7}}",
		`{"correlationId":"c","category":"CallSummary","properties":{"participant_Id":"p","endpointType":null,"participantDuration":" 12 "}}`,
	} {
		f.Add([]byte(s), "")
	}
	f.Fuzz(func(t *testing.T, data []byte, hint string) {
		decode := func(fast bool) (string, error) {
			fastDecoding = fast
			defer func() { fastDecoding = true }()
			r, err := DecodeRecord(data, model.ACSCategory(hint))
			if err != nil {
				return "", err
			}
			b, err := json.Marshal(r)
			return string(b), err
		}
		fast, errFast := decode(true)
		std, errStd := decode(false)
		if fast != std || (errFast == nil) != (errStd == nil) || errFast != nil && errFast.Error() != errStd.Error() {
			t.Fatalf("fast and encoding/json differ on %q:\n%s (%v)\n%s (%v)", data, fast, errFast, std, errStd)
		}
	})
}
