package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// ACSInsights reads the participants of the tenant's stored ACS calls
// (model.ACSParticipantFact, model.ACSParticipantFacts), which a store writes
// with each call's stream facts, replaces with them and deletes with the
// call: the ACS insights report, as Azure's Voice and Video Insights
// workbook shows it. Participant facts hold no personal data.
type ACSInsights interface {
	// ACSAggregate sums the participants q selects (its tenant, window
	// and filters) by q.GroupBy, rows in ACSRowLess order. An invalid
	// query is an error wrapping ErrInvalid.
	ACSAggregate(ctx context.Context, q ACSQuery) ([]ACSRow, error)
	// ACSIssues counts the survey issues of the participants q selects,
	// each issue once per survey that named it, most named first, then
	// by kind and name. Grouping does not apply.
	ACSIssues(ctx context.Context, q ACSQuery) ([]ACSIssue, error)
	// ACSCalls lists the calls that have participants q selects, newest
	// first, then by id (calls without a start come last), each with
	// what its selected participants add up to; limit (0: no cap) and
	// offset page through them. Grouping does not apply.
	ACSCalls(ctx context.Context, q ACSQuery, limit, offset int) ([]ACSCall, error)
}

// ACSDimension is what ACS participants are grouped and filtered by.
type ACSDimension string

// The dimensions of an ACS participant.
const (
	ACSDay             ACSDimension = "day"  // the call's start, UTC
	ACSWeek            ACSDimension = "week" // from Monday
	ACSSDKVersion      ACSDimension = "sdkVersion"
	ACSOS              ACSDimension = "os"
	ACSPlatform        ACSDimension = "platform"
	ACSEndCode         ACSDimension = "endCode"
	ACSEndSubCode      ACSDimension = "endSubCode"
	ACSResultCategory  ACSDimension = "resultCategory"
	ACSInterop         ACSDimension = "interop" // "true": a Teams meeting; "false": ACS only
	ACSCallType        ACSDimension = "callType"
	ACSParticipantType ACSDimension = "participantType"
	ACSEndpointType    ACSDimension = "endpointType"
)

var acsDimensions = []ACSDimension{ACSDay, ACSWeek, ACSSDKVersion, ACSOS, ACSPlatform, ACSEndCode, ACSEndSubCode,
	ACSResultCategory, ACSInterop, ACSCallType, ACSParticipantType, ACSEndpointType}

// ACSDimensions lists every dimension.
func ACSDimensions() []ACSDimension { return slices.Clone(acsDimensions) }

// Valid reports whether d is a dimension.
func (d ACSDimension) Valid() bool { return slices.Contains(acsDimensions, d) }

// Time reports whether d is a time bucket.
func (d ACSDimension) Time() bool { return d == ACSDay || d == ACSWeek }

// ACSEndReason is the shorthand for grouping by end code and subcode
// together, as end reasons are read.
const ACSEndReason = "endReason"

// ParseACSDimensions reads a comma-separated list of dimensions in any
// case; "endReason" stands for endCode,endSubCode.
func ParseACSDimensions(s string) ([]ACSDimension, error) {
	var out []ACSDimension
	add := func(d ACSDimension) error {
		if slices.Contains(out, d) {
			return fmt.Errorf("dimension %s given twice", d)
		}
		out = append(out, d)
		return nil
	}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if strings.EqualFold(name, ACSEndReason) {
			if err := errors.Join(add(ACSEndCode), add(ACSEndSubCode)); err != nil {
				return nil, err
			}
			continue
		}
		d, err := ParseACSDimension(name)
		if err != nil {
			return nil, err
		}
		if err := add(d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ParseACSDimension reads one dimension name in any case.
func ParseACSDimension(name string) (ACSDimension, error) {
	for _, d := range acsDimensions {
		if strings.EqualFold(string(d), strings.TrimSpace(name)) {
			return d, nil
		}
	}
	names := make([]string, len(acsDimensions))
	for i, d := range acsDimensions {
		names[i] = string(d)
	}
	return "", fmt.Errorf("unknown dimension %q: want one of %s, or %s", name, strings.Join(names, ", "), ACSEndReason)
}

// ACSFilter keeps participants whose dimension has one of the values; a
// value "" matches participants where it is unknown.
type ACSFilter struct {
	Dimension ACSDimension
	Values    []string
}

// ParseACSFilter reads "dimension=value|value…".
func ParseACSFilter(s string) (ACSFilter, error) {
	name, values, ok := strings.Cut(s, "=")
	if !ok {
		return ACSFilter{}, fmt.Errorf("filter %q: want dimension=value, several values separated by |", s)
	}
	d, err := ParseACSDimension(name)
	if err != nil {
		return ACSFilter{}, fmt.Errorf("filter %q: %w", s, err)
	}
	f := ACSFilter{Dimension: d}
	for _, v := range strings.Split(values, "|") {
		f.Values = append(f.Values, strings.TrimSpace(v))
	}
	return f, nil
}

// MaxACSGroupBy bounds the dimensions of one ACS query.
const MaxACSGroupBy = 3

// ACSQuery selects the participants of one tenant's ACS calls.
type ACSQuery struct {
	// Tenant is required: no query spans tenants.
	Tenant string
	// GroupBy are the dimensions of a row's key (none: one row of all).
	GroupBy []ACSDimension
	// Filters keep participants matching every filter.
	Filters []ACSFilter
	// Since and Until bound the call's start: [Since, Until); zero
	// leaves that end open.
	Since, Until time.Time
}

// Validate reports what makes q unusable, naming the field.
func (q ACSQuery) Validate() error {
	var errs []error
	if strings.TrimSpace(q.Tenant) == "" {
		errs = append(errs, errors.New("tenant: required"))
	}
	if len(q.GroupBy) > MaxACSGroupBy {
		errs = append(errs, fmt.Errorf("by: %d dimensions, at most %d", len(q.GroupBy), MaxACSGroupBy))
	}
	for i, d := range q.GroupBy {
		if !d.Valid() {
			errs = append(errs, fmt.Errorf("by: unknown dimension %q", d))
		} else if slices.Contains(q.GroupBy[:i], d) {
			errs = append(errs, fmt.Errorf("by: %s given twice", d))
		}
	}
	for _, f := range q.Filters {
		if !f.Dimension.Valid() {
			errs = append(errs, fmt.Errorf("filter: unknown dimension %q", f.Dimension))
		}
		if len(f.Values) == 0 {
			errs = append(errs, fmt.Errorf("filter %s: no values", f.Dimension))
		}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Until.After(q.Since) {
		errs = append(errs, errors.New("until: must be after since"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%w: %w", err, ErrInvalid)
	}
	return nil
}

// ACSSums are what participants add up to. The survey-only rows of a
// call (model.ACSParticipantFact.SurveyOnly) add surveys alone.
type ACSSums struct {
	// Calls counts distinct calls, Participants the participants.
	Calls, Participants int64
	// Seconds sums the connected time of the participants that have
	// one.
	Seconds float64
	// Categorized counts the participants with a result category,
	// Unexpected those whose category is an unexpected error
	// (model.ACSUnexpected).
	Categorized, Unexpected int64
	// Streams and PoorStreams sum the participants' legs' streams;
	// Impacted counts the participants with at least one poor stream.
	Streams, PoorStreams, Impacted int64
	// Surveys counts surveys; Ratings sums their ratings by kind.
	Surveys int64
	Ratings [model.ACSRatingKindCount]ACSRatingTotal
}

// ACSRatingTotal sums ratings of one kind.
type ACSRatingTotal struct {
	N, Poor int64
	Sum     float64
}

// Average is the mean score, nil without ratings.
func (r ACSRatingTotal) Average() *float64 {
	if r.N == 0 {
		return nil
	}
	v := r.Sum / float64(r.N)
	return &v
}

// PoorPct is the share of ratings at or below their threshold, in
// percent, nil without ratings.
func (r ACSRatingTotal) PoorPct() *float64 { return pct(r.Poor, r.N) }

// Minutes is the participants' connected time in minutes.
func (s ACSSums) Minutes() float64 { return s.Seconds / 60 }

// UnexpectedPct is the share of categorized participants whose end was
// an unexpected error, in percent; nil when none is categorized.
func (s ACSSums) UnexpectedPct() *float64 { return pct(s.Unexpected, s.Categorized) }

// ImpactedPct is the share of participants with a poor stream, in
// percent (the Insights workbook's impacted calls, per participant);
// nil without participants.
func (s ACSSums) ImpactedPct() *float64 { return pct(s.Impacted, s.Participants) }

// PoorStreamPct is the share of poor streams, in percent.
func (s ACSSums) PoorStreamPct() *float64 { return pct(s.PoorStreams, s.Streams) }

// AvgMinutes is the average participant's connected minutes.
func (s ACSSums) AvgMinutes() *float64 {
	if s.Participants == 0 {
		return nil
	}
	v := s.Minutes() / float64(s.Participants)
	return &v
}

func pct(n, of int64) *float64 {
	if of == 0 {
		return nil
	}
	v := float64(n) / float64(of) * 100
	return &v
}

// ACSRow is one group of participants: its key, one value per GroupBy
// dimension (nil where unknown), and its sums.
type ACSRow struct {
	Key []*string
	ACSSums
}

// ACSRowLess orders rows by key, dimension by dimension: unknown first,
// then values in byte order (days and weeks thus in time order).
func ACSRowLess(a, b ACSRow) int {
	for i := range min(len(a.Key), len(b.Key)) {
		x, y := a.Key[i], b.Key[i]
		switch {
		case x == nil && y == nil:
			continue
		case x == nil:
			return -1
		case y == nil:
			return 1
		}
		if c := strings.Compare(*x, *y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a.Key), len(b.Key))
}

// ACSIssue is one survey issue and how many surveys named it.
type ACSIssue struct {
	// Kind is what was rated (model.ACSRatingKinds); Issue the issue's
	// name as the SDK writes it.
	Kind, Issue string
	Surveys     int64
}

// SortACSIssues puts issues in the order ACSIssues returns them.
func SortACSIssues(issues []ACSIssue) {
	slices.SortFunc(issues, func(a, b ACSIssue) int {
		if c := cmp.Compare(b.Surveys, a.Surveys); c != 0 {
			return c
		}
		if c := strings.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.Issue, b.Issue)
	})
}

// SplitIssue reads a stored issue, "kind:Issue".
func SplitIssue(s string) ACSIssue {
	kind, issue, ok := strings.Cut(s, ":")
	if !ok {
		return ACSIssue{Issue: s}
	}
	return ACSIssue{Kind: kind, Issue: issue}
}

// ACSCall is one call of an ACSCalls list, with the sums of its
// selected participants.
type ACSCall struct {
	ID string
	// Start is zero when unknown.
	Start    time.Time
	CallType string
	Interop  bool
	ACSSums
}

// CheckACSPage refuses a negative limit or offset.
func CheckACSPage(limit, offset int) error {
	if limit < 0 || offset < 0 {
		return fmt.Errorf("acs calls: negative limit or offset: %w", ErrInvalid)
	}
	return nil
}

// ACSSumTargets are the scan destinations of s, in the order both SQL
// stores select the sums: calls, participants, seconds, categorized,
// unexpected, streams, poor streams, impacted, surveys, and for each
// rating kind its count, sum and poor count.
func ACSSumTargets(s *ACSSums) []any {
	out := []any{&s.Calls, &s.Participants, &s.Seconds, &s.Categorized, &s.Unexpected,
		&s.Streams, &s.PoorStreams, &s.Impacted, &s.Surveys}
	for k := range s.Ratings {
		out = append(out, &s.Ratings[k].N, &s.Ratings[k].Sum, &s.Ratings[k].Poor)
	}
	return out
}

// ACSDimensionColumn is the acs_participants column a dimension reads,
// for the dimensions that are one column as stored ("" for day, week
// and interop, which each store words in its own SQL).
func ACSDimensionColumn(d ACSDimension) string {
	return map[ACSDimension]string{
		ACSSDKVersion: "sdk_version", ACSOS: "os", ACSPlatform: "platform", ACSEndCode: "end_code",
		ACSEndSubCode: "end_sub_code", ACSResultCategory: "result_category", ACSCallType: "call_type",
		ACSParticipantType: "participant_type", ACSEndpointType: "endpoint_type",
	}[d]
}

// ACSRollupCalls says whether a store's daily sums of participants
// (model.ACSFirst marks summed by day and dimension) answer q exactly,
// and which of their distinct-call sums counts q's calls: windows of
// whole UTC days, and besides the call's own dimensions (day, week,
// interop, callType) at most one participant dimension grouped or
// filtered by, the end (code, subcode and category) counting as one
// only when all three are used.
func ACSRollupCalls(q ACSQuery) (string, bool) {
	for _, t := range []time.Time{q.Since, q.Until} {
		if !t.IsZero() && !t.UTC().Truncate(24*time.Hour).Equal(t) {
			return "", false
		}
	}
	used := map[ACSDimension]bool{}
	for _, d := range q.GroupBy {
		used[d] = true
	}
	for _, f := range q.Filters {
		used[f.Dimension] = true
	}
	families := map[string]bool{}
	ends := 0
	for d := range used {
		switch d {
		case ACSDay, ACSWeek, ACSInterop, ACSCallType:
		case ACSEndCode, ACSEndSubCode, ACSResultCategory:
			ends++
			families["calls_end"] = true
		case ACSSDKVersion:
			families["calls_sdk"] = true
		case ACSOS:
			families["calls_os"] = true
		case ACSPlatform:
			families["calls_platform"] = true
		case ACSParticipantType:
			families["calls_participant_type"] = true
		case ACSEndpointType:
			families["calls_endpoint_type"] = true
		}
	}
	switch {
	case len(families) > 1, ends > 0 && ends < 3:
		return "", false
	case len(families) == 0:
		return "calls", true
	}
	for f := range families {
		return f, true
	}
	return "", false
}
