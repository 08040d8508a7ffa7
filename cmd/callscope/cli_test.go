package main

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/callscope/callscope/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const examples = "../../examples"

// cli runs callscope in process, as a user would from a shell.
type cli struct {
	t     *testing.T
	store string
	env   map[string]string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, store: filepath.Join(t.TempDir(), "callscope.db"), env: map[string]string{}}
}

func (c *cli) run(stdin string, args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"CALLSCOPE_STORE": c.store}
	for k, v := range c.env {
		env[k] = v
	}
	cx := &cmdContext{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		lookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	code = run(context.Background(), cx, args)
	return out.String(), errb.String(), code
}

func TestGoldenShowJSON(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(examples, "*", "*"))
	for _, f := range files {
		if filepath.Ext(f) == ".md" {
			continue
		}
		rel, _ := filepath.Rel(examples, f)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t)
			if _, stderr, code := c.run("", "ingest", "--tenant", "contoso", f); code != exitOK {
				t.Fatalf("ingest exit %d: %s", code, stderr)
			}
			out, stderr, code := c.run("", "calls", "--tenant", "contoso", "--json")
			if code != exitOK {
				t.Fatalf("calls exit %d: %s", code, stderr)
			}
			var calls []struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal([]byte(out), &calls); err != nil {
				t.Fatalf("calls --json: %v\n%s", err, out)
			}
			for _, call := range calls {
				show, stderr, code := c.run("", "show", "--tenant", "contoso", "--json", call.ID)
				if code != exitOK {
					t.Fatalf("show %s exit %d: %s", call.ID, code, stderr)
				}
				golden.Check(t, filepath.Join("testdata", "golden", strings.TrimSuffix(rel, filepath.Ext(rel)), call.ID+".json"), []byte(show))
			}
		})
	}
}

func TestIngestExitCodesAndJSONSummary(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	dir := t.TempDir()
	good := filepath.Join(examples, "acs/CallSummary.ndjson")
	bad := filepath.Join(dir, "bad.ndjson")
	os.WriteFile(bad, []byte("{\"a\":\n"), 0o644)

	out, _, code := c.run("", "ingest", "--json", good)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var sum map[string]any
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	for _, k := range []string{"files", "records", "calls", "sessions", "streams", "rejected"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	if rej, ok := sum["rejected"].([]any); !ok || len(rej) != 0 {
		t.Errorf("rejected must be an empty list, got %v", sum["rejected"])
	}

	out, _, code = c.run("", "ingest", "--json", good, bad)
	if code != exitRejected {
		t.Errorf("exit %d with a rejected record, want %d", code, exitRejected)
	}
	var sum2 struct {
		Rejected []struct {
			File  string `json:"file"`
			Line  int    `json:"line"`
			Error string `json:"error"`
		} `json:"rejected"`
	}
	json.Unmarshal([]byte(out), &sum2)
	if len(sum2.Rejected) != 1 || sum2.Rejected[0].File != bad || sum2.Rejected[0].Line != 1 || sum2.Rejected[0].Error == "" {
		t.Errorf("rejected %+v", sum2.Rejected)
	}

	if _, stderr, code := c.run("", "ingest"); code != exitUsage || !strings.Contains(stderr, "no input") {
		t.Errorf("no paths: exit %d, %s", code, stderr)
	}
	if _, stderr, code := c.run("", "ingest", filepath.Join(dir, "missing.json")); code != exitUsage || !strings.Contains(stderr, "missing.json") {
		t.Errorf("missing file: exit %d, %s", code, stderr)
	}
	if _, _, code := c.run("", "frobnicate"); code != exitUsage {
		t.Errorf("unknown command: exit %d", code)
	}
}

func TestStdinAndEnvironmentFallback(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.env["CALLSCOPE_TENANT"] = "fabrikam"
	b, _ := os.ReadFile(filepath.Join(examples, "graph/callrecords-list.json"))
	if _, stderr, code := c.run(string(b), "ingest", "-"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out, _, _ := c.run("", "calls", "--json")
	if !strings.Contains(out, "c3ad8c4b-4a87-4ab1-bef0-284d2f40ed9f") {
		t.Errorf("calls of tenant fabrikam (from the environment): %s", out)
	}
	out, _, _ = c.run("", "calls", "--json", "--tenant", "contoso")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("another tenant sees: %s", out)
	}
}

func TestCallsForAUser(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.run("", "ingest", examples)
	f := func(user string, want ...string) {
		t.Helper()
		out, stderr, code := c.run("", "calls", "--json", "--user", user)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var rows []struct {
			ID      string `json:"id"`
			Version int64  `json:"version"`
			Type    string `json:"type"`
			Start   string `json:"startDateTime"`
			Rating  string `json:"rating"`
		}
		json.Unmarshal([]byte(out), &rows)
		var got []string
		for _, r := range rows {
			got = append(got, r.ID)
			if r.Rating == "" {
				t.Errorf("call %s has no rating field", r.ID)
			}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("calls of %s = %v, want %v", user, got, want)
		}
	}
	// Owen is in the P2P example only; Abbie organized the listed calls too, newest first.
	f("f69e2c00-0000-0000-0000-185e5f5f5d8a", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	f("821809f5-0000-0000-0000-3b5136c0e777", "c3ad8c4b-4a87-4ab1-bef0-284d2f40ed9f", "3cf3bbc8-b21d-4f2e-bfd0-b13603ae6c65", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	f("ANETTE.THOMSEN@contoso.com", "614e3ff0-4728-4394-8c03-52fb3b967fde")
	f("F69E2C00-0000-0000-0000-185E5F5F5D8A", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	f("+5564981205182", "c3ad8c4b-4a87-4ab1-bef0-284d2f40ed9f")
	f("nobody@contoso.com")
}

func TestShowText(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.run("", "ingest", filepath.Join(examples, "graph/callrecord-get-expanded-legacy.json"))
	out, stderr, code := c.run("", "show", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "show-legacy.txt"), []byte(out))
	if _, stderr, code := c.run("", "show", "no-such-call"); code != exitUsage || !strings.Contains(stderr, "no call no-such-call") {
		t.Errorf("unknown call: exit %d %s", code, stderr)
	}
}

func TestShowAsSpecialist(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.run("", "ingest", examples)
	const id = "e523d2ed-2966-4b6b-925b-754a88034cc5"
	for _, format := range [][]string{nil, {"--json"}} {
		args := append([]string{"show", "--as", "specialist", "--user", "owen.franklin@contoso.com"}, format...)
		out, stderr, code := c.run("", append(args, id)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(out, "Owen Franklin") || !strings.Contains(out, "Internal User") {
			t.Errorf("%v: the looked-up user by name, the other as Internal User:\n%s", format, out)
		}
		for _, secret := range []string{"Abbie Wilkins", "abbie.wilkins@contoso.com", "821809f5-0000-0000-0000-3b5136c0e777", "10.150.0.2", "52.114.188.32", "Speakers (Microsoft Virtual Audio Device"} {
			if strings.Contains(out, secret) {
				t.Errorf("%v: a specialist sees %q", format, secret)
			}
		}
	}
	out, _, _ := c.run("", "show", "--json", "c3ad8c4b-4a87-4ab1-bef0-284d2f40ed9f")
	if strings.Contains(out, "+5564981205182") || !strings.Contains(out, "+5564981205***") {
		t.Errorf("phone numbers are masked for admins too:\n%s", out)
	}
	if _, stderr, code := c.run("", "show", "--as", "janitor", id); code != exitUsage || !strings.Contains(stderr, "--as") {
		t.Errorf("unknown role: exit %d %s", code, stderr)
	}
}
