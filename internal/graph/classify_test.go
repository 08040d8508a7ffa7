package graph_test

import (
	"testing"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// TestClassifyInputs: every fixture element and hand-written record, taken
// alone as in a JSON-lines file, is classified as what it is.
func TestClassifyInputs(t *testing.T) {
	t.Parallel()
	for _, o := range objects(t) {
		got := graph.Classify(o.raw)
		if kind, usage := got.Kind, got.Usage; kind != o.kind || usage != o.usage {
			t.Errorf("%s: Classify = %v, %q; want %v, %q", o.name, kind, usage, o.kind, o.usage)
		}
	}
	// Whole list responses are lists.
	for file := range fixtureKinds {
		if _, _, isList := elements(t, "testdata/fixtures/"+file); !isList {
			continue
		}
		raw := readFile(t, "testdata/fixtures/"+file)
		if kind := graph.Classify(raw).Kind; kind != graph.ObjectList {
			t.Errorf("%s as a whole: %v, want list", file, kind)
		}
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	f := func(raw string, kind graph.ObjectKind, usage model.UsageKind) {
		t.Helper()
		got := graph.Classify([]byte(raw))
		if k, u := got.Kind, got.Usage; k != kind || u != usage {
			t.Errorf("Classify(%s) = %v, %q; want %v, %q", raw, k, u, kind, usage)
		}
	}
	// By @odata.type, in any case, with or without '#'.
	f(`{"@odata.type":"#microsoft.graph.callRecords.callRecord","id":"x"}`, graph.ObjectCallRecord, "")
	f(`{"@odata.type":"microsoft.graph.callRecords.session"}`, graph.ObjectSession, "")
	f(`{"@odata.type":"#Microsoft.Graph.CallRecords.Organizer"}`, graph.ObjectParticipant, "")
	f(`{"@odata.type":"#microsoft.graph.callRecords.smsLogRow"}`, graph.ObjectUsage, model.UsageSMS)
	f(`{"@odata.type":"#microsoft.graph.changeNotification"}`, graph.ObjectNotification, "")
	f(`{"@odata.type":"#microsoft.graph.subscription"}`, graph.ObjectSubscription, "")
	// An unplaceable type falls through to the properties.
	f(`{"@odata.type":"#microsoft.graph.callRecords.segment","caller":{}}`, graph.ObjectSession, "")

	// By @odata.context.
	f(`{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords/$entity","id":"x"}`, graph.ObjectCallRecord, "")
	f(`{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('x')/sessions/$entity","id":"s"}`, graph.ObjectSession, "")

	// By properties.
	f(`{"id":"x","version":1,"modalities":["audio"]}`, graph.ObjectCallRecord, "")
	f(`{"id":"x","version":"2","type":"groupCall"}`, graph.ObjectCallRecord, "")
	f(`{"id":"x","modalities":["audio"],"organizer_v2":{}}`, graph.ObjectCallRecord, "")
	f(`{"ID":"x","VERSION":1,"MODALITIES":[]}`, graph.ObjectCallRecord, "")
	f(`{"id":"s","modalities":["audio"],"caller":{},"callee":{}}`, graph.ObjectSession, "")
	f(`{"id":"s","isTest":false}`, graph.ObjectSession, "")
	f(`{"id":"g","caller":{},"media":[]}`, graph.ObjectUnknown, "") // a segment
	f(`{"id":"p","identity":{"user":{}}}`, graph.ObjectParticipant, "")
	f(`{"id":"p","administrativeUnitInfos":[]}`, graph.ObjectParticipant, "")
	f(`{"id":"r","callId":"c","charge":0}`, graph.ObjectUsage, model.UsagePSTN)
	f(`{"id":"r","callId":"c","calleeNumber":"+1"}`, graph.ObjectUsage, model.UsagePSTN)
	f(`{"id":"r","correlationId":"c","finalSipCode":0}`, graph.ObjectUsage, model.UsageDirectRouting)
	f(`{"id":"r","trunkFullyQualifiedDomainName":"sbc.example.com","calleeNumber":"+1"}`, graph.ObjectUsage, model.UsageDirectRouting)
	f(`{"smsId":"m"}`, graph.ObjectUsage, model.UsageSMS)
	f(`{"smsType":"sms_out","callId":"c","charge":1}`, graph.ObjectUsage, model.UsageSMS)
	f(`{"subscriptionId":"s","changeType":"created","resource":"communications/callRecords/x"}`, graph.ObjectNotification, "")
	f(`{"subscriptionId":"s","lifecycleEvent":"reauthorizationRequired"}`, graph.ObjectNotification, "")
	f(`{"changeType":"created","notificationUrl":"https://example.com/hook","resource":"/communications/callRecords"}`, graph.ObjectSubscription, "")
	f(`{"value":[]}`, graph.ObjectList, "")
	f(`{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords","value":[{"id":"x"}]}`, graph.ObjectList, "")

	// Not placeable.
	f(`{}`, graph.ObjectUnknown, "")
	f(`{"id":"x"}`, graph.ObjectUnknown, "")
	f(`{"id":"x","callId":"c"}`, graph.ObjectUnknown, "")
	f(`{"value":5}`, graph.ObjectUnknown, "")
	f(`[{"id":"x","version":1,"modalities":[]}]`, graph.ObjectUnknown, "")
	f(`"callRecord"`, graph.ObjectUnknown, "")
	f(`{"id":"x","version":1,"modalities":[]`, graph.ObjectUnknown, "")
	f(``, graph.ObjectUnknown, "")
	f(`null`, graph.ObjectUnknown, "")
}

func TestObjectKindString(t *testing.T) {
	t.Parallel()
	eq(t, "callRecord", graph.ObjectCallRecord.String(), "callRecord")
	eq(t, "list", graph.ObjectList.String(), "list")
	eq(t, "out of range", graph.ObjectKind(-1).String(), "ObjectKind(-1)")
}
