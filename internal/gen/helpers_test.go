package gen

import (
	"bufio"
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// testEnd is a Friday evening: the window before it holds working days.
var testEnd = time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)

const testTenant = "contoso"

func generate(t testing.TB, opts Options) (string, Result) {
	t.Helper()
	dir := t.TempDir()
	res, err := Generate(context.Background(), dir, opts)
	if err != nil {
		t.Fatalf("generate %+v: %v", opts, err)
	}
	return dir, res
}

// ingested generates a data set and ingests it into a new DuckDB store,
// judged by the default quality rules as the CLI does.
func ingested(t *testing.T, opts Options) (store.Store, Result, *ingest.Summary, string) {
	t.Helper()
	dir, res := generate(t, opts)
	st, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "gen.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.Run(context.Background(), st, []string{dir}, ingest.Options{Tenant: testTenant, Prepare: engine.Judge})
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	return st, res, sum, dir
}

// scan visits every stored call of the test tenant.
func scan(t *testing.T, st store.Store, fn func(*model.Call)) {
	t.Helper()
	err := st.ScanCalls(context.Background(), store.CallFilter{Tenant: testTenant}, func(c *model.Call) error {
		fn(c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tally counts good and poor of some key.
type tally map[string]*[2]int // [good, poor]

func (t tally) add(key string, poor bool) {
	if key == "" {
		return
	}
	if t[key] == nil {
		t[key] = new([2]int)
	}
	if poor {
		t[key][1]++
	} else {
		t[key][0]++
	}
}

// split returns the poor % of the keys that match and of all others, with
// the number of items behind each.
func (t tally) split(match func(string) bool) (in, out float64, nIn, nOut int) {
	var a, b [2]int
	for k, v := range t {
		if match(k) {
			a[0], a[1] = a[0]+v[0], a[1]+v[1]
		} else {
			b[0], b[1] = b[0]+v[0], b[1]+v[1]
		}
	}
	pct := func(x [2]int) float64 {
		if x[0]+x[1] == 0 {
			return 0
		}
		return 100 * float64(x[1]) / float64(x[0]+x[1])
	}
	return pct(a), pct(b), a[0] + a[1], b[0] + b[1]
}

// clientSides returns the sides of a stream fact that are clients.
func clientSides(f model.StreamFact) []model.SideFact {
	var out []model.SideFact
	for _, s := range []model.SideFact{f.Caller, f.Callee} {
		if s.Kind == model.EndpointParticipant {
			out = append(out, s)
		}
	}
	return out
}

// buildingFileRow is one parsed line of buildings.csv.
type buildingFileRow struct {
	prefix               netip.Prefix
	building             string
	inside, express, vpn string
	fields               []string
}

// readBuildingFile parses the CQD building file strictly: 15 columns,
// an address and a prefix length in range, booleans 0 or 1.
func readBuildingFile(t *testing.T, path string) []buildingFileRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []buildingFileRow
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), ",")
		if len(fields) != 15 {
			t.Fatalf("%s:%d: %d columns, want 15: %q", path, line, len(fields), sc.Text())
		}
		addr, err := netip.ParseAddr(fields[0])
		if err != nil {
			t.Fatalf("%s:%d: NetworkIP %q: %v (a header row?)", path, line, fields[0], err)
		}
		bits, err := strconv.Atoi(fields[2])
		if err != nil || bits < 8 || bits > 28 {
			t.Fatalf("%s:%d: NetworkRange %q: want 8–28", path, line, fields[2])
		}
		p := netip.PrefixFrom(addr, bits)
		if p.Masked() != p {
			t.Fatalf("%s:%d: %s is not a network address", path, line, p)
		}
		for _, i := range []int{12, 13, 14} {
			if fields[i] != "0" && fields[i] != "1" {
				t.Fatalf("%s:%d: column %d is %q, want 0 or 1", path, line, i+1, fields[i])
			}
		}
		for _, i := range []int{1, 3} {
			if fields[i] == "" {
				t.Fatalf("%s:%d: column %d is empty", path, line, i+1)
			}
		}
		rows = append(rows, buildingFileRow{prefix: p, building: fields[3], inside: fields[12], express: fields[13], vpn: fields[14], fields: fields})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// buildingOf maps a subnet to its building by the building file.
func buildingOf(rows []buildingFileRow, subnet string) string {
	a, err := netip.ParseAddr(subnet)
	if err != nil {
		return ""
	}
	for _, r := range rows {
		if r.prefix.Contains(a) {
			return r.building
		}
	}
	return ""
}
