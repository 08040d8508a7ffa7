package acsblob

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"
)

// A gzip blob is read whole, decompressed, as `callscope ingest` reads a
// .gz file, and again only when it changes.
func TestGzipBlobIsReadWhole(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallDiagnostics")
	lines := exampleLines(t, "CallDiagnostics")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(strings.Join(lines, "")))
	zw.Close()
	name := strings.TrimSuffix(a.blob(16), ".json") + ".json.gz"
	if _, err := a.client.UploadBuffer(context.Background(), c, name, buf.Bytes(), nil); err != nil {
		t.Fatal(err)
	}
	r := a.reader(st, []string{c})
	res := poll(t, r)
	if res.Summary.Records != len(lines) || len(res.Summary.Rejected) != 0 {
		t.Fatalf("%d records, rejected %v; want %d records", res.Summary.Records, res.Summary.Rejected, len(lines))
	}
	if res := poll(t, r); res.Read != 0 {
		t.Fatalf("unchanged gzip blob read again")
	}
}
