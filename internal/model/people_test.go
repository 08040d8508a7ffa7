package model

import (
	"testing"
	"time"
)

func TestPeople(t *testing.T) {
	t.Parallel()
	c := piiCall()
	people := People(c)
	byID := map[string]Person{}
	for _, p := range people {
		byID[p.ID+p.Phone] = p
	}
	if !people[0].Organizer || people[0].ID != "org-oid" || people[0].UPN != "olga@contoso.com" {
		t.Errorf("organizer first, merged from organizer_v2 and organizer: %+v", people[0])
	}
	if p := byID["+15551234567"]; p.Phone != "+15551234567" || p.ID != "" || p.DisplayName != "Pat Phone" {
		t.Errorf("phone participant: %+v", p)
	}
	if p := byID["alice-oid"]; p.DisplayName != "Alice Example" {
		t.Errorf("session-only participant missing: %+v", p)
	}
	if p := byID["bob-oid"]; p.UPN != "bob@contoso.com" {
		t.Errorf("deprecated identity set participant: %+v", p)
	}
	seen := map[string]int{}
	for _, p := range people {
		seen[p.ID+p.Phone]++
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("%s listed %d times", k, n)
		}
	}
}

func TestFacts(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	c := piiCall()
	c.Tenant, c.StartDateTime, c.Type = "t1", Some(t0), Some(CallTypePeerToPeer)
	st := c.Sessions[0].Segments[0].Media[0].Streams[0]
	st.AverageJitter = Some(Duration(16 * time.Millisecond))
	st.StreamDirection = Some(CalleeToCaller)
	c.Sessions[0].FailureInfo = &FailureInfo{Stage: Some(FailureStageMidcall)}
	facts := Facts(c)
	if len(facts) != 1 {
		t.Fatalf("%d facts, want 1", len(facts))
	}
	f := facts[0]
	if f.Tenant != "t1" || f.CallID != "call" || f.MediaKind != MediaAudio || f.SenderIsCaller || f.FailureStage != "midcall" {
		t.Errorf("fact %+v", f)
	}
	if f.JitterMs == nil || *f.JitterMs != 16 || f.RoundTripMs != nil || f.PacketLossRate == nil || *f.PacketLossRate != 0.01 {
		t.Errorf("metrics: jitter %v rtt %v loss %v", f.JitterMs, f.RoundTripMs, f.PacketLossRate)
	}
	if f.Caller.Subnet != "10.1.2.0" || f.Caller.UserID != "alice-oid" || f.Callee.UserID != "bob-oid" {
		t.Errorf("sides %+v %+v", f.Caller, f.Callee)
	}
}

// TestFactsOfFailedSetup: a session that failed before any stream is a
// fact of its own (no media), so that its setup failure counts; a
// session with streams gets none more, failed or not.
func TestFactsOfFailedSetup(t *testing.T) {
	t.Parallel()
	c := piiCall()
	c.Tenant = "t1"
	failed := c.Sessions[0]
	failed.FailureInfo = &FailureInfo{Stage: Some(FailureStageCallSetup)}
	failed.Segments[0].Media = nil
	facts := Facts(c)
	if len(facts) != 1 {
		t.Fatalf("%d facts of a failed setup without media, want 1", len(facts))
	}
	f := facts[0]
	if f.MediaKind != MediaNone || f.MediaIndex != -1 || f.StreamIndex != -1 || f.FailureStage != "callSetup" ||
		f.Start != nil || f.End != nil || f.Quality != "" || f.Caller.UserID != "alice-oid" || f.Callee.UserID != "bob-oid" {
		t.Errorf("fact of a failed setup: %+v", f)
	}
	// Its media without streams still says where it failed.
	g := piiCall()
	g.Sessions[0].FailureInfo = &FailureInfo{Stage: Some(FailureStageCallSetup)}
	g.Sessions[0].Segments[0].Media[0].Streams = nil
	if fs := Facts(g); len(fs) != 1 || fs[0].MediaKind != MediaNone || fs[0].Caller.Subnet != "10.1.2.0" {
		t.Errorf("a failed setup with media but no streams: %+v", fs)
	}
	// A failure of a session with streams adds nothing.
	d := piiCall()
	d.Sessions[0].FailureInfo = &FailureInfo{Stage: Some(FailureStageMidcall)}
	if n := len(Facts(d)); n != 1 {
		t.Errorf("%d facts of a dropped session of one stream, want 1", n)
	}
	// Nor does a session without streams that did not fail.
	e := piiCall()
	e.Sessions[0].Segments[0].Media = nil
	if n := len(Facts(e)); n != 0 {
		t.Errorf("%d facts of a session without streams or failure, want 0", n)
	}
}

func TestKindOfLabel(t *testing.T) {
	t.Parallel()
	f := func(label string, want MediaKind) {
		t.Helper()
		if got := KindOfLabel(label); got != want {
			t.Errorf("KindOfLabel(%q) = %s, want %s", label, got, want)
		}
	}
	f("main-audio", MediaAudio)
	f("Main-Audio", MediaAudio)
	f("main-video", MediaVideo)
	f("applicationsharing-video", MediaVBSS)
	f("applicationsharing", MediaAppSharing)
	f("main-data", MediaData)
	f("data", MediaData)
	f("", MediaOther)
	f("panoramic-widget", MediaOther)
}
