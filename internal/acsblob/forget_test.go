package acsblob

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Blobs unchanged for ForgetAfter are forgotten: their keys emptied,
// and no longer listed; one that changes after all is read again whole.
func TestOldBlobsAreForgotten(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallSummary")
	name := a.blob(14)
	lines := exampleLines(t, "CallSummary")
	a.create(c, name, lines[0])
	now := time.Now()
	r := a.reader(st, []string{c}, func(cfg *Config) { cfg.Now = func() time.Time { return now } })
	if res := poll(t, r); res.Summary.Records != 1 {
		t.Fatalf("first poll: %d records", res.Summary.Records)
	}
	key := r.blobKey(c, name)
	if v, _, _ := st.Setting(context.Background(), key); !strings.Contains(v, `"offset":`) {
		t.Fatalf("offset not kept under %s: %q", key, v)
	}

	now = now.Add(DefaultForgetAfter + time.Hour)
	poll(t, r)
	if v, ok, _ := st.Setting(context.Background(), key); ok {
		t.Fatalf("old blob not forgotten: its key still holds %q", v)
	}
	if res := poll(t, r); res.Listed != 0 {
		t.Fatalf("forgotten blob still listed: %d", res.Listed)
	}

	// Changed after all: newer than the horizon, read from the start.
	now = time.Now().Add(time.Hour)
	a.append(c, name, lines[1])
	r = a.reader(st, []string{c}, func(cfg *Config) { cfg.Now = func() time.Time { return now } })
	// The horizon was set by a clock a week ahead: move it back, as if
	// this append came a week after the blob was forgotten.
	if err := st.SetSetting(context.Background(), r.horizonKey(c), time.Now().Add(-time.Minute).UTC().Format(time.RFC3339Nano)); err != nil {
		t.Fatal(err)
	}
	res := poll(t, r)
	if res.Listed != 1 || res.Summary.Records != 2 || res.Summary.Inserted != 1 {
		t.Fatalf("changed forgotten blob: listed %d, %d records, %d inserted; want both lines read, one new", res.Listed, res.Summary.Records, res.Summary.Inserted)
	}
}

// A poll stops at MaxBytes and the next one goes on.
func TestPollStopsAtMaxBytes(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallSummary")
	lines := exampleLines(t, "CallSummary")
	for h := range 3 {
		a.create(c, a.blob(h), lines[h])
	}
	r := a.reader(st, []string{c}, func(cfg *Config) { cfg.MaxBytes = 1 })
	for i := range 3 {
		res := poll(t, r)
		if res.Read != 1 || res.More != (i < 2) {
			t.Fatalf("poll %d: read %d blobs, more %v", i, res.Read, res.More)
		}
	}
	if res := poll(t, r); res.Read != 0 {
		t.Fatalf("after all: read %d", res.Read)
	}
	if got := stats(t, st).ACSRecords; got != 3 {
		t.Errorf("%d ACS records; want 3", got)
	}
}
