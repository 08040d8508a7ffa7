package collect

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// maxNotificationBytes caps a notification POST: Graph batches
// notifications, each well under a kilobyte.
const maxNotificationBytes = 1 << 20

// Receiver answers Graph's change notifications for call records (the
// subscription's notificationUrl and lifecycleNotificationUrl may both
// point at it). It is an http.Handler, safe for concurrent use.
type Receiver struct {
	// Queue is where noted records go; required.
	Queue store.FetchQueue
	// ClientState is the secret the subscription was made with; a
	// notification carrying another is dropped. Required.
	ClientState string
	// Tenants maps the Entra tenant id of a notification (in lower case,
	// as Graph writes it; notifications are matched without regard to
	// case) to the callscope tenant its records are stored under;
	// notifications of other tenants are dropped.
	Tenants map[string]string
	Policy  Policy
	// Lifecycle, when set, is told of lifecycle notifications
	// (reauthorizationRequired, and any other Graph may send); it must
	// not block.
	Lifecycle func(LifecycleEvent)
	Now       func() time.Time
	Logger    *slog.Logger

	// added holds the tenants AddTenant learnt after start.
	mu    sync.RWMutex
	added map[string]string
}

// AddTenant maps one more Entra tenant id to a callscope tenant, while
// the receiver serves: a tenant configured by domain is known by its id
// once the sign-in host has said it.
func (rc *Receiver) AddTenant(entraID, tenant string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.added == nil {
		rc.added = map[string]string{}
	}
	rc.added[strings.ToLower(entraID)] = tenant
}

// tenantOf is the callscope tenant of an Entra tenant id.
func (rc *Receiver) tenantOf(entraID string) (string, bool) {
	id := strings.ToLower(entraID)
	if t, ok := rc.Tenants[id]; ok {
		return t, true
	}
	rc.mu.RLock()
	defer rc.mu.RUnlock()
	t, ok := rc.added[id]
	return t, ok
}

// expected lists the Entra tenant ids notifications are taken from, for
// the log line of one that is not.
func (rc *Receiver) expected() []string {
	ids := slices.Collect(maps.Keys(rc.Tenants))
	rc.mu.RLock()
	ids = append(ids, slices.Collect(maps.Keys(rc.added))...)
	rc.mu.RUnlock()
	slices.Sort(ids)
	return slices.Compact(ids)
}

// LifecycleEvent is a lifecycle notification of a subscription.
type LifecycleEvent struct {
	Event          string // reauthorizationRequired, subscriptionRemoved, missed…
	SubscriptionID string
	Tenant         string // callscope's
}

// notification is the part of Graph's changeNotification callscope reads.
type notification struct {
	SubscriptionID string `json:"subscriptionId"`
	ClientState    string `json:"clientState"`
	ChangeType     string `json:"changeType"`
	Resource       string `json:"resource"`
	ResourceData   struct {
		ID string `json:"id"`
	} `json:"resourceData"`
	TenantID       string `json:"tenantId"`
	LifecycleEvent string `json:"lifecycleEvent"`
}

func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "notifications are POSTed", http.StatusMethodNotAllowed)
		return
	}
	// The validation handshake: echo the token, decoded, as plain text.
	if token, ok := r.URL.Query()["validationToken"]; ok {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, strings.Join(token, ""))
		return
	}
	var body struct {
		Value []notification `json:"value"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxNotificationBytes))
	if err := dec.Decode(&body); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "notification too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "not a change notification collection: "+err.Error(), http.StatusBadRequest)
		return
	}
	notes, refused := rc.notes(body.Value)
	if len(notes) == 0 && refused > 0 {
		// Nothing from this POST came from our subscription.
		http.Error(w, "unknown clientState or tenant", http.StatusForbidden)
		return
	}
	if len(notes) > 0 {
		// A notification is answered only once it is safe in the store;
		// if the store fails, Graph is asked to send it again.
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := rc.Queue.NoteFetches(ctx, notes); err != nil {
			rc.logger().Error("notifications not noted; Graph will send them again", "records", len(notes), "err", err)
			http.Error(w, "could not note the notifications", http.StatusServiceUnavailable)
			return
		}
	}
	w.WriteHeader(http.StatusAccepted)
}

// notes are the fetches the notifications ask for, and how many of them
// were refused (a wrong clientState or an unknown tenant). Lifecycle
// notifications go to rc.Lifecycle.
func (rc *Receiver) notes(ns []notification) ([]store.FetchNote, int) {
	now := rc.now()
	var notes []store.FetchNote
	refused := 0
	for _, n := range ns {
		tenant, ok := rc.tenantOf(n.TenantID)
		switch {
		case rc.ClientState == "" || subtle.ConstantTimeCompare([]byte(n.ClientState), []byte(rc.ClientState)) != 1:
			refused++
			rc.logger().Warn("notification dropped: its clientState is not the subscription's",
				"subscription", n.SubscriptionID, "tenantId", n.TenantID)
			continue
		case !ok:
			refused++
			rc.logger().Warn("notification dropped: it is of another tenant than the one configured (--graph-tenant-id)",
				"subscription", n.SubscriptionID, "tenantId", n.TenantID, "expected", strings.Join(rc.expected(), ", "))
			continue
		}
		if n.LifecycleEvent != "" {
			if rc.Lifecycle != nil {
				rc.Lifecycle(LifecycleEvent{Event: n.LifecycleEvent, SubscriptionID: n.SubscriptionID, Tenant: tenant})
			}
			continue
		}
		id := recordID(n)
		if id == "" || n.ChangeType == "deleted" {
			continue
		}
		notes = append(notes, store.FetchNote{Tenant: tenant, RecordID: id, Noted: now, Due: rc.Policy.due(n.ChangeType, now), MaxWait: rc.Policy.MaxWait})
	}
	return notes, refused
}

// recordID is the call record a notification is about: resourceData's
// id, or the last segment of resource (communications/callRecords/{id}).
func recordID(n notification) string {
	if id := strings.TrimSpace(n.ResourceData.ID); id != "" {
		return id
	}
	res := strings.TrimSuffix(n.Resource, "/")
	if i := strings.LastIndex(res, "/"); i >= 0 && strings.Contains(strings.ToLower(res), "callrecords/") {
		return res[i+1:]
	}
	return ""
}

func (rc *Receiver) now() time.Time {
	if rc.Now != nil {
		return rc.Now()
	}
	return time.Now()
}

func (rc *Receiver) logger() *slog.Logger {
	if rc.Logger != nil {
		return rc.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Validate reports a receiver that cannot work.
func (rc *Receiver) Validate() error {
	switch {
	case rc.Queue == nil:
		return errors.New("collect: the receiver has no queue")
	case rc.ClientState == "" || len(rc.ClientState) > 128:
		return fmt.Errorf("collect: clientState must be 1 to 128 characters, not %d", len(rc.ClientState))
	case len(rc.Tenants) == 0:
		return errors.New("collect: the receiver serves no tenant")
	}
	return rc.Policy.Validate()
}
