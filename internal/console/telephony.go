package console

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
)

// WriteUsageReport prints the PSTN usage report: the totals, then a
// line per group, phone numbers as masked as the report has them.
func WriteUsageReport(w io.Writer, r *wire.UsageReport) error {
	pw := &printer{w: w}
	pw.line(0, "PSTN and Direct Routing usage %s%s", telWindowText(r.Since, r.Until), telFiltersText(r.Filters))
	pw.line(0, "%s calls, %s minutes%s", telCountOf(r.Totals.Calls), telMinutesOf(r.Totals.Minutes), telChargesText(r.Totals.Charges, ", "))
	if len(r.GroupBy) == 0 {
		return pw.err
	}
	cols := make([]Column, 0, len(r.GroupBy)+8)
	withUser := false
	for _, d := range r.GroupBy {
		cols = append(cols, Text(d))
		withUser = withUser || d == "user"
	}
	if withUser {
		cols = append(cols, Text("name"))
	}
	cols = append(cols, Num("calls"), Num("minutes"), Num("avg duration"), Num("attempts"), Num("success"), Num("NER"), Text("charges"))
	t := NewTable(cols...)
	for _, row := range r.Rows {
		cells := make([]string, 0, len(cols))
		for _, d := range r.GroupBy {
			cells = append(cells, telKeyText(row.Key[d]))
		}
		if withUser {
			name := ""
			if row.User != nil {
				name = firstNonEmpty(telDeref(row.User.DisplayName), telDeref(row.User.UserPrincipalName))
			}
			cells = append(cells, orDash(name))
		}
		cells = append(cells, telCountOf(row.Calls), telMinutesOf(row.Minutes), telSecondsOf(row.AverageSeconds), telCountOf(row.Attempts),
			telRateOf(row.SuccessRate), telRateOf(row.NER), orDash(telChargesText(row.Charges, "")))
		t.Row(cells...)
	}
	pw.line(0, "")
	pw.table(t)
	if r.Groups > len(r.Rows) {
		pw.line(0, "the first %d of %d groups (--top)", len(r.Rows), r.Groups)
	}
	return pw.err
}

// WriteDirectRouting prints the Direct Routing health report: the
// totals, the SBCs worst first, the days and the final SIP codes.
func WriteDirectRouting(w io.Writer, h *wire.DirectRoutingHealth) error {
	pw := &printer{w: w}
	pw.line(0, "Direct Routing health %s%s", telWindowText(h.Since, h.Until), telFiltersText(h.Filters))
	pw.line(0, "%s attempts, %s established, NER %s, average call %s", telCountOf(h.Totals.Attempts), telRateOf(h.Totals.SuccessRate),
		telRateOf(h.Totals.NER), telSecondsOf(h.Totals.AverageSeconds))
	pw.line(0, "\nSBCs, worst success rate first")
	if len(h.SBCs) == 0 {
		pw.line(0, "no direct-routing calls")
	} else {
		t := NewTable(Text("SBC"), Num("attempts"), Num("success"), Num("NER"), Num("avg duration"), Num("change"), Text("state"), Text("main failure"))
		for _, s := range h.SBCs {
			state := "ok"
			if s.Degrading {
				state = "DEGRADING"
			}
			t.Row(telKeyText(s.Trunk), telCountOf(s.Attempts), telRateOf(s.SuccessRate), telRateOf(s.NER), telSecondsOf(s.AverageSeconds),
				telPointsOf(s.Change), state, telFailureText(s.TopFailure))
		}
		pw.table(t)
	}
	pw.line(0, "\nPer day")
	d := NewTable(Text("day"), Num("attempts"), Num("success"), Num("NER"), Num("avg duration"))
	for _, day := range h.Trend {
		d.Row(day.Day, telCountOf(day.Attempts), telRateOf(day.SuccessRate), telRateOf(day.NER), telSecondsOf(day.AverageSeconds))
	}
	pw.table(d)
	pw.line(0, "\nFinal SIP codes")
	c := NewTable(Num("SIP code"), Num("subcode"), Text("phrase"), Num("calls"), Num("failed"), Num("share"))
	for _, x := range h.SIPCodes {
		c.Row(telIntText(x.Code), telIntText(x.SubReason), orDash(telDeref(x.Phrase)), telCountOf(x.Calls), telCountOf(x.Failed), telRateOf(x.Share))
	}
	pw.table(c)
	return pw.err
}

func telWindowText(since, until *time.Time) string {
	switch {
	case since != nil && until != nil:
		return "from " + since.UTC().Format("2006-01-02 15:04") + " to " + until.UTC().Format("2006-01-02 15:04") + " (UTC)"
	case since != nil:
		return "since " + since.UTC().Format("2006-01-02 15:04") + " (UTC)"
	}
	return "of every stored row"
}

func telFiltersText(fs []string) string {
	if len(fs) == 0 {
		return ""
	}
	return ", " + strings.Join(fs, " and ")
}

func telKeyText(v *string) string {
	if v == nil {
		return "(unknown)"
	}
	return *v
}

func telDeref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func telCountOf(n int64) string { return strconv.FormatInt(n, 10) }

func telMinutesOf(m float64) string { return strconv.FormatFloat(m, 'f', 1, 64) }

func telSecondsOf(v *float64) string {
	if v == nil {
		return "–"
	}
	return (time.Duration(*v) * time.Second).Round(time.Second).String()
}

// telRateOf prints a percentage (0–100), "–" without attempts.
func telRateOf(v *float64) string {
	if v == nil {
		return "–"
	}
	return percent(*v/100, 1)
}

func telPointsOf(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%+.1f pts", *v)
}

func telIntText(v *int64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatInt(*v, 10)
}

func telFailureText(f *wire.SIPCodeCount) string {
	if f == nil {
		return "–"
	}
	s := telIntText(f.Code) + "/" + telIntText(f.SubReason)
	if f.Phrase != nil {
		s += " " + *f.Phrase
	}
	return fmt.Sprintf("%s (%d)", s, f.Calls)
}

func telChargesText(cs []wire.UsageCharge, lead string) string {
	var parts []string
	for _, c := range cs {
		cur := c.Currency
		if cur == "" {
			cur = "(no currency)"
		}
		amount := strconv.FormatFloat(c.Charge+c.ConnectionCharge, 'f', 2, 64)
		parts = append(parts, amount+" "+cur)
	}
	if len(parts) == 0 {
		return ""
	}
	return lead + strings.Join(parts, ", ")
}
