package console

import (
	"fmt"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// Style decides how verdicts are marked. Colour is only ever added to a
// word and a symbol, never used alone, so that the output reads the same
// without colour, on a screen reader or in a log file.
type Style struct {
	Color bool
}

const (
	ansiRed    = "\x1b[31;1m"
	ansiYellow = "\x1b[33;1m"
	ansiGreen  = "\x1b[32m"
	ansiDim    = "\x1b[2m"
	ansiReset  = "\x1b[0m"
)

func (s Style) paint(code, text string) string {
	if !s.Color {
		return text
	}
	return code + text + ansiReset
}

// Rating marks a session or call rating: "✖ POOR", "✔ good", "? unavailable".
func (s Style) Rating(r model.Rating) string {
	switch r {
	case model.RatingPoor:
		return s.paint(ansiRed, "✖ POOR")
	case model.RatingGood:
		return s.paint(ansiGreen, "✔ good")
	case model.RatingUnavailable:
		return s.paint(ansiDim, "? unavailable")
	}
	return "not judged"
}

// Quality marks a stream's classification.
func (s Style) Quality(q model.StreamQuality) string {
	switch q {
	case model.QualityPoor:
		return s.paint(ansiRed, "✖ POOR")
	case model.QualityGood:
		return s.paint(ansiGreen, "✔ good")
	case model.QualityUnclassified:
		return s.paint(ansiDim, "○ unclassified")
	}
	return "not judged"
}

// Severity marks an issue: "✖ RED" or "▲ yellow".
func (s Style) Severity(v model.Severity) string {
	switch v {
	case model.SeverityRed:
		return s.paint(ansiRed, "✖ RED")
	case model.SeverityYellow:
		return s.paint(ansiYellow, "▲ yellow")
	}
	return string(v)
}

// issueLine describes one issue: where, what, and against which line.
func issueLine(st Style, is model.Issue) string {
	var b strings.Builder
	b.WriteString(st.Severity(is.Severity))
	b.WriteString(" " + is.Area + ": " + is.Reason)
	var where []string
	if is.Side != "" {
		where = append(where, is.Side)
	}
	if is.SegmentIndex != nil {
		where = append(where, fmt.Sprintf("segment %d", *is.SegmentIndex+1))
	}
	if is.StreamID != "" {
		where = append(where, "stream "+is.StreamID)
	}
	if len(where) > 0 {
		b.WriteString(" (" + strings.Join(where, ", ") + ")")
	}
	return b.String()
}

// reasonText joins a stream's reasons.
func reasonText(rs []model.Reason) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Text)
	}
	return strings.Join(parts, "; ")
}
