package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// testServeDataReopen: tokens, the audit log and settings survive a
// restart, as calls do.
func testServeDataReopen(t *testing.T, s *suite) {
	if s.reopen == nil {
		t.Skip("backend has no reopen")
	}
	st := s.open(t)
	ctx := context.Background()
	tok := token("tok_aaaaaaaa", "secret-a", "engineer", t0, "tenant-a", "tenant-b")
	createToken(t, st, tok)
	if err := st.RevokeToken(ctx, tok.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	auditFixture(t, st)
	setSetting(t, st, "default-tenant", "tenant-a")

	st = s.reopen(t, st)
	tok.RevokedAt = t0.Add(time.Hour)
	wantToken(t, mustTokenByHash(t, st, "secret-a"), tok)
	wantIDs(t, "AuditLog after reopening", subjects(auditLog(t, st, store.AuditFilter{})), []string{"e5", "e4b", "e4a", "e3", "e2", "e1"})
	wantSetting(t, st, "default-tenant", "tenant-a", true)

	// Entries written after the restart still come after those before,
	// even at the same instant.
	audit(t, st, entry(t0.Add(5*time.Minute), "admin", "", "e5-after"))
	wantIDs(t, "AuditLog after reopening", subjects(auditLog(t, st, store.AuditFilter{Limit: 2})), []string{"e5-after", "e5"})
	err := st.CreateToken(ctx, token(tok.ID, "secret-other", "admin", t0))
	wantErr(t, "CreateToken with an id taken before the restart", err, store.ErrConflict)
}

// testServeClosed: the methods serve needs report ErrClosed too.
func testServeClosed(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	_, err := st.TokenByHash(ctx, secretHash("x"))
	wantErr(t, "TokenByHash after Close", err, store.ErrClosed)
	wantErr(t, "CreateToken after Close", st.CreateToken(ctx, token("tok_aaaaaaaa", "x", "admin", t0)), store.ErrClosed)
	wantErr(t, "Audit after Close", st.Audit(ctx, entry(t0, "a", "tenant-a", "s")), store.ErrClosed)
	_, err = st.AuditLog(ctx, store.AuditFilter{})
	wantErr(t, "AuditLog after Close", err, store.ErrClosed)
	_, err = st.SearchPeople(ctx, store.PeopleQuery{Tenant: "tenant-a", Text: "alice"})
	wantErr(t, "SearchPeople after Close", err, store.ErrClosed)
	_, err = st.DeleteCalls(ctx, "tenant-a", t0)
	wantErr(t, "DeleteCalls after Close", err, store.ErrClosed)
	_, _, err = st.Setting(ctx, "k")
	wantErr(t, "Setting after Close", err, store.ErrClosed)
	wantErr(t, "SetSetting after Close", st.SetSetting(ctx, "k", "v"), store.ErrClosed)
}
