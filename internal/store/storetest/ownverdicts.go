package storetest

import (
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// testListOwnVerdicts: a user's list says how their own sessions went
// (those they are the caller or callee of), found by any of their
// identifiers, also after the store is opened again; a call stored with
// the person in no session of theirs says so.
func testListOwnVerdicts(t *testing.T, s *suite) {
	st := s.open(t)
	c := simpleCall("tenant-a", "meeting", 1, t0, 3, 1)
	c.Sessions[0].Caller, c.Sessions[0].Callee = alice(), bob()
	c.Sessions[1].Caller, c.Sessions[1].Callee = bob(), carol()
	c.Sessions[2].Caller, c.Sessions[2].Callee = carol(), alice()
	c.Sessions[0].Rating = model.RatingPoor
	c.Sessions[0].Issues = []model.Issue{{Severity: model.SeverityRed, Metric: "packetLossRate"}}
	c.Sessions[1].Rating = model.RatingGood
	c.Sessions[2].Rating = model.RatingGood
	c.Sessions[2].Issues = []model.Issue{{Severity: model.SeverityYellow, Metric: "jitter"}, {Severity: model.SeverityYellow, Metric: "roundTripTime"}}
	put(t, st, outcomes(model.Inserted), c)
	want := map[string]model.OwnVerdict{
		aliceID:              {Sessions: 2, Rating: model.RatingPoor, RedIssues: 1, YellowIssues: 2},
		aliceUPN:             {Sessions: 2, Rating: model.RatingPoor, RedIssues: 1, YellowIssues: 2},
		bobID:                {Sessions: 2, Rating: model.RatingPoor, RedIssues: 1},
		"carol@fabrikam.com": {Sessions: 2, Rating: model.RatingGood, YellowIssues: 2},
	}
	check := func(st store.Store, when string) {
		t.Helper()
		for user, w := range want {
			got := list(t, st, store.CallFilter{Tenant: "tenant-a", User: user})
			if len(got) != 1 || got[0].Own == nil || *got[0].Own != w {
				t.Errorf("%s: %s's own verdict: %+v, want %+v", when, user, got, w)
			}
		}
		// Without a user, no own verdict.
		if all := list(t, st, store.CallFilter{Tenant: "tenant-a"}); len(all) != 1 || all[0].Own != nil {
			t.Errorf("%s: a list of everyone's calls has an own verdict: %+v", when, all)
		}
	}
	check(st, "stored")
	if s.reopen != nil {
		check(s.reopen(t, st), "opened again")
	}
}
