// Package health keeps what the background jobs of a callscope server
// last did (a sweep of Graph's call records, a read of the PSTN logs, a
// poll of an ACS storage container) in the store's settings, where every
// process sharing the store records its own runs and any of them can
// report them: an operator sees that collection stopped, and why.
package health

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// keyPrefix begins the settings of jobs.
const keyPrefix = "health.job."

// Job is what one background job last did.
type Job struct {
	// Tenant is the callscope tenant the job collects for; Name the job
	// (graph.sweep, graph.usage, acs.poll <container>).
	Tenant      string    `json:"tenant"`
	Name        string    `json:"name"`
	LastAttempt time.Time `json:"lastAttempt"`
	// LastSuccess is zero until the job has once succeeded.
	LastSuccess time.Time `json:"lastSuccess,omitzero"`
	// LastError is the last failure's reason, kept until a success;
	// Failures counts the failures since the last success.
	LastError string `json:"lastError,omitempty"`
	Failures  int    `json:"failures,omitempty"`
}

// OK tells whether the job's last run succeeded.
func (j Job) OK() bool { return j.Failures == 0 && !j.LastSuccess.IsZero() }

// Record notes a run of the job name for tenant that ended at now with
// err (nil for a success).
func Record(ctx context.Context, st store.SettingStore, tenant, name string, err error, now time.Time) error {
	key := keyPrefix + url.PathEscape(tenant) + "/" + name
	var j Job
	if raw, ok, rerr := st.Setting(ctx, key); rerr != nil {
		return fmt.Errorf("health of %s: %w", name, rerr)
	} else if ok {
		_ = json.Unmarshal([]byte(raw), &j) // a damaged record starts again
	}
	j.Tenant, j.Name, j.LastAttempt = tenant, name, now.UTC()
	if err == nil {
		j.LastSuccess, j.LastError, j.Failures = now.UTC(), "", 0
	} else {
		j.LastError, j.Failures = err.Error(), j.Failures+1
	}
	b, _ := json.Marshal(j) // a Job always encodes
	if err := st.SetSetting(ctx, key, string(b)); err != nil {
		return fmt.Errorf("health of %s: %w", name, err)
	}
	return nil
}

// Jobs returns the jobs recorded in a store's settings (SettingStore's
// Settings, which a caller reads once for this and whatever else it
// shows) for the tenants visible says it may see, by tenant and name.
func Jobs(settings map[string]string, visible func(tenant string) bool) []Job {
	jobs := []Job{}
	for k, v := range settings {
		if !strings.HasPrefix(k, keyPrefix) {
			continue
		}
		escaped, name, _ := strings.Cut(strings.TrimPrefix(k, keyPrefix), "/")
		tenant, err := url.PathUnescape(escaped)
		if err != nil || !visible(tenant) {
			continue
		}
		j := Job{Tenant: tenant, Name: name}
		if err := json.Unmarshal([]byte(v), &j); err != nil {
			j.LastError = "the job's record cannot be read: " + err.Error()
		}
		j.Tenant, j.Name = tenant, name // the key's, whatever the value says
		jobs = append(jobs, j)
	}
	slices.SortFunc(jobs, func(a, b Job) int {
		return cmp.Or(strings.Compare(a.Tenant, b.Tenant), strings.Compare(a.Name, b.Name))
	})
	return jobs
}
