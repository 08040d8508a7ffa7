package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/callscope/callscope/internal/model"
)

// telRowsPage is one page of usage rows.
type telRowsPage struct {
	Window  string
	Filters []filterChip
	Rows    []telUsageRow
	// Back returns to the report; First and Next page through the rows.
	Back, BackLabel string
	First, Next     string
	CSV             string
}

// telUsageRow is a usage row as the list shows it. A value the API
// marked withheld (Microsoft withheld it, or retention cleared it) says
// so.
type telUsageRow struct {
	Start, Kind, CallType, Country, Trunk string
	User, UPN                             string
	UserWithheld                          bool
	From, To                              string
	// Result is "established" or "failed", with the SIP code and
	// Microsoft's subcode and phrase.
	Result, Code string
	Failed       bool
	Duration     string
	Charge       string
	// Call is the stored call's page; "" when it is not stored.
	Call string
}

// usageRowsAnswer is the API's page of usage rows, each row kept raw as
// well, for its withheld marks.
type usageRowsAnswer struct {
	Rows []struct {
		Key          string          `json:"key"`
		Row          json.RawMessage `json:"row"`
		CallRecordID string          `json:"callRecordId"`
	} `json:"rows"`
	Next string `json:"next"`
}

// telephonyRowsPage is GET /telephony/rows: the usage rows of the
// selection (a group of a report), newest first, a page at a time, each
// leading to its call when that is stored.
func (s *Server) telephonyRowsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	q := r.URL.Query()
	d := readTelQuery(q)
	back, label := "/telephony", "PSTN usage"
	if d.filterValue("kind") == "directRouting" {
		back, label = "/telephony/direct-routing", "Direct Routing health"
	}
	pd := telRowsPage{Window: d.windowText(), Filters: telChips(d, "/telephony/rows"), Back: back + "?" + d.values().Encode(),
		BackLabel: label, CSV: d.telDownload("rows", nil)}
	v := d.apiValues()
	if c := q.Get("cursor"); c != "" {
		v.Set("cursor", c)
		pd.First = "/telephony/rows?" + d.values().Encode()
	}
	var ans usageRowsAnswer
	if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/reports/usage-rows", v, &ans); err != nil {
		return err
	}
	for _, it := range ans.Rows {
		row, err := telUsageRowOf(it.Row)
		if err != nil {
			return fmt.Errorf("usage row %s: %w", it.Key, err)
		}
		if it.CallRecordID != "" {
			row.Call = "/calls/" + url.PathEscape(it.CallRecordID)
		}
		pd.Rows = append(pd.Rows, row)
	}
	if ans.Next != "" {
		if u, err := url.Parse(ans.Next); err == nil && u.Query().Get("cursor") != "" {
			nv := d.values()
			nv.Set("cursor", u.Query().Get("cursor"))
			pd.Next = "/telephony/rows?" + nv.Encode()
		}
	}
	return s.show(w, r, ss, "telephonyrows", "telephony", "Usage rows", pd)
}

// telUsageRowOf reads a row as the API sent it.
func telUsageRowOf(raw json.RawMessage) (telUsageRow, error) {
	var r model.UsageRow
	var marks map[string]json.RawMessage
	if err := json.Unmarshal(raw, &r); err != nil {
		return telUsageRow{}, err
	}
	if err := json.Unmarshal(raw, &marks); err != nil {
		return telUsageRow{}, err
	}
	withheld := func(name string) bool { return string(marks[name+"Withheld"]) == "true" }
	out := telUsageRow{Kind: telValue("kind", string(r.Kind)), CallType: r.CallType.Value(), Country: r.UsageCountryCode.Value(),
		Trunk: r.TrunkFQDN.Value(), User: r.UserDisplayName.Value(), UPN: r.UserPrincipalName.Value(),
		From: r.CallerNumber.Value(), To: r.CalleeNumber.Value()}
	out.UserWithheld = out.User == "" && withheld("userDisplayName")
	if out.Country == "" {
		out.Country = r.UserCountryCode.Value()
	}
	if t, ok := r.StartDateTime.Get(); ok {
		out.Start = t.UTC().Format("2006-01-02 15:04:05")
	}
	switch ok, known := r.SuccessfulCall.Get(); {
	case !known:
	case ok:
		out.Result = "established"
	default:
		out.Result, out.Failed = "failed", true
	}
	if code, ok := r.FinalSIPCode.Get(); ok {
		c, sub := code, r.CallEndSubReason.Ptr()
		out.Code = telCodeText(&c, sub, r.FinalSIPCodePhrase.Ptr())
	}
	if sec, ok := r.Duration.Get(); ok {
		f := float64(sec)
		out.Duration = durationText(&f)
	}
	if c, ok := r.Charge.Get(); ok {
		out.Charge = strconv.FormatFloat(c+r.ConnectionCharge.Value(), 'f', 2, 64) + " " + r.Currency.Value()
	}
	return out, nil
}
