package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/gen"
)

// TestReportACS: `report acs` prints the same report from the store
// and through a server; the generated organization's failing SDK build
// has the worst unexpected-error rate of the busy builds; bad flags are
// usage errors.
func TestReportACS(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	data := filepath.Join(t.TempDir(), "gen")
	mustRun(t, c, "gen", "--seed", "4", "--users", "40", "--days", "10", "--format", "acs", "--out", data)
	mustRun(t, c, "ingest", "--tenant", "contoso", data)
	token := mustRun(t, c, "token", "create", "--name", "eng", "--role", "engineer", "--tenant", "contoso")
	token = token[strings.LastIndex(strings.TrimSpace(token), "\n")+1:]
	since := []string{"--since", "2000-01-01", "--until", "2100-01-01"}

	var rep wire.ACSReport
	if err := json.Unmarshal([]byte(mustRun(t, c, append([]string{"report", "acs", "--tenant", "contoso", "--json"}, since...)...)), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Participants < 100 || len(rep.EndReasons) < 5 || len(rep.MediaQuality) == 0 || rep.Surveys.Surveys == 0 {
		t.Fatalf("a thin report of generated data: %+v", rep.Totals)
	}
	worst, worstPct := "", -1.0
	for _, r := range rep.BySDKVersion {
		if r.Value != nil && r.Participants >= 30 && r.UnexpectedPct != nil && *r.UnexpectedPct > worstPct {
			worst, worstPct = *r.Value, *r.UnexpectedPct
		}
	}
	if worst != gen.FailingSDKVersion {
		t.Errorf("the worst SDK build is %s (%.1f %% unexpected errors), want the failing %s", worst, worstPct, gen.FailingSDKVersion)
	}

	// The table names the build and explains the ends.
	text := mustRun(t, c, append([]string{"report", "acs", "--tenant", "contoso"}, since...)...)
	for _, want := range []string{"By SDK version", gen.FailingSDKVersion, "End reasons", "call setup failed", "Teams interop vs ACS only", "Survey ratings"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report does not say %q:\n%s", want, text)
		}
	}
	byVersion := mustRun(t, c, append([]string{"report", "acs", "--tenant", "contoso", "--by", "sdkVersion,endReason", "--csv"}, since...)...)
	recs, err := csv.NewReader(strings.NewReader(byVersion)).ReadAll()
	if err != nil || len(recs) < 10 || recs[0][3] != "meaning" {
		t.Fatalf("--by --csv: %v, %d rows, header %q", err, len(recs), recs[0])
	}
	var failing int64
	for _, rec := range recs[1:] {
		if rec[0] == gen.FailingSDKVersion {
			n, _ := strconv.ParseInt(rec[5], 10, 64) // participants
			failing += n
		}
	}
	if failing == 0 {
		t.Errorf("no participants of %s in\n%s", gen.FailingSDKVersion, byVersion)
	}

	// Through a server: the same words and numbers.
	cases := [][]string{
		{"report", "acs"},
		{"report", "acs", "--section", "endReasons", "--filter", "callType=Group"},
		{"report", "acs", "--by", "platform,interop", "--csv"},
	}
	direct := make([]string, len(cases))
	for i, args := range cases {
		cases[i] = append(append(args, "--tenant", "contoso"), since...)
		direct[i] = mustRun(t, c, cases[i]...)
	}
	s := startServe(t, c, "--keep-days", "0", "--euii-days", "36500")
	rc := &cli{t: t, store: c.store, env: map[string]string{"CALLSCOPE_TOKEN": token, "CALLSCOPE_SERVER": s.base}}
	for i, args := range cases {
		sameFigures(t, []byte(direct[i]), []byte(mustRun(t, rc, args...)))
	}

	for _, bad := range [][]string{
		{"report", "acs", "--csv"},
		{"report", "acs", "--section", "floors"},
		{"report", "acs", "--by", "floor"},
		{"report", "acs", "--by", "os", "--section", "os"},
		{"report", "acs", "--filter", "floor=1"},
		{"report", "acs", "--days", "-1"},
	} {
		if _, stderr, code := rc.run("", bad...); code != exitUsage {
			t.Errorf("%q: exit %d (%s), want a usage error", bad, code, stderr)
		}
	}
}
