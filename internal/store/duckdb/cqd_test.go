package duckdb

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
)

// genEnd is the end of the generated data's window.
var genEnd = time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)

// generated is a store of a generated organization's month, judged, with
// its building file, shared by the aggregate tests (read only).
var generated struct {
	once sync.Once
	dir  string
	st   *DB
	rows []model.Building
	err  error
}

// TestMain removes the shared generated store after the package's tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if g := &generated; g.st != nil {
		g.st.Close()
	}
	if generated.dir != "" {
		os.RemoveAll(generated.dir)
	}
	os.Exit(code)
}

func generatedStore(t *testing.T) (*DB, []model.Building) {
	t.Helper()
	g := &generated
	g.once.Do(func() {
		dir, err := os.MkdirTemp("", "callscope-cqd-")
		if err != nil {
			g.err = err
			return
		}
		g.dir = dir
		data := filepath.Join(dir, "data")
		if _, err := gen.Generate(context.Background(), data, gen.Options{Seed: 5, Users: 40, Days: 20, End: genEnd}); err != nil {
			g.err = err
			return
		}
		g.st, g.err = Open(context.Background(), filepath.Join(dir, "cqd.db"))
		if g.err != nil {
			return
		}
		engine, err := quality.New(quality.Options{})
		if err != nil {
			g.err = err
			return
		}
		if _, err := ingest.Run(context.Background(), g.st, []string{data}, ingest.Options{Tenant: "contoso", Prepare: engine.Judge}); err != nil {
			g.err = err
			return
		}
		f, err := os.Open(filepath.Join(data, "buildings.csv"))
		if err != nil {
			g.err = err
			return
		}
		defer f.Close()
		m, err := building.Parse(f, "buildings.csv")
		if err != nil {
			g.err = err
			return
		}
		g.rows = m.All()
		g.err = g.st.ReplaceBuildings(context.Background(), "contoso", g.rows, genEnd)
	})
	if g.err != nil {
		t.Fatal(g.err)
	}
	return g.st, g.rows
}

// TestAggregateBruteForce: every query gives what a computation in Go
// over the stored calls' facts gives, with the building file applied by
// its own expansion.
func TestAggregateBruteForce(t *testing.T) {
	t.Parallel()
	st, rows := generatedStore(t)
	ctx := context.Background()
	var facts []model.StreamFact
	if err := st.ScanCalls(ctx, store.CallFilter{Tenant: "contoso"}, func(c *model.Call) error {
		facts = append(facts, model.Facts(c)...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(facts) < 1000 {
		t.Fatalf("only %d streams generated", len(facts))
	}
	bf := newBruteForce(facts, rows)
	// A building, a subnet and a band that the data has, to filter by.
	someBuilding := rows[0].BuildingName
	all := cqd.Measures()
	week := genEnd.Add(-7 * 24 * time.Hour)
	queries := []cqd.Query{
		{},
		{Measures: all},
		{GroupBy: []cqd.Dimension{cqd.MediaType}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.Day}},
		{GroupBy: []cqd.Dimension{cqd.Week, cqd.MediaType}},
		{GroupBy: []cqd.Dimension{cqd.Month}, Since: week, Until: genEnd.Add(-24 * time.Hour)},
		{GroupBy: []cqd.Dimension{cqd.Hour}, Filters: []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{"audio"}}}},
		{GroupBy: []cqd.Dimension{cqd.Building}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.Building, cqd.Month}},
		{GroupBy: []cqd.Dimension{cqd.City, cqd.Country, cqd.Region}},
		{GroupBy: []cqd.Dimension{cqd.Inside, cqd.ConnectionType}},
		{GroupBy: []cqd.Dimension{cqd.NetworkName, cqd.VPN, cqd.ExpressRoute}},
		{GroupBy: []cqd.Dimension{cqd.Subnet}, Filters: []cqd.Filter{{Dimension: cqd.ConnectionType, Values: []string{"wifi"}}}},
		{GroupBy: []cqd.Dimension{cqd.WifiBand}, Filters: []cqd.Filter{{Dimension: cqd.Building, Values: []string{someBuilding}}}},
		{GroupBy: []cqd.Dimension{cqd.BSSID}, OrderBy: cqd.PoorPct, Limit: 5, MinStreams: 20},
		{GroupBy: []cqd.Dimension{cqd.Platform, cqd.ProductFamily}, OrderBy: cqd.Streams, Ascending: true},
		{GroupBy: []cqd.Dimension{cqd.UserAgent}, Measures: []cqd.Measure{cqd.Streams, cqd.Poor, cqd.SetupFailures, cqd.Drops}},
		{GroupBy: []cqd.Dimension{cqd.CaptureDevice, cqd.RenderDevice}},
		{GroupBy: []cqd.Dimension{cqd.UserTenant, cqd.Transport}},
		{GroupBy: []cqd.Dimension{cqd.CallType, cqd.Source}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.PSTN, cqd.MediaType}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.Platform, cqd.ClientVersion}, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.SetupFailurePct, cqd.P95RoundTrip}},
		{GroupBy: []cqd.Dimension{cqd.ClientVersion}, Filters: []cqd.Filter{{Dimension: cqd.PSTN, Values: []string{"true"}}}, Measures: []cqd.Measure{cqd.Streams, cqd.P95Jitter}, OrderBy: cqd.P95Jitter, Limit: 3},
		{GroupBy: []cqd.Dimension{cqd.Quality, cqd.Building}, Filters: []cqd.Filter{{Dimension: cqd.Quality, Values: []string{"poor", "unclassified"}}}},
		{Filters: []cqd.Filter{{Dimension: cqd.Building, Values: []string{someBuilding, ""}}}, Measures: all},
		{Filters: []cqd.Filter{{Dimension: cqd.Inside, Values: []string{"outside"}}, {Dimension: cqd.MediaType, Values: []string{"audio", "video"}}}},
		{GroupBy: []cqd.Dimension{cqd.Building}, Filters: []cqd.Filter{{Dimension: cqd.WifiBand, Values: []string{"frequency24GHz"}}}},
		{GroupBy: []cqd.Dimension{cqd.Day, cqd.Inside}, Since: week, Until: genEnd, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.Minutes, cqd.AvgMinutesStream, cqd.DropPct}},
		{GroupBy: []cqd.Dimension{cqd.Week}, Since: week.Add(time.Hour)},
		{Since: genEnd.Add(24 * time.Hour)},
	}
	read := map[string]int{} // queries by the relation they read
	for _, q := range queries {
		q.Tenant = "contoso"
		read[relationFor(q).table]++
	}
	for i, q := range queries {
		q.Tenant = "contoso"
		if err := q.Validate(); err != nil {
			t.Fatalf("query %d: %v", i, err)
		}
		t.Run(fmt.Sprintf("%d", i), func(t *testing.T) {
			want := bf.run(q)
			if len(q.GroupBy) == 1 && !slices.ContainsFunc(want, func(r cqd.Row) bool { return r.Key[0] != nil }) {
				t.Fatalf("%+v: the data has no %s: the query tests nothing", q, q.GroupBy[0])
			}
			for _, rel := range answering(q) {
				checkRows(t, st, q, rel, want)
			}
		})
	}
	for _, r := range rollups {
		if read[r.table] == 0 {
			t.Errorf("no query read %s first", r.table)
		}
	}
}

// answering lists the relations that can answer q: the facts and the
// rollups that hold what q asks (though q reads only the smallest).
func answering(q cqd.Query) []relation {
	rels := []relation{factsRelation}
	if !relationFor(q).rollup {
		return rels
	}
	for _, r := range rollups {
		if r.answers(q) {
			rels = append(rels, r.relation())
		}
	}
	return rels
}

// checkRows compares the rows of q over rel with want.
func checkRows(t *testing.T, st *DB, q cqd.Query, rel relation, want []cqd.Row) {
	t.Helper()
	got, err := st.aggregate(context.Background(), q, rel)
	if err != nil {
		t.Fatalf("%+v over %s: %v", q, rel.table, err)
	}
	{
		{
			if len(got.Rows) != len(want) {
				t.Fatalf("%+v over %s: %d rows, want %d\ngot  %s\nwant %s", q, rel.table, len(got.Rows), len(want), dump(got.Rows), dump(want))
			}
			if len(want) == 0 {
				t.Fatalf("%+v: no rows: the query tests nothing", q)
			}
			for r := range want {
				if !slices.EqualFunc(got.Rows[r].Key, want[r].Key, func(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }) {
					t.Fatalf("%+v over %s: row %d key %s, want %s", q, rel.table, r, keyString(got.Rows[r].Key), keyString(want[r].Key))
				}
				for m, measure := range q.MeasureList() {
					if !near(got.Rows[r].Values[m], want[r].Values[m]) {
						t.Errorf("%+v over %s: row %s: %s = %s, want %s", q, rel.table, keyString(want[r].Key), measure, num(got.Rows[r].Values[m]), num(want[r].Values[m]))
					}
				}
			}
		}
	}
}

// TestAggregateRefused: invalid queries are ErrInvalid.
func TestAggregateRefused(t *testing.T) {
	t.Parallel()
	st := openTemp(t)
	for _, q := range []cqd.Query{
		{},
		{Tenant: "t", GroupBy: []cqd.Dimension{"floor"}},
		{Tenant: "t", Measures: []cqd.Measure{"mos"}},
		{Tenant: "t", OrderBy: cqd.Drops},
		{Tenant: "t", Filters: []cqd.Filter{{Dimension: cqd.Building}}},
		{Tenant: "t", Since: genEnd, Until: genEnd},
	} {
		if _, err := st.Aggregate(context.Background(), q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", q, err)
		}
	}
}

// bruteForce computes queries over facts in memory.
type bruteForce struct {
	facts    []model.StreamFact
	building map[string]model.Building // by expanded subnet
}

func newBruteForce(facts []model.StreamFact, rows []model.Building) *bruteForce {
	b := &bruteForce{facts: facts, building: map[string]model.Building{}}
	for _, r := range rows {
		for s := range r.Subnets() {
			b.building[s] = r
		}
	}
	return b
}

func (b *bruteForce) end(f *model.StreamFact, side int, d cqd.Dimension) *string {
	s := f.Caller
	if side == 1 {
		s = f.Callee
	}
	str := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	bld, mapped := b.building[s.Subnet]
	flag := func(v bool, yes, no string) *string {
		if mapped && v {
			return &yes
		}
		return &no
	}
	switch d {
	case cqd.Subnet:
		return str(s.Subnet)
	case cqd.ConnectionType:
		return str(s.ConnectionType)
	case cqd.WifiBand:
		return str(s.WifiBand)
	case cqd.BSSID:
		return str(s.BSSID)
	case cqd.Transport:
		return str(s.Transport)
	case cqd.Platform:
		return str(s.Platform)
	case cqd.ProductFamily:
		return str(s.ProductFamily)
	case cqd.UserAgent:
		return str(s.UserAgent)
	case cqd.CaptureDevice:
		return str(s.CaptureDevice)
	case cqd.RenderDevice:
		return str(s.RenderDevice)
	case cqd.UserTenant:
		return str(s.TenantID)
	case cqd.ClientVersion:
		return str(s.ClientVersion)
	case cqd.Building:
		return str(bld.BuildingName)
	case cqd.City:
		return str(bld.City)
	case cqd.Country:
		return str(bld.Country)
	case cqd.Region:
		return str(bld.Region)
	case cqd.NetworkName:
		return str(bld.NetworkName)
	case cqd.Inside:
		return flag(bld.InsideCorp, "inside", "outside")
	case cqd.ExpressRoute:
		return flag(bld.ExpressRoute, "true", "false")
	case cqd.VPN:
		return flag(bld.VPN, "true", "false")
	}
	panic(d)
}

func (b *bruteForce) stream(f *model.StreamFact, d cqd.Dimension) *string {
	t := f.CallStart.UTC()
	v := ""
	switch d {
	case cqd.Hour:
		v = t.Truncate(time.Hour).Format("2006-01-02T15:00Z")
	case cqd.Day:
		v = t.Format(time.DateOnly)
	case cqd.Week:
		day := t.Truncate(24 * time.Hour)
		v = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)).Format(time.DateOnly)
	case cqd.Month:
		v = t.Format("2006-01")
	case cqd.MediaType:
		v = string(f.MediaKind)
	case cqd.CallType:
		v = f.CallType
	case cqd.Source:
		v = string(f.Source)
	case cqd.Quality:
		v = string(f.Quality)
		if v == "" {
			v = "unclassified"
		}
	case cqd.PSTN:
		v = strconv.FormatBool(f.PSTN)
	}
	if v == "" {
		return nil
	}
	return &v
}

func matches(v *string, values []string) bool {
	for _, w := range values {
		if (w == "" && v == nil) || (v != nil && *v == w) {
			return true
		}
	}
	return false
}

func isEndSide(f *model.StreamFact, side int) bool {
	if side == 0 {
		return f.Caller.Kind != model.EndpointService || f.Callee.Kind == model.EndpointService
	}
	return f.Callee.Kind != model.EndpointService
}

// run is the package cqd's definition, written out plainly.
func (b *bruteForce) run(q cqd.Query) []cqd.Row {
	byEnd := slices.ContainsFunc(q.GroupBy, cqd.Dimension.OfEnd)
	type group struct {
		key  []*string
		rows []*model.StreamFact
	}
	groups := map[string]*group{}
	add := func(key []*string, f *model.StreamFact) {
		k := keyString(key)
		g := groups[k]
		if g == nil {
			g = &group{key: key}
			groups[k] = g
		}
		g.rows = append(g.rows, f)
	}
	for i := range b.facts {
		f := &b.facts[i]
		if !q.Since.IsZero() && f.CallStart.Before(q.Since) || !q.Until.IsZero() && !f.CallStart.Before(q.Until) {
			continue
		}
		ok := true
		for _, flt := range q.Filters {
			if flt.Dimension.OfEnd() {
				if !byEnd && !(isEndSide(f, 0) && matches(b.end(f, 0, flt.Dimension), flt.Values) ||
					isEndSide(f, 1) && matches(b.end(f, 1, flt.Dimension), flt.Values)) {
					ok = false
				}
				continue
			}
			if !matches(b.stream(f, flt.Dimension), flt.Values) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if !byEnd {
			key := make([]*string, len(q.GroupBy))
			for i, d := range q.GroupBy {
				key[i] = b.stream(f, d)
			}
			add(key, f)
			continue
		}
		// One row per distinct value of the end dimensions among the
		// stream's ends.
		var dims []cqd.Dimension
		for _, d := range q.GroupBy {
			if d.OfEnd() {
				dims = append(dims, d)
			}
		}
		for _, flt := range q.Filters {
			if flt.Dimension.OfEnd() && !slices.Contains(dims, flt.Dimension) {
				dims = append(dims, flt.Dimension)
			}
		}
		var seen []string
		for side := range 2 {
			if !isEndSide(f, side) {
				continue
			}
			var tuple []*string
			for _, d := range dims {
				tuple = append(tuple, b.end(f, side, d))
			}
			if side == 1 && f.Caller.Kind != model.EndpointService && slices.Contains(seen, keyString(tuple)) {
				continue
			}
			seen = append(seen, keyString(tuple))
			pass := true
			for _, flt := range q.Filters {
				if flt.Dimension.OfEnd() && !matches(b.end(f, side, flt.Dimension), flt.Values) {
					pass = false
				}
			}
			if !pass {
				continue
			}
			key := make([]*string, len(q.GroupBy))
			for i, d := range q.GroupBy {
				if d.OfEnd() {
					key[i] = b.end(f, side, d)
				} else {
					key[i] = b.stream(f, d)
				}
			}
			add(key, f)
		}
	}
	var out []cqd.Row
	for _, g := range groups {
		if len(g.rows) < q.MinStreams {
			continue
		}
		row := cqd.Row{Key: g.key}
		for _, m := range q.MeasureList() {
			row.Values = append(row.Values, measure(m, g.rows))
		}
		out = append(out, row)
	}
	if len(q.GroupBy) == 0 && len(out) == 0 {
		// SQL aggregates over no rows still give one row.
		row := cqd.Row{}
		for _, m := range q.MeasureList() {
			row.Values = append(row.Values, measure(m, nil))
		}
		out = append(out, row)
	}
	mi := slices.Index(q.MeasureList(), q.OrderBy)
	slices.SortFunc(out, func(a, b cqd.Row) int {
		if mi >= 0 {
			va, vb := a.Values[mi], b.Values[mi]
			switch {
			case va == nil && vb != nil:
				return 1
			case va != nil && vb == nil:
				return -1
			case va != nil && vb != nil && *va != *vb:
				if q.Ascending {
					return cmp.Compare(*va, *vb)
				}
				return cmp.Compare(*vb, *va)
			}
		}
		for i := range a.Key {
			ka, kb := a.Key[i], b.Key[i]
			switch {
			case ka == nil && kb != nil:
				return 1
			case ka != nil && kb == nil:
				return -1
			case ka != nil && kb != nil && *ka != *kb:
				return strings.Compare(*ka, *kb)
			}
		}
		return 0
	})
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

func measure(m cqd.Measure, rows []*model.StreamFact) *float64 {
	count := func(ok func(*model.StreamFact) bool) float64 {
		n := 0.0
		for _, f := range rows {
			if ok(f) {
				n++
			}
		}
		return n
	}
	val := func(v float64) *float64 { return &v }
	pct := func(n, d float64) *float64 {
		if d == 0 {
			return nil
		}
		return val(100 * n / d)
	}
	metric := func(get func(*model.StreamFact) *float64) []float64 {
		var out []float64
		for _, f := range rows {
			if v := get(f); v != nil {
				out = append(out, *v)
			}
		}
		return out
	}
	avg := func(vs []float64) *float64 {
		if len(vs) == 0 {
			return nil
		}
		s := 0.0
		for _, v := range vs {
			s += v
		}
		return val(s / float64(len(vs)))
	}
	// Percentiles are estimated from histograms (cqd.Layout), on every
	// path alike; how near the estimate comes to the exact value is
	// package cqd's test.
	p95 := func(vs []float64) *float64 {
		q, l, _ := m.Percentile()
		if est, ok := l.Estimate(l.Count(vs), q); ok {
			return val(est)
		}
		return nil
	}
	minutes := func() []float64 {
		var out []float64
		for _, f := range rows {
			if f.Start != nil && f.End != nil && !f.End.Before(*f.Start) {
				out = append(out, float64(f.End.Truncate(time.Millisecond).Sub(f.Start.Truncate(time.Millisecond)).Milliseconds())/60000)
			}
		}
		return out
	}
	quality := func(q model.StreamQuality) func(*model.StreamFact) bool {
		return func(f *model.StreamFact) bool { return f.Quality == q }
	}
	stage := func(s string) func(*model.StreamFact) bool {
		return func(f *model.StreamFact) bool { return f.FailureStage == s }
	}
	n := float64(len(rows))
	switch m {
	case cqd.Streams:
		return val(n)
	case cqd.Good:
		return val(count(quality(model.QualityGood)))
	case cqd.Poor:
		return val(count(quality(model.QualityPoor)))
	case cqd.Unclassified:
		return val(n - count(quality(model.QualityGood)) - count(quality(model.QualityPoor)))
	case cqd.PoorPct:
		poor := count(quality(model.QualityPoor))
		return pct(poor, poor+count(quality(model.QualityGood)))
	case cqd.Calls:
		ids := map[string]bool{}
		for _, f := range rows {
			ids[f.CallID] = true
		}
		return val(float64(len(ids)))
	case cqd.AvgJitter, cqd.P95Jitter:
		vs := metric(func(f *model.StreamFact) *float64 { return f.JitterMs })
		if m == cqd.AvgJitter {
			return avg(vs)
		}
		return p95(vs)
	case cqd.AvgPacketLoss, cqd.P95PacketLoss:
		vs := metric(func(f *model.StreamFact) *float64 { return f.PacketLossRate })
		if m == cqd.AvgPacketLoss {
			return avg(vs)
		}
		return p95(vs)
	case cqd.AvgRoundTrip, cqd.P95RoundTrip:
		vs := metric(func(f *model.StreamFact) *float64 { return f.RoundTripMs })
		if m == cqd.AvgRoundTrip {
			return avg(vs)
		}
		return p95(vs)
	case cqd.AvgConcealed, cqd.P95Concealed:
		vs := metric(func(f *model.StreamFact) *float64 { return f.ConcealedRatio })
		if m == cqd.AvgConcealed {
			return avg(vs)
		}
		return p95(vs)
	case cqd.AvgDegradation:
		return avg(metric(func(f *model.StreamFact) *float64 { return f.AudioDegradation }))
	case cqd.SetupFailures:
		return val(count(stage("callSetup")))
	case cqd.SetupFailurePct:
		return pct(count(stage("callSetup")), n)
	case cqd.Drops:
		return val(count(stage("midcall")))
	case cqd.DropPct:
		return pct(count(stage("midcall")), n)
	case cqd.Minutes:
		s := 0.0
		for _, v := range minutes() {
			s += v
		}
		return val(s)
	case cqd.AvgMinutesStream:
		return avg(minutes())
	}
	panic(m)
}

func near(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= 1e-6*math.Max(1, math.Abs(*b))
}

func keyString(k []*string) string {
	parts := make([]string, len(k))
	for i, v := range k {
		if v == nil {
			parts[i] = "∅"
		} else {
			parts[i] = *v
		}
	}
	return strings.Join(parts, " | ")
}

func num(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

func dump(rows []cqd.Row) string {
	var sb strings.Builder
	for i, r := range rows {
		if i == 8 {
			sb.WriteString("…")
			break
		}
		sb.WriteString("[" + keyString(r.Key) + "] ")
	}
	return sb.String()
}

// TestPoorCallsBruteForce: the poor-call list holds exactly the calls
// with poor streams among those the filters keep, newest first, with
// their counts, and pages through them.
func TestPoorCallsBruteForce(t *testing.T) {
	t.Parallel()
	st, rows := generatedStore(t)
	ctx := context.Background()
	starts := map[string]time.Time{}
	var facts []model.StreamFact
	if err := st.ScanCalls(ctx, store.CallFilter{Tenant: "contoso"}, func(c *model.Call) error {
		starts[c.ID] = c.StartDateTime.Value()
		facts = append(facts, model.Facts(c)...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	bf := newBruteForce(facts, rows)
	for i, q := range []cqd.Query{
		{},
		{Filters: []cqd.Filter{{Dimension: cqd.Building, Values: []string{rows[0].BuildingName}}}},
		{Filters: []cqd.Filter{{Dimension: cqd.ConnectionType, Values: []string{"wifi"}}, {Dimension: cqd.MediaType, Values: []string{"audio"}}}},
		{Since: genEnd.Add(-5 * 24 * time.Hour)},
	} {
		q.Tenant = "contoso"
		type want struct{ streams, poor, sessions int }
		wants := map[string]*want{}
		for j := range bf.facts {
			f := &bf.facts[j]
			if !q.Since.IsZero() && f.CallStart.Before(q.Since) || !bf.keeps(q, f) {
				continue
			}
			w := wants[f.CallID]
			if w == nil {
				w = &want{}
				wants[f.CallID] = w
			}
			w.streams++
		}
		poorSessions := map[string]map[int]bool{}
		for j := range bf.facts {
			f := &bf.facts[j]
			if w := wants[f.CallID]; w != nil && f.Quality == model.QualityPoor && bf.keeps(q, f) && (q.Since.IsZero() || !f.CallStart.Before(q.Since)) {
				w.poor++
				if poorSessions[f.CallID] == nil {
					poorSessions[f.CallID] = map[int]bool{}
				}
				poorSessions[f.CallID][f.SessionIndex] = true
			}
		}
		var ids []string
		for id, w := range wants {
			w.sessions = len(poorSessions[id])
			if w.poor > 0 {
				ids = append(ids, id)
			}
		}
		slices.SortFunc(ids, func(a, b string) int {
			if c := starts[b].Compare(starts[a]); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
		got, err := st.PoorCalls(ctx, q, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids) || len(ids) == 0 {
			t.Fatalf("query %d: %d poor calls, want %d", i, len(got), len(ids))
		}
		for j, c := range got {
			w := wants[c.ID]
			if c.ID != ids[j] || c.Streams != w.streams || c.Poor != w.poor || c.PoorSessions != w.sessions || len(c.Reasons) == 0 || !c.Start.Equal(starts[c.ID].Truncate(time.Microsecond)) {
				t.Fatalf("query %d: call %d = %+v, want %s with %+v", i, j, c, ids[j], *w)
			}
		}
		page, err := st.PoorCalls(ctx, q, 3, 2)
		if err != nil || len(page) != min(3, max(len(ids)-2, 0)) || (len(page) > 0 && page[0].ID != ids[2]) {
			t.Errorf("query %d: page 2..5 = %v, %v", i, page, err)
		}
	}
}

// keeps applies q's filters to a stream as a query without end grouping
// does: an end filter keeps the stream when either end matches.
func (b *bruteForce) keeps(q cqd.Query, f *model.StreamFact) bool {
	for _, flt := range q.Filters {
		if flt.Dimension.OfEnd() {
			if !(isEndSide(f, 0) && matches(b.end(f, 0, flt.Dimension), flt.Values) ||
				isEndSide(f, 1) && matches(b.end(f, 1, flt.Dimension), flt.Values)) {
				return false
			}
		} else if !matches(b.stream(f, flt.Dimension), flt.Values) {
			return false
		}
	}
	return true
}

// TestExports: facts and aggregates come out whole, in both formats,
// personal columns only when asked for.
func TestExports(t *testing.T) {
	t.Parallel()
	st, _ := generatedStore(t)
	ctx := context.Background()
	q := cqd.Query{Tenant: "contoso", Filters: []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{"audio"}}}}
	total, err := st.Aggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	streams, _ := total.Value(total.Rows[0], cqd.Streams)
	dir := t.TempDir()
	for _, personal := range []bool{false, true} {
		var buf strings.Builder
		if err := st.ExportFacts(ctx, q, store.ExportCSV, personal, &buf); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		header := strings.Split(lines[0], ",")
		if len(lines)-1 != int(streams) {
			t.Errorf("personal=%v: %d rows, want %v", personal, len(lines)-1, streams)
		}
		for _, c := range []string{"caller_user_id", "callee_bssid"} {
			if slices.Contains(header, c) != personal {
				t.Errorf("personal=%v: header %v has %s: %v", personal, header, c, !personal)
			}
		}
		for _, c := range []string{"call_id", "jitter_ms", "quality", "caller_subnet", "caller_building", "callee_inside"} {
			if !slices.Contains(header, c) {
				t.Errorf("header lacks %s: %v", c, header)
			}
		}
	}
	// Parquet, read back by the engine.
	path := filepath.Join(dir, "facts.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ExportFacts(ctx, q, store.ExportParquet, false, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var n int
	if err := st.db.QueryRowContext(ctx, "SELECT count(*) FROM read_parquet(?)", path).Scan(&n); err != nil || n != int(streams) {
		t.Errorf("parquet: %d rows, %v; want %v", n, err, streams)
	}

	agg := cqd.Query{Tenant: "contoso", GroupBy: []cqd.Dimension{cqd.Building, cqd.Day}, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct}}
	want, err := st.Aggregate(ctx, agg)
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if err := st.ExportAggregate(ctx, agg, store.ExportCSV, &buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if lines[0] != "building,day,streams,poorPct" || len(lines)-1 != len(want.Rows) {
		t.Errorf("aggregate CSV: header %q, %d rows; want %d", lines[0], len(lines)-1, len(want.Rows))
	}
	path = filepath.Join(dir, "agg.parquet")
	if f, err = os.Create(path); err != nil {
		t.Fatal(err)
	}
	if err := st.ExportAggregate(ctx, agg, store.ExportParquet, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var sum float64
	if err := st.db.QueryRowContext(ctx, `SELECT sum(streams) FROM read_parquet(?)`, path).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	var wantSum float64
	for _, r := range want.Rows {
		v, _ := want.Value(r, cqd.Streams)
		wantSum += v
	}
	if sum != wantSum {
		t.Errorf("aggregate parquet: %v streams, want %v", sum, wantSum)
	}
	if err := st.ExportFacts(ctx, q, "xlsx", false, io.Discard); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("xlsx: %v", err)
	}
}
