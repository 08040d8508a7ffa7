package graph_test

import (
	"testing"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

func TestParseContext(t *testing.T) {
	t.Parallel()
	f := func(ctx string, kind graph.ListKind, callID string) {
		t.Helper()
		k, id := graph.ParseContext(ctx)
		if k != kind || id != callID {
			t.Errorf("ParseContext(%q) = %v, %q; want %v, %q", ctx, k, id, kind, callID)
		}
	}
	const v1 = "https://graph.microsoft.com/v1.0/$metadata#"
	const id = "e523d2ed-2966-4b6b-925b-754a88034cc5"

	// As the fixtures write them.
	f(v1+"communications/callRecords", graph.ListCallRecords, "")
	f(v1+"communications/callRecords/$entity", graph.ListCallRecords, "")
	f(v1+"communications/callRecords(sessions(segments()))/$entity", graph.ListCallRecords, "")
	f(v1+"communications/callRecords(participants_v2())/$entity", graph.ListCallRecords, "")
	f(v1+"communications/callRecords('"+id+"')/sessions", graph.ListSessions, id)
	f(v1+"communications/callRecords('"+id+"')/sessions(segments())", graph.ListSessions, id)
	f(v1+"communications/callRecords('"+id+"')/participants_v2/$entity", graph.ListParticipants, id)
	f(v1+"communications/callRecords('"+id+"')/organizer_v2/$entity", graph.ListParticipants, id)
	f("https://graph.microsoft.com/$metadata#communications/callRecords('614e3ff0-4728-4394-8c03-52fb3b967fde')/participants_v2",
		graph.ListParticipants, "614e3ff0-4728-4394-8c03-52fb3b967fde")
	f(v1+"Collection(microsoft.graph.callRecords.pstnCallLogRow)", graph.ListPSTNCalls, "")
	f("https://graph.microsoft.com/beta/$metadata#Collection(microsoft.graph.callRecords.directRoutingLogRow)", graph.ListDirectRoutingCalls, "")
	f("https://graph.microsoft.com/beta/$metadata#Collection(microsoft.graph.callRecords.smsLogRow)", graph.ListSMSLog, "")

	// What varies in practice.
	f(v1+"communications/callRecords("+id+")/sessions", graph.ListSessions, id)
	f(v1+"communications/callRecords(id='"+id+"')/sessions", graph.ListSessions, id)
	f(v1+"communications/callRecords('"+id+"')/sessions?$expand=segments&$skiptoken=abc", graph.ListSessions, id)
	f("https://graph.microsoft.com/v1.0/%24metadata%23communications/callRecords(%27"+id+"%27)/sessions", graph.ListSessions, id)
	f("https://graph.microsoft.com/v1.0/communications/callRecords/"+id+"/participants_v2", graph.ListParticipants, id)
	f("https://graph.microsoft.com/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)?$skip=1000",
		graph.ListPSTNCalls, "")
	f("https://graph.microsoft.com/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)",
		graph.ListDirectRoutingCalls, "")
	f("https://graph.microsoft.com/v1.0/communications/callRecords/microsoft.graph.callRecords.getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)",
		graph.ListPSTNCalls, "")
	f("https://graph.microsoft.com/beta/communications/callRecords/getSmsLog(fromDateTime=2022-11-01,toDateTime=2022-12-01)", graph.ListSMSLog, "")
	f(v1+"communications/callRecords(id,version,startDateTime)", graph.ListCallRecords, "")
	f(v1+"COMMUNICATIONS/CALLRECORDS('"+id+"')/SESSIONS", graph.ListSessions, id)
	f(v1+"Collection(microsoft.graph.changeNotification)", graph.ListNotifications, "")
	f("  "+v1+"communications/callRecords  ", graph.ListCallRecords, "")

	// What it cannot place.
	f("", graph.ListUnknown, "")
	f(v1+"communications/callRecords('"+id+"')/sessions('s')/segments", graph.ListUnknown, "")
	f(v1+"users", graph.ListUnknown, "")
	f(v1+"subscriptions/$entity", graph.ListUnknown, "")
	f(v1+"Collection(microsoft.graph.user)", graph.ListUnknown, "")
	f("%zz", graph.ListUnknown, "")
	f("((((", graph.ListUnknown, "")
	f(")/callRecords('x", graph.ListCallRecords, "")
}

// TestFixtureContexts: each list fixture's context announces what the
// fixture table says its elements are.
func TestFixtureContexts(t *testing.T) {
	t.Parallel()
	for _, o := range objects(t) {
		if o.context == "" {
			continue
		}
		kind, _ := graph.ParseContext(o.context)
		want := map[graph.ObjectKind]graph.ListKind{
			graph.ObjectCallRecord:   graph.ListCallRecords,
			graph.ObjectSession:      graph.ListSessions,
			graph.ObjectParticipant:  graph.ListParticipants,
			graph.ObjectNotification: graph.ListUnknown, // the webhook body has no context
		}[o.kind]
		if o.kind == graph.ObjectUsage {
			want = map[model.UsageKind]graph.ListKind{
				model.UsagePSTN: graph.ListPSTNCalls, model.UsageDirectRouting: graph.ListDirectRoutingCalls, model.UsageSMS: graph.ListSMSLog,
			}[o.usage]
			u, ok := kind.UsageKind()
			if !ok || u != o.usage {
				t.Errorf("%s: %v.UsageKind() = %q, %v; want %q", o.name, kind, u, ok, o.usage)
			}
		}
		if kind != want {
			t.Errorf("%s: context %q is %v, want %v", o.name, o.context, kind, want)
		}
	}
}

func TestListKindString(t *testing.T) {
	t.Parallel()
	eq(t, "sessions", graph.ListSessions.String(), "sessions")
	eq(t, "out of range", graph.ListKind(99).String(), "ListKind(99)")
	if _, ok := graph.ListSessions.UsageKind(); ok {
		t.Error("a sessions list has no usage kind")
	}
}
