package web

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// metricKind says how a metric's value is written.
type metricKind int

const (
	kindText     metricKind = iota
	kindDuration            // ISO 8601 duration, shown in ms
	kindRatio               // 0..1, shown in percent
	kindPercent             // already in percent
	kindNumber
	kindFPS
	kindBPS
)

// streamMetric is one row of a stream table: a member of the API's
// stream overview, in the order Call Analytics shows them.
type streamMetric struct {
	name, label string
	kind        metricKind
}

var streamMetrics = []streamMetric{
	{"audioCodec", "Audio codec", kindText},
	{"videoCodec", "Video codec", kindText},
	{"averageJitter", "Average jitter", kindDuration},
	{"maxJitter", "Maximum jitter", kindDuration},
	{"averageAudioNetworkJitter", "Average network jitter", kindDuration},
	{"averagePacketLossRate", "Average packet loss", kindRatio},
	{"maxPacketLossRate", "Maximum packet loss", kindRatio},
	{"postForwardErrorCorrectionPacketLossRate", "Packet loss after FEC", kindRatio},
	{"averageRoundTripTime", "Average round trip", kindDuration},
	{"maxRoundTripTime", "Maximum round trip", kindDuration},
	{"averageRatioOfConcealedSamples", "Concealed samples", kindRatio},
	{"averageAudioDegradation", "Audio degradation (MOS)", kindNumber},
	{"averageVideoFrameRate", "Average frame rate", kindFPS},
	{"averageReceivedFrameRate", "Received frame rate", kindFPS},
	{"averageVideoFrameLossPercentage", "Frame loss", kindPercent},
	{"averageVideoPacketLossRate", "Video packet loss", kindRatio},
	{"lowFrameRateRatio", "Low frame rate", kindRatio},
	{"averageFreezeDuration", "Average freeze", kindDuration},
	{"averageBandwidthEstimate", "Bandwidth estimate", kindBPS},
	{"wasMediaBypassed", "Media bypass", kindText},
}

// kindOf guesses how to write a member the tables above do not list (the
// advanced tab shows whatever the API sends): ratios by name.
func kindOf(name string) metricKind {
	for _, m := range streamMetrics {
		if m.name == name {
			return m.kind
		}
	}
	switch {
	case strings.HasSuffix(name, "Ratio") || strings.HasSuffix(name, "Rate") && !strings.HasSuffix(name, "GlitchRate"):
		return kindRatio
	case name == "linkSpeed":
		return kindBPS
	case name == "wifiSignalStrength" || name == "wifiBatteryCharge":
		return kindPercent
	}
	return kindText
}

// formatValue writes a JSON value of a metric as a person reads it.
func formatValue(v any, kind metricKind) string {
	switch x := v.(type) {
	case nil:
		return "withheld"
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case string:
		if kind == kindDuration {
			if d, err := model.ParseDuration(x); err == nil {
				return fmtMillis(time.Duration(d))
			}
		}
		return x
	case float64:
		switch kind {
		case kindRatio:
			return trimFloat(x*100, 2) + " %"
		case kindPercent:
			return trimFloat(x, 2) + " %"
		case kindFPS:
			return trimFloat(x, 1) + " fps"
		case kindBPS:
			return bps(x)
		}
		return trimFloat(x, 4)
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

func fmtMillis(d time.Duration) string {
	return trimFloat(float64(d)/float64(time.Millisecond), 1) + " ms"
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
	return s
}

// finding is a verdict on one metric: its severity and why, at hand
// beside the value.
type finding struct {
	Severity string
	Reasons  []string
}

// add records one more reason, keeping the worse severity.
func (f *finding) add(severity, reason string) {
	if f.Severity != "red" {
		f.Severity = severity
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
func sessionFindings(s sessionView) findings {
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
		if is.StreamID != "" {
			at(f.stream, is.StreamID, is.Metric).add(string(is.Severity), is.Reason)
		} else if is.SegmentIndex != nil && is.Side != "" {
			at(f.side, sideKey(is.Side, *is.SegmentIndex), is.Metric).add(string(is.Severity), is.Reason)
		}
	}
	for _, g := range s.Segments {
		for _, m := range g.Media {
			for _, x := range m.Streams {
				id, _ := x["streamId"].(string)
				if q, _ := x["quality"].(string); q != "poor" || id == "" {
					continue
				}
				for _, r := range reasonsOf(x) {
					if r.Metric != "" {
						at(f.stream, id, r.Metric).add("red", r.Text)
					}
				}
			}
		}
	}
	return f
}

// reasonsOf reads a stream's reasons from its JSON.
func reasonsOf(x map[string]any) []model.Reason {
	raw, ok := x["reasons"]
	if !ok {
		return nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil
	}
	var out []model.Reason
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}
