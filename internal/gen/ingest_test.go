package gen

import (
	"context"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// Generated data must go through ingest without a single rejection, be
// counted as Result says, and come out judged: every session rated, some
// streams poor, most good.
func TestGeneratedDataIngests(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		opts Options
	}{
		{"both formats", Options{Seed: 1, Users: 30, Days: 3, End: testEnd}},
		{"graph, small files", Options{Seed: 7, Users: 12, Days: 2, End: testEnd, Format: FormatGraph, RecordsPerFile: 40}},
		{"acs over a weekend", Options{Seed: 3, Users: 40, Days: 4, End: testEnd.AddDate(0, 0, 2), Format: FormatACS}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st, res, sum, _ := ingested(t, tc.opts)
			if len(sum.Rejected) != 0 {
				t.Fatalf("%d rejected, first: %v", len(sum.Rejected), sum.Rejected[0])
			}
			if res.Calls == 0 {
				t.Fatal("no calls generated")
			}
			if sum.Calls != res.Calls || sum.Sessions != res.Sessions || sum.Streams != res.Streams || sum.Records != res.Records {
				t.Errorf("ingest counted %d calls, %d sessions, %d streams, %d records; Generate said %d, %d, %d, %d",
					sum.Calls, sum.Sessions, sum.Streams, sum.Records, res.Calls, res.Sessions, res.Streams, res.Records)
			}
			stats, err := st.Stats(context.Background(), testTenant)
			if err != nil {
				t.Fatal(err)
			}
			if int(stats.Calls) != res.Calls || int(stats.Sessions) != res.Sessions || int(stats.Streams) != res.Streams {
				t.Errorf("store holds %d calls, %d sessions, %d streams; Generate said %d, %d, %d",
					stats.Calls, stats.Sessions, stats.Streams, res.Calls, res.Sessions, res.Streams)
			}

			quality := map[model.StreamQuality]int{}
			ratings := map[model.Rating]int{}
			versions := 0
			scan(t, st, func(c *model.Call) {
				if c.Version > 1 {
					versions++
				}
				for _, s := range c.Sessions {
					ratings[s.Rating]++
					if s.Rating == "" {
						t.Errorf("call %s session %s not rated", c.ID, s.ID.Value())
					}
				}
				for _, f := range model.Facts(c) {
					quality[f.Quality]++
				}
			})
			if quality[model.QualityPoor] == 0 || quality[model.QualityGood] < 3*quality[model.QualityPoor] {
				t.Errorf("stream verdicts %v: want some poor and mostly good", quality)
			}
			if tc.opts.Format != FormatACS && quality[model.QualityUnclassified] == 0 {
				t.Errorf("stream verdicts %v: muted listeners should leave some unclassified", quality)
			}
			if ratings[model.RatingPoor] == 0 || ratings[model.RatingGood] == 0 {
				t.Errorf("session ratings %v: want good and poor", ratings)
			}
			if tc.opts.Format != FormatACS && versions == 0 {
				t.Error("no call was stored from a second version")
			}
			t.Logf("%d calls, %d sessions, %d streams, %d records; streams %v; sessions %v", res.Calls, res.Sessions, res.Streams, res.Records, quality, ratings)
		})
	}
}
