package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

const daveID = "44444444-4444-4444-4444-444444444444"

// dave is a user whose name Microsoft withheld in his later call.
func dave(name model.Opt[string]) *model.Endpoint {
	e := user(daveID, "dave@contoso.com", "")
	e.AssociatedIdentity.DisplayName = name
	return e
}

// callOf is a call of tenant between caller and callee only.
func callOf(tenant, id string, start time.Time, caller, callee *model.Endpoint) *model.Call {
	c := call(tenant, id, 1, start, session(id+"-s0", start, caller, callee, 1))
	c.Organizer, c.Participants = nil, nil
	return c
}

// searchFixture is listFixture (alice in c0, c2, c3; bob in all five;
// carol in c2b; a phone number in c1), dave in two calls of tenant-a, and
// tenant-b's calls of other people, and of alice later than any of
// tenant-a's.
func searchFixture(t *testing.T, st store.Store) {
	t.Helper()
	listFixture(t, st)
	put(t, st, outcomes(model.Inserted, model.Inserted, model.Inserted, model.Inserted),
		callOf("tenant-a", "d1", t0.Add(-72*time.Hour), dave(some("Dave Smith")), bob()),
		callOf("tenant-a", "d2", t0.Add(-24*time.Hour), dave(model.NullOf[string]()), bob()),
		callOf("tenant-b", "b1", t0.Add(time.Hour), user("55555555-5555-5555-5555-555555555555", "alison@tailspin.com", "Eve Alison"), phone("+14255550199")),
		callOf("tenant-b", "b2", t0.Add(2*time.Hour), alice(), user("66666666-6666-6666-6666-666666666666", "smith@tailspin.com", "Frank Smith")),
	)
}

func search(t *testing.T, st store.Store, q store.PeopleQuery) []store.PersonMatch {
	t.Helper()
	got, err := st.SearchPeople(context.Background(), q)
	if err != nil {
		t.Fatalf("SearchPeople(%+v): %v", q, err)
	}
	return got
}

// names lists the matches by what tells them apart: name, else phone.
func names(ms []store.PersonMatch) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		if m.DisplayName != "" {
			out = append(out, m.DisplayName)
		} else {
			out = append(out, m.Phone)
		}
	}
	return out
}

// testSearchPeople: by name fragment, UPN prefix and phone prefix, in any
// case and spacing, ordered by last call then name.
func testSearchPeople(t *testing.T, s *suite) {
	st := s.open(t)
	searchFixture(t, st)
	f := func(text string, want ...string) {
		t.Helper()
		wantIDs(t, "people matching "+text, names(search(t, st, store.PeopleQuery{Tenant: "tenant-a", Text: text})), want)
	}
	// Name fragments, without regard to case; alice and bob last called
	// at the same time, so by name.
	f("example", "Alice Example", "Bob Example", "Carol Example")
	f("ALI", "Alice Example")
	f("ice ex", "Alice Example")
	f("  smith ", "Dave Smith")
	// A name or a word of it that begins with the text comes first, before
	// a later call of someone whose name holds it only inside.
	f("c", "Carol Example", "Alice Example")
	f("C", "Carol Example", "Alice Example")
	// UPN prefixes in another case; a UPN is not searched inside.
	f("CAROL@FAB", "Carol Example")
	f("Dave@", "Dave Smith")
	f("contoso")
	// Phone prefixes by their digits, however written.
	f("+1 425", "+14255550100")
	f("1-425-555-01", "+14255550100")
	f("(+1) 425 555 0100", "+14255550100")
	f("14255550100", "+14255550100")
	f("425 555")
	f("+1 425 555 0199") // tenant-b's number
	// Letters make a text no phone number.
	f("x1425")
	f("nobody")

	// The match carries the person's details and counts.
	got := search(t, st, store.PeopleQuery{Tenant: "tenant-a", Text: "alice"})
	want := store.PersonMatch{Person: model.Person{ID: aliceID, DisplayName: "Alice Example", UPN: "alice@contoso.com",
		TenantID: "00000000-0000-0000-0000-00000000000a", Organizer: true}, Calls: 3, LastCall: t0}
	if len(got) != 1 || !got[0].LastCall.Equal(want.LastCall) {
		t.Fatalf("alice = %+v, want %+v", got, want)
	}
	got[0].LastCall = want.LastCall
	if got[0] != want {
		t.Errorf("alice = %+v, want %+v", got[0], want)
	}
	// Dave's name was withheld in his later call: that call still counts,
	// and his name comes from the call that has it.
	got = search(t, st, store.PeopleQuery{Tenant: "tenant-a", Text: "smith"})
	if len(got) != 1 || got[0].Calls != 2 || !got[0].LastCall.Equal(t0.Add(-24*time.Hour)) || got[0].ID != daveID || got[0].Organizer {
		t.Errorf("dave = %+v, want 2 calls, the last at %v", got, t0.Add(-24*time.Hour))
	}
	got = search(t, st, store.PeopleQuery{Tenant: "tenant-a", Text: "+1425"})
	if len(got) != 1 || got[0].ID != "" || got[0].Phone != pstnNum || got[0].Calls != 1 || !got[0].LastCall.Equal(t0.Add(-48*time.Hour)) {
		t.Errorf("phone number = %+v", got)
	}
	// Bob is in every call, c0 without a start time among them.
	got = search(t, st, store.PeopleQuery{Tenant: "tenant-a", Text: "bob"})
	if len(got) != 1 || got[0].Calls != 7 || !got[0].LastCall.Equal(t0) {
		t.Errorf("bob = %+v, want 7 calls, the last at %v", got, t0)
	}

	// What a match names finds its calls.
	for _, m := range search(t, st, store.PeopleQuery{Tenant: "tenant-a", Text: "e"}) {
		for _, id := range []string{m.ID, m.UPN, m.Phone} {
			if id == "" {
				continue
			}
			if n := len(list(t, st, store.CallFilter{Tenant: "tenant-a", User: id})); n != m.Calls {
				t.Errorf("calls of %s = %d, but the match counts %d", id, n, m.Calls)
			}
		}
	}

	wantIDs(t, "people matching e, limit 2", names(search(t, st, store.PeopleQuery{Tenant: "tenant-a", Text: "e", Limit: 2})),
		[]string{"Alice Example", "Bob Example"})
}

// testSearchTenantScope: people are found only through the tenant's own
// calls, and counted by them alone.
func testSearchTenantScope(t *testing.T, s *suite) {
	st := s.open(t)
	searchFixture(t, st)
	f := func(tenant, text string, want ...string) {
		t.Helper()
		wantIDs(t, tenant+"'s people matching "+text, names(search(t, st, store.PeopleQuery{Tenant: tenant, Text: text})), want)
	}
	f("tenant-a", "alison")
	f("tenant-a", "tailspin")
	f("tenant-a", "smith", "Dave Smith")
	f("tenant-b", "smith", "Frank Smith")
	f("tenant-b", "ali", "Alice Example", "Eve Alison")
	f("tenant-b", "+1 425", "+14255550199")
	f("tenant-c", "alice")

	got := search(t, st, store.PeopleQuery{Tenant: "tenant-b", Text: aliceUPN})
	if len(got) != 1 || got[0].Calls != 1 || !got[0].LastCall.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("alice in tenant-b = %+v, want tenant-b's one call", got)
	}
	got = search(t, st, store.PeopleQuery{Tenant: "tenant-a", Text: aliceUPN})
	if len(got) != 1 || got[0].Calls != 3 || !got[0].LastCall.Equal(t0) {
		t.Errorf("alice in tenant-a = %+v, want tenant-a's 3 calls, the last at %v", got, t0)
	}

	ctx := context.Background()
	for what, q := range map[string]store.PeopleQuery{
		"no tenant":      {Text: "alice"},
		"no text":        {Tenant: "tenant-a"},
		"only spaces":    {Tenant: "tenant-a", Text: "  \t"},
		"negative limit": {Tenant: "tenant-a", Text: "alice", Limit: -1},
	} {
		_, err := st.SearchPeople(ctx, q)
		wantErr(t, "SearchPeople with "+what, err, store.ErrInvalid)
	}
}
