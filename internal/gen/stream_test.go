package gen

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/graph"
)

// TestGraphRecords: the in-memory stream holds the calls Generate
// writes, each as its final version, and the same building file.
func TestGraphRecords(t *testing.T) {
	t.Parallel()
	opts := Options{Seed: 9, Users: 20, Days: 2, End: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), Format: FormatGraph}
	dir := t.TempDir()
	want, err := Generate(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buildings bytes.Buffer
	streams := 0
	got, err := GraphRecords(context.Background(), opts, &buildings, func(rec []byte) error {
		c, err := graph.DecodeCallRecord(rec)
		if err != nil {
			return err
		}
		for _, s := range c.Sessions {
			for _, g := range s.Segments {
				for _, m := range g.Media {
					streams += len(m.Streams)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Calls != want.Calls || got.Streams != want.Streams || streams != want.Streams || got.Calls == 0 {
		t.Errorf("streamed %d calls, %d streams (%d decoded); Generate wrote %d calls, %d streams", got.Calls, got.Streams, streams, want.Calls, want.Streams)
	}
	file, err := os.ReadFile(filepath.Join(dir, "buildings.csv"))
	if err != nil || !bytes.Equal(file, buildings.Bytes()) {
		t.Errorf("building files differ (%v)", err)
	}
}
