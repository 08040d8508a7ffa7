package web

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// metricKind says how a metric's value is written. One kind is one unit
// and one rounding, used by the cells and by the reasons alike, so that
// a cell's "19.8 %" is explained by "packet loss 19.8 % > 10 %", never by
// a ratio in another unit.
type metricKind int

const (
	kindText     metricKind = iota
	kindDuration            // milliseconds
	kindRatio               // 0..1, written in percent
	kindPercent             // already in percent
	kindNumber
	kindCount
	kindFPS
	kindBPS
	kindMHz
)

// value is one metric's value as the API sent it: absent (the record
// has none), withheld, a number in its kind's unit, or text.
type value struct {
	state model.Presence
	num   float64
	isNum bool
	text  string
}

func optNum[T int64 | float64](o model.Opt[T]) value {
	v, ok := o.Get()
	return value{state: o.Presence(), num: float64(v), isNum: ok}
}

func optMS(o model.Opt[model.Duration]) value {
	v, ok := o.Get()
	return value{state: o.Presence(), num: float64(time.Duration(v)) / float64(time.Millisecond), isNum: ok}
}

func optText[T ~string](o model.Opt[T]) value {
	v, _ := o.Get()
	return value{state: o.Presence(), text: enumWord(string(v))}
}

func optPlain(o model.Opt[string]) value {
	v, _ := o.Get()
	return value{state: o.Presence(), text: v}
}

func optBool(o model.Opt[bool]) value {
	v, _ := o.Get()
	t := "No"
	if v {
		t = "Yes"
	}
	return value{state: o.Presence(), text: t}
}

// show writes v as kind; against, when set (the threshold of a verdict
// on it), gives it the decimals it needs to differ from that.
func show(v value, kind metricKind, against *float64) string {
	switch {
	case v.state == model.Absent:
		return "–"
	case v.state == model.Null:
		return "withheld"
	case !v.isNum:
		return v.text
	}
	s, _ := pairText(v.num, against, kind)
	return s
}

// pairText writes a value and a threshold in kind's unit, with the
// decimals the kind uses, or more where those would make two different
// numbers look equal ("10 % > 10 %").
func pairText(x float64, threshold *float64, kind metricKind) (string, string) {
	prec := map[metricKind]int{kindDuration: 1, kindRatio: 1, kindPercent: 1, kindNumber: 2, kindFPS: 1}[kind]
	write := func(x float64, p int) string {
		switch kind {
		case kindDuration:
			return trimFloat(x, p) + " ms"
		case kindRatio:
			return trimFloat(x*100, p) + " %"
		case kindPercent:
			return trimFloat(x, p) + " %"
		case kindFPS:
			return trimFloat(x, p) + " fps"
		case kindMHz:
			return trimFloat(x, p) + " MHz"
		case kindBPS:
			return bps(x)
		}
		return trimFloat(x, p)
	}
	if threshold == nil {
		return write(x, prec), ""
	}
	p := prec
	for p < prec+4 && x != *threshold && write(x, p) == write(*threshold, p) {
		p++
	}
	return write(x, p), write(*threshold, p)
}

func bps(x float64) string {
	switch {
	case x >= 1e6:
		return trimFloat(x/1e6, 1) + " Mbit/s"
	case x >= 1e3:
		return trimFloat(x/1e3, 1) + " kbit/s"
	}
	return trimFloat(x, 0) + " bit/s"
}

// trimFloat writes x with at most prec decimals and no trailing zeros.
func trimFloat(x float64, prec int) string {
	s := fmt.Sprintf("%.*f", prec, x)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// streamMetric is one row of a stream table, in the order Call
// Analytics shows them; help explains a label that could be mistaken
// for another.
type streamMetric struct {
	name, label, help string
	kind              metricKind
	get               func(*wire.StreamOverview) value
}

var streamMetrics = []streamMetric{
	{"audioCodec", "Audio codec", "", kindText, func(x *wire.StreamOverview) value { return optPlain(x.AudioCodec) }},
	{"videoCodec", "Video codec", "", kindText, func(x *wire.StreamOverview) value { return optPlain(x.VideoCodec) }},
	{"averageJitter", "Average jitter", "How unevenly packets arrived, as the receiving client measured it over the whole stream.",
		kindDuration, func(x *wire.StreamOverview) value { return optMS(x.AverageJitter) }},
	{"maxJitter", "Maximum jitter", "The worst jitter of any moment of the stream.",
		kindDuration, func(x *wire.StreamOverview) value { return optMS(x.MaxJitter) }},
	{"averageAudioNetworkJitter", "Average network jitter", "Jitter of the network alone, averaged over 20-second windows, before the client's jitter buffer smooths it.",
		kindDuration, func(x *wire.StreamOverview) value { return optMS(x.AverageAudioNetworkJitter) }},
	{"averagePacketLossRate", "Average packet loss", "", kindRatio, func(x *wire.StreamOverview) value { return optNum(x.AveragePacketLossRate) }},
	{"maxPacketLossRate", "Maximum packet loss", "", kindRatio, func(x *wire.StreamOverview) value { return optNum(x.MaxPacketLossRate) }},
	{"postForwardErrorCorrectionPacketLossRate", "Packet loss after error correction", "", kindRatio,
		func(x *wire.StreamOverview) value { return optNum(x.PostFECPacketLossRate) }},
	{"averageRoundTripTime", "Average round trip", "", kindDuration, func(x *wire.StreamOverview) value { return optMS(x.AverageRoundTripTime) }},
	{"maxRoundTripTime", "Maximum round trip", "", kindDuration, func(x *wire.StreamOverview) value { return optMS(x.MaxRoundTripTime) }},
	{"averageRatioOfConcealedSamples", "Concealed samples", "Share of the audio the client had to make up for lost or late packets.",
		kindRatio, func(x *wire.StreamOverview) value { return optNum(x.AverageRatioOfConcealed) }},
	{"averageAudioDegradation", "Audio degradation (MOS)", "How much the network lowered the call's quality score (0 to 5; lower is better).",
		kindNumber, func(x *wire.StreamOverview) value { return optNum(x.AverageAudioDegradation) }},
	{"averageVideoFrameRate", "Average frame rate", "", kindFPS, func(x *wire.StreamOverview) value { return optNum(x.AverageVideoFrameRate) }},
	{"averageReceivedFrameRate", "Received frame rate", "", kindFPS, func(x *wire.StreamOverview) value { return optNum(x.AverageReceivedFrameRate) }},
	{"averageVideoFrameLossPercentage", "Frame loss", "", kindPercent, func(x *wire.StreamOverview) value { return optNum(x.AverageVideoFrameLossPct) }},
	{"averageVideoPacketLossRate", "Video packet loss", "", kindRatio, func(x *wire.StreamOverview) value { return optNum(x.AverageVideoPacketLoss) }},
	{"lowFrameRateRatio", "Time at low frame rate", "", kindRatio, func(x *wire.StreamOverview) value { return optNum(x.LowFrameRateRatio) }},
	{"averageFreezeDuration", "Average freeze", "", kindDuration, func(x *wire.StreamOverview) value { return optMS(x.AverageFreezeDuration) }},
	{"averageBandwidthEstimate", "Bandwidth estimate", "", kindBPS, func(x *wire.StreamOverview) value { return optNum(x.AverageBandwidthEstimate) }},
	{"wasMediaBypassed", "Media bypass", "", kindText, func(x *wire.StreamOverview) value { return optBool(x.WasMediaBypassed) }},
}

// metricInfo is the label and kind of a metric of any table, for the
// reasons that name it.
func metricInfo(name string) (string, metricKind, bool) {
	for _, m := range streamMetrics {
		if m.name == name {
			return m.label, m.kind, true
		}
	}
	for _, g := range advancedGroups {
		for _, r := range g.rows {
			if r.metric == name {
				return r.label, r.kind, true
			}
		}
	}
	return humanize(name), kindNumber, false
}

// kindOfUnit is the kind of a verdict's value from the unit it is given
// in; the metric's own kind when the unit says nothing.
func kindOfUnit(unit, metric string) metricKind {
	switch unit {
	case "ms":
		return kindDuration
	case "ratio":
		return kindRatio
	case "percent":
		return kindPercent
	case "fps":
		return kindFPS
	case "packets", "count", "events":
		return kindCount
	}
	_, k, _ := metricInfo(metric)
	return k
}

// failureMetric is the metric of the issues a failure raises.
const failureMetric = "failureInfo.stage"

// reasonText writes a verdict in the cells' units and words: "Average
// packet loss 19.8 % ≥ 5 % (Real-Time Analytics: good below 5 %)". text
// is the rule's own wording, kept for its note and for verdicts without
// a value.
func reasonText(metric string, val, threshold *float64, op, unit, text string) string {
	if metric == failureMetric {
		return failureIssueText(text)
	}
	if metric == "" || val == nil || math.IsNaN(*val) {
		return upperFirst(text)
	}
	label, _, _ := metricInfo(metric)
	kind := kindOfUnit(unit, metric)
	v, t := pairText(*val, threshold, kind)
	s := label + " " + v
	if threshold != nil && op != "" {
		s += " " + opSymbol(op) + " " + t
	}
	if note := noteOf(text); note != "" {
		s += " " + note
	}
	return s
}

func opSymbol(op string) string {
	switch op {
	case ">=":
		return "≥"
	case "<=":
		return "≤"
	}
	return op
}

// noteOf is the parenthesis that ends a rule's wording: where the
// threshold comes from.
func noteOf(text string) string {
	text = strings.TrimSpace(text)
	if !strings.HasSuffix(text, ")") {
		return ""
	}
	if i := strings.LastIndex(text, " ("); i >= 0 {
		return text[i+1:]
	}
	return ""
}

// failureIssueText rewords a failure's issue ("call dropped mid-call:
// Call dropped: …") as the failure notice does.
func failureIssueText(text string) string {
	stage := model.FailureStage("")
	rest := text
	for prefix, st := range map[string]model.FailureStage{"call dropped mid-call": model.FailureStageMidcall, "call setup failed": model.FailureStageCallSetup} {
		if r, ok := strings.CutPrefix(text, prefix); ok {
			stage, rest = st, strings.TrimPrefix(strings.TrimSpace(r), ":")
		}
	}
	if stage == "" {
		if r, ok := strings.CutPrefix(text, "failure at "); ok {
			st, after, _ := strings.Cut(r, " stage")
			if st != "unreported" {
				stage = model.FailureStage(st)
			}
			rest = strings.TrimPrefix(strings.TrimSpace(after), ":")
		}
	}
	if stage == "" && rest == text {
		return upperFirst(text)
	}
	return failureText(stage, rest)
}

// finding is a verdict on one metric: its severity and why, at hand
// beside the value, and the threshold its cell is written against.
type finding struct {
	Severity  string
	Reasons   []string
	threshold *float64
}

// add records one more reason, keeping the worse severity.
func (f *finding) add(severity, reason string, threshold *float64) {
	if f.Severity != "red" {
		f.Severity = severity
	}
	if f.threshold == nil {
		f.threshold = threshold
	}
	for _, r := range f.Reasons {
		if r == reason {
			return
		}
	}
	f.Reasons = append(f.Reasons, reason)
}

// findings indexes a session's verdicts by where they point: a stream's
// metric, or a side's metric in a segment (networks and devices).
type findings struct {
	stream map[string]map[string]*finding // stream id → metric
	side   map[string]map[string]*finding // "caller/0" → metric
}

func sideKey(side string, segment int) string { return fmt.Sprintf("%s/%d", side, segment) }

// sessionFindings reads a session's issues and its streams' reasons. A
// reason of a poor stream is red: it is what made the stream poor.
func sessionFindings(s wire.SessionOverview) findings {
	f := findings{stream: map[string]map[string]*finding{}, side: map[string]map[string]*finding{}}
	at := func(m map[string]map[string]*finding, key, metric string) *finding {
		if m[key] == nil {
			m[key] = map[string]*finding{}
		}
		if m[key][metric] == nil {
			m[key][metric] = &finding{}
		}
		return m[key][metric]
	}
	for _, is := range s.Issues {
		if is.Metric == "" {
			continue
		}
		text := reasonText(is.Metric, is.Value, is.Threshold, is.Op, is.Unit, is.Reason)
		if is.StreamID != "" {
			at(f.stream, is.StreamID, is.Metric).add(string(is.Severity), text, is.Threshold)
		} else if is.SegmentIndex != nil && is.Side != "" {
			at(f.side, sideKey(is.Side, *is.SegmentIndex), is.Metric).add(string(is.Severity), text, is.Threshold)
		}
	}
	for _, g := range s.Segments {
		for _, m := range g.Media {
			for _, x := range m.Streams {
				id := x.StreamID.Value()
				if x.Quality != model.QualityPoor || id == "" {
					continue
				}
				for _, r := range x.Reasons {
					if r.Metric != "" {
						at(f.stream, id, r.Metric).add("red", reasonText(r.Metric, r.Value, r.Threshold, r.Op, r.Unit, r.Text), r.Threshold)
					}
				}
			}
		}
	}
	return f
}
