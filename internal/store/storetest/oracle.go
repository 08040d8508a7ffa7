package storetest

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
)

// Oracle answers dashboard queries in Go, plainly, over stream facts
// and a building file: package cqd's definitions written out, which
// every store's SQL is held to.
type Oracle struct {
	facts    []model.StreamFact
	building map[string]model.Building // by expanded subnet
}

// NewOracle is an oracle over facts, with the building file rows applied
// by its own expansion of their subnets.
func NewOracle(facts []model.StreamFact, rows []model.Building) *Oracle {
	o := &Oracle{facts: facts, building: map[string]model.Building{}}
	for _, r := range rows {
		for s := range r.Subnets() {
			o.building[s] = r
		}
	}
	return o
}

// end is d's value at one end (side 0 the caller, 1 the callee).
func (o *Oracle) end(f *model.StreamFact, side int, d cqd.Dimension) *string {
	s := f.Caller
	if side == 1 {
		s = f.Callee
	}
	str := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	bld, mapped := o.building[s.Subnet]
	flag := func(v bool, yes, no string) *string {
		if mapped && v {
			return &yes
		}
		return &no
	}
	switch d {
	case cqd.Subnet:
		return str(s.Subnet)
	case cqd.ConnectionType:
		return str(s.ConnectionType)
	case cqd.WifiBand:
		return str(s.WifiBand)
	case cqd.BSSID:
		return str(s.BSSID)
	case cqd.Transport:
		return str(s.Transport)
	case cqd.Platform:
		return str(s.Platform)
	case cqd.ProductFamily:
		return str(s.ProductFamily)
	case cqd.UserAgent:
		return str(s.UserAgent)
	case cqd.CaptureDevice:
		return str(s.CaptureDevice)
	case cqd.RenderDevice:
		return str(s.RenderDevice)
	case cqd.UserTenant:
		return str(s.TenantID)
	case cqd.ClientVersion:
		return str(s.ClientVersion)
	case cqd.Building:
		return str(bld.BuildingName)
	case cqd.City:
		return str(bld.City)
	case cqd.Country:
		return str(bld.Country)
	case cqd.Region:
		return str(bld.Region)
	case cqd.NetworkName:
		return str(bld.NetworkName)
	case cqd.Inside:
		return flag(bld.InsideCorp, "inside", "outside")
	case cqd.ExpressRoute:
		return flag(bld.ExpressRoute, "true", "false")
	case cqd.VPN:
		return flag(bld.VPN, "true", "false")
	}
	panic(d)
}

// stream is d's value for the stream as a whole.
func (o *Oracle) stream(f *model.StreamFact, d cqd.Dimension) *string {
	t := f.CallStart.UTC()
	v := ""
	switch d {
	case cqd.Hour:
		v = t.Truncate(time.Hour).Format("2006-01-02T15:00Z")
	case cqd.Day:
		v = t.Format(time.DateOnly)
	case cqd.Week:
		day := t.Truncate(24 * time.Hour)
		v = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)).Format(time.DateOnly)
	case cqd.Month:
		v = t.Format("2006-01")
	case cqd.MediaType:
		v = string(f.MediaKind)
	case cqd.CallType:
		v = f.CallType
	case cqd.Source:
		v = string(f.Source)
	case cqd.Quality:
		v = string(f.Quality)
		if v == "" {
			v = "unclassified"
		}
	case cqd.PSTN:
		v = strconv.FormatBool(f.PSTN)
	case cqd.FailureStage:
		v = f.FailureStage
	case cqd.FailureReason:
		v = f.FailureReason
	}
	if v == "" {
		return nil
	}
	return &v
}

func matches(v *string, values []string) bool {
	for _, w := range values {
		if (w == "" && v == nil) || (v != nil && w != "" && strings.EqualFold(*v, w)) {
			return true
		}
	}
	return false
}

func isEndSide(f *model.StreamFact, side int) bool {
	if side == 0 {
		return f.Caller.Kind != model.EndpointService || f.Callee.Kind == model.EndpointService
	}
	return f.Callee.Kind != model.EndpointService
}

// Aggregate is what a store's Aggregate(q) must answer, rows in order.
func (o *Oracle) Aggregate(q cqd.Query) []cqd.Row {
	byEnd := slices.ContainsFunc(q.GroupBy, cqd.Dimension.OfEnd)
	type group struct {
		key  []*string
		rows []*model.StreamFact
	}
	groups := map[string]*group{}
	add := func(key []*string, f *model.StreamFact) {
		k := keyString(key)
		g := groups[k]
		if g == nil {
			g = &group{key: key}
			groups[k] = g
		}
		g.rows = append(g.rows, f)
	}
	for i := range o.facts {
		f := &o.facts[i]
		if !q.Since.IsZero() && f.CallStart.Before(q.Since) || !q.Until.IsZero() && !f.CallStart.Before(q.Until) {
			continue
		}
		ok := true
		for _, flt := range q.Filters {
			if flt.Dimension.OfEnd() {
				if !byEnd && !(isEndSide(f, 0) && matches(o.end(f, 0, flt.Dimension), flt.Values) ||
					isEndSide(f, 1) && matches(o.end(f, 1, flt.Dimension), flt.Values)) {
					ok = false
				}
				continue
			}
			if !matches(o.stream(f, flt.Dimension), flt.Values) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if !byEnd {
			key := make([]*string, len(q.GroupBy))
			for i, d := range q.GroupBy {
				key[i] = o.stream(f, d)
			}
			add(key, f)
			continue
		}
		// One row per distinct value of the end dimensions among the
		// stream's ends.
		var dims []cqd.Dimension
		for _, d := range q.GroupBy {
			if d.OfEnd() {
				dims = append(dims, d)
			}
		}
		for _, flt := range q.Filters {
			if flt.Dimension.OfEnd() && !slices.Contains(dims, flt.Dimension) {
				dims = append(dims, flt.Dimension)
			}
		}
		var seen []string
		for side := range 2 {
			if !isEndSide(f, side) {
				continue
			}
			var tuple []*string
			for _, d := range dims {
				tuple = append(tuple, o.end(f, side, d))
			}
			if side == 1 && f.Caller.Kind != model.EndpointService && slices.Contains(seen, keyString(tuple)) {
				continue
			}
			seen = append(seen, keyString(tuple))
			pass := true
			for _, flt := range q.Filters {
				if flt.Dimension.OfEnd() && !matches(o.end(f, side, flt.Dimension), flt.Values) {
					pass = false
				}
			}
			if !pass {
				continue
			}
			key := make([]*string, len(q.GroupBy))
			for i, d := range q.GroupBy {
				if d.OfEnd() {
					key[i] = o.end(f, side, d)
				} else {
					key[i] = o.stream(f, d)
				}
			}
			add(key, f)
		}
	}
	var out []cqd.Row
	for _, g := range groups {
		if q.MinStreams > 0 && streamCount(g.rows) < q.MinStreams {
			continue
		}
		row := cqd.Row{Key: g.key}
		for _, m := range q.MeasureList() {
			row.Values = append(row.Values, measure(m, g.rows))
		}
		out = append(out, row)
	}
	if len(q.GroupBy) == 0 && len(groups) == 0 {
		// SQL aggregates over no rows still give one row; the one group
		// of an ungrouped query with fewer than MinStreams streams is
		// dropped like any other (HAVING), leaving none.
		row := cqd.Row{}
		for _, m := range q.MeasureList() {
			row.Values = append(row.Values, measure(m, nil))
		}
		out = append(out, row)
	}
	mi := slices.Index(q.MeasureList(), q.OrderBy)
	slices.SortFunc(out, func(a, b cqd.Row) int {
		if mi >= 0 {
			va, vb := a.Values[mi], b.Values[mi]
			switch {
			case va == nil && vb != nil:
				return 1
			case va != nil && vb == nil:
				return -1
			case va != nil && vb != nil && *va != *vb:
				if q.Ascending {
					return cmp.Compare(*va, *vb)
				}
				return cmp.Compare(*vb, *va)
			}
		}
		for i := range a.Key {
			ka, kb := a.Key[i], b.Key[i]
			switch {
			case ka == nil && kb != nil:
				return 1
			case ka != nil && kb == nil:
				return -1
			case ka != nil && kb != nil && *ka != *kb:
				return strings.Compare(*ka, *kb)
			}
		}
		return 0
	})
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

func measure(m cqd.Measure, rows []*model.StreamFact) *float64 {
	count := func(ok func(*model.StreamFact) bool) float64 {
		n := 0.0
		for _, f := range rows {
			if ok(f) {
				n++
			}
		}
		return n
	}
	val := func(v float64) *float64 { return &v }
	pct := func(n, d float64) *float64 {
		if d == 0 {
			return nil
		}
		return val(100 * n / d)
	}
	metric := func(get func(*model.StreamFact) *float64) []float64 {
		var out []float64
		for _, f := range rows {
			if v := get(f); v != nil {
				out = append(out, *v)
			}
		}
		return out
	}
	avg := func(vs []float64) *float64 {
		if len(vs) == 0 {
			return nil
		}
		s := 0.0
		for _, v := range vs {
			s += v
		}
		return val(s / float64(len(vs)))
	}
	// Percentiles are estimated from histograms (cqd.Layout), on every
	// path alike; how near the estimate comes to the exact value is
	// package cqd's test.
	p95 := func(vs []float64) *float64 {
		q, l, _ := m.Percentile()
		if est, ok := l.Estimate(l.Count(vs), q); ok {
			return val(est)
		}
		return nil
	}
	minutes := func() []float64 {
		var out []float64
		for _, f := range rows {
			if f.Start != nil && f.End != nil && !f.End.Before(*f.Start) {
				out = append(out, float64(f.End.Truncate(time.Millisecond).Sub(f.Start.Truncate(time.Millisecond)).Milliseconds())/60000)
			}
		}
		return out
	}
	quality := func(q model.StreamQuality) func(*model.StreamFact) bool {
		return func(f *model.StreamFact) bool { return f.Quality == q }
	}
	stage := func(s string) func(*model.StreamFact) bool {
		return func(f *model.StreamFact) bool { return f.FailureStage == s }
	}
	// Rows of sessions that failed before any stream count as failures,
	// not as streams.
	all := float64(len(rows))
	n := all - count(func(f *model.StreamFact) bool { return f.MediaKind == model.MediaNone })
	switch m {
	case cqd.Streams:
		return val(n)
	case cqd.Good:
		return val(count(quality(model.QualityGood)))
	case cqd.Poor:
		return val(count(quality(model.QualityPoor)))
	case cqd.Unclassified:
		return val(n - count(quality(model.QualityGood)) - count(quality(model.QualityPoor)))
	case cqd.PoorPct:
		poor := count(quality(model.QualityPoor))
		return pct(poor, poor+count(quality(model.QualityGood)))
	case cqd.Calls:
		ids := map[string]bool{}
		for _, f := range rows {
			ids[f.CallID] = true
		}
		return val(float64(len(ids)))
	case cqd.AvgJitter, cqd.P95Jitter:
		vs := metric(func(f *model.StreamFact) *float64 { return f.JitterMs })
		if m == cqd.AvgJitter {
			return avg(vs)
		}
		return p95(vs)
	case cqd.AvgPacketLoss, cqd.P95PacketLoss:
		vs := metric(func(f *model.StreamFact) *float64 { return f.PacketLossRate })
		if m == cqd.AvgPacketLoss {
			return avg(vs)
		}
		return p95(vs)
	case cqd.AvgRoundTrip, cqd.P95RoundTrip:
		vs := metric(func(f *model.StreamFact) *float64 { return f.RoundTripMs })
		if m == cqd.AvgRoundTrip {
			return avg(vs)
		}
		return p95(vs)
	case cqd.AvgConcealed, cqd.P95Concealed:
		vs := metric(func(f *model.StreamFact) *float64 { return f.ConcealedRatio })
		if m == cqd.AvgConcealed {
			return avg(vs)
		}
		return p95(vs)
	case cqd.AvgDegradation:
		return avg(metric(func(f *model.StreamFact) *float64 { return f.AudioDegradation }))
	case cqd.SetupFailures:
		return val(count(stage("callSetup")))
	case cqd.SetupFailurePct:
		return pct(count(stage("callSetup")), all)
	case cqd.Drops:
		return val(count(stage("midcall")))
	case cqd.DropPct:
		return pct(count(stage("midcall")), all)
	case cqd.Minutes:
		s := 0.0
		for _, v := range minutes() {
			s += v
		}
		return val(s)
	case cqd.AvgMinutesStream:
		return avg(minutes())
	}
	panic(m)
}

func near(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= 1e-6*math.Max(1, math.Abs(*b))
}

func keyString(k []*string) string {
	parts := make([]string, len(k))
	for i, v := range k {
		if v == nil {
			parts[i] = "∅"
		} else {
			parts[i] = *v
		}
	}
	return strings.Join(parts, " | ")
}

func num(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

func dump(rows []cqd.Row) string {
	var sb strings.Builder
	for i, r := range rows {
		if i == 8 {
			sb.WriteString("…")
			break
		}
		sb.WriteString("[" + keyString(r.Key) + "] ")
	}
	return sb.String()
}

// keeps applies q's filters to a stream as a query without end grouping
// does: an end filter keeps the stream when either end matches.
func (o *Oracle) keeps(q cqd.Query, f *model.StreamFact) bool {
	for _, flt := range q.Filters {
		if flt.Dimension.OfEnd() {
			if !(isEndSide(f, 0) && matches(o.end(f, 0, flt.Dimension), flt.Values) ||
				isEndSide(f, 1) && matches(o.end(f, 1, flt.Dimension), flt.Values)) {
				return false
			}
		} else if !matches(o.stream(f, flt.Dimension), flt.Values) {
			return false
		}
	}
	return true
}

// streamCount counts the rows that are streams (model.MediaNone aside).
func streamCount(rows []*model.StreamFact) int {
	n := 0
	for _, f := range rows {
		if f.MediaKind != model.MediaNone {
			n++
		}
	}
	return n
}
