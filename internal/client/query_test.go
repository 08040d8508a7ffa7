package client

import (
	"testing"

	"github.com/callscope/callscope/internal/cqd"
)

func TestRestoreWithheld(t *testing.T) {
	t.Parallel()
	f := func(in, want string) {
		t.Helper()
		got, err := restoreWithheld([]byte(in))
		if err != nil {
			t.Fatalf("restoreWithheld(%s): %v", in, err)
		}
		if string(got) != want {
			t.Errorf("restoreWithheld(%s)\n got %s\nwant %s", in, got, want)
		}
	}
	f(`{}`, `{}`)
	f(`{"a":1}`, `{"a":1}`)
	f(`{"displayNameWithheld":true}`, `{"displayName":null}`)
	f(`{"a":{"b":{"cWithheld":true}},"d":[null,"Redacted",{"eWithheld":true}]}`, `{"a":{"b":{"c":null}},"d":[null,"Redacted",{"e":null}]}`)
	// Only the API's mark is restored: not a false one, a name of its
	// own, or a bare suffix.
	f(`{"xWithheld":false}`, `{"xWithheld":false}`)
	f(`{"x":1,"xWithheld":true}`, `{"x":1,"xWithheld":true}`)
	f(`{"Withheld":true}`, `{"Withheld":true}`)
	f(`{"xWithheld":"true"}`, `{"xWithheld":"true"}`)
	// Numbers keep their text, large ids included.
	f(`{"version":9007199254740993,"loss":0.10000000000000001,"tiny":1e-7}`, `{"loss":0.10000000000000001,"tiny":1e-7,"version":9007199254740993}`)
	for _, bad := range []string{``, `{`, `{"a":}`} {
		if _, err := restoreWithheld([]byte(bad)); err == nil {
			t.Errorf("restoreWithheld(%q) accepted invalid JSON", bad)
		}
	}
}

func TestDashboardQuery(t *testing.T) {
	t.Parallel()
	f := func(p cqd.Params, grouped bool, want string) {
		t.Helper()
		if got := dashboardQuery(p, grouped).Encode(); got != want {
			t.Errorf("dashboardQuery(%+v, %v) = %s, want %s", p, grouped, got, want)
		}
	}
	f(cqd.Params{}, true, "")
	f(cqd.Params{Days: 7}, true, "days=7")
	f(cqd.Params{Since: "2025-03-01", Until: "2025-03-14T09:00:00Z"}, true, "since=2025-03-01&until=2025-03-14T09%3A00%3A00Z")
	f(cqd.Params{Filters: []string{"building=SEA-B1", "connectionType=wifi|wired"}}, true, "filter=building%3DSEA-B1&filter=connectionType%3Dwifi%7Cwired")
	full := cqd.Params{By: "building,day", Measures: "streams,poorPct", Order: "poorPct", Ascending: true, Top: 5, MinStreams: 50,
		Filters: []string{"mediaType=audio"}, Days: 14}
	f(full, true, "asc=true&by=building%2Cday&days=14&filter=mediaType%3Daudio&measures=streams%2CpoorPct&minStreams=50&order=poorPct&top=5")
	// Routes that take only the stream selection get only that.
	f(full, false, "days=14&filter=mediaType%3Daudio")
}
