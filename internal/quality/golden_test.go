package quality_test

import (
	"bytes"
	"encoding/json"
	"github.com/callscope/callscope/internal/golden"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// goldenCall is what a golden file records of a judged call: the
// verdicts, with just enough of the tree to find them.
type goldenCall struct {
	ID           string                    `json:"id"`
	Rules        string                    `json:"rules"`
	Rating       model.Rating              `json:"rating"`
	Participants []model.ParticipantRating `json:"participants,omitempty"`
	Sessions     []goldenSession           `json:"sessions"`
}

type goldenSession struct {
	ID      string         `json:"id"`
	Rating  model.Rating   `json:"rating"`
	Issues  []model.Issue  `json:"issues,omitempty"`
	Streams []goldenStream `json:"streams,omitempty"`
}

type goldenStream struct {
	Segment   int                 `json:"segment"`
	Label     string              `json:"label"`
	StreamID  string              `json:"streamId"`
	Direction string              `json:"streamDirection,omitempty"`
	Quality   model.StreamQuality `json:"quality"`
	Reasons   []model.Reason      `json:"reasons,omitempty"`
}

func goldenOf(c *model.Call) goldenCall {
	g := goldenCall{ID: c.ID, Rules: c.Rules, Rating: c.CallRating(), Participants: c.ParticipantRatings(), Sessions: []goldenSession{}}
	for si, s := range c.Sessions {
		if s == nil {
			continue
		}
		gs := goldenSession{ID: s.ID.Value(), Rating: s.Rating, Issues: s.Issues}
		if gs.ID == "" {
			gs.ID = "#" + strconv.Itoa(si)
		}
		for gi, seg := range s.Segments {
			if seg == nil {
				continue
			}
			for _, m := range seg.Media {
				if m == nil {
					continue
				}
				for _, st := range m.Streams {
					if st == nil {
						continue
					}
					gs.Streams = append(gs.Streams, goldenStream{
						Segment: gi, Label: m.Label.Value(), StreamID: st.StreamID.Value(),
						Direction: string(st.StreamDirection.Value()), Quality: st.Quality, Reasons: st.Reasons,
					})
				}
			}
		}
		g.Sessions = append(g.Sessions, gs)
	}
	return g
}

// TestGolden judges every example (Graph under both CQD versions, ACS
// under its own rules) and every hand-written record, and compares the
// verdicts byte for byte with testdata/golden/<name>.cqd-<version>.json. After
// a deliberate change, refresh with go test ./internal/quality -update
// and read the diff.
func TestGolden(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "golden")
	type input struct {
		name     string
		call     func(testing.TB) *model.Call
		versions []string
	}
	var inputs []input
	both := []string{"2024", "2021"}
	for _, pattern := range []string{filepath.Join(examplesDir, "graph", "*.json"), filepath.Join("testdata", "records", "*.json")} {
		for i, nc := range graphCalls(t, pattern) {
			inputs = append(inputs, input{nc.name, func(t testing.TB) *model.Call { return graphCalls(t, pattern)[i].call }, both})
		}
	}
	for _, pattern := range []string{filepath.Join(examplesDir, "acs", "*.ndjson"), filepath.Join("testdata", "acs", "*.ndjson")} {
		for i, nc := range acsCalls(t, pattern) {
			inputs = append(inputs, input{nc.name, func(t testing.TB) *model.Call { return acsCalls(t, pattern)[i].call }, []string{"2024"}})
		}
	}

	expected := map[string]bool{}
	for _, in := range inputs {
		for _, v := range in.versions {
			e := engine(t, v)
			file := in.name + ".cqd-" + v + ".json"
			expected[file] = true
			path := filepath.Join(dir, file)
			t.Run(file, func(t *testing.T) {
				t.Parallel()
				c := in.call(t)
				e.Judge(c)
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false) // keep > and < readable
				enc.SetIndent("", "  ")
				if err := enc.Encode(goldenOf(c)); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, path, buf.Bytes())
			})
		}
	}
	golden.Stale(t, dir, expected)
}
