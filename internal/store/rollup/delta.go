package rollup

import (
	"slices"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// Key is a rollup row's key as Go sees a fact, in the values the fact
// columns are written with ("" where a column is NULL, except Kind).
type Key struct {
	Tenant, Source, CallType, MediaKind, Quality, FailureStage, FailureReason string
	PSTN                                                                      bool
	// Day is the UTC midnight of the call's start, zero when unknown.
	Day time.Time
	// Sides are the caller's and the callee's end columns, as SideKeys;
	// a table's row has those it keeps, the others "".
	Sides [2][12]string
}

// KeyOf is f's key in the full rollup.
func KeyOf(f *model.StreamFact) Key {
	k := Key{Tenant: f.Tenant, Source: string(f.Source), CallType: f.CallType, MediaKind: string(f.MediaKind),
		Quality: string(f.Quality), FailureStage: f.FailureStage, FailureReason: f.FailureReason, PSTN: f.PSTN}
	if !f.CallStart.IsZero() {
		// The day of the instant as stored: to the microsecond.
		t := time.UnixMicro(f.CallStart.UnixMicro()).UTC()
		k.Day = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	for s, side := range []*model.SideFact{&f.Caller, &f.Callee} {
		k.Sides[s] = [12]string{string(side.Kind), side.TenantID, side.Platform, side.ProductFamily, side.ClientVersion,
			side.Subnet, side.ConnectionType, side.WifiBand, side.Transport, side.CaptureDevice, side.RenderDevice, side.UserAgent}
	}
	return k
}

// Part is a rollup row's sums: streams, the sum and count of each
// averaged metric, and of durations in milliseconds (streams whose end
// is not before their start), and the histograms, as Metrics.
type Part struct {
	N                                              int64
	Jitter, Loss, RTT, Concealed, Degradation, Ms  float64
	JitterN, LossN, RTTN, ConcealedN, DegradationN int64
	MsN                                            int64
	Hists                                          [4]Hist
}

// Add counts f in the part (sign 1) or out of it (sign −1).
func (p *Part) Add(f *model.StreamFact, sign int64) {
	p.N += sign
	sum := func(v *float64, total *float64, n *int64) {
		if v != nil {
			*total += float64(sign) * *v
			*n += sign
		}
	}
	sum(f.JitterMs, &p.Jitter, &p.JitterN)
	sum(f.PacketLossRate, &p.Loss, &p.LossN)
	sum(f.RoundTripMs, &p.RTT, &p.RTTN)
	sum(f.ConcealedRatio, &p.Concealed, &p.ConcealedN)
	sum(f.AudioDegradation, &p.Degradation, &p.DegradationN)
	for i, h := range Metrics {
		if v := h.Value(f); v != nil {
			p.Hists[i].Add(h.Layout().Bucket(*v), sign)
		}
	}
	if f.Start != nil && f.End != nil {
		start, end := time.UnixMicro(f.Start.UnixMicro()), time.UnixMicro(f.End.UnixMicro())
		if !end.Before(start) {
			// Milliseconds as SQL's date difference counts them: the
			// millisecond boundaries crossed.
			p.Ms += float64(sign * (end.UnixMilli() - start.UnixMilli()))
			p.MsN += sign
		}
	}
}

// Merge adds q's sums to p's.
func (p *Part) Merge(q *Part) {
	p.N += q.N
	p.Jitter, p.Loss, p.RTT = p.Jitter+q.Jitter, p.Loss+q.Loss, p.RTT+q.RTT
	p.Concealed, p.Degradation, p.Ms = p.Concealed+q.Concealed, p.Degradation+q.Degradation, p.Ms+q.Ms
	p.JitterN, p.LossN, p.RTTN = p.JitterN+q.JitterN, p.LossN+q.LossN, p.RTTN+q.RTTN
	p.ConcealedN, p.DegradationN, p.MsN = p.ConcealedN+q.ConcealedN, p.DegradationN+q.DegradationN, p.MsN+q.MsN
	for i := range p.Hists {
		p.Hists[i].Merge(q.Hists[i])
	}
}

// Empty reports whether the part counts nothing: every count is zero
// (its sums are then what is left of adding and taking away the same
// values, rounding aside).
func (p *Part) Empty() bool {
	if p.N != 0 || p.JitterN != 0 || p.LossN != 0 || p.RTTN != 0 || p.ConcealedN != 0 || p.DegradationN != 0 || p.MsN != 0 {
		return false
	}
	for _, h := range p.Hists {
		if !h.Empty() {
			return false
		}
	}
	return true
}

// Delta is what a write changes in the rollups: the parts of the facts
// it adds less those of the facts it replaces or deletes, by full key.
// A store counts out the replaced facts as it stored them (read back),
// so that what leaves the rollups is exactly what entered them.
type Delta struct {
	parts map[Key]*Part
	order []Key
}

// NewDelta is a delta that changes nothing yet.
func NewDelta() *Delta { return &Delta{parts: map[Key]*Part{}} }

// Add counts f in (sign 1) or out (sign −1).
func (d *Delta) Add(f *model.StreamFact, sign int64) {
	k := KeyOf(f)
	p := d.parts[k]
	if p == nil {
		p = &Part{}
		d.parts[k] = p
		d.order = append(d.order, k)
	}
	p.Add(f, sign)
}

// AddFacts counts every fact of facts in.
func (d *Delta) AddFacts(facts [][]model.StreamFact) {
	for _, fs := range facts {
		for i := range fs {
			d.Add(&fs[i], 1)
		}
	}
}

// Row is one row a delta adds to a table.
type Row struct {
	Key  Key
	Part *Part
}

// Rows are the delta's rows of t: its parts merged by t's keys, in the
// order their keys first came, leaving out those that come to nothing
// (a new version whose streams are what they were).
func (d *Delta) Rows(t Table) []Row {
	kept := make([]int, len(t.Keep)) // positions in SideKeys
	for i, k := range t.Keep {
		kept[i] = slices.Index(SideKeys, k)
	}
	parts := map[Key]*Part{}
	var order []Key
	for _, full := range d.order {
		k := full
		k.Sides = [2][12]string{}
		for s := range k.Sides {
			for _, at := range kept {
				k.Sides[s][at] = full.Sides[s][at]
			}
		}
		p := parts[k]
		if p == nil {
			p = &Part{}
			parts[k] = p
			order = append(order, k)
		}
		p.Merge(d.parts[full])
	}
	rows := make([]Row, 0, len(order))
	for _, k := range order {
		if p := parts[k]; !p.Empty() {
			rows = append(rows, Row{Key: k, Part: p})
		}
	}
	return rows
}
