package tables

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// ACSParticipantColumns are acs_participants' columns: one row per
// participant of an ACS call (model.ACSParticipantFact). None holds
// personal data. Unknown values are NULL, so that "unknown" is one
// value to group and filter by.
var ACSParticipantColumns = append([]Column[model.ACSParticipantFact]{
	{Name: "tenant", Get: func(f *model.ACSParticipantFact) driver.Value { return f.Tenant }},
	{Name: "call_id", Get: func(f *model.ACSParticipantFact) driver.Value { return f.CallID }},
	{Name: "call_start", Get: func(f *model.ACSParticipantFact) driver.Value { return NullTime(f.CallStart) }},
	{Name: "day", Get: func(f *model.ACSParticipantFact) driver.Value { return NullTime(f.Day()) }},
	{Name: "call_type", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.CallType) }},
	{Name: "interop", Get: func(f *model.ACSParticipantFact) driver.Value { return f.Interop }},
	{Name: "survey_only", Get: func(f *model.ACSParticipantFact) driver.Value { return f.SurveyOnly }},
	{Name: "participant_id", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.ParticipantID) }},
	{Name: "participant_type", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.ParticipantType) }},
	{Name: "endpoint_type", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.EndpointType) }},
	{Name: "sdk_version", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.SDKVersion) }},
	{Name: "os", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.OS) }},
	{Name: "platform", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.Platform) }},
	{Name: "end_code", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.EndCode) }},
	{Name: "end_sub_code", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.EndSubCode) }},
	{Name: "result_category", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(f.ResultCategory) }},
	// Worked out here rather than in SQL, so that both stores read the
	// category's spellings (the docs' "UnxpectedClientError") alike.
	{Name: "unexpected", Get: func(f *model.ACSParticipantFact) driver.Value { return model.ACSUnexpected(f.ResultCategory) }},
	{Name: "seconds", Get: func(f *model.ACSParticipantFact) driver.Value { return NullPtr(f.Seconds) }},
	{Name: "streams", Get: func(f *model.ACSParticipantFact) driver.Value { return int64(f.Streams) }},
	{Name: "poor_streams", Get: func(f *model.ACSParticipantFact) driver.Value { return int64(f.PoorStreams) }},
	{Name: "surveys", Get: func(f *model.ACSParticipantFact) driver.Value { return int64(f.Surveys) }},
}, append(append(ratingColumns(), Column[model.ACSParticipantFact]{
	Name: "issues", Get: func(f *model.ACSParticipantFact) driver.Value { return NullString(strings.Join(f.Issues, ",")) }}),
	firstColumns()...)...)

// firstColumns are the marks of model.ACSFirst: first_call, first_sdk…
func firstColumns() []Column[model.ACSParticipantFact] {
	col := func(name string, get func(*model.ACSFirst) bool) Column[model.ACSParticipantFact] {
		return Column[model.ACSParticipantFact]{Name: name, Get: func(f *model.ACSParticipantFact) driver.Value { return get(&f.First) }}
	}
	return []Column[model.ACSParticipantFact]{
		col("first_call", func(f *model.ACSFirst) bool { return f.Call }),
		col("first_sdk", func(f *model.ACSFirst) bool { return f.SDKVersion }),
		col("first_os", func(f *model.ACSFirst) bool { return f.OS }),
		col("first_platform", func(f *model.ACSFirst) bool { return f.Platform }),
		col("first_participant_type", func(f *model.ACSFirst) bool { return f.ParticipantType }),
		col("first_endpoint_type", func(f *model.ACSFirst) bool { return f.EndpointType }),
		col("first_end", func(f *model.ACSFirst) bool { return f.End }),
	}
}

// ACSRollupKeys are the columns acs_participant_days keys its sums by:
// the call's day and every dimension of a participant.
var ACSRollupKeys = []string{"tenant", "day", "call_type", "interop", "survey_only", "participant_type", "endpoint_type",
	"sdk_version", "os", "platform", "end_code", "end_sub_code", "result_category"}

// ACSRollupSums are acs_participant_days' sums, each with what it sums
// of acs_participants p: participants, the distinct calls of each
// dimension (by first marks), and the rest as ACSSums has them.
var ACSRollupSums = func() [][2]string {
	out := [][2]string{
		{"n", "count(*) FILTER (WHERE NOT p.survey_only)"},
		{"calls", "count(*) FILTER (WHERE p.first_call)"},
		{"calls_sdk", "count(*) FILTER (WHERE p.first_sdk)"},
		{"calls_os", "count(*) FILTER (WHERE p.first_os)"},
		{"calls_platform", "count(*) FILTER (WHERE p.first_platform)"},
		{"calls_participant_type", "count(*) FILTER (WHERE p.first_participant_type)"},
		{"calls_endpoint_type", "count(*) FILTER (WHERE p.first_endpoint_type)"},
		{"calls_end", "count(*) FILTER (WHERE p.first_end)"},
		{"seconds", "coalesce(sum(p.seconds), 0)"},
		{"categorized", "count(*) FILTER (WHERE p.result_category IS NOT NULL)"},
		{"unexpected", "count(*) FILTER (WHERE p.unexpected)"},
		{"streams", "coalesce(sum(p.streams), 0)"},
		{"poor_streams", "coalesce(sum(p.poor_streams), 0)"},
		{"impacted", "count(*) FILTER (WHERE p.poor_streams > 0)"},
		{"surveys", "coalesce(sum(p.surveys), 0)"},
	}
	for _, k := range model.ACSRatingKinds {
		out = append(out, [2]string{k + "_n", "coalesce(sum(p." + k + "_n), 0)"}, [2]string{k + "_sum", "coalesce(sum(p." + k + "_sum), 0)"},
			[2]string{k + "_poor", "coalesce(sum(p." + k + "_poor), 0)"})
	}
	return out
}()

// ratingColumns are each rating kind's count, sum and poor count:
// overall_n, overall_sum, overall_poor, audio_n…
func ratingColumns() []Column[model.ACSParticipantFact] {
	var out []Column[model.ACSParticipantFact]
	for k, name := range model.ACSRatingKinds {
		out = append(out,
			Column[model.ACSParticipantFact]{Name: name + "_n", Get: func(f *model.ACSParticipantFact) driver.Value { return int64(f.Ratings[k].N) }},
			Column[model.ACSParticipantFact]{Name: name + "_sum", Get: func(f *model.ACSParticipantFact) driver.Value { return f.Ratings[k].Sum }},
			Column[model.ACSParticipantFact]{Name: name + "_poor", Get: func(f *model.ACSParticipantFact) driver.Value { return int64(f.Ratings[k].Poor) }})
	}
	return out
}

// ACSRollupRows sums participant facts as acs_participant_days keeps
// them: one row per key, columns ACSRollupKeys then ACSRollupSums, each
// sum computed as its SQL says. Stores append them for the facts of the
// calls they write; the rows of the calls they replace or delete are
// taken out by SQL, negated.
func ACSRollupRows(facts [][]model.ACSParticipantFact) [][]driver.Value {
	type sums [len(model.ACSRatingKinds)*3 + 15]float64
	keys := map[string][]driver.Value{}
	totals := map[string]*sums{}
	var order []string
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	for _, fs := range facts {
		for i := range fs {
			f := &fs[i]
			key := []driver.Value{f.Tenant, NullTime(f.Day()), NullString(f.CallType), f.Interop, f.SurveyOnly,
				NullString(f.ParticipantType), NullString(f.EndpointType), NullString(f.SDKVersion), NullString(f.OS),
				NullString(f.Platform), NullString(f.EndCode), NullString(f.EndSubCode), NullString(f.ResultCategory)}
			id := keyString(key)
			s := totals[id]
			if s == nil {
				s = &sums{}
				totals[id], keys[id] = s, key
				order = append(order, id)
			}
			seconds := 0.0
			if f.Seconds != nil {
				seconds = *f.Seconds
			}
			add := []float64{b(!f.SurveyOnly), b(f.First.Call), b(f.First.SDKVersion), b(f.First.OS), b(f.First.Platform),
				b(f.First.ParticipantType), b(f.First.EndpointType), b(f.First.End), seconds, b(f.ResultCategory != ""),
				b(model.ACSUnexpected(f.ResultCategory)), float64(f.Streams), float64(f.PoorStreams), b(f.PoorStreams > 0), float64(f.Surveys)}
			for _, r := range f.Ratings {
				add = append(add, float64(r.N), r.Sum, float64(r.Poor))
			}
			for j, v := range add {
				s[j] += v
			}
		}
	}
	out := make([][]driver.Value, 0, len(order))
	for _, id := range order {
		row := slices.Clone(keys[id])
		for j, v := range totals[id] {
			if strings.HasSuffix(ACSRollupSums[j][0], "_sum") || ACSRollupSums[j][0] == "seconds" {
				row = append(row, v)
			} else {
				row = append(row, int64(v))
			}
		}
		out = append(out, row)
	}
	return out
}

// keyString identifies a key's values, NULLs apart from empty strings.
func keyString(vals []driver.Value) string {
	var sb strings.Builder
	for _, v := range vals {
		if v == nil {
			sb.WriteString("\x00n")
			continue
		}
		fmt.Fprintf(&sb, "\x00v%v", v)
	}
	return sb.String()
}

// ACSRollupDays are the distinct days of facts, and whether some have
// none (calls without a start): the days of acs_participant_days a
// write touches, which a store sums up again (compacts) after it, so
// that each key keeps one row whatever the writes appended.
func ACSRollupDays(facts [][]model.ACSParticipantFact) (days []time.Time, undated bool) {
	seen := map[time.Time]bool{}
	for _, fs := range facts {
		for i := range fs {
			d := fs[i].Day()
			switch {
			case d.IsZero():
				undated = true
			case !seen[d]:
				seen[d] = true
				days = append(days, d)
			}
		}
	}
	return days, undated
}

// ACSCompactSelect is the query that sums the rows of
// acs_participant_days p that cond selects, a row per key, leaving out
// keys whose participants and surveys came to nothing.
func ACSCompactSelect(cond string) string {
	keys := strings.Join(ACSRollupKeys, ", ")
	sums := make([]string, len(ACSRollupSums))
	for i, c := range ACSRollupSums {
		sums[i] = "sum(" + c[0] + ") AS " + c[0]
	}
	return `SELECT ` + keys + `, ` + strings.Join(sums, ", ") + ` FROM acs_participant_days p WHERE ` + cond +
		` GROUP BY ` + keys + ` HAVING sum(n) <> 0 OR sum(surveys) <> 0`
}

// The SQL both stores read the participants with: casts as both engines
// write them, over acs_participants p or acs_participant_days p.

// ACSParticipantSums are the sums of store.ACSSumTargets, over acs_participants p.
var ACSParticipantSums = func() string {
	s := []string{
		"CAST(count(DISTINCT p.call_id) FILTER (WHERE NOT p.survey_only) AS BIGINT)",
		"CAST(count(*) FILTER (WHERE NOT p.survey_only) AS BIGINT)",
		"CAST(coalesce(sum(p.seconds), 0) AS DOUBLE PRECISION)",
		"CAST(count(*) FILTER (WHERE p.result_category IS NOT NULL) AS BIGINT)",
		"CAST(count(*) FILTER (WHERE p.unexpected) AS BIGINT)",
		"CAST(coalesce(sum(p.streams), 0) AS BIGINT)",
		"CAST(coalesce(sum(p.poor_streams), 0) AS BIGINT)",
		"CAST(count(*) FILTER (WHERE p.poor_streams > 0) AS BIGINT)",
		"CAST(coalesce(sum(p.surveys), 0) AS BIGINT)",
	}
	for _, k := range model.ACSRatingKinds {
		s = append(s, "CAST(coalesce(sum(p."+k+"_n), 0) AS BIGINT)", "CAST(coalesce(sum(p."+k+"_sum), 0) AS DOUBLE PRECISION)",
			"CAST(coalesce(sum(p."+k+"_poor), 0) AS BIGINT)")
	}
	return strings.Join(s, ", ")
}()

// ACSDaySums are the sums of store.ACSSumTargets over the daily sums
// acs_participant_days p, distinct calls counted by the marks calls.
func ACSDaySums(calls string) string {
	s := []string{"CAST(sum(p." + calls + ") AS BIGINT)", "CAST(sum(p.n) AS BIGINT)", "CAST(sum(p.seconds) AS DOUBLE PRECISION)",
		"CAST(sum(p.categorized) AS BIGINT)", "CAST(sum(p.unexpected) AS BIGINT)", "CAST(sum(p.streams) AS BIGINT)",
		"CAST(sum(p.poor_streams) AS BIGINT)", "CAST(sum(p.impacted) AS BIGINT)", "CAST(sum(p.surveys) AS BIGINT)"}
	for _, k := range model.ACSRatingKinds {
		s = append(s, "CAST(sum(p."+k+"_n) AS BIGINT)", "CAST(sum(p."+k+"_sum) AS DOUBLE PRECISION)", "CAST(sum(p."+k+"_poor) AS BIGINT)")
	}
	return strings.Join(s, ", ")
}

// ACSDaysOf is the statement that adds to the daily sums those of the
// participants where selects (of acs_participants p), times sign: "-"
// takes out the sums of participants about to be replaced or deleted.
func ACSDaysOf(sign, where string) string {
	keys := make([]string, len(ACSRollupKeys))
	for i, k := range ACSRollupKeys {
		keys[i] = "p." + k
	}
	sums := make([]string, len(ACSRollupSums))
	for i, c := range ACSRollupSums {
		sums[i] = sign + "(" + c[1] + ")"
	}
	return `INSERT INTO acs_participant_days SELECT ` + strings.Join(keys, ", ") + `, ` + strings.Join(sums, ", ") +
		` FROM acs_participants p WHERE ` + where + ` GROUP BY ` + strings.Join(keys, ", ")
}
