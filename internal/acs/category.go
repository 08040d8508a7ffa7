package acs

import (
	"slices"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// categories lists every ACS calling category callscope knows, in the
// spelling of the diagnostic setting.
var categories = []model.ACSCategory{
	model.ACSCallSummary,
	model.ACSCallSummaryUpdates,
	model.ACSCallDiagnostics,
	model.ACSCallDiagnosticsUpdates,
	model.ACSCallClientOperations,
	model.ACSCallClientMediaStatsTimeSeries,
	model.ACSCallClientServiceRequestOutcome,
	model.ACSCallSurvey,
	model.ACSCallingMetrics,
	model.ACSCallClientMediaStatsCompressed,
}

// Categories lists every ACS calling category callscope reads, in the
// spelling of the diagnostic setting.
func Categories() []model.ACSCategory { return slices.Clone(categories) }

// knownCategory matches a category name without regard to case (storage
// containers are lower-case, samples are PascalCase) and returns the
// canonical spelling.
func knownCategory(s string) (model.ACSCategory, bool) {
	s = strings.TrimSpace(s)
	for _, c := range categories {
		if strings.EqualFold(s, string(c)) {
			return c, true
		}
	}
	return "", false
}

// categoryFromTable maps a Log Analytics table name (the Type column, or an
// "am-<table>" export container) to its category: ACSCallSummary →
// CallSummary. Tables outside the list are not categories callscope reads.
func categoryFromTable(s string) (model.ACSCategory, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 3 || !strings.EqualFold(s[:3], "acs") {
		return "", false
	}
	return knownCategory(s[3:])
}

// categoryFromOperation maps an operationName to a category. Only the
// names that equal a category count (the CallSurvey samples also use
// EndOfCallSurvey): client operations carry SDK operation names
// (CreateView…) that say nothing about the category.
func categoryFromOperation(s string) (model.ACSCategory, bool) {
	if strings.EqualFold(strings.TrimSpace(s), "EndOfCallSurvey") {
		return model.ACSCallSurvey, true
	}
	return knownCategory(s)
}

// updatesOf returns the Updates category of a final-snapshot category: a
// record that carries callUpdatesVersion is an Updates record whatever its
// text says (the Updates samples say CallSummary / CallDiagnostics).
func updatesOf(c model.ACSCategory) model.ACSCategory {
	switch c {
	case model.ACSCallSummary:
		return model.ACSCallSummaryUpdates
	case model.ACSCallDiagnostics:
		return model.ACSCallDiagnosticsUpdates
	}
	return c
}

// CategoryFromPath returns the category named by a storage-export path, so
// that records can be routed by the container they were exported to rather
// than by their own category text, which the Updates samples get wrong.
//
// Both diagnostic-settings containers
// (".../insights-logs-callsummaryupdates/resourceId=/SUBSCRIPTIONS/.../PT1H.json")
// and Log Analytics workspace-export containers ("am-acscallsummary/…") are
// understood, with either slash. A path that names no known ACS calling
// category returns "".
func CategoryFromPath(path string) model.ACSCategory {
	for _, seg := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '\\' }) {
		low := strings.ToLower(seg)
		if name, ok := strings.CutPrefix(low, "insights-logs-"); ok {
			if c, ok := knownCategory(name); ok {
				return c
			}
			continue
		}
		if name, ok := strings.CutPrefix(low, "am-"); ok {
			if c, ok := categoryFromTable(name); ok {
				return c
			}
		}
	}
	return ""
}
