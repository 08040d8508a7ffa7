package quality_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/callscope/callscope/internal/graph"
)

// FuzzJudge decodes the input as a Graph call record and judges it under
// both rule versions: judging must never panic, must be idempotent, and
// must leave every stream and session with a verdict. The committed
// corpus in testdata/fuzz/FuzzJudge holds edge cases; the examples and
// hand-written records are added as seeds here.
func FuzzJudge(f *testing.F) {
	for _, pattern := range []string{filepath.Join(examplesDir, "graph", "*.json"), filepath.Join("testdata", "records", "*.json")} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, path := range files {
			b, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			var list struct {
				Value []json.RawMessage `json:"value"`
			}
			if json.Unmarshal(b, &list) == nil && list.Value != nil {
				for _, raw := range list.Value {
					f.Add([]byte(raw))
				}
				continue
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := graph.DecodeCallRecord(raw)
		if err != nil {
			return
		}
		// One decode serves both versions: judging under one after the
		// other is also what re-judging a stored call does.
		for _, v := range []string{"2024", "2021"} {
			e := engine(t, v)
			e.Judge(c)
			once, err := json.Marshal(c)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			e.Judge(c)
			twice, err := json.Marshal(c)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			if string(once) != string(twice) {
				t.Fatalf("%s: judging twice changed the call\nonce:  %s\ntwice: %s", v, once, twice)
			}
			for _, s := range c.Sessions {
				if s == nil {
					continue
				}
				if s.Rating == "" {
					t.Fatalf("%s: a session without a rating", v)
				}
				for _, g := range s.Segments {
					if g == nil {
						continue
					}
					for _, m := range g.Media {
						if m == nil {
							continue
						}
						for _, st := range m.Streams {
							if st != nil && st.Quality == "" {
								t.Fatalf("%s: a stream without a quality", v)
							}
						}
					}
				}
			}
		}
	})
}
