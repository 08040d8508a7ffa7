package wire

import (
	"time"

	"github.com/callscope/callscope/internal/model"
)

// The PSTN and Direct Routing reports (GET /api/v1/reports/pstn,
// /api/v1/reports/direct-routing, /api/v1/reports/usage-rows), computed
// from Graph's PSTN and direct-routing usage rows.

// UsageMeasures are the figures of a group of usage rows.
type UsageMeasures struct {
	// Calls counts the rows.
	Calls int64 `json:"calls"`
	// Attempts counts the rows that say whether the call was
	// established (direct routing), Successful those that were.
	Attempts   int64 `json:"attempts"`
	Successful int64 `json:"successful"`
	// SuccessRate is Successful of Attempts in percent; NER the Network
	// Effectiveness Ratio (attempts that reached the called party, who
	// may have been busy or declined), in percent; null without attempts.
	SuccessRate *float64 `json:"successRate"`
	NER         *float64 `json:"ner"`
	// Minutes is the duration of every row.
	Minutes float64 `json:"minutes"`
	// AverageSeconds is the average duration of the calls that took
	// place; null without any.
	AverageSeconds *float64 `json:"averageSeconds"`
	// Charges are by currency; empty where Graph gives none (direct
	// routing).
	Charges []UsageCharge `json:"charges"`
}

// UsageCharge is what calls cost in one currency.
type UsageCharge struct {
	// Currency is "" when the rows did not say.
	Currency         string  `json:"currency"`
	Charge           float64 `json:"charge"`
	ConnectionCharge float64 `json:"connectionCharge"`
}

// UsageReport is GET /api/v1/reports/pstn: usage rows grouped.
type UsageReport struct {
	Since   *time.Time    `json:"since,omitempty"`
	Until   *time.Time    `json:"until,omitempty"`
	GroupBy []string      `json:"groupBy"`
	Filters []string      `json:"filters"`
	Totals  UsageMeasures `json:"totals"`
	// Groups counts the groups before top kept the first.
	Groups int              `json:"groups"`
	Rows   []UsageReportRow `json:"rows"`
}

// UsageReportRow is one group of a usage report.
type UsageReportRow struct {
	// Key has one member per dimension of groupBy: the value, null where
	// unknown. Phone numbers are masked; numbers that differ only in
	// masked digits are one group.
	Key map[string]*string `json:"key"`
	// User names the user of a group keyed by user.
	User *UsageUser `json:"user,omitempty"`
	UsageMeasures
	// Rows lists the group's usage rows (the drill-down).
	Rows string `json:"rows,omitempty"`
}

// UsageUser names a user of the usage rows; null where unknown.
type UsageUser struct {
	DisplayName       *string `json:"displayName"`
	UserPrincipalName *string `json:"userPrincipalName"`
}

// DirectRoutingHealth is GET /api/v1/reports/direct-routing: each SBC's
// attempts, success, Network Effectiveness Ratio and call duration, as
// the Teams admin center's Direct Routing health dashboard shows them,
// with the trend per day and the final SIP codes.
type DirectRoutingHealth struct {
	Since   *time.Time    `json:"since,omitempty"`
	Until   *time.Time    `json:"until,omitempty"`
	Filters []string      `json:"filters"`
	Totals  UsageMeasures `json:"totals"`
	// SBCs are worst success rate first.
	SBCs []SBCHealth `json:"sbcs"`
	// Trend is the selection per day, oldest first.
	Trend []UsageDay `json:"trend"`
	// SIPCodes are the final SIP codes and Microsoft's subcodes, most
	// frequent first.
	SIPCodes []SIPCodeCount `json:"sipCodes"`
}

// SBCHealth is one SBC's figures over the window.
type SBCHealth struct {
	// Trunk is the SBC's FQDN, null for rows that name none.
	Trunk *string `json:"trunk"`
	UsageMeasures
	// Change is the success rate of the window's second half less its
	// first half's, in points; null when either half has no attempts.
	Change *float64 `json:"change"`
	// Degrading marks an SBC whose success rate fell by
	// DegradingPoints or more between the halves, with enough attempts
	// in each to tell.
	Degrading bool `json:"degrading"`
	// TopFailure is the most frequent final SIP code of its failed
	// attempts; null without failures.
	TopFailure *SIPCodeCount `json:"topFailure"`
	// Days are its attempts and success rate per day, oldest first.
	Days []UsageDay `json:"days"`
	Rows string     `json:"rows,omitempty"`
}

// UsageDay is a day's figures.
type UsageDay struct {
	Day string `json:"day"`
	UsageMeasures
	Rows string `json:"rows,omitempty"`
}

// SIPCodeCount is how many attempts ended with one final SIP code and
// Microsoft subcode.
type SIPCodeCount struct {
	// Code and SubReason are null where the rows do not say.
	Code      *int64  `json:"finalSipCode"`
	SubReason *int64  `json:"callEndSubReason"`
	Phrase    *string `json:"finalSipCodePhrase"`
	Calls     int64   `json:"calls"`
	// Failed counts the attempts that were not established.
	Failed int64 `json:"failed"`
	// Share is Calls of the selection's attempts, in percent.
	Share *float64 `json:"share"`
	Rows  string   `json:"rows,omitempty"`
}

// UsageRowItem is one usage row of a drill-down, as the caller's role may
// see it, phone numbers masked.
type UsageRowItem struct {
	// Key is what the row is stored under: its id, or a hash of its
	// content.
	Key string          `json:"key"`
	Row *model.UsageRow `json:"row"`
	// CallRecordID is the stored call record the row belongs to, and
	// Detail its address in the API; absent when none is stored.
	CallRecordID string `json:"callRecordId,omitempty"`
	Detail       string `json:"detail,omitempty"`
}

// UsageRows is GET /api/v1/reports/usage-rows: a page of usage rows,
// newest first.
type UsageRows struct {
	Since   *time.Time     `json:"since,omitempty"`
	Until   *time.Time     `json:"until,omitempty"`
	Filters []string       `json:"filters"`
	Rows    []UsageRowItem `json:"rows"`
	Next    string         `json:"next,omitempty"`
}
