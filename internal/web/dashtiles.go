package web

import (
	"fmt"
	"math"
)

// tileMeasures are the headline figures of the window, asked for the
// window and for the one before it.
const tileMeasures = "streams,calls,poor,poorPct,setupFailures,setupFailurePct,drops,dropPct"

// tile is one headline figure with its change since the previous window.
type tile struct {
	Label string
	Value string
	// Detail qualifies the value ("2.1 % of streams").
	Detail string
	// Change is the change against the previous window in words, ""
	// when there is nothing to compare with; Trend says whether the
	// change is for the better ("good"), the worse ("red") or neither
	// ("none"), and Arrow its direction.
	Change, Trend, Arrow string
}

// headlineTiles are streams, calls, poor %, setup failures and drops of
// cur, each against prev (nil when the previous window has no streams).
func headlineTiles(cur, prev map[string]any, days int) []tile {
	period := fmt.Sprintf("the previous %d day%s", days, plural(days))
	get := func(row map[string]any, k string) *float64 {
		if row == nil {
			return nil
		}
		return number(row[k])
	}
	count := func(label, k, pctKey, pctOf string, worseUp bool) tile {
		t := tile{Label: label, Value: countText(get(cur, k))}
		if p := get(cur, pctKey); pctKey != "" && p != nil {
			t.Detail = fmt.Sprintf("%.1f %% of %s", *p, pctOf)
		}
		t.Change, t.Trend, t.Arrow = relChange(get(cur, k), get(prev, k), worseUp, period)
		return t
	}
	poor := tile{Label: "Poor streams", Value: pctText(get(cur, "poorPct"))}
	if n := get(cur, "poor"); n != nil {
		poor.Detail = countText(n) + " poor"
	}
	poor.Change, poor.Trend, poor.Arrow = pointChange(get(cur, "poorPct"), get(prev, "poorPct"), period)
	return []tile{
		count("Streams", "streams", "", "", false),
		count("Calls and meetings", "calls", "", "", false),
		poor,
		count("Setup failures", "setupFailures", "setupFailurePct", "streams", true),
		count("Dropped", "drops", "dropPct", "streams", true),
	}
}

// relChange is the change of a count in percent. worseUp says a rise
// is bad news (failures); for volumes a change is neither.
func relChange(cur, prev *float64, worseUp bool, period string) (text, trend, arrow string) {
	if cur == nil || prev == nil || *prev == 0 {
		return "nothing to compare with in " + period, "none", ""
	}
	ch := (*cur - *prev) / *prev * 100
	if math.Abs(ch) < 0.5 {
		return "as in " + period, "none", "→"
	}
	trend, arrow = "none", "▲"
	if ch < 0 {
		arrow = "▼"
	}
	if worseUp {
		trend = map[bool]string{true: "red", false: "good"}[ch > 0]
	}
	return fmt.Sprintf("%+.0f %% against %s", ch, period), trend, arrow
}

// pointChange is the change of a percentage in points: poor % going up
// is bad news.
func pointChange(cur, prev *float64, period string) (text, trend, arrow string) {
	if cur == nil || prev == nil {
		return "nothing to compare with in " + period, "none", ""
	}
	ch := *cur - *prev
	if math.Abs(ch) < 0.05 {
		return "as in " + period, "none", "→"
	}
	if ch > 0 {
		return fmt.Sprintf("%+.1f points against %s", ch, period), "red", "▲"
	}
	return fmt.Sprintf("%+.1f points against %s", ch, period), "good", "▼"
}

// countText writes a count with thousands separated: 286,781.
func countText(v *float64) string {
	if v == nil {
		return "–"
	}
	s := fmt.Sprintf("%.0f", math.Round(*v))
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
