package wire

import (
	"fmt"
	"strconv"
	"time"
)

// ACSReport is GET /api/v1/reports/acs: the ACS insights report of a
// window, as Azure's Voice and Video Insights workbook shows it. Every
// section but MediaQuality counts ACS participants (one per group
// participant, two per P2P call; the media server is none); MediaQuality
// is the dashboard's measures of the ACS streams. A value Microsoft
// withheld (another tenant's SDK version or OS) is null with
// valueWithheld, never the word it arrived as.
type ACSReport struct {
	Since *time.Time `json:"since,omitempty"`
	Until *time.Time `json:"until,omitempty"`
	// Filters are the participant filters applied, as given.
	Filters []string `json:"filters"`
	// Totals are the window's; Previous the window of the same length
	// before it, for comparison.
	Totals   ACSMeasures `json:"totals"`
	Previous ACSMeasures `json:"previous"`
	// Volume is calls, participants and minutes per day.
	Volume []ACSGroupRow `json:"volume"`
	// By SDK version, OS and platform, most participants first.
	BySDKVersion []ACSGroupRow `json:"bySdkVersion"`
	ByOS         []ACSGroupRow `json:"byOs"`
	ByPlatform   []ACSGroupRow `json:"byPlatform"`
	// EndReasons are the participants' end codes, subcodes and result
	// categories, explained by the published tables, most first.
	EndReasons []ACSEndReason `json:"endReasons"`
	// MediaQuality is stream quality by SDK version (client version of
	// the ACS streams), worst poor % first; MediaQualityNote says which
	// filters it follows.
	MediaQuality     []ACSMediaRow `json:"mediaQuality"`
	MediaQualityNote string        `json:"mediaQualityNote"`
	// Surveys are the end-of-call surveys' ratings and issues.
	Surveys ACSSurveys `json:"surveys"`
	// Interop splits Teams meetings ("true") from ACS-only calls.
	Interop           []ACSGroupRow `json:"interop"`
	ByCallType        []ACSGroupRow `json:"byCallType"`
	ByParticipantType []ACSGroupRow `json:"byParticipantType"`
	ByEndpointType    []ACSGroupRow `json:"byEndpointType"`
}

// ACSMeasures are what a group of participants adds up to.
type ACSMeasures struct {
	Calls        int64   `json:"calls"`
	Participants int64   `json:"participants"`
	Minutes      float64 `json:"minutes"`
	// AvgMinutes is the average participant's connected minutes.
	AvgMinutes *float64 `json:"avgParticipantMinutes"`
	// UnexpectedErrors counts participants whose result category is an
	// unexpected client or server error; UnexpectedPct is their share of
	// the participants with a result category.
	UnexpectedErrors int64    `json:"unexpectedErrors"`
	UnexpectedPct    *float64 `json:"unexpectedErrorPct"`
	// Streams and PoorStreams are the participants' legs' streams;
	// ImpactedPct is the share of participants with a poor stream.
	Streams     int64    `json:"streams"`
	PoorStreams int64    `json:"poorStreams"`
	ImpactedPct *float64 `json:"impactedPct"`
	// Surveys counts end-of-call surveys; AvgRating and PoorRatingPct
	// are of their overall ratings.
	Surveys       int64    `json:"surveys"`
	AvgRating     *float64 `json:"avgOverallRating"`
	PoorRatingPct *float64 `json:"poorOverallRatingPct"`
}

// ACSGroupRow is one value of a breakdown.
type ACSGroupRow struct {
	// Value is null when unknown or withheld (ValueWithheld).
	Value         *string `json:"value"`
	ValueWithheld bool    `json:"valueWithheld,omitempty"`
	ACSMeasures
}

// ACSEndReason is one end code, subcode and result category with what
// the published tables say of it.
type ACSEndReason struct {
	Code           *string `json:"code"`
	SubCode        *string `json:"subCode"`
	ResultCategory *string `json:"resultCategory"`
	// Meaning is the tables' explanation; Explained says how it was
	// found: "code and subcode", "subcode" (listed under another code),
	// "code" (the code's general meaning) or "" (not in the tables).
	Meaning   string `json:"meaning"`
	Explained string `json:"explained"`
	// Class is the code's SIP class (Success, Client failure…).
	Class        string   `json:"class"`
	Participants int64    `json:"participants"`
	Calls        int64    `json:"calls"`
	SharePct     *float64 `json:"sharePct"`
	// Calls lists the calls with this end: GET /api/v1/reports/acs/calls
	// with the filters that select it.
	CallsLink string `json:"callsLink"`
}

// ACSMediaRow is stream quality of one SDK version.
type ACSMediaRow struct {
	// SDKVersion is null when unknown or withheld (SDKVersionWithheld).
	SDKVersion         *string  `json:"sdkVersion"`
	SDKVersionWithheld bool     `json:"sdkVersionWithheld,omitempty"`
	Streams            float64  `json:"streams"`
	PoorPct            *float64 `json:"poorPct"`
	AvgJitterMs        *float64 `json:"avgJitterMs"`
	AvgPacketLoss      *float64 `json:"avgPacketLossRate"`
	AvgRoundTrip       *float64 `json:"avgRoundTripMs"`
}

// ACSSurveys are the surveys' ratings by kind and the issues they named.
type ACSSurveys struct {
	Surveys int64       `json:"surveys"`
	Ratings []ACSRating `json:"ratings"`
	// Issues are the most named issues, at most 50.
	Issues []ACSIssue `json:"issues"`
}

// ACSRating sums the ratings of one kind (overall, audio, video,
// screenshare); a rating is poor at or below its low-score threshold.
type ACSRating struct {
	Kind     string   `json:"kind"`
	Ratings  int64    `json:"ratings"`
	AvgScore *float64 `json:"avgScore"`
	PoorPct  *float64 `json:"poorPct"`
}

// ACSIssue is one survey issue and how many surveys named it.
type ACSIssue struct {
	Kind    string `json:"kind"`
	Issue   string `json:"issue"`
	Surveys int64  `json:"surveys"`
}

// ACSRows is GET /api/v1/reports/acs/rows: participants grouped by
// the dimensions asked for, every measure, rows in key order.
type ACSRows struct {
	GroupBy []string   `json:"groupBy"`
	Since   *time.Time `json:"since,omitempty"`
	Until   *time.Time `json:"until,omitempty"`
	Rows    []ACSRow   `json:"rows"`
}

// ACSRow is one group: its key by dimension name (null where unknown or
// withheld, the withheld ones named in Withheld), with the tables'
// meaning when grouped by end code.
type ACSRow struct {
	Key      map[string]*string `json:"key"`
	Withheld []string           `json:"withheld,omitempty"`
	Meaning  *string            `json:"meaning,omitempty"`
	ACSMeasures
	Ratings []ACSRating `json:"ratings"`
}

// ACSCallList is GET /api/v1/reports/acs/calls: the calls with the
// participants the filters select, newest first.
type ACSCallList struct {
	Calls []ACSCallItem `json:"calls"`
	// Next is the next page's link, absent on the last page.
	Next string `json:"next,omitempty"`
}

// ACSCallItem is one call of the list.
type ACSCallItem struct {
	ID            string     `json:"id"`
	StartDateTime *time.Time `json:"startDateTime"`
	CallType      string     `json:"callType"`
	Interop       bool       `json:"interop"`
	// Participants counts the call's selected participants;
	// UnexpectedErrors those of them that ended in one.
	Participants     int64   `json:"participants"`
	UnexpectedErrors int64   `json:"unexpectedErrors"`
	Minutes          float64 `json:"minutes"`
	// Detail is the call's detail route.
	Detail string `json:"detail"`
}

// Table is a section of the report as rows of text: a header and its
// rows, for a terminal and for CSV.
type Table struct {
	Title   string
	Columns []string
	Rows    [][]string
}

// ACSSections names the report's sections, in the order it shows them.
var ACSSections = []string{"volume", "sdkVersion", "os", "platform", "endReasons", "mediaQuality",
	"ratings", "issues", "interop", "callType", "participantType", "endpointType"}

// Section is one section of the report as a table; exact keeps numbers
// whole (for CSV), else they are rounded for reading.
func (r *ACSReport) Section(name string, exact bool) (Table, error) {
	f := numbers{exact}
	group := func(title, label string, rows []ACSGroupRow) Table {
		t := Table{Title: title, Columns: append([]string{label}, measureColumns...)}
		for _, row := range rows {
			t.Rows = append(t.Rows, append([]string{groupValue(row.Value, row.ValueWithheld)}, f.measures(row.ACSMeasures)...))
		}
		return t
	}
	switch name {
	case "volume":
		return group("Volume by day", "day", r.Volume), nil
	case "sdkVersion":
		return group("By SDK version", "sdkVersion", r.BySDKVersion), nil
	case "os":
		return group("By OS", "os", r.ByOS), nil
	case "platform":
		return group("By platform", "platform", r.ByPlatform), nil
	case "interop":
		rows := make([]ACSGroupRow, len(r.Interop))
		for i, row := range r.Interop {
			rows[i] = row
			if row.Value != nil {
				v := InteropLabel(*row.Value)
				rows[i].Value = &v
			}
		}
		return group("Teams interop vs ACS only", "calls", rows), nil
	case "callType":
		return group("By call type", "callType", r.ByCallType), nil
	case "participantType":
		return group("By participant type", "participantType", r.ByParticipantType), nil
	case "endpointType":
		return group("By endpoint type", "endpointType", r.ByEndpointType), nil
	case "endReasons":
		t := Table{Title: "End reasons", Columns: []string{"code", "subCode", "resultCategory", "class", "participants", "calls", "sharePct", "meaning"}}
		for _, e := range r.EndReasons {
			t.Rows = append(t.Rows, []string{text(e.Code), text(e.SubCode), text(e.ResultCategory), e.Class,
				f.count(e.Participants), f.count(e.Calls), f.num(e.SharePct), e.Meaning})
		}
		return t, nil
	case "mediaQuality":
		t := Table{Title: "Media quality by SDK version", Columns: []string{"sdkVersion", "streams", "poorPct", "avgJitterMs", "avgPacketLossRate", "avgRoundTripMs"}}
		for _, m := range r.MediaQuality {
			t.Rows = append(t.Rows, []string{groupValue(m.SDKVersion, m.SDKVersionWithheld), f.whole(&m.Streams), f.num(m.PoorPct),
				f.num(m.AvgJitterMs), f.ratio(m.AvgPacketLoss), f.num(m.AvgRoundTrip)})
		}
		return t, nil
	case "ratings":
		t := Table{Title: "Survey ratings", Columns: []string{"kind", "ratings", "avgScore", "poorPct"}}
		for _, rt := range r.Surveys.Ratings {
			t.Rows = append(t.Rows, []string{rt.Kind, f.count(rt.Ratings), f.num(rt.AvgScore), f.num(rt.PoorPct)})
		}
		return t, nil
	case "issues":
		t := Table{Title: "Survey issues", Columns: []string{"kind", "issue", "surveys"}}
		for _, is := range r.Surveys.Issues {
			t.Rows = append(t.Rows, []string{is.Kind, is.Issue, f.count(is.Surveys)})
		}
		return t, nil
	}
	return Table{}, fmt.Errorf("unknown section %q", name)
}

// Table is the rows as a table: one column per dimension, the tables'
// meaning when grouped by end code, then every measure and rating.
func (r *ACSRows) Table(exact bool) Table {
	f := numbers{exact}
	t := Table{Columns: append([]string(nil), r.GroupBy...)}
	meaning := false
	for _, row := range r.Rows {
		meaning = meaning || row.Meaning != nil
	}
	if meaning {
		t.Columns = append(t.Columns, "meaning")
	}
	t.Columns = append(t.Columns, measureColumns...)
	kinds := []string{}
	if len(r.Rows) > 0 {
		for _, rt := range r.Rows[0].Ratings {
			kinds = append(kinds, rt.Kind)
		}
	}
	for _, k := range kinds {
		t.Columns = append(t.Columns, k+"Ratings", k+"AvgScore", k+"PoorPct")
	}
	for _, row := range r.Rows {
		var cells []string
		for _, d := range r.GroupBy {
			withheld := false
			for _, w := range row.Withheld {
				withheld = withheld || w == d
			}
			cells = append(cells, groupValue(row.Key[d], withheld))
		}
		if meaning {
			cells = append(cells, text(row.Meaning))
		}
		cells = append(cells, f.measures(row.ACSMeasures)...)
		for _, rt := range row.Ratings {
			cells = append(cells, f.count(rt.Ratings), f.num(rt.AvgScore), f.num(rt.PoorPct))
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// measureColumns name the cells numbers.measures writes.
var measureColumns = []string{"calls", "participants", "minutes", "avgParticipantMinutes", "unexpectedErrors", "unexpectedErrorPct",
	"streams", "poorStreams", "impactedPct", "surveys", "avgOverallRating", "poorOverallRatingPct"}

// InteropLabel names an interop value for people.
func InteropLabel(v string) string {
	switch v {
	case "true":
		return "Teams interop"
	case "false":
		return "ACS only"
	}
	return v
}

// groupValue is a key as a cell: "(withheld)" for what Microsoft
// withheld, "(unknown)" for what no log said.
func groupValue(v *string, withheld bool) string {
	switch {
	case withheld:
		return "(withheld)"
	case v == nil:
		return "(unknown)"
	}
	return *v
}

func text(v *string) string {
	if v == nil {
		return ""
	}
	return *v
}

type numbers struct{ exact bool }

func (n numbers) count(v int64) string { return strconv.FormatInt(v, 10) }

func (n numbers) num(v *float64) string {
	switch {
	case v == nil:
		return ""
	case n.exact:
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return strconv.FormatFloat(*v, 'f', 1, 64)
}

// whole is a count carried as a float.
func (n numbers) whole(v *float64) string {
	if v == nil || n.exact {
		return n.num(v)
	}
	return strconv.FormatFloat(*v, 'f', 0, 64)
}

// ratio is a rate of 0 to 1 (packet loss), to four places.
func (n numbers) ratio(v *float64) string {
	if v == nil || n.exact {
		return n.num(v)
	}
	return strconv.FormatFloat(*v, 'f', 4, 64)
}

func (n numbers) measures(m ACSMeasures) []string {
	return []string{n.count(m.Calls), n.count(m.Participants), n.num(&m.Minutes), n.num(m.AvgMinutes),
		n.count(m.UnexpectedErrors), n.num(m.UnexpectedPct), n.count(m.Streams), n.count(m.PoorStreams), n.num(m.ImpactedPct),
		n.count(m.Surveys), n.num(m.AvgRating), n.num(m.PoorRatingPct)}
}
