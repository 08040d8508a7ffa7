package web

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/callscope/callscope/internal/cqd"
)

// cqdAnswer is what GET /api/v1/cqd answers: the window it read and a
// flat object per group.
type cqdAnswer struct {
	Since *time.Time       `json:"since"`
	Until *time.Time       `json:"until"`
	Rows  []map[string]any `json:"rows"`
}

// askCQD asks GET /api/v1/cqd with the selection d and the parameters
// in extra (by, measures, order…).
func (s *Server) askCQD(ctx context.Context, ss *session, d dashQuery, extra url.Values) (*cqdAnswer, error) {
	q := d.apiValues()
	for k, v := range extra {
		q[k] = v
	}
	var a cqdAnswer
	if err := s.api.getJSON(ctx, ss.token, "/api/v1/cqd", q, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// headline is the first row of the window's answer and of the previous
// window's (nil when either has none): what the headline tiles compare.
type headline struct{ cur, prev map[string]any }

// askPage asks the API, for the selection d, the headline measures over
// the window and over as many days just before it, and a query of each
// of params: four at a time, the engine answering them side by side.
// The answers come in params' order.
func (s *Server) askPage(ctx context.Context, ss *session, d dashQuery, headMeasures string, params []url.Values) (headline, []*cqdAnswer, error) {
	var head headline
	answers := make([]*cqdAnswer, len(params))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	g.Go(func() error {
		cur, err := s.askCQD(ctx, ss, d, url.Values{"measures": {headMeasures}})
		if err != nil {
			return err
		}
		head.cur = firstRow(cur)
		if cur.Since == nil {
			return nil
		}
		prev, err := s.askCQD(ctx, ss, d.previous(*cur.Since, s.cfg.Now()), url.Values{"measures": {headMeasures}})
		if err != nil {
			return err
		}
		head.prev = firstRow(prev)
		return nil
	})
	for i, p := range params {
		g.Go(func() error {
			var err error
			answers[i], err = s.askCQD(ctx, ss, d, p)
			return err
		})
	}
	err := g.Wait()
	return head, answers, err
}

func firstRow(a *cqdAnswer) map[string]any {
	if len(a.Rows) == 0 {
		return nil
	}
	return a.Rows[0]
}

// breakdownMeasures are the columns of every breakdown: how many, how
// often poor, and how bad at the 95th percentile.
const breakdownMeasures = "streams,poor,poorPct,p95JitterMs,p95RoundTripMs"

// aggregateRow is one value of a breakdown with its measures.
type aggregateRow struct {
	Value         string
	Known         bool
	Streams, Poor *float64
	PoorPct       *float64
	// P95Jitter and P95RoundTrip are the 95th percentiles, in ms.
	P95Jitter, P95RoundTrip *float64
	// Bar is poor % as a share of the largest poor % of the table, in
	// percent: the length of the row's bar.
	Bar   float64
	Drill string
}

// breakdownRows reads the rows of an answer grouped by one dimension,
// each leading to the poor calls of its value.
func breakdownRows(a *cqdAnswer, by cqd.Dimension, d dashQuery) []aggregateRow {
	rows := make([]aggregateRow, 0, len(a.Rows))
	for _, row := range a.Rows {
		r := aggregateRow{}
		r.Value, r.Known = dimValue(row, by)
		r.Streams, r.Poor, r.PoorPct = number(row["streams"]), number(row["poor"]), number(row["poorPct"])
		r.P95Jitter, r.P95RoundTrip = number(row["p95JitterMs"]), number(row["p95RoundTripMs"])
		switch {
		case by.Time() && r.Known:
			r.Drill = "/poor-calls?" + d.onDay(r.Value).values().Encode()
		case !by.Time():
			val := r.Value
			if !r.Known {
				val = "" // cqd: "building=" selects ends with no building
			}
			r.Drill = "/poor-calls?" + d.values(string(by)+"="+val).Encode()
		}
		rows = append(rows, r)
	}
	scaleBars(rows)
	return rows
}

// dimValue is a row's value of a dimension, "unknown" (not Known) for
// none.
func dimValue(row map[string]any, by cqd.Dimension) (value string, known bool) {
	switch v := row[string(by)].(type) {
	case string:
		return v, true
	case nil:
		return "unknown", false
	default:
		b, _ := json.Marshal(v)
		return string(b), true
	}
}

// scaleBars sets each row's bar against the largest poor % among rows.
func scaleBars(rows []aggregateRow) {
	top := 0.0
	for _, r := range rows {
		if r.PoorPct != nil {
			top = max(top, *r.PoorPct)
		}
	}
	for i := range rows {
		rows[i].Bar = 0
		if p := rows[i].PoorPct; p != nil && top > 0 {
			rows[i].Bar = *p / top * 100
		}
	}
}

// enough keeps the rows of at least min streams: poor % of a handful
// says little.
func enough(rows []aggregateRow, min float64) []aggregateRow {
	return slices.DeleteFunc(slices.Clone(rows), func(r aggregateRow) bool {
		return r.Streams == nil || *r.Streams < min
	})
}

// knownValues are the values of rows, busiest first, at most n: what the
// filter bar offers to pick.
func knownValues(rows []aggregateRow, n int) []string {
	byStreams := slices.Clone(rows)
	slices.SortStableFunc(byStreams, func(a, b aggregateRow) int { return -compareNum(a.Streams, b.Streams) })
	var out []string
	for _, r := range byStreams {
		if r.Known && len(out) < n {
			out = append(out, r.Value)
		}
	}
	return out
}

func number(v any) *float64 {
	if f, ok := v.(float64); ok {
		return &f
	}
	return nil
}

// compareNum orders numbers with a missing one first.
func compareNum(a, b *float64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	case *a < *b:
		return -1
	case *a > *b:
		return 1
	}
	return 0
}

// dimLabel is a dimension as people say it.
func dimLabel(d cqd.Dimension) string {
	if l, ok := dimLabels[d]; ok {
		return l
	}
	return humanize(string(d))
}

var dimLabels = map[cqd.Dimension]string{
	cqd.MediaType: "Media", cqd.ConnectionType: "Connection", cqd.NetworkName: "Network",
	cqd.CaptureDevice: "Microphone", cqd.RenderDevice: "Speaker", cqd.PSTN: "PSTN",
	cqd.BSSID: "Access point (BSSID)", cqd.VPN: "VPN", cqd.Inside: "Inside or outside",
	cqd.WifiBand: "Wi-Fi band", cqd.UserAgent: "User agent", cqd.UserTenant: "User's tenant",
}

// lowerFirst is a label inside a sentence: "by network".
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	if len(s) > 1 && strings.ToUpper(s[:2]) == s[:2] {
		return s // PSTN, VPN
	}
	return strings.ToLower(s[:1]) + s[1:]
}
