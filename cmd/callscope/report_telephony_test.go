package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/golden"
)

// TestReportTelephonyGolden prints both reports of Graph's example usage
// rows, as tables and CSV.
func TestReportTelephonyGolden(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, f := range []string{"pstn-calls.json", "pstn-calls-beta.json", "direct-routing-calls.json", "direct-routing-calls-beta.json"} {
		mustRun(t, c, "ingest", "--tenant", "contoso", filepath.Join(examples, "graph", f))
	}
	window := []string{"--tenant", "contoso", "--since", "2019-11-01", "--until", "2019-12-01"}
	for name, args := range map[string][]string{
		"report-pstn.txt":                {"report", "pstn", "--by", "kind,callType"},
		"report-pstn-by-number.csv":      {"report", "pstn", "--by", "number", "--csv"},
		"report-direct-routing.txt":      {"report", "direct-routing"},
		"report-direct-routing-days.csv": {"report", "direct-routing", "--csv", "--table", "trend"},
	} {
		out := mustRun(t, c, append(args, window...)...)
		golden.Check(t, filepath.Join("testdata", "golden", "cli", name), []byte(out))
	}
}

// TestReportTelephonyGenerated reads the reports of a generated
// organization from the store and through a server, which agree, and
// finds the SBC the generator makes fail.
func TestReportTelephonyGenerated(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	dir := filepath.Join(t.TempDir(), "gen")
	// A fixed end: the same organization whenever the test runs.
	mustRun(t, c, "gen", "--seed", "4", "--users", "60", "--days", "21", "--end", "2026-03-16", "--out", dir)
	mustRun(t, c, "ingest", "--tenant", "contoso", dir)
	tokens := map[string]string{}
	for _, role := range []string{"engineer", "specialist"} {
		out := mustRun(t, c, "token", "create", "--name", role, "--role", role, "--tenant", "contoso")
		tokens[role] = out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:]
	}

	var h wire.DirectRoutingHealth
	if err := json.Unmarshal([]byte(mustRun(t, c, "report", "direct-routing", "--tenant", "contoso", "--days", "21", "--until", "2026-03-16", "--json")), &h); err != nil {
		t.Fatal(err)
	}
	if len(h.SBCs) < 2 || h.SBCs[0].Trunk == nil || *h.SBCs[0].Trunk != gen.DegradingSBC || !h.SBCs[0].Degrading {
		t.Fatalf("worst SBC %+v, want %s, degrading", h.SBCs[0], gen.DegradingSBC)
	}
	for _, s := range h.SBCs[1:] {
		if s.Degrading {
			t.Errorf("%s is marked degrading too (change %v)", *s.Trunk, *s.Change)
		}
	}

	// From 2000 to 2100: both clocks name the same window.
	window := []string{"--tenant", "contoso", "--since", "2000-01-01", "--until", "2100-01-01"}
	cases := [][]string{
		{"report", "pstn"},
		{"report", "pstn", "--by", "country,callType", "--json"},
		{"report", "pstn", "--by", "number", "--order", "minutes", "--top", "5"},
		{"report", "pstn", "--by", "user", "--csv"},
		{"report", "direct-routing"},
		{"report", "direct-routing", "--csv", "--table", "sipCodes"},
		{"report", "direct-routing", "--filter", "trunk=" + gen.DegradingSBC, "--json"},
	}
	direct := make([]string, len(cases))
	for i, args := range cases {
		direct[i] = mustRun(t, c, append(args, window...)...)
	}
	s := startServe(t, c, "--keep-days", "0", "--euii-days", "36500")
	rc := &cli{t: t, store: c.store, env: map[string]string{"CALLSCOPE_TOKEN": tokens["engineer"], "CALLSCOPE_SERVER": s.base}}
	for i, args := range cases {
		if got := mustRun(t, rc, append(args, window...)...); got != direct[i] {
			t.Errorf("%s through the server:\n%s\nfrom the store:\n%s", strings.Join(args, " "), got, direct[i])
		}
	}
	rc.env["CALLSCOPE_TOKEN"] = tokens["specialist"]
	_, stderr, code := rc.run("", "report", "pstn", "--tenant", "contoso")
	if code != exitUsage || !strings.Contains(stderr, "engineer or admin token") {
		t.Errorf("as a specialist: exit %d, %q", code, stderr)
	}
}
