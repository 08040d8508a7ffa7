package telephony

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// The downloads are CSV with a header row, one row per group, day, code
// or usage row; an unknown value is an empty cell, and charges have a
// column per currency.

var measureHeader = []string{"calls", "attempts", "successful", "successRate", "ner", "minutes", "averageSeconds"}

func measureCells(m wire.UsageMeasures) []string {
	return []string{itoa(m.Calls), itoa(m.Attempts), itoa(m.Successful), fnum(m.SuccessRate), fnum(m.NER),
		ftoa(m.Minutes), fnum(m.AverageSeconds)}
}

// currencies are the currencies of rows' charges, sorted.
func currencies(ms []wire.UsageMeasures) []string {
	var out []string
	for _, m := range ms {
		for _, c := range m.Charges {
			if !slices.Contains(out, c.Currency) {
				out = append(out, c.Currency)
			}
		}
	}
	slices.Sort(out)
	return out
}

func chargeHeader(curs []string) []string {
	var out []string
	for _, c := range curs {
		if c == "" {
			c = "unknown"
		}
		out = append(out, "charge_"+c, "connectionCharge_"+c)
	}
	return out
}

func chargeCells(m wire.UsageMeasures, curs []string) []string {
	out := make([]string, 2*len(curs))
	for _, c := range m.Charges {
		i := slices.Index(curs, c.Currency)
		out[2*i], out[2*i+1] = ftoa(c.Charge), ftoa(c.ConnectionCharge)
	}
	return out
}

// UsageReportCSV writes a usage report's groups; a report without
// grouping, its totals.
func UsageReportCSV(w io.Writer, rep *wire.UsageReport) error {
	if len(rep.GroupBy) == 0 {
		rep = &wire.UsageReport{Rows: []wire.UsageReportRow{{UsageMeasures: rep.Totals}}}
	}
	ms := make([]wire.UsageMeasures, len(rep.Rows))
	for i, r := range rep.Rows {
		ms[i] = r.UsageMeasures
	}
	curs := currencies(ms)
	withUser := slices.Contains(rep.GroupBy, "user")
	cw := csv.NewWriter(w)
	head := slices.Clone(rep.GroupBy)
	if withUser {
		head = append(head, "userDisplayName", "userPrincipalName")
	}
	head = append(append(head, measureHeader...), chargeHeader(curs)...)
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range rep.Rows {
		var cells []string
		for _, d := range rep.GroupBy {
			cells = append(cells, str(r.Key[d]))
		}
		if withUser {
			var name, upn *string
			if r.User != nil {
				name, upn = r.User.DisplayName, r.User.UserPrincipalName
			}
			cells = append(cells, str(name), str(upn))
		}
		cells = append(append(cells, measureCells(r.UsageMeasures)...), chargeCells(r.UsageMeasures, curs)...)
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Tables of the Direct Routing health report that download.
const (
	TableSBCs     = "sbcs"
	TableTrend    = "trend"
	TableSIPCodes = "sipCodes"
)

// HealthTables are the tables of the Direct Routing health report.
var HealthTables = []string{TableSBCs, TableTrend, TableSIPCodes}

// DirectRoutingCSV writes one table of the Direct Routing health report.
func DirectRoutingCSV(w io.Writer, h *wire.DirectRoutingHealth, table string) error {
	cw := csv.NewWriter(w)
	var rows [][]string
	switch table {
	case TableSBCs:
		rows = append(rows, append(append([]string{"trunk"}, measureHeader...), "change", "degrading",
			"topFailureCode", "topFailureSubReason", "topFailurePhrase", "topFailureCalls"))
		for _, s := range h.SBCs {
			cells := append(append([]string{str(s.Trunk)}, measureCells(s.UsageMeasures)...), fnum(s.Change), strconv.FormatBool(s.Degrading))
			if f := s.TopFailure; f != nil {
				cells = append(cells, inum(f.Code), inum(f.SubReason), str(f.Phrase), itoa(f.Calls))
			} else {
				cells = append(cells, "", "", "", "")
			}
			rows = append(rows, cells)
		}
	case TableTrend:
		rows = append(rows, append([]string{"day"}, measureHeader...))
		for _, d := range h.Trend {
			rows = append(rows, append([]string{d.Day}, measureCells(d.UsageMeasures)...))
		}
	case TableSIPCodes:
		rows = append(rows, []string{"finalSipCode", "callEndSubReason", "finalSipCodePhrase", "calls", "failed", "share"})
		for _, c := range h.SIPCodes {
			rows = append(rows, []string{inum(c.Code), inum(c.SubReason), str(c.Phrase), itoa(c.Calls), itoa(c.Failed), fnum(c.Share)})
		}
	default:
		return fmt.Errorf("direct routing table %q: want one of %v", table, HealthTables)
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// RowsCSV writes usage rows, one line each, header first.
type RowsCSV struct {
	cw     *csv.Writer
	headed bool
}

// NewRowsCSV writes usage rows to w; Flush ends the file.
func NewRowsCSV(w io.Writer) *RowsCSV { return &RowsCSV{cw: csv.NewWriter(w)} }

var rowsHeader = []string{"startDateTime", "endDateTime", "kind", "key", "userDisplayName", "userPrincipalName", "userId",
	"callerNumber", "calleeNumber", "callType", "usageCountryCode", "userCountryCode", "trunk", "successfulCall",
	"finalSipCode", "callEndSubReason", "finalSipCodePhrase", "duration", "charge", "connectionCharge", "currency",
	"correlationId", "callId", "callRecordId"}

// Write writes one row.
func (c *RowsCSV) Write(it wire.UsageRowItem) error {
	if !c.headed {
		c.headed = true
		if err := c.cw.Write(rowsHeader); err != nil {
			return err
		}
	}
	r := it.Row
	return c.cw.Write([]string{optTime(r.StartDateTime), optTime(r.EndDateTime), string(r.Kind), it.Key,
		r.UserDisplayName.Value(), r.UserPrincipalName.Value(), r.UserID.Value(), r.CallerNumber.Value(), r.CalleeNumber.Value(),
		r.CallType.Value(), r.UsageCountryCode.Value(), r.UserCountryCode.Value(), r.TrunkFQDN.Value(), optBool(r.SuccessfulCall),
		optInt(r.FinalSIPCode), optInt(r.CallEndSubReason), r.FinalSIPCodePhrase.Value(), optInt(r.Duration),
		optFloat(r.Charge), optFloat(r.ConnectionCharge), r.Currency.Value(), r.CorrelationID.Value(), r.CallID.Value(), it.CallRecordID})
}

// Flush writes the header of an empty file, and what is buffered.
func (c *RowsCSV) Flush() error {
	if !c.headed {
		c.headed = true
		if err := c.cw.Write(rowsHeader); err != nil {
			return err
		}
	}
	c.cw.Flush()
	return c.cw.Error()
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func itoa(n int64) string   { return strconv.FormatInt(n, 10) }
func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func fnum(p *float64) string {
	if p == nil {
		return ""
	}
	return ftoa(*p)
}

func inum(p *int64) string {
	if p == nil {
		return ""
	}
	return itoa(*p)
}

func optTime(o model.Opt[time.Time]) string {
	if t, ok := o.Get(); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return ""
}

func optBool(o model.Opt[bool]) string {
	if v, ok := o.Get(); ok {
		return strconv.FormatBool(v)
	}
	return ""
}

func optInt(o model.Opt[int64]) string {
	if v, ok := o.Get(); ok {
		return itoa(v)
	}
	return ""
}

func optFloat(o model.Opt[float64]) string {
	if v, ok := o.Get(); ok {
		return ftoa(v)
	}
	return ""
}
