package duckdb

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// BenchmarkReadPath measures the reads behind an API request — the token
// by its hash, one call's detail, a user's call list — one at a time and
// from every core at once, so that what guarding the database handle
// against a compaction costs the readers shows up, contention included.
func BenchmarkReadPath(b *testing.B) {
	ctx := context.Background()
	d := benchStore(b, 5)
	start := benchStoreStart
	sum := sha256.Sum256([]byte("secret"))
	if err := d.CreateToken(ctx, store.Token{ID: "tok_00000001", Name: "n", Role: "admin", Hash: sum[:]}); err != nil {
		b.Fatal(err)
	}
	reads := []struct {
		name string
		read func() error
	}{
		{"TokenByHash", func() error { _, err := d.TokenByHash(ctx, sum[:]); return err }},
		{"Call", func() error { _, err := d.Call(ctx, "tenant-a", "c02-0500"); return err }},
		{"ListCalls", func() error {
			_, err := d.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", Since: start.Add(4000 * time.Minute), Limit: 50})
			return err
		}},
	}
	// The guard alone, without a read: what every read pays for it.
	b.Run("PinOnly/parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				d.pin()()
			}
		})
	})
	for _, r := range reads {
		if err := r.read(); err != nil {
			b.Fatalf("%s: %v", r.name, err)
		}
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if err := r.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(r.name+"/parallel", func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := r.read(); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
