package console

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxPlausibleDuration is the longest a call or meeting can last: Teams
// ends meetings at 30 hours. A longer span comes from a wrong start or
// end time in the record, and is flagged rather than printed as if fine.
const MaxPlausibleDuration = 30 * time.Hour

// implausibleMark follows a duration that cannot be right;
// ImplausibleNote, printed once under a table or a call, says why.
const (
	implausibleMark = " ⚠"
	ImplausibleNote = "⚠ longer than 30 hours, Teams' longest meeting: the record's start or end time is wrong"
)

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// duration is the span from start to end, "-" when either is unknown
// or end comes first, flagged when longer than MaxPlausibleDuration.
func duration(start, end time.Time) string {
	d, ok := span(start, end)
	if !ok {
		return "-"
	}
	s := d.Round(time.Second).String()
	if d > MaxPlausibleDuration {
		s += implausibleMark
	}
	return s
}

func span(start, end time.Time) (time.Duration, bool) {
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return 0, false
	}
	return end.Sub(start), true
}

func implausible(start, end time.Time) bool {
	d, ok := span(start, end)
	return ok && d > MaxPlausibleDuration
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// Plural is n and the noun agreeing with it: "1 session", "2 sessions".
// Nouns whose plural is not the singular and an s give both forms.
func Plural(n int, forms ...string) string {
	one, many := forms[0], forms[0]+"s"
	if len(forms) > 1 {
		many = forms[1]
	}
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// percent prints a share held as a fraction (0.0123) as people read it
// everywhere else in callscope's tables and in `show`: "1.23%".
func percent(fraction float64, places int) string {
	return strconv.FormatFloat(fraction*100, 'f', places, 64) + "%"
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// issueCounts is "2 red, 1 yellow", "-" for none.
func issueCounts(red, yellow int) string {
	var parts []string
	if red > 0 {
		parts = append(parts, fmt.Sprintf("%d red", red))
	}
	if yellow > 0 {
		parts = append(parts, fmt.Sprintf("%d yellow", yellow))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}
