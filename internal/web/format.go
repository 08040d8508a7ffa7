package web

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
)

// funcs are the template functions: formatting only, no decisions.
var funcs = template.FuncMap{
	"rating":     ratingMark,
	"severity":   severityMark,
	"when":       when,
	"clock":      clock,
	"dur":        durationText,
	"pct":        pctText,
	"num":        numText,
	"ms":         msText,
	"title":      humanize,
	"inc":        func(i int) int { return i + 1 },
	"ptime":      func(t time.Time) *time.Time { return &t },
	"dimLabel":   dimLabel,
	"lowerFirst": lowerFirst,
	"whenIn":     whenIn,
	"hasZone":    func(zones []string, z string) bool { return slices.Contains(zones, z) },
	"media":      mediaLabel,
	"enum":       func(v any) string { return enumWord(fmt.Sprint(v)) },
	"joinTime":   joinTime,
}

// joinTime is when someone joined or left, to the second, in UTC: the
// date is the call's, said in its header.
func joinTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("15:04:05")
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

// msText is a duration in milliseconds, to the millisecond: percentiles
// are estimates within a bucket, so decimals would claim too much.
func msText(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f ms", *v)
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
// "Average jitter", "reflexiveIPAddress" → "Reflexive IP address".
func humanize(name string) string {
	r := []rune(name)
	var words []string
	start := 0
	for i := 1; i < len(r); i++ {
		up, prevUp := unicode.IsUpper(r[i]), unicode.IsUpper(r[i-1])
		nextLow := i+1 < len(r) && unicode.IsLower(r[i+1])
		if up && (!prevUp || nextLow) {
			words = append(words, string(r[start:i]))
			start = i
		}
	}
	if start < len(r) {
		words = append(words, string(r[start:]))
	}
	for i, w := range words {
		low := strings.ToLower(w)
		switch {
		case acronyms[low] != "":
			words[i] = acronyms[low]
		case i == 0:
			words[i] = strings.ToUpper(low[:1]) + low[1:]
		default:
			words[i] = low
		}
	}
	return strings.Join(words, " ")
}

// acronyms are written as people write them.
var acronyms = map[string]string{
	"ip": "IP", "cpu": "CPU", "mhz": "MHz", "dns": "DNS", "ssid": "SSID", "bssid": "BSSID", "mac": "MAC",
	"os": "OS", "fec": "FEC", "id": "id", "upn": "UPN", "sdk": "SDK", "vpn": "VPN", "acs": "ACS", "mcu": "MCU",
}
