package report

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
)

// Aggregator computes dashboard queries: a store, or a server's API.
type Aggregator interface {
	Aggregate(ctx context.Context, q cqd.Query) (*cqd.Result, error)
}

// ReliabilityMeasures are the measures of every row of the reliability
// report, in the order Totals reads them.
var ReliabilityMeasures = []cqd.Measure{cqd.Streams, cqd.SetupFailures, cqd.SetupFailurePct, cqd.Drops, cqd.DropPct}

// ReliabilityBreakdowns are the dimensions the report breaks failures
// down by, in the order it shows them.
var ReliabilityBreakdowns = []cqd.Dimension{
	cqd.ClientVersion, cqd.Building, cqd.NetworkName, cqd.Subnet, cqd.Platform, cqd.UserAgent, cqd.MediaType, cqd.Source,
}

// Defaults of the reliability report.
const (
	DefaultDays = 30
	DefaultTop  = 10
	// DefaultMinStreams keeps values of a few streams, whose rates say
	// little, out of the rankings.
	DefaultMinStreams = 10
)

// FailedStages are the failure stages: setup failures and drops.
var FailedStages = []string{model.StageCallSetup, model.StageMidcall}

// Totals are the reliability measures of a selection: streams (with
// legs that failed before any stream, once each), setup failures and
// drops as counts of such streams and as percentages of them.
type Totals struct {
	Streams         float64  `json:"streams"`
	SetupFailures   float64  `json:"setupFailures"`
	SetupFailurePct *float64 `json:"setupFailurePct"`
	Drops           float64  `json:"drops"`
	DropPct         *float64 `json:"dropPct"`
}

// FailedPct is the setup failure and drop rates together.
func (t Totals) FailedPct() float64 { return value(t.SetupFailurePct) + value(t.DropPct) }

// Row is one value of a breakdown (or one day), with the failed calls of
// that value.
type Row struct {
	// Value is the dimension's value, null where unknown.
	Value *string `json:"value"`
	Totals
	// FailedCalls lists the calls that failed with this value (the
	// API's failed-call list).
	FailedCalls string `json:"failedCalls"`
}

// Breakdown ranks the values of one dimension.
type Breakdown struct {
	By cqd.Dimension `json:"by"`
	// Ranked counts the values with at least the minimum of streams;
	// Rows are the worst of them by setup failure and drop rate
	// together.
	Ranked int   `json:"ranked"`
	Rows   []Row `json:"rows"`
}

// Reason is one reason legs failed for.
type Reason struct {
	Stage string `json:"stage"`
	// Reason is Graph's failureInfo reason, or an ACS participant's end
	// code and subcode with their meaning and result category; null when
	// the record gives none.
	Reason *string `json:"reason"`
	// Failures counts the failed streams (a leg that failed before any
	// stream counting once); Share is their percentage of the window's
	// setup failures and drops.
	Failures    float64 `json:"failures"`
	Share       float64 `json:"share"`
	FailedCalls string  `json:"failedCalls"`
}

// Reliability is CQD's reliability report of a selection: call setup
// failures and dropped legs of the window and of as long a window just
// before, per day, why, and where and on what they happened.
type Reliability struct {
	Since         time.Time   `json:"since"`
	Until         time.Time   `json:"until"`
	PreviousSince time.Time   `json:"previousSince"`
	Totals        Totals      `json:"totals"`
	Previous      Totals      `json:"previous"`
	Days          []Row       `json:"days"`
	Reasons       []Reason    `json:"reasons"`
	Breakdowns    []Breakdown `json:"breakdowns"`
	FailedCalls   string      `json:"failedCalls"`
}

// ReliabilityOf makes the report of q's selection (tenant, window,
// filters), keeping the top reasons and values of each breakdown with at
// least minStreams streams. A window without an end runs to now; the one
// before it is as long, in whole days when the window starts at
// midnight, so that both are read from the daily rollups.
func ReliabilityOf(ctx context.Context, agg Aggregator, q cqd.Query, now time.Time, top, minStreams int) (*Reliability, error) {
	if q.Since.IsZero() {
		return nil, fmt.Errorf("reliability report: the window needs a start")
	}
	q.GroupBy, q.Measures = nil, ReliabilityMeasures
	end := q.Until
	if end.IsZero() {
		end = now
		if q.Since.Equal(q.Since.UTC().Truncate(24 * time.Hour)) {
			end = now.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
		}
	}
	until := q.Until
	if until.IsZero() {
		until = now
	}
	span := end.Sub(q.Since)
	rep := &Reliability{Since: q.Since, Until: until, PreviousSince: q.Since.Add(-span), FailedCalls: FailedCallsLink(q),
		Breakdowns: make([]Breakdown, len(ReliabilityBreakdowns))}
	// The queries are independent: asked side by side, four at a time,
	// the report takes about as long as its slowest (the breakdowns that
	// read the facts rather than a rollup).
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	g.Go(func() (err error) {
		rep.Totals, err = totals(ctx, agg, q)
		if err == nil {
			rep.Reasons, err = reasons(ctx, agg, q, rep.Totals.SetupFailures+rep.Totals.Drops, top)
		}
		return err
	})
	g.Go(func() (err error) {
		prev := q
		prev.Since, prev.Until = rep.PreviousSince, q.Since
		rep.Previous, err = totals(ctx, agg, prev)
		return err
	})
	g.Go(func() error {
		days := q
		days.GroupBy = []cqd.Dimension{cqd.Day}
		res, err := agg.Aggregate(ctx, days)
		if err != nil {
			return fmt.Errorf("reliability per day: %w", err)
		}
		rep.Days = rows(res, q, cqd.Day)
		return nil
	})
	for i, d := range ReliabilityBreakdowns {
		g.Go(func() error {
			by := q
			by.GroupBy, by.MinStreams = []cqd.Dimension{d}, minStreams
			b, err := BreakdownOf(ctx, agg, by, top)
			if err != nil {
				return err
			}
			rep.Breakdowns[i] = *b
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return rep, nil
}

// BreakdownOf ranks the values of q's one dimension by their setup
// failure and drop rates together, worst first, keeping top (0: all).
func BreakdownOf(ctx context.Context, agg Aggregator, q cqd.Query, top int) (*Breakdown, error) {
	if len(q.GroupBy) != 1 {
		return nil, fmt.Errorf("reliability breakdown: want one dimension, have %d", len(q.GroupBy))
	}
	d := q.GroupBy[0]
	q.Measures = ReliabilityMeasures
	res, err := agg.Aggregate(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("reliability by %s: %w", d, err)
	}
	rs := rows(res, q, d)
	slices.SortStableFunc(rs, func(a, b Row) int { return cmp.Compare(b.FailedPct(), a.FailedPct()) })
	b := &Breakdown{By: d, Ranked: len(rs), Rows: rs}
	if top > 0 && len(rs) > top {
		b.Rows = rs[:top]
	}
	return b, nil
}

// totals are the measures of the whole selection q.
func totals(ctx context.Context, agg Aggregator, q cqd.Query) (Totals, error) {
	res, err := agg.Aggregate(ctx, q)
	if err != nil {
		return Totals{}, fmt.Errorf("reliability totals: %w", err)
	}
	if len(res.Rows) == 0 {
		return Totals{}, nil
	}
	return totalsOf(res.Rows[0].Values), nil
}

// totalsOf reads the values of ReliabilityMeasures.
func totalsOf(v []*float64) Totals {
	at := func(i int) *float64 {
		if i < len(v) {
			return v[i]
		}
		return nil
	}
	return Totals{Streams: value(at(0)), SetupFailures: value(at(1)), SetupFailurePct: at(2), Drops: value(at(3)), DropPct: at(4)}
}

// rows reads the rows of a result grouped by d alone.
func rows(res *cqd.Result, q cqd.Query, d cqd.Dimension) []Row {
	out := make([]Row, 0, len(res.Rows))
	for _, row := range res.Rows {
		var v *string
		if len(row.Key) > 0 {
			v = row.Key[0]
		}
		out = append(out, Row{Value: v, Totals: totalsOf(row.Values),
			FailedCalls: FailedCallsLink(q, cqd.Filter{Dimension: d, Values: []string{value(v)}})})
	}
	return out
}

// reasons ranks why legs failed, most failures first, keeping top;
// failures is the window's setup failures and drops.
func reasons(ctx context.Context, agg Aggregator, q cqd.Query, failures float64, top int) ([]Reason, error) {
	q.GroupBy = []cqd.Dimension{cqd.FailureStage, cqd.FailureReason}
	q.Measures = []cqd.Measure{cqd.SetupFailures, cqd.Drops}
	q.Filters = append(slices.Clone(q.Filters), cqd.Filter{Dimension: cqd.FailureStage, Values: FailedStages})
	res, err := agg.Aggregate(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("failure reasons: %w", err)
	}
	out := []Reason{}
	for _, row := range res.Rows {
		if len(row.Key) < 2 || len(row.Values) < 2 {
			continue
		}
		n := value(row.Values[0]) + value(row.Values[1])
		if n == 0 {
			continue
		}
		stage := value(row.Key[0])
		r := Reason{Stage: stage, Reason: row.Key[1], Failures: n,
			FailedCalls: FailedCallsLink(q, cqd.Filter{Dimension: cqd.FailureStage, Values: []string{stage}},
				cqd.Filter{Dimension: cqd.FailureReason, Values: []string{value(row.Key[1])}})}
		if failures > 0 {
			r.Share = n / failures * 100
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Reason) int {
		return cmp.Or(cmp.Compare(b.Failures, a.Failures), cmp.Compare(a.Stage, b.Stage))
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out, nil
}

// FailedCallsLink is the API's failed-call list of q's window and
// filters, narrowed by more.
func FailedCallsLink(q cqd.Query, more ...cqd.Filter) string {
	v := url.Values{}
	if !q.Since.IsZero() {
		v.Set("since", q.Since.UTC().Format(time.RFC3339))
	}
	if !q.Until.IsZero() {
		v.Set("until", q.Until.UTC().Format(time.RFC3339))
	}
	for _, f := range q.Filters {
		// The reasons' own filter on every failure stage says nothing
		// the failed-call list does not.
		if f.Dimension == cqd.FailureStage && slices.Equal(f.Values, FailedStages) {
			continue
		}
		v.Add("filter", f.String())
	}
	for _, f := range more {
		v.Add("filter", f.String())
	}
	return "/api/v1/failed-calls?" + v.Encode()
}

func value[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
