package acsblob

import (
	"strings"
	"testing"
	"time"
)

// A blob replaced by another (deleted and written again shorter, or
// emptied and written again with other lines) is read from its start.
func TestRewrittenBlobIsReadFromTheStart(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallSummary")
	name := a.blob(12)
	lines := exampleLines(t, "CallSummary")
	a.create(c, name, strings.Join(lines[:6], ""))
	r := a.reader(st, []string{c})
	if res := poll(t, r); res.Summary.Records != 6 {
		t.Fatalf("first poll: %d records", res.Summary.Records)
	}

	// Shorter: two lines where six were.
	a.remove(c, name)
	a.create(c, name, lines[6]+lines[7])
	res := poll(t, r)
	if res.Summary.Records != 2 || len(res.Restarted) != 1 || res.Restarted[0] != c+"/"+name {
		t.Fatalf("shorter blob: %d records, restarted %v; want its 2 lines read from the start", res.Summary.Records, res.Restarted)
	}

	// Longer, with other bytes where the last read ended.
	a.create(c, name, lines[8]+lines[0]+lines[1]+lines[2])
	res = poll(t, r)
	if res.Summary.Records != 4 || len(res.Restarted) != 1 {
		t.Fatalf("longer blob: %d records, restarted %v; want its 4 lines read from the start", res.Summary.Records, res.Restarted)
	}
	if got, want := stats(t, st).ACSRecords, int64(len(lines[:9])); got != want {
		t.Errorf("%d ACS records stored; want %d", got, want)
	}

	// And an append to the rewritten blob is read on from its end again.
	a.append(c, name, lines[3])
	res = poll(t, r)
	if res.Summary.Records != 1 || len(res.Restarted) != 0 || res.Bytes != int64(len(lines[3])) {
		t.Fatalf("append after rewrite: %d records, %d bytes, restarted %v; want the one line", res.Summary.Records, res.Bytes, res.Restarted)
	}
}

// A last line written without a newline is read once the blob has been
// unchanged for SettleAfter; the newline that ends it later is no new
// line, and the lines after it are numbered as in the whole blob.
func TestSettledLastLineWithoutNewline(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallSummary")
	name := a.blob(13)
	lines := exampleLines(t, "CallSummary")
	a.create(c, name, lines[0]+strings.TrimSuffix(lines[1], "\n"))
	now := time.Now()
	clock := func() time.Time { return now }
	r := a.reader(st, []string{c}, func(cfg *Config) { cfg.Now = clock })

	if res := poll(t, r); res.Summary.Records != 1 {
		t.Fatalf("fresh blob: %d records; want the terminated line only", res.Summary.Records)
	}
	now = now.Add(DefaultSettleAfter + time.Minute)
	if res := poll(t, r); res.Summary.Records != 0 {
		t.Fatalf("unchanged blob: %d records; the ETag is unchanged, nothing to read", res.Summary.Records)
	}
	// A newer ETag with the same unterminated line, settled: it is read.
	a.touch(c, name)
	now = time.Now().Add(DefaultSettleAfter + time.Minute)
	res := poll(t, r)
	if res.Summary.Records != 1 {
		t.Fatalf("settled blob: %d records; want its last line", res.Summary.Records)
	}
	now = time.Now()
	a.append(c, name, "\n"+"bad\n"+lines[2])
	res = poll(t, r)
	if res.Summary.Records != 1 || len(res.Summary.Rejected) != 1 || res.Summary.Rejected[0].Line != 3 {
		t.Fatalf("after the newline: %d records, rejected %+v; want 1 record and line 3 rejected", res.Summary.Records, res.Summary.Rejected)
	}
}
