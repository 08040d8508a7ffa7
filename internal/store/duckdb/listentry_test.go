package duckdb

import (
	"reflect"
	"testing"
	"time"
)

// TestListEntryRoundTrip: an entry reads back as written, times to the
// microsecond in UTC, and no list apart from an empty one.
func TestListEntryRoundTrip(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 14, 9, 30, 0, 123456000, time.UTC)
	end := start.Add(95 * time.Minute)
	before := time.Date(1960, 1, 2, 3, 4, 5, 6000, time.UTC)
	for _, le := range []listEntry{
		{},
		{Version: 3, Source: "graph", Type: "groupCall", Start: &start, End: &end, Modalities: []string{"audio", "video", "screenSharing"},
			Sessions: 60, Streams: 412, Participants: 57, Rating: "poor", Rules: "cqd-2024", RedIssues: 4, YellowIssues: 11},
		{Version: -1, Source: "acs", Start: &before, Modalities: []string{}, Partial: true, Rules: "ünïcode ✓"},
		{Version: 1 << 62, End: &end, Modalities: []string{""}},
	} {
		got, err := decodeEntry(appendEntry(nil, &le))
		if err != nil {
			t.Fatalf("%+v: %v", le, err)
		}
		if !reflect.DeepEqual(got, le) {
			t.Errorf("read back\n %+v\nwant\n %+v", got, le)
		}
	}
}

// TestListEntryDamaged: an entry cut short, or with bytes after it, is
// an error, not a wrong entry or a panic.
func TestListEntryDamaged(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	raw := appendEntry(nil, &listEntry{Version: 7, Source: "graph", Start: &start, Modalities: []string{"audio"}, Sessions: 3})
	for n := range len(raw) {
		if _, err := decodeEntry(raw[:n]); err == nil {
			t.Errorf("entry cut to %d of %d bytes read without error", n, len(raw))
		}
	}
	if _, err := decodeEntry(append(raw, 0)); err == nil {
		t.Error("entry with a byte after it read without error")
	}
}

func FuzzDecodeEntry(f *testing.F) {
	start := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	f.Add(appendEntry(nil, &listEntry{Version: 7, Source: "graph", Start: &start, Modalities: []string{"audio"}, Sessions: 3}))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, raw []byte) {
		le, err := decodeEntry(raw)
		if err != nil {
			return
		}
		// What reads, written again, reads the same.
		again, err := decodeEntry(appendEntry(nil, &le))
		if err != nil || !reflect.DeepEqual(again, le) {
			t.Errorf("%x read as %+v, written and read again as %+v (%v)", raw, le, again, err)
		}
	})
}
