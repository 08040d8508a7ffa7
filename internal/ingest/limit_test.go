package ingest

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
)

// TestRecordSizeLimit: a record over the limit is rejected with its file,
// line and size, in JSON lines as in documents, and what is around it is
// stored as far as the format allows.
func TestRecordSizeLimit(t *testing.T) {
	t.Parallel()
	const limit = 4096
	big := `{"id":"big","version":1,"joinWebUrl":"` + strings.Repeat("x", 3*limit) + `"}`
	for _, tc := range []struct {
		name    string
		input   string
		records int
		line    int
		want    string
	}{
		{"a line of JSON lines", record("a") + big + "\n" + record("b"), 2, 2,
			"record of 12.0 KiB is larger than the limit of 4.0 KiB (--max-record-bytes)"},
		{"the first line", big + "\n" + record("a") + record("b"), 2, 1,
			"is larger than the limit"},
		{"the last line, without a newline", record("a") + big, 1, 2, "is larger than the limit"},
		{"an element of an array", "[\n" + strings.TrimSpace(record("a")) + ",\n" + big + ",\n" + strings.TrimSpace(record("b")) + "\n]", 2, 3,
			"is larger than the limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := Start(context.Background(), openStore(t), Options{Tenant: "contoso", MaxRecordBytes: limit})
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Add("in.json", strings.NewReader(tc.input)); err != nil {
				t.Fatal(err)
			}
			sum, err := b.Finish()
			if err != nil {
				t.Fatal(err)
			}
			if sum.Records != tc.records || len(sum.Rejected) != 1 {
				t.Fatalf("records %d, rejected %+v; want %d records and the large one rejected", sum.Records, sum.Rejected, tc.records)
			}
			p := sum.Rejected[0]
			if p.File != "in.json" || p.Line != tc.line || !strings.Contains(p.Error, tc.want) {
				t.Errorf("rejected %+v; want in.json line %d, %q", p, tc.line, tc.want)
			}
		})
	}
}

// endlessLine is a reader of one JSON line of n bytes, made as it is
// read, followed by a small record: nothing holds the line but the reader
// of it.
type endlessLine struct {
	n, read int64
	tail    io.Reader
}

func (r *endlessLine) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return r.tail.Read(p)
	}
	k := min(int64(len(p)), r.n-r.read)
	for i := range k {
		p[i] = 'x'
	}
	if r.read == 0 && k > 0 {
		copy(p, `{"id":"`)
	}
	r.read += k
	return int(k), nil
}

// TestHugeLineMemory: a 200 MB line is consumed without being held: the
// heap grows by about what the limit allows (32 MiB), not by the line's
// size, and the line after it is stored. Not parallel: it reads the
// process's heap.
func TestHugeLineMemory(t *testing.T) {
	b, err := Start(context.Background(), openStore(t), Options{Tenant: "contoso"})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	in := &endlessLine{n: 200 << 20, tail: bytes.NewReader([]byte("\n" + record("after")))}
	if err := b.Add("huge.jsonl", in); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	sum, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if grew := int64(after.HeapSys) - int64(before.HeapSys); grew > 3*DefaultMaxRecordBytes {
		t.Errorf("the heap grew by %d MiB reading a 200 MiB line", grew>>20)
	}
	if sum.Records != 1 || len(sum.Rejected) != 1 || sum.Rejected[0].Line != 1 || !strings.Contains(sum.Rejected[0].Error, "record of 200.0 MiB") {
		t.Errorf("records %d, rejected %+v; want the line after stored and the huge one rejected", sum.Records, sum.Rejected)
	}
}

// TestLenientRecordsListed: records stored although they are not strict
// JSON are listed with their file and line, and stored.
func TestLenientRecordsListed(t *testing.T) {
	t.Parallel()
	b, err := Start(context.Background(), openStore(t), Options{Tenant: "contoso"})
	if err != nil {
		t.Fatal(err)
	}
	in := record("plain") + `{"id":"twice","type":"peerToPeer","version":1,"version":2}` + "\n" + "{\"id\":\"bytes\",\"type\":\"groupCall\",\"version\":1,\"joinWebUrl\":\"\xff\"}\n"
	if err := b.Add("in.jsonl", strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	sum, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inserted != 3 || len(sum.Lenient) != 2 || sum.Lenient[0].Line != 2 || sum.Lenient[1].Line != 3 ||
		!strings.Contains(sum.Lenient[0].Error, "named twice") || !strings.Contains(sum.Lenient[1].Error, "not UTF-8") {
		t.Errorf("inserted %d, lenient %+v; want all stored, lines 2 and 3 listed", sum.Inserted, sum.Lenient)
	}
}
