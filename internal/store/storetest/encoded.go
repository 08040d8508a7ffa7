package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// testEncodedLight: a store that takes encoded calls, as ingest gives
// them, stores calls encoded light (store.EncodeCallLight) as it stores
// the same calls given whole: it completes every call it writes, also
// when one call comes several times in a batch.
func testEncodedLight(t *testing.T, s *suite) {
	light := s.open(t)
	putter, ok := light.(store.EncodedCallPutter)
	if !ok {
		t.Skip("the store takes no encoded calls")
	}
	whole := s.open(t)
	v1 := simpleCall("tenant-a", "call-1", 1, t0, 2, 4)
	v2 := simpleCall("tenant-a", "call-1", 2, t0, 1, 3)
	v3head := simpleCall("tenant-a", "call-1", 3, t0, 2, 2)
	v3 := clone(t, v3head)
	v3head.Sessions = v3head.Sessions[:1]
	other := simpleCall("tenant-a", "call-2", 1, t0, 1, 1)
	for i, step := range []struct {
		calls []*model.Call
		want  []model.Outcome
	}{
		{[]*model.Call{v1, other}, outcomes(model.Inserted, model.Inserted)},
		{[]*model.Call{v1, other}, outcomes(model.Unchanged, model.Unchanged)},
		{[]*model.Call{v1, v2, v1, v2}, outcomes(model.Unchanged, model.Replaced, model.Older, model.Unchanged)},
		{[]*model.Call{v3head, other, v3}, outcomes(model.Replaced, model.Unchanged, model.Merged)},
	} {
		put(t, whole, step.want, step.calls...)
		encs := make([]*store.EncodedCall, len(step.calls))
		for j, c := range step.calls {
			e, err := store.EncodeCallLight(clone(t, c))
			if err != nil {
				t.Fatalf("step %d: EncodeCallLight: %v", i, err)
			}
			if !e.Light() {
				t.Fatalf("step %d: EncodeCallLight gave a complete call", i)
			}
			encs[j] = e
		}
		got, err := putter.PutEncodedCalls(context.Background(), encs)
		if err != nil {
			t.Fatalf("step %d: PutEncodedCalls: %v", i, err)
		}
		if !slices.Equal(got, step.want) {
			t.Fatalf("step %d: PutEncodedCalls outcomes = %v, want %v", i, got, step.want)
		}
		if a, b := snapshot(t, light, "tenant-a"), snapshot(t, whole, "tenant-a"); a != b {
			t.Fatalf("step %d: calls encoded light were stored otherwise than whole ones:\nlight %s\nwhole %s", i, a, b)
		}
	}
}
