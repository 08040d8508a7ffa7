package collect

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/health"
	"github.com/callscope/callscope/internal/store"
)

// Status is what collection last did, as the store knows it from every
// process that shares it: its jobs' last runs, the Graph subscriptions
// and the records waiting to be fetched.
type Status struct {
	Jobs          []health.Job         `json:"jobs"`
	Subscriptions []SubscriptionStatus `json:"subscriptions"`
	Queue         QueueStatus          `json:"queue"`
}

// SubscriptionStatus is a tenant's Graph subscription to call records.
type SubscriptionStatus struct {
	Tenant  string    `json:"tenant"`
	ID      string    `json:"id"`
	Expires time.Time `json:"expires"`
	Renewed time.Time `json:"renewed"`
}

// QueueStatus is the records waiting to be fetched from Graph: how many,
// and those put off after failures, with why.
type QueueStatus struct {
	Pending int `json:"pending"`
	Failing int `json:"failing"`
	// Failed are the failing records, the longest failing first, at most
	// maxFailedShown.
	Failed []FailedFetch `json:"failed"`
}

// FailedFetch is a record whose fetches failed.
type FailedFetch struct {
	Tenant     string    `json:"tenant"`
	Record     string    `json:"record"`
	Attempts   int       `json:"attempts"`
	LastError  string    `json:"lastError"`
	FirstNoted time.Time `json:"firstNoted"`
	Retry      time.Time `json:"retry"`
}

const maxFailedShown = 50

// ReadStatus reads the collection status of the tenants visible says may
// be seen, as of now.
func ReadStatus(ctx context.Context, st store.Store, visible func(tenant string) bool, now time.Time) (*Status, error) {
	settings, err := st.Settings(ctx)
	if err != nil {
		return nil, fmt.Errorf("collection status: %w", err)
	}
	s := &Status{Jobs: health.Jobs(settings, visible), Subscriptions: []SubscriptionStatus{}, Queue: QueueStatus{Failed: []FailedFetch{}}}
	for k, v := range settings {
		tenant, ok := strings.CutPrefix(k, subscriptionPrefix)
		if !ok || k == clientStateKey || !visible(tenant) {
			continue
		}
		var sub storedSub
		if json.Unmarshal([]byte(v), &sub) != nil || sub.ID == "" {
			continue
		}
		s.Subscriptions = append(s.Subscriptions, SubscriptionStatus{Tenant: tenant, ID: sub.ID, Expires: sub.Expiration, Renewed: sub.SetAt})
	}
	slices.SortFunc(s.Subscriptions, func(a, b SubscriptionStatus) int { return strings.Compare(a.Tenant, b.Tenant) })
	// Every pending record: none waits past Graph's 30 days.
	pending, err := st.DueFetches(ctx, now.Add(31*24*time.Hour), 100_000)
	if err != nil {
		return nil, fmt.Errorf("collection status: %w", err)
	}
	for _, p := range pending {
		if !visible(p.Tenant) {
			continue
		}
		s.Queue.Pending++
		if p.Attempts == 0 {
			continue
		}
		s.Queue.Failing++
		s.Queue.Failed = append(s.Queue.Failed, FailedFetch{Tenant: p.Tenant, Record: p.RecordID, Attempts: p.Attempts,
			LastError: p.LastError, FirstNoted: p.FirstNoted, Retry: p.Due})
	}
	slices.SortFunc(s.Queue.Failed, func(a, b FailedFetch) int {
		return cmp.Or(a.FirstNoted.Compare(b.FirstNoted), strings.Compare(a.Record, b.Record))
	})
	s.Queue.Failed = s.Queue.Failed[:min(len(s.Queue.Failed), maxFailedShown)]
	return s, nil
}
