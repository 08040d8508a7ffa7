package quality

import (
	"bytes"
	"math"
	"strconv"

	"github.com/callscope/callscope/internal/model"
)

// op is how a value compares with a threshold when a check fires.
type op string

const (
	gt op = ">"
	ge op = ">="
	lt op = "<"
	le op = "<="
)

func (o op) fires(v, limit float64) bool {
	switch o {
	case gt:
		return v > limit
	case ge:
		return v >= limit
	case lt:
		return v < limit
	case le:
		return v <= limit
	}
	return false
}

// symbol is the operator as people write it.
func (o op) symbol() string {
	switch o {
	case ge:
		return "≥"
	case le:
		return "≤"
	}
	return string(o)
}

// Areas of an issue: whose fault it most likely is.
const (
	areaNetwork     = "network"
	areaDevice      = "device"
	areaSetup       = "setup"
	areaReliability = "reliability"
	areaMedia       = "media"
)

// Units of thresholds, as written in reasons and issues.
const (
	unitMS      = "ms"
	unitRatio   = "ratio"
	unitPercent = "percent"
	unitFPS     = "fps"
	unitMOS     = "MOS"
	unitPixels  = "px"
	unitMSPerM  = "ms/min"
	unitCount   = "count"
)

// check is one threshold on one metric: the unit of every rule in this
// package, so that a verdict and its explanation can never disagree.
type check struct {
	// metric is the Graph property name (the ACS name for metrics Graph
	// does not have); label is how people call it.
	metric, label, unit string
	op                  op
	limit               float64
	// family groups checks on the same symptom (average and maximum
	// jitter…): a stream gets at most one issue per family.
	family string
	// area is where the cause most likely lies when the check fires.
	area string
	// basis says where a yellow line comes from; empty for published
	// poor thresholds, whose rule name says it.
	basis string
	// get reads the metric from a stream; device and network checks read
	// theirs with dev or net instead. A check uses exactly one reader.
	get func(*model.Stream) (float64, bool)
	dev func(*model.DeviceInfo) (float64, bool)
	net func(*model.NetworkInfo) (float64, bool)
}

// text is the human explanation: "jitter 45 ms > 30 ms".
func (k *check) text(v float64) string {
	b := make([]byte, 0, 96)
	b = append(b, k.label...)
	b = append(b, ' ')
	b = appendValue(b, v, k.unit)
	b = append(b, ' ')
	b = append(b, k.op.symbol()...)
	b = append(b, ' ')
	b = appendValue(b, k.limit, k.unit)
	if k.basis != "" {
		b = append(b, " ("...)
		b = append(b, k.basis...)
		b = append(b, ')')
	}
	return string(b)
}

// reason explains why the check fired on v.
func (k *check) reason(v float64, rule, version string) model.Reason {
	return model.Reason{
		Metric:      k.metric,
		Value:       ptr(v),
		Threshold:   ptr(k.limit),
		Op:          string(k.op),
		Unit:        k.unit,
		Rule:        rule,
		RuleVersion: version,
		Text:        k.text(v),
	}
}

// why is the reason of an unclassified stream: no metric, only the text.
func why(rule, version, text string) []model.Reason {
	return []model.Reason{{Rule: rule, RuleVersion: version, Text: text}}
}

// formatValue writes a number for people, followed by its unit where
// people write one.
func formatValue(v float64, unit string) string {
	return string(appendValue(nil, v, unit))
}

// appendValue writes v exactly when it is short (30.001, 6000.001), else
// to six decimals (0.013817), never with an exponent unless it is huge;
// then its unit.
func appendValue(b []byte, v float64, unit string) []byte {
	start := len(b)
	if math.Abs(v) >= 1e15 {
		b = strconv.AppendFloat(b, v, 'g', 6, 64)
	} else {
		b = strconv.AppendFloat(b, v, 'f', -1, 64)
		if i := bytes.IndexByte(b[start:], '.'); i >= 0 && len(b)-start-i-1 > 6 {
			b = strconv.AppendFloat(b[:start], v, 'f', 6, 64)
			b = bytes.TrimRight(b, "0")
			b = bytes.TrimSuffix(b, []byte("."))
		}
	}
	switch unit {
	case unitMS, unitFPS, unitPixels, unitMSPerM:
		b = append(b, ' ')
		b = append(b, unit...)
	case unitPercent:
		b = append(b, " %"...)
	}
	return b
}

func ptr(v float64) *float64 { return &v }
