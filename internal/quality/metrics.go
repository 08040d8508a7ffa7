package quality

import (
	"math"

	"github.com/callscope/callscope/internal/model"
)

// The readers below turn a model value into a number in a threshold's
// unit, and say whether there is one. Absent and null are "not reported";
// so is a non-finite number, which no decoder produces but a hand-built
// call might: NaN compares false with everything and would quietly pass
// every threshold.

func num(o model.Opt[float64]) (float64, bool) {
	v, ok := o.Get()
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

func count(o model.Opt[int64]) (float64, bool) {
	v, ok := o.Get()
	return float64(v), ok
}

func millis(o model.Opt[model.Duration]) (float64, bool) {
	d, ok := o.Get()
	if !ok {
		return 0, false
	}
	return d.Milliseconds(), true
}

// acsMetric reads a metric that only ACS reports, on a stream that may not
// carry ACS facts at all.
func acsMetric(s *model.Stream, pick func(*model.ACSStream) model.Opt[float64]) (float64, bool) {
	if s == nil || s.ACS == nil {
		return 0, false
	}
	return num(pick(s.ACS))
}
