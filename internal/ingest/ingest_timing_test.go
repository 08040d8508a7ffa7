package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// benchInput writes n meeting records of `sessions` sessions each (two
// audio streams per session) as JSON lines and returns the file.
func benchInput(b *testing.B, n, sessions int) (string, int64) {
	b.Helper()
	p := filepath.Join(b.TempDir(), "records.jsonl")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		fmt.Fprintln(w, meeting(fmt.Sprintf("bench-%06d", i), sessions))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	info, _ := os.Stat(p)
	return p, info.Size()
}

// benchIngest ingests the same file into a fresh store per iteration;
// prepare is applied to every call, as quality verdicts are.
func benchIngest(b *testing.B, prepare func(*model.Call)) {
	const records, sessions = 500, 8
	path, size := benchInput(b, records, sessions)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		st, err := duckdb.Open(context.Background(), filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := Run(context.Background(), st, []string{path}, Options{Tenant: "bench", Prepare: prepare})
		if err != nil || sum.Records != records || len(sum.Rejected) != 0 {
			b.Fatalf("ingest: %v %+v", err, sum)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(records*sessions*2)*float64(b.N)/b.Elapsed().Seconds(), "streams/s")
}

// BenchmarkIngest measures end-to-end ingest of Graph records into the
// embedded store: read, decode, reconcile, write detail and facts.
func BenchmarkIngest(b *testing.B) { benchIngest(b, nil) }

// BenchmarkIngestJudged is BenchmarkIngest with quality verdicts computed
// for every call, as `callscope ingest` does: the two side by side give
// what classification costs end to end.
func BenchmarkIngestJudged(b *testing.B) {
	engine, err := quality.New(quality.Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchIngest(b, engine.Judge)
}
