package graph

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/model"
)

// BenchmarkLargestRecord times the steps of ingesting one record on the
// largest record of 20 MB of generated call records (a meeting of
// hundreds of sessions, megabytes of JSON): decoding it whole, the walk
// for unknown properties within that, and writing its canonical JSON.
// Large meetings are most of the bytes of a real tenant's records.
//
//	go test ./internal/graph -run '^$' -bench LargestRecord
func BenchmarkLargestRecord(b *testing.B) {
	var raw []byte
	opts := gen.Options{Seed: 1, Format: gen.FormatGraph, Bytes: 20 << 20, End: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}
	_, err := gen.GraphRecords(context.Background(), opts, io.Discard, func(rec []byte) error {
		if len(rec) > len(raw) {
			raw = append(raw[:0], rec...)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	c, err := DecodeCallRecord(raw)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := DecodeCallRecord(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unknown-walk", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			model.CollectUnknown(raw, c)
		}
	})
	b.Run("canonical", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if err := model.WithCanonical(c, func([]byte) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
}
