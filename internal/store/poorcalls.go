package store

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// PoorCall is one call of the organization-wide poor-call list: a call
// with poor streams among those a dashboard query selects.
type PoorCall struct {
	ID      string
	Version int64
	Source  model.Source
	Type    string
	Start   time.Time
	// Rating is the call's rating, "" when not judged.
	Rating model.Rating
	// Streams counts the call's streams that the query selects; Poor
	// those of them that are poor, PoorSessions the sessions these are
	// in.
	Streams, Poor, PoorSessions int
	// Reasons are the metrics that made the streams poor (CQD's "poor due
	// to"), most frequent first.
	Reasons []string
}

// RankReasons orders the metrics of a comma-separated list (the poor
// reasons of a call's streams, joined) by how often they appear, most
// first, then by name: PoorCall.Reasons.
func RankReasons(list string) []string {
	counts := map[string]int{}
	for _, r := range strings.Split(list, ",") {
		if r = strings.TrimSpace(r); r != "" {
			counts[r]++
		}
	}
	out := slices.Collect(maps.Keys(counts))
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return out
}
