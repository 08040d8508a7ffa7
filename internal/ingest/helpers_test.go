package ingest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// examples is the repository's folder of public example payloads.
const examples = "../../examples"

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func ingestPaths(t *testing.T, st store.Store, opts Options, paths ...string) *Summary {
	t.Helper()
	if opts.Tenant == "" {
		opts.Tenant = "contoso"
	}
	sum, err := Run(context.Background(), st, paths, opts)
	if err != nil {
		t.Fatalf("ingest %v: %v", paths, err)
	}
	return sum
}

// dump returns every stored call of a tenant as canonical JSON by id,
// with the store's counts: two dumps are equal when the stores hold the
// same content.
func dump(t *testing.T, st store.Store, tenant string) string {
	t.Helper()
	var parts []string
	err := st.ScanCalls(context.Background(), store.CallFilter{Tenant: tenant}, func(c *model.Call) error {
		b, err := json.Marshal(c)
		parts = append(parts, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(parts)
	stats, err := st.Stats(context.Background(), tenant)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(stats)
	return string(b) + "\n" + strings.Join(parts, "\n")
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readExample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustCall(t *testing.T, st store.Store, tenant, id string) *model.Call {
	t.Helper()
	c, err := st.Call(context.Background(), tenant, id)
	if err != nil {
		t.Fatalf("call %s: %v", id, err)
	}
	return c
}

func streamCount(c *model.Call) int {
	n := 0
	for _, s := range c.Sessions {
		for _, g := range s.Segments {
			for _, m := range g.Media {
				n += len(m.Streams)
			}
		}
	}
	return n
}
