package store

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/cqd"
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
	// Where is who had the call's poor streams and where (AddPoorEnds);
	// PoorUsers counts the distinct users at the poor streams' client
	// ends, PoorMedia their media kinds, sorted.
	Where     PoorEnd
	PoorUsers int
	PoorMedia []string
}

// PoorEnd is the client end of a call's first poor stream, in session,
// segment, media and stream order: the person who had it, and the
// building, network and subnet (the building file's, by subnet),
// connection and microphone they had it on. A value unknown is "".
type PoorEnd struct {
	UserID, DisplayName           string
	Building, NetworkName, Subnet string
	ConnectionType, CaptureDevice string
}

// PoorStreamEnd is a poor stream's client end as a store reads it for
// AddPoorEnds: the stream's place in its call, its media and the end.
type PoorStreamEnd struct {
	CallID    string
	Order     [4]int // session, segment, media, stream
	MediaKind string
	End       PoorEnd
}

// CallList is which calls a list of calls holds, of those with facts
// among the ones a dashboard query selects: the poor-call list, or the
// failed-call list of the reliability report. Both lists are of PoorCall:
// for the failed one Poor counts the selected facts of failed legs
// (setup failures and drops; a leg that failed before any stream is one
// fact), PoorSessions their sessions, Reasons the failure reasons
// ("callSetup: …", "midcall: …") and Where the client end of the first
// failed fact.
type CallList int

const (
	PoorList CallList = iota
	FailedList
)

// Marks is the SQL condition on a stream fact f that puts its call on
// the list, and the SQL of the fact's reason(s), joined by ReasonSep in
// a call's row.
func (l CallList) Marks() (cond, reason string) {
	if l == FailedList {
		return "f.failure_stage IS NOT NULL AND f.failure_stage <> ''",
			"f.failure_stage || ': ' || coalesce(nullif(f.failure_reason, ''), 'no reason given')"
	}
	return "f.quality = 'poor'", "f.poor_reasons"
}

// ReasonSep joins the reasons of a call's facts, and SQL says it:
// poor reasons are metric names, failure reasons free text that may hold
// commas.
func (l CallList) ReasonSep() (sep, sql string) {
	if l == FailedList {
		return "\n", "chr(10)"
	}
	return ",", "','"
}

// Name is what errors call the list.
func (l CallList) Name() string {
	if l == FailedList {
		return "failed calls"
	}
	return "poor calls"
}

// PoorCallsOrder are the orders of the poor-call list a query may ask
// for (cqd.Query.OrderBy): by poor streams, by their share, by streams;
// none is newest first. Query.Ascending turns the order round.
var PoorCallsOrder = []cqd.Measure{cqd.Poor, cqd.PoorPct, cqd.Streams}

// AddPoorEnds sets each call's Where, PoorUsers and PoorMedia from the
// client ends of its poor streams, in any order.
func AddPoorEnds(calls []PoorCall, ends []PoorStreamEnd) {
	byCall := map[string][]PoorStreamEnd{}
	for _, e := range ends {
		byCall[e.CallID] = append(byCall[e.CallID], e)
	}
	for i := range calls {
		c := &calls[i]
		es := byCall[c.ID]
		if len(es) == 0 {
			continue
		}
		first := slices.MinFunc(es, func(a, b PoorStreamEnd) int { return slices.Compare(a.Order[:], b.Order[:]) })
		c.Where = first.End
		users, media := map[string]bool{}, map[string]bool{}
		for _, e := range es {
			if e.End.UserID != "" {
				users[e.End.UserID] = true
			}
			media[e.MediaKind] = true
		}
		c.PoorUsers = len(users)
		c.PoorMedia = slices.Sorted(maps.Keys(media))
	}
}

// CheckPoorCallsOrder refuses an order PoorCalls does not know.
func CheckPoorCallsOrder(q cqd.Query) error {
	if q.OrderBy != "" && !slices.Contains(PoorCallsOrder, q.OrderBy) {
		return fmt.Errorf("poor calls: no order by %s (by poor, poorPct or streams): %w", q.OrderBy, ErrInvalid)
	}
	return nil
}

// RankReasons orders the metrics of a comma-separated list (the poor
// reasons of a call's streams, joined) by how often they appear, most
// first, then by name: PoorCall.Reasons.
func RankReasons(list string) []string { return RankReasonsBy(list, ",") }

// RankReasonsBy is RankReasons of a list joined by sep.
func RankReasonsBy(list, sep string) []string {
	counts := map[string]int{}
	for _, r := range strings.Split(list, sep) {
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
