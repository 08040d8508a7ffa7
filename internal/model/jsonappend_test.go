package model

import (
	"encoding/json"
	"testing"
	"time"
)

// TestAppendTime: what time.Time's MarshalJSON writes, or refuses.
func TestAppendTime(t *testing.T) {
	t.Parallel()
	base := time.Date(2025, 3, 14, 9, 30, 1, 123456789, time.UTC)
	for _, tm := range []time.Time{
		base, base.Truncate(time.Second), time.Time{},
		base.In(time.FixedZone("east", 5*3600+1800)), base.In(time.FixedZone("west", -9*3600)),
		base.In(time.FixedZone("seconds", 3601)), base.In(time.FixedZone("day", 24*3600)),
		base.In(time.FixedZone("almost", 23*3600+59*60)),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		want, werr := json.Marshal(tm)
		got, err := AppendTime([]byte("x"), tm)
		if (err != nil) != (werr != nil) || err == nil && string(got) != "x"+string(want) {
			t.Errorf("%v: AppendTime wrote %s (%v), encoding/json %s (%v)", tm, got, err, want, werr)
		}
	}
}
