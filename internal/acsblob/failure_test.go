package acsblob

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// failingStore fails storing ACS records while fail is set.
type failingStore struct {
	store.Store
	fail bool
}

var errDiskFull = errors.New("disk full")

func (f *failingStore) PutACSRecords(ctx context.Context, tenant string, recs []store.ACSRecord) ([]model.Outcome, error) {
	if f.fail {
		return nil, errDiskFull
	}
	return f.Store.PutACSRecords(ctx, tenant, recs)
}

// Offsets are saved only once the records they cover are stored: when
// storing fails, the poll says so and the next one reads the same lines.
func TestOffsetsFollowStoredRecords(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallSummary")
	lines := exampleLines(t, "CallSummary")
	a.create(c, a.blob(18), lines[0]+lines[1])

	broken := &failingStore{Store: st, fail: true}
	_, err := a.reader(broken, []string{c}).Poll(context.Background())
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("poll with a failing store: %v; want the store's error", err)
	}
	if v, _, _ := st.Setting(context.Background(), a.reader(st, nil).blobKey(c, a.blob(18))); strings.Contains(v, "offset") {
		t.Fatalf("offset saved although nothing was stored: %s", v)
	}
	res := poll(t, a.reader(st, []string{c}))
	if res.Summary.Records != 2 || stats(t, st).ACSRecords != 2 {
		t.Fatalf("after the failure: %d records read, %d stored; want both lines", res.Summary.Records, stats(t, st).ACSRecords)
	}
}
