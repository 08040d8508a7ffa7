package api

import (
	"net/http"
	"testing"
	"time"
)

// BenchmarkCallSeries is one request for the default page of an hour's
// meeting of 20 people whose clients sent media statistics (86,400
// records), read from the store: the work follows the call's records
// (read, redacted with the record, grouped), not the page.
//
//	go test ./internal/api -run '^$' -bench CallSeries
func BenchmarkCallSeries(b *testing.B) {
	f := newFixture(b)
	m := seriesMeeting{id: "5e0e0000-0000-4000-8000-0000000000be", start: t0.Add(-24 * time.Hour), people: 20, minutes: 60,
		poor: map[int]bool{3: true, 11: true}}
	f.ingestPaths("tenant-a", m.files(b, b.TempDir())...)
	target := "/api/v1/calls/" + m.id + "/series"
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if r := f.get(target, "engineer"); r.status != http.StatusOK {
			b.Fatalf("%d %s", r.status, r.body)
		}
	}
}
