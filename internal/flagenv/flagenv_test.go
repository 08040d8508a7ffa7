package flagenv

import (
	"flag"
	"io"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	f := func(args []string, env map[string]string, wantStore string, wantJSON bool, wantErr bool) {
		t.Helper()
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		store := fs.String("store", "callscope.db", "")
		asJSON := fs.Bool("json", false, "")
		err := Parse(fs, args, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
		if (err != nil) != wantErr {
			t.Fatalf("Parse(%v, %v) error = %v, want error %v", args, env, err, wantErr)
		}
		if err == nil && (*store != wantStore || *asJSON != wantJSON) {
			t.Errorf("Parse(%v, %v) = %q %v, want %q %v", args, env, *store, *asJSON, wantStore, wantJSON)
		}
	}
	f(nil, nil, "callscope.db", false, false)
	f(nil, map[string]string{"CALLSCOPE_STORE": "x.db"}, "x.db", false, false)
	f([]string{"--store", "y.db"}, map[string]string{"CALLSCOPE_STORE": "x.db"}, "y.db", false, false)
	f(nil, map[string]string{"CALLSCOPE_JSON": "true"}, "callscope.db", true, false)
	f(nil, map[string]string{"CALLSCOPE_JSON": "maybe"}, "", false, true)
	f([]string{"--nope"}, nil, "", false, true)
}

func TestEnvName(t *testing.T) {
	t.Parallel()
	if got := EnvName("quarantine-dir"); got != "CALLSCOPE_QUARANTINE_DIR" {
		t.Errorf("EnvName = %q", got)
	}
}
