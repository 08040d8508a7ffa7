package gen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/model"
)

// Every record of many small data sets decodes: tiny organizations,
// single days, several seeds. Ingest reads these records; the decoders
// alone are enough to catch a record they would reject.
func TestEveryRecordDecodes(t *testing.T) {
	t.Parallel()
	for seed := int64(1); seed <= 4; seed++ {
		for _, users := range []int{2, 3, 9, 26} {
			opts := Options{Seed: seed, Users: users, Days: 1 + int(seed%2), End: testEnd}
			t.Run(fmt.Sprintf("seed=%d users=%d", seed, users), func(t *testing.T) {
				t.Parallel()
				dir, res := generate(t, opts)
				records, pages := 0, 0
				for _, path := range res.Files {
					rel, _ := filepath.Rel(dir, path)
					switch {
					case strings.HasPrefix(rel, "graph"):
						pages += forEachRecord(t, path, func(c *model.Call) {
							records++
							if b, _ := json.Marshal(c); bytes.Contains(b, []byte(`"@unknown"`)) {
								t.Errorf("call %s has properties the model does not know: %s", c.ID, b)
							}
						})
					case strings.HasPrefix(rel, "acs"):
						records += decodeACS(t, path)
					}
				}
				if records != res.Records || pages != res.Pages {
					t.Errorf("decoded %d records and %d pages, Generate wrote %d and %d", records, pages, res.Records, res.Pages)
				}
			})
		}
	}
}

// decodeACS decodes every record of a storage-export blob and assembles
// the calls it holds.
func decodeACS(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hint := acs.CategoryFromPath(path)
	if hint == "" {
		t.Fatalf("%s: no category in the path", path)
	}
	byCall := map[string][]*model.ACSRecord{}
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		rec, err := acs.DecodeRecord(sc.Bytes(), hint)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		if unknown := unknownKeys(rec); len(unknown) > 0 {
			t.Errorf("%s:%d: properties the decoder does not know: %v", path, line, unknown)
		}
		byCall[acs.CallID(rec)] = append(byCall[acs.CallID(rec)], rec)
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for id, recs := range byCall {
		if _, err := acs.Assemble(testTenant, recs); err != nil {
			t.Errorf("%s: call %s: %v", path, id, err)
		}
	}
	return n
}

// unknownKeys lists what a record holds that the decoder put in Extra,
// but for a survey's scale bounds, which the model has no field for and
// the decoder keeps there on purpose.
func unknownKeys(rec *model.ACSRecord) []string {
	var out []string
	for k := range rec.Extra {
		if rec.Survey != nil && (strings.HasSuffix(k, "RatingScoreLowerBound") || strings.HasSuffix(k, "RatingScoreUpperBound")) {
			continue
		}
		out = append(out, k)
	}
	return out
}
