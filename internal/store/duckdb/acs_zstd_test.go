package duckdb

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

func diagnostics(corr, stream string, jitter float64, participant model.Opt[string]) *model.ACSRecord {
	return &model.ACSRecord{
		Category:      model.ACSCallDiagnostics,
		Time:          model.Some(time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)),
		CorrelationID: corr,
		Diagnostics:   &model.ACSDiagnostics{ParticipantID: participant, StreamID: model.Some(stream), JitterAvg: model.Some(jitter)},
	}
}

// TestACSRecordsPlainAndCompressed: records stored as text (before
// schema 10, or by a plain store) and compressed read alike, are
// recognized when they come again, and are compared, content against
// content, when the same version comes with other content.
func TestACSRecordsPlainAndCompressed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "callscope.db")
	plain, err := Open(ctx, path, WithPlainStorage())
	if err != nil {
		t.Fatal(err)
	}
	thin := diagnostics("corr-1", "s1", 10, model.Opt[string]{})
	if _, err := plain.PutACSRecords(ctx, "t", []store.ACSRecord{{Key: "a", Version: 1, Record: thin}}); err != nil {
		t.Fatal(err)
	}
	if err := plain.Close(); err != nil {
		t.Fatal(err)
	}

	d := openAt(t, path)
	var compressed int
	if err := d.db.QueryRow(`SELECT count(*) FROM acs_records WHERE record_zstd IS NOT NULL`).Scan(&compressed); err != nil || compressed != 0 {
		t.Fatalf("a plain store compressed %d records (%v)", compressed, err)
	}
	fuller := diagnostics("corr-1", "s1", 10, model.Some("p1"))
	out, err := d.PutACSRecords(ctx, "t", []store.ACSRecord{
		{Key: "a", Version: 1, Record: thin},   // the text stored: unchanged
		{Key: "b", Version: 1, Record: fuller}, // new: compressed
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []model.Outcome{model.Unchanged, model.Inserted}; !reflect.DeepEqual(out, want) {
		t.Fatalf("outcomes %v, want %v", out, want)
	}
	// The same version with more content replaces the text; with less,
	// the compressed copy stays.
	out, err = d.PutACSRecords(ctx, "t", []store.ACSRecord{
		{Key: "a", Version: 1, Record: fuller},
		{Key: "b", Version: 1, Record: thin},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []model.Outcome{model.Replaced, model.Unchanged}; !reflect.DeepEqual(out, want) {
		t.Fatalf("outcomes %v, want %v", out, want)
	}
	if err := d.db.QueryRow(`SELECT count(*) FROM acs_records WHERE record_zstd IS NOT NULL AND record = ''`).Scan(&compressed); err != nil || compressed != 2 {
		t.Fatalf("%d records compressed, want 2 (%v)", compressed, err)
	}
	got, err := d.ACSRecords(ctx, "t", "corr-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got[0], fuller) || !reflect.DeepEqual(got[1], fuller) {
		t.Fatalf("read back %d records: %+v", len(got), got)
	}
}
