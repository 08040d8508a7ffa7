package collect

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/health"
	"github.com/callscope/callscope/internal/store"
)

// TestReadStatus: the status shows each job's last run and error, the
// subscription's expiry, the queue and its failing records, of the
// tenants the reader may see only.
func TestReadStatus(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t, "")
	for _, r := range []struct {
		tenant, job string
		err         error
		at          time.Duration
	}{
		{"contoso", "graph.sweep", nil, 0},
		{"contoso", "graph.sweep", errors.New("cannot reach the Graph host"), time.Hour},
		{"contoso", "graph.usage", nil, time.Hour},
		{"fabrikam", "graph.sweep", nil, time.Hour},
	} {
		if err := health.Record(ctx, st, r.tenant, r.job, r.err, t0.Add(r.at)); err != nil {
			t.Fatal(err)
		}
	}
	for tenant, id := range map[string]string{"contoso": "sub-1", "fabrikam": "sub-2"} {
		if err := st.SetSetting(ctx, subscriptionPrefix+tenant,
			`{"id":"`+id+`","expirationDateTime":"2026-12-09T10:00:00Z","setAt":"2026-12-06T10:00:00Z"}`); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.NoteFetches(ctx, []store.FetchNote{
		{Tenant: "contoso", RecordID: "ok", Noted: t0, Due: t0},
		{Tenant: "contoso", RecordID: "failing", Noted: t0, Due: t0},
		{Tenant: "fabrikam", RecordID: "theirs", Noted: t0, Due: t0},
	}); err != nil {
		t.Fatal(err)
	}
	due, err := st.DueFetches(ctx, t0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range due {
		if p.RecordID != "ok" {
			if err := st.RetryFetch(ctx, p, t0.Add(time.Minute), "Graph answered 503"); err != nil {
				t.Fatal(err)
			}
		}
	}

	s, err := ReadStatus(ctx, st, func(tenant string) bool { return tenant == "contoso" }, t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Jobs) != 2 || s.Jobs[0].Name != "graph.sweep" || s.Jobs[0].OK() || s.Jobs[0].Failures != 1 ||
		!s.Jobs[0].LastSuccess.Equal(t0) || s.Jobs[0].LastError != "cannot reach the Graph host" || !s.Jobs[1].OK() {
		t.Errorf("jobs %+v", s.Jobs)
	}
	if len(s.Subscriptions) != 1 || s.Subscriptions[0].ID != "sub-1" || s.Subscriptions[0].Expires.IsZero() {
		t.Errorf("subscriptions %+v", s.Subscriptions)
	}
	if q := s.Queue; q.Pending != 2 || q.Failing != 1 || len(q.Failed) != 1 || q.Failed[0].Record != "failing" ||
		q.Failed[0].LastError != "Graph answered 503" || !q.Failed[0].Retry.Equal(t0.Add(time.Minute)) {
		t.Errorf("queue %+v", s.Queue)
	}
	// A success clears the error.
	if err := health.Record(ctx, st, "contoso", "graph.sweep", nil, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	s, _ = ReadStatus(ctx, st, func(string) bool { return true }, t0)
	if len(s.Jobs) != 3 || !s.Jobs[0].OK() || s.Jobs[0].LastError != "" || len(s.Subscriptions) != 2 || s.Queue.Pending != 3 {
		t.Errorf("after a success, all tenants: %+v", s)
	}
}
