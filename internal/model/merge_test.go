package model

import (
	"encoding/json"
	"testing"
	"time"
)

func testSession(id, caller string, start time.Time, streams int) *Session {
	s := &Session{ID: Some(id), StartDateTime: Some(start), EndDateTime: Some(start.Add(time.Minute)),
		Caller: &Endpoint{ODataType: "#microsoft.graph.callRecords.participantEndpoint", AssociatedIdentity: &Identity{ID: Some(caller)}},
		Callee: &Endpoint{ODataType: "#microsoft.graph.callRecords.serviceEndpoint", UserAgent: &UserAgent{Role: Some(ServiceRole("skypeForBusinessAudioVideoMcu"))}}}
	if streams > 0 {
		m := &Media{Label: Some("main-audio")}
		for i := range streams {
			m.Streams = append(m.Streams, &Stream{StreamID: Some(string(rune('a' + i)))})
		}
		s.Segments = []*Segment{{ID: Some(id), Media: []*Media{m}}}
	}
	return s
}

func canon(t *testing.T, c *Call) string {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sameJSON(a, b *Call) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestReconcile(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	base := func(v int64, sessions ...*Session) *Call {
		return &Call{Tenant: "t", Source: SourceGraph, ID: "c", Version: v, StartDateTime: Some(t0), Sessions: sessions}
	}
	s1 := testSession("s1", "alice", t0, 2)
	s2 := testSession("s2", "bob", t0.Add(time.Second), 2)
	s1thin := testSession("s1", "alice", t0, 0)

	f := func(name string, stored, incoming *Call, want Outcome, wantSessions int) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, o := Reconcile(stored, incoming, sameJSON)
			if o != want {
				t.Fatalf("outcome %s, want %s", o, want)
			}
			if got == nil {
				if wantSessions >= 0 {
					t.Fatalf("nothing to write, want a call with %d sessions", wantSessions)
				}
				return
			}
			if len(got.Sessions) != wantSessions {
				t.Errorf("%d sessions, want %d", len(got.Sessions), wantSessions)
			}
		})
	}
	f("new", nil, base(1, s1), Inserted, 1)
	f("newer replaces whole", base(1, s1, s2), base(2, s1), Replaced, 1)
	f("older skipped", base(2, s1), base(1, s1, s2), Older, -1)
	f("same unchanged", base(1, s1), base(1, s1), Unchanged, -1)
	f("same version adds sessions", base(1), base(1, s1), Merged, 1)
	f("same version thinner copy changes nothing", base(1, s1), base(1, s1thin), Unchanged, -1)
	f("same version fuller copy wins", base(1, s1thin), base(1, s1), Merged, 1)
	partial := &Call{Tenant: "t", Source: SourceGraph, ID: "c", Partial: true, Sessions: []*Session{s2}}
	f("page joins stored record", base(3, s1), partial, Merged, 2)
	f("record joins stored page", partial, base(3, s1), Merged, 2)
	acsA := &Call{Tenant: "t", Source: SourceACS, ID: "c", Version: 1, Sessions: []*Session{s1}}
	acsB := &Call{Tenant: "t", Source: SourceACS, ID: "c", Version: 1, Sessions: []*Session{s1, s2}}
	f("acs reassembly replaces", acsA, acsB, Replaced, 2)
	f("acs same assembly unchanged", acsB, acsB, Unchanged, -1)
}

func TestMergePartsOrderIndependent(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	head := &Call{Tenant: "t", Source: SourceGraph, ID: "c", Version: 1, StartDateTime: Some(t0),
		OrganizerV2: &CallParticipant{ID: Some("alice")}}
	withSessions := &Call{Tenant: "t", Source: SourceGraph, ID: "c", Version: 1, StartDateTime: Some(t0),
		Sessions: []*Session{testSession("s1", "alice", t0, 1), testSession("s1", "bob", t0, 2)}}
	page := &Call{Tenant: "t", Source: SourceGraph, ID: "c", Partial: true,
		Sessions: []*Session{testSession("s1", "alice", t0, 2), testSession("s9", "carol", t0.Add(time.Hour), 1)}}
	parts := []*Call{head, withSessions, page}
	perms := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	var first string
	for _, p := range perms {
		var acc *Call
		for _, i := range p {
			acc, _ = Reconcile(acc, parts[i], sameJSON)
			if acc == nil {
				t.Fatalf("order %v: nothing written", p)
			}
		}
		got := canon(t, acc)
		if first == "" {
			first = got
			if len(acc.Sessions) != 3 || acc.Version != 1 || acc.Partial || acc.OrganizerV2 == nil {
				t.Fatalf("merged call: %s", got)
			}
			// The fuller copy of alice's session (2 streams) is kept.
			for _, s := range acc.Sessions {
				if s.Caller.AssociatedIdentity.ID.Value() == "alice" && len(s.Segments[0].Media[0].Streams) != 2 {
					t.Errorf("alice's session kept the thinner copy")
				}
			}
			continue
		}
		if got != first {
			t.Errorf("order %v gives\n%s\nwant\n%s", p, got, first)
		}
	}
}

func TestMergeRepeatedSessionIDsKept(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	aa := testSession("s1", "caller", t0, 1)
	aa.Callee = &Endpoint{AssociatedIdentity: &Identity{ID: Some("auto-attendant")}}
	cq := testSession("s1", "caller", t0, 1)
	cq.Callee = &Endpoint{AssociatedIdentity: &Identity{ID: Some("call-queue")}}
	a := &Call{ID: "c", Version: 1, Sessions: []*Session{aa}}
	b := &Call{ID: "c", Version: 1, Sessions: []*Session{cq}}
	got := MergeParts(a, b)
	if len(got.Sessions) != 2 {
		t.Fatalf("%d sessions, want both repeated-id sessions", len(got.Sessions))
	}
}
