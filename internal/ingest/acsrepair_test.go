package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// TestACSCallOfStoredRecordsIsBuilt: a run cut off after storing a
// call's ACS records but before storing the call leaves records that
// the next run finds unchanged; it builds and stores the call all the
// same, and reports it as a run that stored it would.
func TestACSCallOfStoredRecordsIsBuilt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const example = "acs/CallSummary.ndjson"
	path := examples + "/" + example
	whole := openStore(t)
	want := ingestPaths(t, whole, Options{}, path)

	cut := openStore(t)
	var rows []store.ACSRecord
	for i, line := range strings.Split(strings.TrimSpace(string(readExample(t, example))), "\n") {
		rec, err := acs.DecodeRecord([]byte(line), "")
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		rows = append(rows, acsRow(rec))
	}
	if _, err := cut.PutACSRecords(ctx, "contoso", rows); err != nil {
		t.Fatal(err)
	}
	const id = "aaaa0000-bb11-2222-33cc-444444dddddd"
	if _, err := cut.Call(ctx, "contoso", id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("call stored before the run: %v", err)
	}
	got := ingestPaths(t, cut, Options{}, path)
	if got.Unchanged != len(rows) || got.Inserted != 0 {
		t.Errorf("records not found unchanged: %+v", got)
	}
	if got.Calls != want.Calls || got.Sessions != want.Sessions || got.Streams != want.Streams {
		t.Errorf("calls/sessions/streams %d/%d/%d, want %d/%d/%d as a whole run reports", got.Calls, got.Sessions, got.Streams,
			want.Calls, want.Sessions, want.Streams)
	}
	if after, before := dump(t, cut, "contoso"), dump(t, whole, "contoso"); after != before {
		t.Errorf("the calls were not built from their stored records:\n got %.300s\nwant %.300s", after, before)
	}
	c, err := cut.Call(ctx, "contoso", id)
	if err != nil || c.Source != model.SourceACS {
		t.Errorf("call %s after the run: %v, %v", id, c, err)
	}
}
