package acs

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
)

func TestDecodeEveryFixtureLine(t *testing.T) {
	t.Parallel()
	// Without a hint the category comes from the record itself; the Updates
	// samples still say CallSummary / CallDiagnostics but carry
	// callupdatesversion, which makes them Updates records.
	want := map[string]model.ACSCategory{
		"CallSummary.ndjson":                    model.ACSCallSummary,
		"CallSummaryUpdates.ndjson":             model.ACSCallSummaryUpdates,
		"CallDiagnostics.ndjson":                model.ACSCallDiagnostics,
		"CallDiagnosticsUpdates.ndjson":         model.ACSCallDiagnosticsUpdates,
		"CallClientOperations.ndjson":           model.ACSCallClientOperations,
		"CallClientMediaStatsTimeSeries.ndjson": model.ACSCallClientMediaStatsTimeSeries,
		"CallSurvey.ndjson":                     model.ACSCallSurvey,
		"CallingMetrics.ndjson":                 model.ACSCallingMetrics,
	}
	total := 0
	for _, name := range fixtureFiles {
		for i, l := range lines(t, name) {
			total++
			for _, hint := range []model.ACSCategory{"", hintFor(name)} {
				r, err := DecodeRecord(l, hint)
				if err != nil {
					t.Errorf("%s:%d (hint %q): %v", name, i+1, hint, err)
					continue
				}
				if r.Category != want[name] {
					t.Errorf("%s:%d (hint %q): category %q, want %q", name, i+1, hint, r.Category, want[name])
				}
				if !LooksLikeACS(l) {
					t.Errorf("%s:%d: LooksLikeACS = false", name, i+1)
				}
				if _, err := json.Marshal(r); err != nil {
					t.Errorf("%s:%d: marshal: %v", name, i+1, err)
				}
			}
		}
	}
	if total != 40 {
		t.Errorf("decoded %d fixture lines, want 40", total)
	}
}

func TestDecodeFixtureValues(t *testing.T) {
	t.Parallel()
	f := func(name string, n int, check func(t *testing.T, r *model.ACSRecord)) {
		t.Run(name+":"+itoa(n), func(t *testing.T) {
			t.Parallel()
			check(t, line(t, name, n))
		})
	}
	eq := func(t *testing.T, what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}

	f("CallSummary.ndjson", 1, func(t *testing.T, r *model.ACSRecord) {
		s := r.Summary
		eq(t, "correlationId", r.CorrelationID, p2pCall)
		eq(t, "participantDuration (\"5\")", s.ParticipantDuration.Ptr() != nil && *s.ParticipantDuration.Ptr() == 5, true)
		eq(t, "callDuration (6)", s.CallDuration.Value(), int64(6))
		eq(t, "participantId \"null\" is null", s.ParticipantID.IsNull(), true)
		eq(t, "teamsThreadId \"null\" is null", s.TeamsThreadID.IsNull(), true)
		eq(t, "callStartTime", s.CallStartTime.Value(), time.Date(2021, 7, 19, 17, 54, 5, 113e6, time.UTC))
		eq(t, "endpointType", s.EndpointType.Value(), "VoIP")
		eq(t, "updates version", r.UpdatesVersion, int64(0))
		eq(t, "participantEndSubCode absent", s.ParticipantEndSubCode.Presence(), model.Absent)
	})
	f("CallSummary.ndjson", 2, func(t *testing.T, r *model.ACSRecord) {
		eq(t, "osVersion \"null\" is null", r.Summary.OSVersion.IsNull(), true)
	})
	f("CallSummary.ndjson", 3, func(t *testing.T, r *model.ACSRecord) {
		eq(t, "sdkVersion Redacted kept", r.Summary.SDKVersion.Value(), "Redacted")
		eq(t, "participantTenantId", r.Summary.ParticipantTenantID.Value(), "02cbdb3c-155a-4b95-b829-6d56a45787ca")
	})
	f("CallSummary.ndjson", 4, func(t *testing.T, r *model.ACSRecord) {
		s := r.Summary
		eq(t, "participantId trimmed", s.ParticipantID.Value(), "b25cf111-73df-4e0a-a888-640000abe34d")
		eq(t, "participantDuration (960)", s.ParticipantDuration.Value(), int64(960))
		eq(t, "callType", s.CallType.Value(), "Group")
		eq(t, "endpointType", s.EndpointType.Value(), "PSTN")
	})
	f("CallSummary.ndjson", 7, func(t *testing.T, r *model.ACSRecord) {
		eq(t, "identifier \"null\" is null", r.Summary.Identifier.IsNull(), true)
		eq(t, "identifier has no value", r.Summary.Identifier.Valid(), false)
		eq(t, "sdkVersion \"null\" is null", r.Summary.SDKVersion.IsNull(), true)
	})
	f("CallSummary.ndjson", 9, func(t *testing.T, r *model.ACSRecord) {
		eq(t, "endpointType Bot", r.Summary.EndpointType.Value(), "Bot")
		eq(t, "participantDuration (644)", r.Summary.ParticipantDuration.Value(), int64(644))
	})
	f("CallDiagnostics.ndjson", 3, func(t *testing.T, r *model.ACSRecord) {
		d := r.Diagnostics
		eq(t, "packetLossRateAvg 3.146336E-05", d.PacketLossRateAvg.Value(), 3.146336e-05)
		eq(t, "packetLossRateMax", d.PacketLossRateMax.Value(), 0.001769911)
		eq(t, "roundTripTimeMax", d.RoundTripTimeMax.Value(), 143.0)
		eq(t, "mediaType", d.MediaType.Value(), "Video")
		eq(t, "streamId", d.StreamID.Value(), "2804")
	})
	f("CallDiagnostics.ndjson", 5, func(t *testing.T, r *model.ACSRecord) {
		d := r.Diagnostics
		eq(t, "identifier JSON null", d.Identifier.IsNull(), true)
		eq(t, "endpointId JSON null", d.EndpointID.IsNull(), true)
		eq(t, "endpointType", d.EndpointType.Value(), "Server")
	})
	f("CallDiagnostics.ndjson", 7, func(t *testing.T, r *model.ACSRecord) {
		d := r.Diagnostics
		eq(t, "truncated line: packetLossRateMax absent", d.PacketLossRateMax.Presence(), model.Absent)
		eq(t, "packetLossRateAvg present", d.PacketLossRateAvg.Presence(), model.Present)
		eq(t, "jitterMax", d.JitterMax.Value(), 4.0)
		eq(t, "identifier \"null\" is null", d.Identifier.IsNull(), true)
	})
	f("CallSummaryUpdates.ndjson", 4, func(t *testing.T, r *model.ACSRecord) {
		eq(t, "category", r.Category, model.ACSCallSummaryUpdates)
		eq(t, "callupdatesversion", r.UpdatesVersion, int64(2))
		eq(t, "participantId trimmed", r.Summary.ParticipantID.Value(), "b25cf111-73df-4e0a-a888-640000abe34d")
		eq(t, "sample's own category text kept", string(r.Extra["category"]), `"CallSummary"`)
	})
	f("CallDiagnosticsUpdates.ndjson", 7, func(t *testing.T, r *model.ACSRecord) {
		eq(t, "category", r.Category, model.ACSCallDiagnosticsUpdates)
		eq(t, "callupdatesversion", r.UpdatesVersion, int64(2))
		eq(t, "packetLossRateMax absent", r.Diagnostics.PacketLossRateMax.Presence(), model.Absent)
	})
	f("CallClientOperations.ndjson", 1, func(t *testing.T, r *model.ACSRecord) {
		op := r.ClientOp
		eq(t, "call id", CallID(r), clientCall)
		eq(t, "correlationId from CallId", r.CorrelationID, clientCall)
		eq(t, "durationMs (\"577\")", op.DurationMs.Value(), int64(577))
		eq(t, "resultSignature (\"200\")", op.ResultSignature.Value(), int64(200))
		eq(t, "operationName", op.OperationName.Value(), "CreateView")
		eq(t, "time from TimeGenerated", r.Time.Value(), time.Date(2024, 1, 9, 17, 6, 50, 3e8, time.UTC))
		eq(t, "payload kept as text", strings.HasPrefix(op.OperationPayload.Value(), `{"StreamType":"Video"`), true)
		eq(t, "workspace TenantId kept", string(r.Extra["TenantId"]), `"aaaabbbb-0000-cccc-1111-dddd2222eeee"`)
	})
	f("CallClientMediaStatsTimeSeries.ndjson", 1, func(t *testing.T, r *model.ACSRecord) {
		m := r.MediaStats
		eq(t, "call id", CallID(r), clientCall)
		eq(t, "count", m.Count.Value(), int64(2))
		eq(t, "average", m.Average.Value(), 17.0)
		eq(t, "maximum", m.Maximum.Value(), 25.0)
		eq(t, "direction", m.MediaStreamDirection.Value(), "recv")
		eq(t, "interval", m.AggregationIntervalSeconds.Value(), int64(10))
	})
	f("CallSurvey.ndjson", 1, func(t *testing.T, r *model.ACSRecord) {
		s := r.Survey
		eq(t, "call id is CallId, not the participant-id CorrelationId", CallID(r), "fcc1234f-ce69-ZZZZ-b73f-b036051test4")
		eq(t, "correlationId as given", r.CorrelationID, p2pCall)
		eq(t, "overall score", s.OverallScore.Value(), 7.0)
		eq(t, "threshold from OverallRatingScoreThreshold", s.OverallThreshold.Value(), 5.0)
		eq(t, "lower bound kept in Extra", string(r.Extra["OverallRatingScoreLowerBound"]), "0")
	})
	f("CallSurvey.ndjson", 2, func(t *testing.T, r *model.ACSRecord) {
		eq(t, "EndOfCallSurvey operation", r.OperationName.Value(), "EndOfCallSurvey")
		eq(t, "audio threshold", r.Survey.AudioThreshold.Value(), 4.0)
	})
	f("CallSurvey.ndjson", 4, func(t *testing.T, r *model.ACSRecord) {
		eq(t, "screenshare issues", r.Survey.ScreenshareIssues.Value(), "StoppedUnexpectedly,CannotPresent")
		eq(t, "screenshare threshold", r.Survey.ScreenshareThresh.Value(), 3.0)
	})
	f("CallingMetrics.ndjson", 1, func(t *testing.T, r *model.ACSRecord) {
		eq(t, "call id", CallID(r), "")
		eq(t, "metric kept in Other", string(r.Other["MetricName"]), `"reliability/leg/UFD/CameraStoppedUnexpectedly"`)
		eq(t, "operationVersion", r.OperationVer.Value(), "1.0-dev")
		eq(t, "time", r.Time.Value(), time.Date(2025, 2, 3, 5, 17, 39, 184e6, time.UTC))
	})
}

func TestDecodeLenient(t *testing.T) {
	t.Parallel()
	f := func(name, raw string, hint model.ACSCategory, check func(t *testing.T, r *model.ACSRecord)) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			check(t, mustDecode(t, raw, hint))
		})
	}
	summary := func(props string) string {
		return `{"time":"2024-01-01T00:00:00Z","correlationId":" c1 ","category":"CallSummary","operationName":"CallSummary","properties":{` + props + `}}`
	}
	diag := func(props string) string {
		return `{"correlationId":"c1","category":"CallDiagnostics","properties":{` + props + `}}`
	}

	for _, tc := range []struct{ in, want string }{
		{"VOIP", "VoIP"}, {"voip", "VoIP"}, {"VoIP", "VoIP"}, {"BOT", "Bot"}, {"Bot", "Bot"},
		{"server", "Server"}, {"pstn", "PSTN"}, {"VOICEMAIL", "Voicemail"}, {" Anonymous ", "Anonymous"},
		{"unknown", "Unknown"}, {"Teams", "Teams"},
	} {
		f("endpointType "+tc.in, diag(`"endpointType":"`+tc.in+`"`), "", func(t *testing.T, r *model.ACSRecord) {
			if got := r.Diagnostics.EndpointType.Value(); got != tc.want {
				t.Errorf("endpointType %q → %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	f("correlationId trimmed", summary(``), "", func(t *testing.T, r *model.ACSRecord) {
		if r.CorrelationID != "c1" {
			t.Errorf("correlationId %q", r.CorrelationID)
		}
	})
	f("PascalCase properties", summary(`"ParticipantEndSubCode":"3100","ResultCategory":"UnexpectedClientError","ParticipantEndReason":410`), "",
		func(t *testing.T, r *model.ACSRecord) {
			s := r.Summary
			if s.ParticipantEndSubCode.Value() != "3100" || s.ResultCategory.Value() != "UnexpectedClientError" || s.ParticipantEndReason.Value() != "410" {
				t.Errorf("got %+v", s)
			}
		})
	f("CallUpdatesVersion as number", summary(`"CallUpdatesVersion":7`), "", func(t *testing.T, r *model.ACSRecord) {
		if r.Category != model.ACSCallSummaryUpdates || r.UpdatesVersion != 7 {
			t.Errorf("category %s version %d", r.Category, r.UpdatesVersion)
		}
	})
	f("callUpdatesVersion at the top level", `{"correlationId":"c1","category":"CallDiagnostics","callUpdatesVersion":"4","properties":{}}`, "",
		func(t *testing.T, r *model.ACSRecord) {
			if r.Category != model.ACSCallDiagnosticsUpdates || r.UpdatesVersion != 4 {
				t.Errorf("category %s version %d", r.Category, r.UpdatesVersion)
			}
		})
	f("hint wins over category text", summary(``), model.ACSCallSummaryUpdates, func(t *testing.T, r *model.ACSRecord) {
		if r.Category != model.ACSCallSummaryUpdates || r.UpdatesVersion != 0 {
			t.Errorf("category %s version %d", r.Category, r.UpdatesVersion)
		}
	})
	f("version makes an Updates record despite a final-snapshot hint", summary(`"callupdatesversion":"3"`), model.ACSCallSummary,
		func(t *testing.T, r *model.ACSRecord) {
			if r.Category != model.ACSCallSummaryUpdates || r.UpdatesVersion != 3 {
				t.Errorf("category %s version %d", r.Category, r.UpdatesVersion)
			}
		})
	f("lower-case hint", summary(``), "callsummaryupdates", func(t *testing.T, r *model.ACSRecord) {
		if r.Category != model.ACSCallSummaryUpdates {
			t.Errorf("category %s", r.Category)
		}
	})
	f("numbers as numbers and strings", diag(`"jitterAvg":1e2,"jitterMax":"1.5E1","roundTripTimeAvg":" 82 ","PacketUtilization":"4200","packetLossRateMax":"null"`), "",
		func(t *testing.T, r *model.ACSRecord) {
			d := r.Diagnostics
			if d.JitterAvg.Value() != 100 || d.JitterMax.Value() != 15 || d.RoundTripTimeAvg.Value() != 82 || d.PacketUtilization.Value() != 4200 {
				t.Errorf("got %+v", d)
			}
			if !d.PacketLossRateMax.IsNull() {
				t.Errorf("packetLossRateMax %v, want null", d.PacketLossRateMax)
			}
		})
	f("empty string is null", diag(`"jitterAvg":""`), "", func(t *testing.T, r *model.ACSRecord) {
		if !r.Diagnostics.JitterAvg.IsNull() {
			t.Errorf("jitterAvg %v", r.Diagnostics.JitterAvg)
		}
	})
	f("unknown properties kept", `{"correlationId":"c1","category":"CallDiagnostics","level":"Informational","properties":{"newMetric":12,"level":"x"}}`, "",
		func(t *testing.T, r *model.ACSRecord) {
			want := map[string]string{"level": `"Informational"`, "newMetric": "12", "properties.level": `"x"`}
			for k, v := range want {
				if string(r.Extra[k]) != v {
					t.Errorf("Extra[%s] = %s, want %s (all: %v)", k, r.Extra[k], v, r.Extra)
				}
			}
			if len(r.Extra) != len(want) {
				t.Errorf("Extra has %d keys, want %d: %v", len(r.Extra), len(want), r.Extra)
			}
		})
	f("properties as a JSON string", `{"correlationId":"c1","category":"CallSummary","properties":"{\"participantId\":\"p1\",\"callType\":\"Group\"}"}`, "",
		func(t *testing.T, r *model.ACSRecord) {
			if r.Summary.ParticipantID.Value() != "p1" || r.Summary.CallType.Value() != "Group" {
				t.Errorf("got %+v", r.Summary)
			}
		})
	f("properties null", `{"correlationId":"c1","category":"CallSummary","properties":null}`, "", func(t *testing.T, r *model.ACSRecord) {
		if r.Summary == nil {
			t.Error("no summary")
		}
	})
	f("DiagnosticOptions as an object", summary(`"DiagnosticOptions":{"appName":"contoso","tags":["a"]}`), "",
		func(t *testing.T, r *model.ACSRecord) {
			if got := r.Summary.DiagnosticOptions.Value(); got != `{"appName":"contoso","tags":["a"]}` {
				t.Errorf("diagnosticOptions %q", got)
			}
		})
	f("callDebuggingInfo kept raw", summary(`"callDebuggingInfo":{"k":"v"}`), "", func(t *testing.T, r *model.ACSRecord) {
		if string(r.Summary.CallDebuggingInfo) != `{"k":"v"}` {
			t.Errorf("callDebuggingInfo %s", r.Summary.CallDebuggingInfo)
		}
	})
	f("flat Log Analytics row", `{"TimeGenerated":"2024-02-01T10:00:00.1234567Z","CorrelationId":"c9","Type":"ACSCallDiagnostics","ParticipantId":"p1","EndpointType":"VOIP","MediaType":"Audio","JitterAvg":"12","_ResourceId":"/subscriptions/s","TenantId":"w1"}`, "",
		func(t *testing.T, r *model.ACSRecord) {
			if r.Category != model.ACSCallDiagnostics || r.CorrelationID != "c9" || r.Diagnostics.JitterAvg.Value() != 12 ||
				r.Diagnostics.EndpointType.Value() != "VoIP" || r.ResourceID.Value() != "/subscriptions/s" {
				t.Errorf("got %+v / %+v", r, r.Diagnostics)
			}
			if len(r.Extra) != 1 || string(r.Extra["TenantId"]) != `"w1"` {
				t.Errorf("Extra %v", r.Extra)
			}
		})
	f("Type names an Updates table", `{"CorrelationId":"c9","Type":"ACSCallSummaryUpdates","ParticipantId":"p1"}`, "",
		func(t *testing.T, r *model.ACSRecord) {
			if r.Category != model.ACSCallSummaryUpdates || r.UpdatesVersion != 0 {
				t.Errorf("category %s version %d", r.Category, r.UpdatesVersion)
			}
		})
	f("operationName names the category", `{"correlationId":"c1","operationName":"CallDiagnostics","properties":{}}`, "",
		func(t *testing.T, r *model.ACSRecord) {
			if r.Category != model.ACSCallDiagnostics {
				t.Errorf("category %s", r.Category)
			}
		})
	f("unknown category kept in Other", `{"correlationId":"c1","category":"CallClosedCaptionsSummary","properties":{"a":1}}`, "",
		func(t *testing.T, r *model.ACSRecord) {
			if r.Category != "CallClosedCaptionsSummary" || string(r.Other["a"]) != "1" || CallID(r) != "" {
				t.Errorf("got %+v", r)
			}
		})
	f("UTF-8 byte order mark", "\ufeff"+summary(``), "", func(t *testing.T, r *model.ACSRecord) {
		if r.Category != model.ACSCallSummary {
			t.Errorf("category %s", r.Category)
		}
	})
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	f := func(name, raw string, hint model.ACSCategory, wantField, wantProblem string) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, err := DecodeRecord([]byte(raw), hint)
			if err == nil {
				t.Fatalf("no error; got %+v", r)
			}
			if strings.Contains(err.Error(), "json:") {
				t.Errorf("error %q carries encoding/json's prefix", err)
			}
			if wantField == "" {
				if !errors.Is(err, ErrNotObject) {
					t.Errorf("error %q, want ErrNotObject", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %q (%T) is not a *FieldError", err, err)
			}
			if fe.Field != wantField || !strings.Contains(fe.Problem, wantProblem) {
				t.Errorf("got field %q problem %q, want field %q problem containing %q", fe.Field, fe.Problem, wantField, wantProblem)
			}
		})
	}
	diag := func(props string) string {
		return `{"correlationId":"c1","category":"CallDiagnostics","properties":{` + props + `}}`
	}
	f("array", `[{"category":"CallSummary"}]`, "", "", "")
	f("string", `"CallSummary"`, "", "", "")
	f("number", `42`, "", "", "")
	f("empty", ``, "", "", "")
	f("broken JSON", `{"category":"CallSummary",`, "", "", "")
	f("two objects", `{"a":1} {"b":2}`, "", "", "")
	f("no category", `{"correlationId":"c1","properties":{"participantId":"p"}}`, "", "category", "missing")
	f("summary without correlationId", `{"category":"CallSummary","properties":{"participantId":"p"}}`, "", "correlationId", "missing")
	f("diagnostics with correlationId \"null\"", `{"correlationId":"null","category":"CallDiagnostics","properties":{}}`, "", "correlationId", "missing")
	f("client operation without CallId", `{"properties":{"Type":"ACSCallClientOperations","OperationName":"CreateView"}}`, "", "correlationId", "missing")
	f("survey without any call id", `{"Category":"CallSurvey","properties":{"SurveyId":"s"}}`, "", "correlationId", "missing")
	f("media stats without call id, by hint", `{"properties":{"MetricName":"JitterInMs"}}`, model.ACSCallClientMediaStatsTimeSeries, "correlationId", "missing")
	f("jitterAvg abc", diag(`"jitterAvg":"abc"`), "", "properties.jitterAvg", `expected a number, got "abc"`)
	f("JitterAvg abc (PascalCase)", diag(`"JitterAvg":"abc"`), "", "properties.jitterAvg", `expected a number, got "abc"`)
	f("jitterAvg object", diag(`"jitterAvg":{"v":1}`), "", "properties.jitterAvg", `expected a number, got {"v":1}`)
	f("participantDuration 5.5", `{"correlationId":"c1","category":"CallSummary","properties":{"participantDuration":"5.5"}}`, "",
		"properties.participantDuration", `expected an integer, got "5.5"`)
	f("callStartTime garbage", `{"correlationId":"c1","category":"CallSummary","properties":{"callStartTime":"yesterday"}}`, "",
		"properties.callStartTime", `expected an ISO 8601 timestamp, got "yesterday"`)
	f("envelope time garbage", `{"time":"soon","correlationId":"c1","category":"CallSummary","properties":{}}`, "", "time", `expected an ISO 8601 timestamp, got "soon"`)
	f("callupdatesversion two", `{"correlationId":"c1","category":"CallSummary","properties":{"callupdatesversion":"two"}}`, "",
		"properties.callupdatesversion", `expected an integer, got "two"`)
	f("properties a number", `{"correlationId":"c1","category":"CallSummary","properties":5}`, "", "properties", "expected an object, got 5")
	f("properties a non-object string", `{"correlationId":"c1","category":"CallSummary","properties":"abc"}`, "", "properties", `expected an object, got "abc"`)
	f("flat row field", `{"CorrelationId":"c9","Type":"ACSCallDiagnostics","JitterAvg":"abc"}`, "", "jitterAvg", `expected a number, got "abc"`)

	t.Run("error text", func(t *testing.T) {
		t.Parallel()
		_, err := DecodeRecord([]byte(diag(`"jitterAvg":"abc"`)), "")
		if got, want := err.Error(), `properties.jitterAvg: expected a number, got "abc"`; got != want {
			t.Errorf("error %q, want %q", got, want)
		}
	})
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
