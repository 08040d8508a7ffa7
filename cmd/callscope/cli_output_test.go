package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/golden"
)

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// record is a minimal Graph call record.
func record(id string, version int, start, end string) string {
	return `{"id":"` + id + `","version":` + itoa(version) + `,"type":"groupCall","startDateTime":"` + start + `","endDateTime":"` + end + `"}`
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestCallIDPrefix: show takes a unique start of a call id, says which
// calls an ambiguous one matches, and that none matches.
func TestCallIDPrefix(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	mustRun(t, c, "ingest", examples)
	in := record("abc-1", 1, "2021-01-01T10:00:00Z", "2021-01-01T10:30:00Z") + "\n" + record("abc-2", 1, "2021-01-02T10:00:00Z", "2021-01-02T10:30:00Z") + "\n"
	if _, stderr, code := c.run(in, "ingest", "-"); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	whole := mustRun(t, c, "show", "--json", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	for _, prefix := range []string{"e523d2ed", "E523", "e"} {
		if got := mustRun(t, c, "show", "--json", prefix); got != whole {
			t.Errorf("show %s is not the call e523d2ed-…", prefix)
		}
	}
	if got := mustRun(t, c, "show", "abc-2"); !strings.HasPrefix(got, "Call abc-2 ") {
		t.Errorf("show abc-2: %s", got)
	}
	_, stderr, code := c.run("", "show", "abc")
	if code != exitUsage || !strings.Contains(stderr, "ambiguous") || !strings.Contains(stderr, "abc-1, abc-2") {
		t.Errorf("ambiguous prefix: exit %d, %q", code, stderr)
	}
	_, stderr, code = c.run("", "show", "zzz")
	if code != exitUsage || !strings.Contains(stderr, "no call zzz") || !strings.Contains(stderr, "no call id begins with it") {
		t.Errorf("no match: exit %d, %q", code, stderr)
	}
}

// TestUsersCommand: people are found by name, UPN or phone prefix, with
// phone numbers masked as everywhere.
func TestUsersCommand(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	mustRun(t, c, "ingest", examples)
	f := func(text string, want ...string) {
		t.Helper()
		out := mustRun(t, c, "users", "--json", text)
		var found []struct {
			Name  string `json:"displayName"`
			UPN   string `json:"userPrincipalName"`
			Phone string `json:"phone"`
			Calls int    `json:"calls"`
		}
		if err := json.Unmarshal([]byte(out), &found); err != nil {
			t.Fatalf("users --json %s: %v\n%s", text, err, out)
		}
		var got []string
		for _, p := range found {
			got = append(got, p.Name+" "+p.UPN+" "+p.Phone)
			if p.Calls < 1 {
				t.Errorf("%s: %d calls", p.Name, p.Calls)
			}
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("users %s = %q, want %q", text, got, want)
		}
	}
	f("owen", "Owen Franklin owen.franklin@contoso.com ")
	f("OWEN.FRANKLIN@", "Owen Franklin owen.franklin@contoso.com ")
	f("+5564", "  +5564981205***")
	f("nobody-at-all")
	out := mustRun(t, c, "users", "nobody-at-all")
	if !strings.Contains(out, `nobody in the stored calls matches "nobody-at-all"`) {
		t.Errorf("no match: %q", out)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "cli", "users-o.txt"), []byte(mustRun(t, c, "users", "o")))
}

// TestTablesGolden pins what people read: text left and numbers right,
// nouns agreeing with counts, ratings and the user's own verdict in the
// call list, percentages in the dashboard, and durations that cannot be
// right flagged.
func TestTablesGolden(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	mustRun(t, c, "ingest", examples)
	// A record whose end is a year after its start: 9,000 hours and more.
	if _, stderr, code := c.run(record("long-call", 1, "2021-01-01T10:00:00Z", "2022-01-26T22:00:00Z"), "ingest", "-"); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	for name, args := range map[string][]string{
		"calls":           {"calls"},
		"calls-user":      {"calls", "--user", "owen.franklin@contoso.com"},
		"calls-user-none": {"calls", "--user", "nobody@contoso.com"},
		"cqd-media":       {"cqd", "--since", "2000-01-01", "--by", "mediaType,source"},
		"cqd-ratios":      {"cqd", "--since", "2000-01-01", "--by", "platform", "--measures", "streams,poorPct,avgPacketLossRate,avgConcealedRatio,avgJitterMs"},
		"cqd-no-match":    {"cqd", "--since", "2000-01-01", "--filter", "mediaType=fax"},
		"poor-calls":      {"poor-calls", "--since", "2000-01-01"},
		"poor-calls-none": {"poor-calls", "--since", "2000-01-01", "--filter", "source=nowhere"},
		"show-long":       {"show", "long-call"},
		"show-group-call": {"show", "aaaa0000"},
	} {
		t.Run(name, func(t *testing.T) {
			out := mustRun(t, c, args...)
			golden.Check(t, filepath.Join("testdata", "golden", "cli", name+".txt"), []byte(out))
			for i, line := range strings.Split(out, "\n") {
				if strings.HasSuffix(line, " ") {
					t.Errorf("line %d ends in a space: %q", i+1, line)
				}
			}
			if strings.Contains(out, "(1 sessions)") || strings.Contains(out, " 1 calls") || strings.Contains(out, " 1 streams") {
				t.Errorf("a count disagrees with its noun:\n%s", out)
			}
		})
	}
	var rows []struct {
		ID          string `json:"id"`
		Implausible bool   `json:"implausibleDuration"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, c, "calls", "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	// The ACS examples' calls span days too (a participant's summary
	// reports a wrong end): flagged as well.
	want := map[string]bool{"long-call": true, "e523d2ed-2966-4b6b-925b-754a88034cc5": false, "c3ad8c4b-4a87-4ab1-bef0-284d2f40ed9f": false}
	for _, r := range rows {
		if w, ok := want[r.ID]; ok && r.Implausible != w {
			t.Errorf("call %s flagged implausible: %v, want %v", r.ID, r.Implausible, w)
		}
	}
}

// TestIngestSummaryTellsInputVersions: a first ingest of every version of
// a call into an empty store replaced nothing that was stored; the text
// says the older versions were in the input. A later newer version does
// replace the stored one. The JSON keeps its documented fields.
func TestIngestSummaryTellsInputVersions(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	in := record("v-call", 1, "2021-01-01T10:00:00Z", "2021-01-01T10:30:00Z") + "\n" +
		record("v-call", 2, "2021-01-01T10:00:00Z", "2021-01-01T10:31:00Z") + "\n" +
		record("v-call", 3, "2021-01-01T10:00:00Z", "2021-01-01T10:32:00Z") + "\n"
	out, stderr, code := c.run(in, "ingest", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(out, "replaced") || !strings.Contains(out, "2 records were older versions of calls in this same input; the newest was kept") ||
		!strings.Contains(out, "1 file, 3 records") {
		t.Errorf("first ingest says:\n%s", out)
	}
	out, _, _ = c.run(record("v-call", 4, "2021-01-01T10:00:00Z", "2021-01-01T10:33:00Z"), "ingest", "-")
	if !strings.Contains(out, "stored: 1 replaced an older stored version") || strings.Contains(out, "same input") {
		t.Errorf("a newer version says:\n%s", out)
	}
	out, _, _ = c.run(in, "ingest", "--json", "-")
	var sum map[string]any
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"files", "records", "calls", "sessions", "streams", "rejected", "older", "olderInInput", "replacedInInput"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("--json lacks %q: %s", k, out)
		}
	}
	if sum["older"] != 3.0 || sum["olderInInput"] != 0.0 {
		t.Errorf("older versions than the stored one: %s", out)
	}
}
