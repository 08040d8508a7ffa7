package store

import (
	"testing"
	"time"
)

func TestACSRollupCalls(t *testing.T) {
	t.Parallel()
	day := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
	by := func(ds ...ACSDimension) []ACSDimension { return ds }
	flt := func(d ACSDimension) []ACSFilter { return []ACSFilter{{Dimension: d, Values: []string{"x"}}} }
	f := func(q ACSQuery, want string, wantOK bool) {
		t.Helper()
		got, ok := ACSRollupCalls(q)
		if got != want || ok != wantOK {
			t.Errorf("ACSRollupCalls(%+v) = %q, %v; want %q, %v", q, got, ok, want, wantOK)
		}
	}
	f(ACSQuery{}, "calls", true)
	f(ACSQuery{GroupBy: by(ACSDay, ACSInterop, ACSCallType), Since: day, Until: day.AddDate(0, 0, 7)}, "calls", true)
	f(ACSQuery{GroupBy: by(ACSSDKVersion)}, "calls_sdk", true)
	f(ACSQuery{GroupBy: by(ACSSDKVersion), Filters: flt(ACSSDKVersion)}, "calls_sdk", true)
	f(ACSQuery{GroupBy: by(ACSWeek, ACSOS), Filters: flt(ACSInterop)}, "calls_os", true)
	f(ACSQuery{GroupBy: by(ACSPlatform)}, "calls_platform", true)
	f(ACSQuery{GroupBy: by(ACSParticipantType)}, "calls_participant_type", true)
	f(ACSQuery{GroupBy: by(ACSEndpointType)}, "calls_endpoint_type", true)
	f(ACSQuery{GroupBy: by(ACSEndCode, ACSEndSubCode, ACSResultCategory)}, "calls_end", true)
	f(ACSQuery{GroupBy: by(ACSEndCode, ACSEndSubCode), Filters: flt(ACSResultCategory)}, "calls_end", true)
	// Not exact: two participant dimensions, part of the end, a window
	// that cuts a day.
	f(ACSQuery{GroupBy: by(ACSSDKVersion), Filters: flt(ACSOS)}, "", false)
	f(ACSQuery{GroupBy: by(ACSSDKVersion, ACSEndCode, ACSEndSubCode, ACSResultCategory)}, "", false)
	f(ACSQuery{GroupBy: by(ACSEndCode)}, "", false)
	f(ACSQuery{GroupBy: by(ACSEndCode, ACSEndSubCode)}, "", false)
	f(ACSQuery{Since: day.Add(time.Hour)}, "", false)
	f(ACSQuery{Until: day.Add(time.Microsecond)}, "", false)
	f(ACSQuery{Since: day.In(time.FixedZone("x", 3600))}, "calls", true) // the same instant
}
