package duckdb

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

// BenchmarkServeReads measures what every API request reads: the token
// by its hash, and a people search over a store of 20,000 calls, which
// scans every person row of the tenant.
func BenchmarkServeReads(b *testing.B) {
	ctx := context.Background()
	d := benchStore(b, 20)
	for i := range 100 {
		sum := sha256.Sum256(fmt.Appendf(nil, "secret-%d", i))
		if err := d.CreateToken(ctx, store.Token{ID: fmt.Sprintf("tok_%08d", i), Name: "n", Role: "admin", Hash: sum[:]}); err != nil {
			b.Fatal(err)
		}
	}
	hash := sha256.Sum256([]byte("secret-50"))

	b.Run("TokenByHash", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := d.TokenByHash(ctx, hash[:]); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, text := range []string{"alice", "+1 425", "nobody"} {
		b.Run("SearchPeople/"+text, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, err := d.SearchPeople(ctx, store.PeopleQuery{Tenant: "tenant-a", Text: text, Limit: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchStoreStart is when the first call of benchStore starts; calls go
// on a minute apart.
var benchStoreStart = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

// benchStore is a fresh store of batches × benchBatch sample calls of
// tenant-a, ids c<batch>-<n>, for the read benchmarks.
func benchStore(b *testing.B, batches int) *DB {
	b.Helper()
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	for batch := range batches {
		calls := make([]*model.Call, 0, benchBatch)
		for i := range benchBatch {
			calls = append(calls, storetest.SampleCall("tenant-a", fmt.Sprintf("c%02d-%04d", batch, i), 1,
				benchStoreStart.Add(time.Duration(batch*benchBatch+i)*time.Minute), 2, 2))
		}
		if _, err := d.PutCalls(ctx, calls); err != nil {
			b.Fatal(err)
		}
	}
	return d
}
