package acs

import (
	"testing"

	"github.com/callscope/callscope/internal/model"
)

func TestCategoryFromPath(t *testing.T) {
	t.Parallel()
	const tail = "/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/ACS/y=2025/m=02/d=03/h=05/m=00/PT1H.json"
	f := func(path string, want model.ACSCategory) {
		t.Helper()
		if got := CategoryFromPath(path); got != want {
			t.Errorf("CategoryFromPath(%q) = %q, want %q", path, got, want)
		}
	}
	f("insights-logs-callsummary"+tail, model.ACSCallSummary)
	f("/data/export/insights-logs-callsummaryupdates"+tail, model.ACSCallSummaryUpdates)
	f("insights-logs-calldiagnostics"+tail, model.ACSCallDiagnostics)
	f("insights-logs-calldiagnosticsupdates"+tail, model.ACSCallDiagnosticsUpdates)
	f("insights-logs-callclientoperations"+tail, model.ACSCallClientOperations)
	f("insights-logs-callclientmediastatstimeseries"+tail, model.ACSCallClientMediaStatsTimeSeries)
	f("insights-logs-callclientservicerequestandoutcome"+tail, model.ACSCallClientServiceRequestOutcome)
	f("insights-logs-callsurvey"+tail, model.ACSCallSurvey)
	f("insights-logs-callingmetrics"+tail, model.ACSCallingMetrics)
	f("insights-logs-callclientmediastatscompressedtimeseries"+tail, model.ACSCallClientMediaStatsCompressed)
	f("INSIGHTS-LOGS-CALLSUMMARY"+tail, model.ACSCallSummary)
	f(`C:\exports\insights-logs-callsurvey\resourceId=\x\PT1H.json`, model.ACSCallSurvey)
	f("am-acscallsummaryupdates/WorkspaceResourceId=/subscriptions/s/y=2025/m=01/d=01/h=00/m=00/PT1H.json", model.ACSCallSummaryUpdates)
	f("insights-logs-callsummary.json", "")
	f("insights-logs-networksecuritygrouprulecounter"+tail, "")
	f("am-AzureDiagnostics/PT1H.json", "")
	f("callsummary/PT1H.json", "")
	f("", "")
	f("/", "")
}

func TestLooksLikeACS(t *testing.T) {
	t.Parallel()
	f := func(raw string, want bool) {
		t.Helper()
		if got := LooksLikeACS([]byte(raw)); got != want {
			t.Errorf("LooksLikeACS(%s) = %v, want %v", raw, got, want)
		}
	}
	f(`{"category":"CallSummary","properties":{}}`, true)
	f(`{"Category":"callsummary"}`, true)
	f(`{"operationName":"CallDiagnostics","properties":{}}`, true)
	f(`{"OperationName":"EndOfCallSurvey"}`, true)
	f(`{"Type":"ACSCallDiagnosticsUpdates","CorrelationId":"c"}`, true)
	f(`{"properties":{"Type":"ACSCallClientOperations"}}`, true)
	f(`{"properties":"{\"Type\":\"ACSCallSurvey\"}"}`, true)
	f(`{"category":"SomethingNew","operationName":"X","properties":{"participantId":"p"}}`, true)
	f(`{"category":"SomethingNew","properties":{"callupdatesversion":"2"}}`, true)
	f(`{"category":"SomethingNew","properties":{"x":1}}`, false)
	f(`{"category":"NetworkSecurityGroupEvent","properties":{"ruleName":"r"}}`, false)
	f(`{"@odata.type":"#microsoft.graph.callRecords.callRecord","id":"x","version":1,"sessions":[]}`, false)
	f(`{"value":[{"id":"x"}]}`, false)
	f(`{"records":[{"category":"CallSummary"}]}`, false)
	f(`{"Type":"AzureDiagnostics"}`, false)
	f(`{"Type":"ACS"}`, false)
	f(`{}`, false)
	f(`[]`, false)
	f(`null`, false)
	f(`{"category":`, false)
	f(``, false)
}
