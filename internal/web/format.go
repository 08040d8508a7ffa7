package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
)

// funcs are the template functions: formatting only, no decisions.
var funcs = template.FuncMap{
	"rating":   ratingMark,
	"severity": severityMark,
	"when":     when,
	"clock":    clock,
	"dur":      durationText,
	"pct":      pctText,
	"num":      numText,
	"title":    humanize,
	"inc":      func(i int) int { return i + 1 },
	"ptime":    func(t time.Time) *time.Time { return &t },
}

// mark is how a verdict is shown: a class for the colour, an icon and a
// word, so that nobody needs to tell red from yellow to read it.
type mark struct {
	Class, Icon, Label string
}

// ratingMark shows a rating or stream quality.
func ratingMark(r string) mark {
	switch r {
	case "good":
		return mark{"good", "✔", "Good"}
	case "poor":
		return mark{"red", "✖", "Poor"}
	case "unavailable":
		return mark{"none", "?", "Unavailable"}
	case "unclassified":
		return mark{"none", "?", "Unclassified"}
	case "":
		return mark{"none", "–", "Not judged"}
	}
	return mark{"none", "?", humanize(r)}
}

// severityMark shows an issue's severity.
func severityMark(s string) mark {
	switch s {
	case "red":
		return mark{"red", "✖", "Red"}
	case "yellow":
		return mark{"yellow", "▲", "Yellow"}
	}
	return mark{}
}

// when is a time as support staff read it: date and minute, in UTC
// (the server's data is UTC; the zone is said, not guessed).
func when(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "withheld"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// clock is the time of day of t.
func clock(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "?"
	}
	return t.UTC().Format("15:04:05")
}

// durationText is a length in seconds as "1 h 5 min", "47 min 3 s",
// "19 s".
func durationText(sec *float64) string {
	if sec == nil {
		return "unknown"
	}
	d := time.Duration(*sec * float64(time.Second)).Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%d h %d min", h, m)
	case m > 0:
		return fmt.Sprintf("%d min %d s", m, s)
	}
	return fmt.Sprintf("%d s", s)
}

// pctText is a percentage already in percent.
func pctText(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", *v)
}

// numText is a count or measure, without needless decimals.
func numText(v *float64) string {
	if v == nil {
		return "–"
	}
	if *v == math.Trunc(*v) && math.Abs(*v) < 1e15 {
		return fmt.Sprintf("%.0f", *v)
	}
	return fmt.Sprintf("%.2f", *v)
}

// humanize turns a JSON member name into words: "averageJitter" →
// "Average jitter".
func humanize(name string) string {
	var b strings.Builder
	for i, r := range name {
		switch {
		case i == 0:
			b.WriteString(strings.ToUpper(string(r)))
		case r >= 'A' && r <= 'Z':
			prev := name[i-1]
			if prev < 'A' || prev > 'Z' {
				b.WriteByte(' ')
			}
			b.WriteRune(r + ('a' - 'A'))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
