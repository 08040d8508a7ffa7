package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// TestPagesJoin: lists and a call's record read a page at a time (one
// item a page) are what one page of everything gives, and what the
// store holds.
func TestPagesJoin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "callscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The examples, and three days of an organization's calls before the
	// server's now, some of them poor.
	now := time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	generated := filepath.Join(t.TempDir(), "gen")
	if _, err := gen.Generate(ctx, generated, gen.Options{Seed: 3, Users: 8, Days: 3, End: now, Plain: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, st, []string{"../../examples", generated}, ingest.Options{Tenant: "contoso", Prepare: engine.Judge}); err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(api.Config{Store: st, Auth: auth.Tokens{Store: st}, Judge: engine.Judge, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	tokens := map[access.Role]string{}
	for _, role := range access.Roles() {
		if tokens[role], _, err = (auth.Tokens{Store: st}).Create(ctx, string(role), role, []string{"contoso"}); err != nil {
			t.Fatal(err)
		}
	}
	dial := func(role access.Role, pageSize int) *Client {
		c, err := New(hs.URL, tokens[role], "contoso")
		if err != nil {
			t.Fatal(err)
		}
		c.pageSize = pageSize
		return c
	}
	whole, paged := dial(access.Admin, 0), dial(access.Admin, 1)

	t.Run("calls", func(t *testing.T) {
		t.Parallel()
		want, err := st.ListCalls(ctx, store.CallFilter{Tenant: "contoso", Since: now.Add(-30 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 2 {
			t.Fatalf("%d calls in the window; paging needs two", len(want))
		}
		for name, c := range map[string]*Client{"whole": whole, "paged": paged} {
			got, err := c.TenantCalls(ctx, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !sameCalls(got, want) {
				t.Errorf("%s: %+v\nwant %+v", name, got, want)
			}
			if got, err := c.TenantCalls(ctx, 30, 1); err != nil || !sameCalls(got, want[:1]) {
				t.Errorf("%s, limit 1: %+v, %v", name, got, err)
			}
		}
		const user = "821809f5-0000-0000-0000-3b5136c0e777"
		want, err = st.ListCalls(ctx, store.CallFilter{Tenant: "contoso", User: user, Since: now.Add(-30 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := paged.UserCalls(ctx, user, 0, 0); err != nil || len(want) < 2 || !sameCalls(got, want) {
			t.Errorf("a user's calls, paged: %+v, %v; want %+v", got, err, want)
		}
	})

	t.Run("poor calls", func(t *testing.T) {
		t.Parallel()
		var p cqd.Params
		q, err := p.Query("contoso", now)
		if err != nil {
			t.Fatal(err)
		}
		want, err := st.PoorCalls(ctx, q, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 2 {
			t.Fatalf("%d poor calls; paging needs two", len(want))
		}
		for name, c := range map[string]*Client{"whole": whole, "paged": paged} {
			got, err := c.PoorCalls(ctx, p, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(jsonOf(t, got), jsonOf(t, want)) {
				t.Errorf("%s: %s\nwant %s", name, jsonOf(t, got), jsonOf(t, want))
			}
		}
	})

	// A group call of five sessions, looked up by one of its people.
	const id, lookup = "bbbb1111-cc22-3333-44dd-555555eeeeee", "1e4c59e1-r1rr-49bc-893d-990dsds8f9f5"
	for _, role := range access.Roles() {
		t.Run("call as "+string(role), func(t *testing.T) {
			t.Parallel()
			call, people, err := dial(role, 0).Call(ctx, id, lookup)
			if err != nil {
				t.Fatal(err)
			}
			pagedCall, pagedPeople, err := dial(role, 1).Call(ctx, id, lookup)
			if err != nil {
				t.Fatal(err)
			}
			if len(call.Sessions) != 5 || len(people) == 0 {
				t.Fatalf("%d sessions, %d people", len(call.Sessions), len(people))
			}
			if jsonOf(t, pagedCall) != jsonOf(t, call) || !reflect.DeepEqual(pagedPeople, people) {
				t.Errorf("a session a page:\n%s\n%+v\nall at once:\n%s\n%+v", jsonOf(t, pagedCall), pagedPeople, jsonOf(t, call), people)
			}
			stored, err := st.Call(ctx, "contoso", id)
			if err != nil {
				t.Fatal(err)
			}
			// The participant list has its own order (by name, as pages
			// show it): the same people, whatever their order.
			if want := (access.Policy{}).RedactPeople(stored, role, lookup); !reflect.DeepEqual(sortedPeople(people), sortedPeople(want)) {
				t.Errorf("people %+v, want %+v as the store redacts them", people, want)
			}
			if want := (access.Policy{}).RedactCall(stored, role, lookup); call.CallRating() != want.CallRating() || len(call.Sessions) != len(want.Sessions) {
				t.Errorf("rating %s of %d sessions, want %s of %d", call.CallRating(), len(call.Sessions), want.CallRating(), len(want.Sessions))
			}
		})
	}
}

// sameCalls compares lists from the server and the store, by what the
// API carries of them.
func sameCalls(got, want []store.CallSummary) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Version != w.Version || g.Type != w.Type || g.Source != w.Source || !g.Start.Equal(w.Start) ||
			!g.End.Equal(w.End) || g.Sessions != w.Sessions || g.Streams != w.Streams || g.Participants != w.Participants || g.Rating != w.Rating {
			return false
		}
	}
	return true
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sortedPeople(ps []model.Person) []model.Person {
	out := slices.Clone(ps)
	slices.SortFunc(out, func(a, b model.Person) int { return strings.Compare(fmt.Sprintf("%+v", a), fmt.Sprintf("%+v", b)) })
	return out
}
