package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/store"
)

// TestSignInsAudited: a sign-in, a sign-out and a refused sign-in are in
// the audit log, the first two with who, in which role and tenant.
func TestSignInsAudited(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	ctx := context.Background()
	const name = "audited sign-in"
	secret, _, err := auth.Tokens{Store: d.st}.Create(ctx, name, access.Engineer, []string{demoTenant})
	if err != nil {
		t.Fatal(err)
	}
	v := newVisitor(t, d)
	v.signIn(secret)
	users := v.get("/users")
	if p := v.post("/signout", url.Values{"csrf": {users.csrf(t)}}); p.status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", p.status)
	}
	form := v.get("/signin")
	if p := v.post("/signin", url.Values{"csrf": {form.csrf(t)}, "token": {"cs_not-a-token"}}); p.status == http.StatusSeeOther {
		t.Fatal("a made-up token signed in")
	}

	mine, err := d.st.AuditLog(ctx, store.AuditFilter{Actor: name})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range mine {
		if e.Action == "sign-in" || e.Action == "sign-out" {
			actions = append(actions, e.Action)
			if e.Role != string(access.Engineer) || e.Tenant != demoTenant || e.TokenID == "" {
				t.Errorf("%s entry %+v lacks the role, tenant or token", e.Action, e)
			}
		}
	}
	if !slices.Equal(actions, []string{"sign-out", "sign-in"}) { // newest first
		t.Errorf("audited %v, want a sign-in then a sign-out", actions)
	}
	all, err := d.st.AuditLog(ctx, store.AuditFilter{Actor: ""})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(all, func(e store.AuditEntry) bool { return e.Action == "sign-in-refused" }) {
		t.Error("the refused sign-in is not in the audit log")
	}
}
