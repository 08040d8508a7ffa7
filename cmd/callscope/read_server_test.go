package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
)

// readCase is one read command run on the store and through a server.
type readCase struct {
	name string
	// args run on the store; remote, when set, through the server
	// instead of args (a role is the token's there, not --as).
	args, remote []string
	// token names the token of the run through the server.
	token string
	// out, when set, is the file the command writes, compared instead
	// of standard output.
	out string
	// compare says how the two outputs must agree.
	compare func(t *testing.T, direct, remote []byte)
}

// TestReadCommandsThroughServer runs each read command on a store, then
// with --server against `callscope serve` holding the same store, and
// compares what they print.
func TestReadCommandsThroughServer(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	gen := filepath.Join(t.TempDir(), "gen")
	mustRun(t, c, "gen", "--seed", "3", "--users", "8", "--days", "3", "--out", gen)
	mustRun(t, c, "ingest", "--tenant", "contoso", gen, examples)
	mustRun(t, c, "buildings", "import", "--tenant", "contoso", filepath.Join(gen, "buildings.csv"))
	tokens := map[string]string{}
	for _, role := range access.Roles() {
		out := mustRun(t, c, "token", "create", "--name", string(role), "--role", string(role), "--tenant", "contoso")
		tokens[string(role)] = out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:]
	}

	// Calls to show: every example, and some generated ones of the last
	// days, with a user of theirs to look up.
	var recent []struct{ ID string }
	if err := json.Unmarshal([]byte(mustRun(t, c, "calls", "--tenant", "contoso", "--days", "30", "--json")), &recent); err != nil || len(recent) < 5 {
		t.Fatalf("calls of the last 30 days: %v, %d", err, len(recent))
	}
	ids := []string{"e523d2ed-2966-4b6b-925b-754a88034cc5", "c3ad8c4b-4a87-4ab1-bef0-284d2f40ed9f", "614e3ff0-4728-4394-8c03-52fb3b967fde",
		"bbbb1111-cc22-3333-44dd-555555eeeeee", "aaaa0000-bb11-2222-33cc-444444dddddd", "92d800c4-abde-40be-91e9-3814ee786b19"}
	for _, r := range recent[:5] {
		ids = append(ids, r.ID)
	}
	// A user to look up: the first participant with a UPN of the newest
	// calls (which calls are newest depends on the hour the generator
	// runs, and some participants are anonymous or telephone numbers).
	user := ""
	for _, r := range recent {
		var shown struct {
			Participants []struct {
				UPN string `json:"userPrincipalName"`
			} `json:"participants"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, c, "show", "--tenant", "contoso", "--json", r.ID)), &shown); err != nil {
			t.Fatalf("show %s: %v", r.ID, err)
		}
		for _, p := range shown.Participants {
			if user == "" && p.UPN != "" {
				user = p.UPN
			}
		}
		if user != "" {
			break
		}
	}
	if user == "" {
		t.Fatal("no participant of the recent calls has a UPN to look up")
	}

	dir := t.TempDir()
	cases := []readCase{
		{name: "calls", args: []string{"calls", "--days", "30"}},
		{name: "calls json", args: []string{"calls", "--days", "30", "--json"}},
		{name: "calls limit", args: []string{"calls", "--days", "30", "--limit", "3"}},
		{name: "calls of a user", args: []string{"calls", "--days", "30", "--user", user, "--json"}},
		// A specialist's token hides the ids that tell the user's own
		// sessions apart: the call list is the same, the user's verdict
		// may not be.
		{name: "calls of a user as specialist", args: []string{"calls", "--days", "30", "--user", user, "--json"}, token: "specialist", compare: sameCallsBesideUser},
		{name: "cqd", args: []string{"cqd"}, compare: sameFigures},
		{name: "cqd by building json", args: []string{"cqd", "--by", "building", "--json"}, compare: sameFigures},
		{name: "cqd ranked", args: []string{"cqd", "--by", "building,day", "--order", "poorPct", "--top", "5", "--filter", "mediaType=audio"}, compare: sameFigures},
		{name: "cqd as engineer", args: []string{"cqd", "--by", "connectionType,wifiBand", "--measures", "streams,poorPct,avgJitterMs"}, token: "engineer", compare: sameFigures},
		{name: "cqd csv", args: []string{"cqd", "--by", "building", "--format", "csv"}, compare: sameFigures},
		{name: "cqd parquet", args: []string{"cqd", "--by", "building,month", "--format", "parquet", "--out", "OUT"}, out: "cqd.parquet", compare: sameParquet},
		// Stream facts come in no set order.
		{name: "cqd stream facts", args: []string{"cqd", "--streams", "--format", "csv", "--out", "OUT"}, out: "streams.csv", compare: sameLines},
		{name: "poor-calls", args: []string{"poor-calls"}},
		{name: "poor-calls json", args: []string{"poor-calls", "--json"}},
		{name: "poor-calls all", args: []string{"poor-calls", "--limit", "0", "--filter", "mediaType=audio"}},
		{name: "report reliability", args: []string{"report", "reliability", "--since", "2000-01-01", "--until", "2100-01-01"}},
		{name: "report reliability by version", args: []string{"report", "reliability", "--since", "2000-01-01", "--until", "2100-01-01",
			"--by", "clientVersion", "--csv"}, token: "engineer"},
		{name: "buildings export", args: []string{"buildings", "export"}},
		{name: "users", args: []string{"users", "--json", user[:3]}, compare: sameUsersJSON},
		{name: "calls of a user as engineer", args: []string{"calls", "--days", "30", "--user", user}, token: "engineer"},
	}
	for _, id := range ids {
		cases = append(cases,
			readCase{name: "show " + id, args: []string{"show", id}},
			readCase{name: "show json " + id, args: []string{"show", "--json", id}, compare: sameCallJSON},
			readCase{name: "show as specialist " + id, args: []string{"show", "--as", "specialist", "--user", user, id},
				remote: []string{"show", "--user", user, id}, token: "specialist"},
			readCase{name: "show json as engineer " + id, args: []string{"show", "--json", "--as", "engineer", "--user", user, id},
				remote: []string{"show", "--json", "--user", user, id}, token: "engineer", compare: sameCallJSON},
		)
	}

	// On the store, each with its own output file.
	direct := make([][]byte, len(cases))
	for i, tc := range cases {
		args := withOut(withFlags(tc.args, "--tenant", "contoso"), filepath.Join(dir, "direct-"+tc.out))
		out := mustRun(t, c, args...)
		direct[i] = output(t, tc, out, filepath.Join(dir, "direct-"+tc.out))
	}

	// Through the server, which must keep every call and its personal
	// data as they were.
	s := startServe(t, c, "--keep-days", "0", "--euii-days", "36500")
	t.Run("server", func(t *testing.T) {
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				token := tc.token
				if token == "" {
					token = "admin"
				}
				rc := &cli{t: t, store: c.store, env: map[string]string{"CALLSCOPE_TOKEN": tokens[token], "CALLSCOPE_SERVER": s.base}}
				args := tc.args
				if tc.remote != nil {
					args = tc.remote
				}
				file := filepath.Join(dir, "remote-"+tc.out)
				out, stderr, code := rc.run("", withOut(withFlags(args, "--tenant", "contoso"), file)...)
				if code != exitOK {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				got := output(t, tc, out, file)
				if len(direct[i]) == 0 {
					t.Fatal("the store's output is empty: nothing is compared")
				}
				if tc.compare != nil {
					tc.compare(t, direct[i], got)
				} else if !bytes.Equal(got, direct[i]) {
					t.Errorf("through the server:\n%s\nfrom the store:\n%s", got, direct[i])
				}
			})
		}
	})

	// What cannot be done through a server is said plainly.
	for _, tc := range []struct {
		name, token string
		args        []string
		wants       string
	}{
		{"show as another role", "admin", []string{"show", "--as", "specialist", ids[0]}, "--as specialist cannot be honoured with --server"},
		{"show masking", "admin", []string{"show", "--phone-digits-masked", "2", ids[0]}, "--phone-digits-masked cannot be honoured"},
		{"everyone's calls as specialist", "specialist", []string{"calls"}, "engineer or admin token"},
		{"dashboard as specialist", "specialist", []string{"cqd"}, "engineer or admin token"},
		{"building file as engineer", "engineer", []string{"buildings", "export"}, "admin token"},
		{"no such call", "admin", []string{"show", "no-such-call"}, "no call no-such-call"},
		{"no token", "", []string{"calls"}, "no API token"},
		{"wrong token", "cs_wrong", []string{"poor-calls"}, "check --token"},
		{"other tenant", "admin", []string{"calls", "--tenant", "fabrikam"}, "--tenant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token, ok := tokens[tc.token]
			if !ok {
				token = tc.token
			}
			rc := &cli{t: t, store: c.store, env: map[string]string{"CALLSCOPE_TOKEN": token}}
			_, stderr, code := rc.run("", withFlags(tc.args, "--server", s.base)...)
			if code != exitUsage || !strings.Contains(stderr, tc.wants) || !strings.HasPrefix(stderr, "callscope "+commandOf(tc.args)+": ") {
				t.Errorf("exit %d, %q; want 2 and %q from callscope %s", code, stderr, tc.wants, commandOf(tc.args))
			}
		})
	}
}

// TestReadCommandsHintAtServer: while a server holds the store, each
// read command that opens it says how to read through the server.
func TestReadCommandsHintAtServer(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	mustRun(t, c, "ingest", filepath.Join(examples, "graph", "callrecord-get-expanded.json"))
	startServe(t, c)
	for _, args := range [][]string{
		{"calls"}, {"show", "e523d2ed-2966-4b6b-925b-754a88034cc5"}, {"cqd"}, {"cqd", "--format", "csv"}, {"poor-calls"}, {"buildings", "export"},
	} {
		cmd := commandOf(args)
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, stderr, code := c.run("", args...)
			if code != exitUsage || out != "" || !strings.Contains(stderr, "callscope "+cmd+": if a callscope server holds the store, read through it: --server") {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and a hint at --server", code, out, stderr)
			}
		})
	}
}

func mustRun(t *testing.T, c *cli, args ...string) string {
	t.Helper()
	out, stderr, code := c.run("", args...)
	if code != exitOK {
		t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return out
}

// nameLen is how many of args name the command: two for a subcommand.
func nameLen(args []string) int {
	if args[0] == "buildings" || args[0] == "report" {
		return 2
	}
	return 1
}

// commandOf is the command's name, as its messages begin.
func commandOf(args []string) string { return strings.Join(args[:nameLen(args)], " ") }

// withFlags puts flags after the command's name, before its arguments.
func withFlags(args []string, flags ...string) []string {
	at := nameLen(args)
	return slices.Concat(args[:at], flags, args[at:])
}

// withOut puts file in place of the OUT argument.
func withOut(args []string, file string) []string {
	out := slices.Clone(args)
	if i := slices.Index(out, "OUT"); i >= 0 {
		out[i] = file
	}
	return out
}

// output is what a case printed, or wrote into its file.
func output(t *testing.T, tc readCase, stdout, file string) []byte {
	t.Helper()
	if tc.out == "" {
		return []byte(stdout)
	}
	if stdout != "" {
		t.Errorf("%s: printed %q besides its file", tc.name, stdout)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameLines: the same lines, in any order, the header first.
func sameLines(t *testing.T, direct, remote []byte) {
	t.Helper()
	d, r := strings.Split(string(direct), "\n"), strings.Split(string(remote), "\n")
	if d[0] != r[0] {
		t.Errorf("headers differ:\n%s\n%s", r[0], d[0])
	}
	slices.Sort(d)
	slices.Sort(r)
	if !slices.Equal(d, r) {
		t.Errorf("%d lines through the server, %d from the store; they differ", len(r), len(d))
	}
}

// sameCallJSON: the same call, except where the store has a value that
// Microsoft withheld as a string ("Redacted", empty): the API marks
// such values withheld without saying how, and the client gives them
// back as null. Byte for byte where the store has none.
func sameCallJSON(t *testing.T, direct, remote []byte) {
	t.Helper()
	var d, r any
	if err := json.Unmarshal(direct, &d); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(remote, &r); err != nil {
		t.Fatal(err)
	}
	withheld := 0
	d = withheldAsNull(d, &withheld)
	if !reflect.DeepEqual(d, r) {
		t.Errorf("through the server:\n%s\nfrom the store:\n%s", remote, direct)
	}
	if withheld == 0 && !bytes.Equal(direct, remote) {
		t.Errorf("not byte for byte the same:\n%s\nfrom the store:\n%s", remote, direct)
	}
}

func withheldAsNull(v any, n *int) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && access.WithheldText(s) {
				x[k] = nil
				*n++
				continue
			}
			x[k] = withheldAsNull(e, n)
		}
	case []any:
		for i, e := range x {
			x[i] = withheldAsNull(e, n)
		}
	}
	return v
}

// sameUsersJSON: the same people; only the server gives references.
func sameUsersJSON(t *testing.T, direct, remote []byte) {
	t.Helper()
	var d, r []map[string]any
	if err := json.Unmarshal(direct, &d); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(remote, &r); err != nil {
		t.Fatal(err)
	}
	for _, m := range r {
		if m["ref"] == "" || m["ref"] == nil {
			t.Errorf("no ref through the server: %v", m)
		}
		delete(m, "ref")
	}
	if len(d) == 0 || !reflect.DeepEqual(d, r) {
		t.Errorf("through the server:\n%s\nfrom the store:\n%s", remote, direct)
	}
}

// sameCallsBesideUser: the same calls, leaving out the user's verdict.
func sameCallsBesideUser(t *testing.T, direct, remote []byte) {
	t.Helper()
	var d, r []map[string]any
	if err := json.Unmarshal(direct, &d); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(remote, &r); err != nil {
		t.Fatal(err)
	}
	for _, list := range [][]map[string]any{d, r} {
		for _, m := range list {
			delete(m, "user")
		}
	}
	if len(d) == 0 || !reflect.DeepEqual(d, r) {
		t.Errorf("through the server:\n%s\nfrom the store:\n%s", remote, direct)
	}
}
