package duckdb

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store/storetest"
)

// benchBatch is how many calls one PutCalls stores, as ingest batches
// them; each call has 2 sessions of 4 streams.
const benchBatch = 1000

func benchCalls(b *testing.B, prefix string, version int64) ([]*model.Call, int64) {
	b.Helper()
	calls := make([]*model.Call, benchBatch)
	var size int64
	for i := range calls {
		calls[i] = storetest.SampleCall("tenant-a", fmt.Sprintf("%s-%05d", prefix, i), version,
			time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Minute), 2, 4)
		j, err := json.Marshal(calls[i])
		if err != nil {
			b.Fatal(err)
		}
		size += int64(len(j))
	}
	return calls, size
}

// BenchmarkPutCalls measures one PutCalls of benchBatch calls: new calls
// into a growing store, the same calls again, and newer versions of them.
func BenchmarkPutCalls(b *testing.B) {
	ctx := context.Background()
	open := func(b *testing.B) *DB {
		d, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Close() })
		return d
	}
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "calls/s")
	}

	b.Run("insert", func(b *testing.B) {
		d := open(b)
		batches := make([][]*model.Call, b.N)
		var size int64
		for i := range batches {
			batches[i], size = benchCalls(b, fmt.Sprintf("b%d", i), 1)
		}
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if _, err := d.PutCalls(ctx, batches[i]); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})

	b.Run("unchanged", func(b *testing.B) {
		d := open(b)
		calls, size := benchCalls(b, "c", 1)
		if _, err := d.PutCalls(ctx, calls); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			if _, err := d.PutCalls(ctx, calls); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})

	b.Run("replace", func(b *testing.B) {
		d := open(b)
		versions := make([][]*model.Call, b.N+1)
		var size int64
		for v := range versions {
			versions[v], size = benchCalls(b, "c", int64(v+1))
		}
		if _, err := d.PutCalls(ctx, versions[0]); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if _, err := d.PutCalls(ctx, versions[i+1]); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
}
