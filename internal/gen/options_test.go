package gen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Options that cannot be honoured are refused before anything is written.
func TestInvalidOptions(t *testing.T) {
	t.Parallel()
	f := func(name string, o Options) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "out")
			o.End = testEnd
			_, err := Generate(context.Background(), dir, o)
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("error %v, want ErrInvalidOptions", err)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s was created", dir)
			}
		})
	}
	f("one user", Options{Users: 1})
	f("negative users", Options{Users: -5})
	f("negative days", Options{Days: -1})
	f("unknown format", Options{Format: "csv"})
	f("format in capitals", Options{Format: "GRAPH"})
	f("domain without a dot", Options{Domain: "contoso"})
	f("domain with a comma", Options{Domain: "contoso,com"})
	f("tenant with a quote", Options{TenantID: `6c5d3a2e"`})
	f("negative records per file", Options{RecordsPerFile: -1})
	f("negative bytes", Options{Bytes: -1})
}

// A cancelled context stops generation between calls.
func TestCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := Generate(ctx, t.TempDir(), Options{Users: 50, Days: 5, End: testEnd, Progress: func(n int) {
		calls = n
		if n == 10 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if calls != 10 {
		t.Errorf("%d calls written after cancelling at 10", calls)
	}
}
