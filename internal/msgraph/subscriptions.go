package msgraph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Change-notification subscriptions for call records (reference §5):
// one subscription tells Graph to POST a notification to callscope's
// webhook whenever a call record of the tenant is created or updated.

const (
	// CallRecordsResource is the resource a call-records subscription
	// watches: every record of the tenant; Graph offers no filter.
	CallRecordsResource = "/communications/callRecords"
	// CallRecordsChangeType asks for both kinds of notification: a record
	// is published, then republished with a higher version.
	CallRecordsChangeType = "created,updated"
	// MaxSubscriptionLifetime is the longest Graph grants a call-records
	// subscription: 4,230 minutes (just under 3 days) from now.
	MaxSubscriptionLifetime = 4230 * time.Minute
	// MaxClientStateLen is the longest clientState Graph accepts.
	MaxClientStateLen = 128

	// clockSkew is kept off the longest lifetime: Graph measures it by
	// its own clock, and a request for exactly the maximum from a clock a
	// little fast would be refused.
	clockSkew = 2 * time.Minute
)

// Sentinel errors of subscriptions, for errors.Is, besides ErrPermission,
// ErrNotFound, ErrThrottled and ErrUnreachable.
var (
	// ErrValidation: Graph could not validate the notification URL (or
	// the lifecycle notification URL) when creating a subscription.
	ErrValidation = errors.New("notification URL validation failed")
	// ErrQuota: the organization already has as many call-records
	// subscriptions as Graph allows (100).
	ErrQuota = errors.New("subscription quota reached")
)

// SubscriptionRequest is what CreateSubscription asks of Graph.
type SubscriptionRequest struct {
	// NotificationURL receives the change notifications: public HTTPS,
	// reachable by Graph, answering its validation request within 10 s.
	NotificationURL string
	// LifecycleNotificationURL receives reauthorizationRequired and the
	// other lifecycle notifications. It is validated like NotificationURL
	// and cannot be added to a subscription later, so set it now; it may
	// be the same URL.
	LifecycleNotificationURL string
	// ClientState is the secret Graph repeats in every notification, so
	// that the receiver can drop forged ones: 1 to 128 characters.
	ClientState string
	// Expiration is when the subscription ends unless renewed. Zero, or
	// a time past the longest lifetime Graph grants, is clamped to the
	// longest (MaxSubscriptionLifetime, less two minutes for clock skew).
	Expiration time.Time
}

// Subscription is Graph's subscription as it answered.
type Subscription struct {
	ID                       string
	Resource                 string
	ChangeType               string
	NotificationURL          string
	LifecycleNotificationURL string
	// ClientState is the secret when Graph returns it (it does on
	// create; a list may leave it out). It is left out of LogValue.
	ClientState   string
	Expiration    time.Time
	ApplicationID string
}

// LogValue keeps the clientState out of logs.
func (s Subscription) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", s.ID), slog.Time("expiration", s.Expiration),
		slog.String("notificationUrl", RedactURL(s.NotificationURL)))
}

// subscriptionJSON is Graph's subscription resource.
type subscriptionJSON struct {
	ID                       string `json:"id,omitempty"`
	Resource                 string `json:"resource,omitempty"`
	ChangeType               string `json:"changeType,omitempty"`
	NotificationURL          string `json:"notificationUrl,omitempty"`
	LifecycleNotificationURL string `json:"lifecycleNotificationUrl,omitempty"`
	ClientState              string `json:"clientState,omitempty"`
	ExpirationDateTime       string `json:"expirationDateTime,omitempty"`
	ApplicationID            string `json:"applicationId,omitempty"`
}

func (j subscriptionJSON) subscription() (Subscription, error) {
	if strings.TrimSpace(j.ID) == "" {
		return Subscription{}, errors.New("a subscription without an id")
	}
	exp, err := time.Parse(time.RFC3339Nano, j.ExpirationDateTime)
	if err != nil {
		return Subscription{}, fmt.Errorf("subscription %s: expirationDateTime %q is not a time", j.ID, j.ExpirationDateTime)
	}
	return Subscription{
		ID: j.ID, Resource: j.Resource, ChangeType: j.ChangeType,
		NotificationURL: j.NotificationURL, LifecycleNotificationURL: j.LifecycleNotificationURL,
		ClientState: j.ClientState, Expiration: exp, ApplicationID: j.ApplicationID,
	}, nil
}

// graphTime writes a time as Graph writes expirationDateTime: UTC, seven
// fractional digits.
func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.0000000Z") }

// ClampExpiration is the expiration Graph will accept for a wish made at
// now: zero or too late becomes the longest lifetime (less clock skew).
func ClampExpiration(want, now time.Time) time.Time {
	latest := now.Add(MaxSubscriptionLifetime - clockSkew)
	if want.IsZero() || want.After(latest) {
		return latest
	}
	return want
}

// CreateSubscription subscribes to the tenant's call records. Graph
// validates both URLs before it answers, so this takes some seconds.
//
// A create is not repeated blindly: only a 429, which Graph answers
// before doing anything, is retried. When the outcome is unknown (the
// network failed, or Graph answered 503 or 504) the subscription may
// exist all the same, so the subscriptions are listed and one matching
// req is returned if found; otherwise the original error.
func (c *Client) CreateSubscription(ctx context.Context, req SubscriptionRequest) (Subscription, error) {
	if err := checkRequest(req); err != nil {
		return Subscription{}, err
	}
	exp := ClampExpiration(req.Expiration, c.cfg.Now())
	if !exp.After(c.cfg.Now()) {
		return Subscription{}, configError("the subscription expiration %s is not in the future", exp.Format(time.RFC3339))
	}
	body, _ := json.Marshal(subscriptionJSON{
		Resource: CallRecordsResource, ChangeType: CallRecordsChangeType,
		NotificationURL: req.NotificationURL, LifecycleNotificationURL: req.LifecycleNotificationURL,
		ClientState: req.ClientState, ExpirationDateTime: graphTime(exp),
	})
	what := "a call-records subscription to " + RedactURL(req.NotificationURL)
	resp, data, err := c.do(ctx, request{method: http.MethodPost, url: c.graph.String() + "/v1.0/subscriptions", body: body, what: what})
	if err != nil {
		if !outcomeUnknown(err) {
			return Subscription{}, err
		}
		c.log.Warn("graph subscription create outcome unknown, looking for it", "url", RedactURL(req.NotificationURL), "err", err)
		found, ok, ferr := c.FindSubscription(ctx, req)
		if ferr == nil && ok {
			return found, nil
		}
		return Subscription{}, err
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return Subscription{}, c.subscriptionError(resp, data, what, req)
	}
	return c.readSubscription(data, what)
}

// checkRequest reports a request Graph would refuse, before sending it.
func checkRequest(req SubscriptionRequest) error {
	for _, u := range []struct{ name, v string }{{"notification URL", req.NotificationURL}, {"lifecycle notification URL", req.LifecycleNotificationURL}} {
		if u.v == "" && u.name != "notification URL" {
			continue
		}
		p, err := url.Parse(u.v)
		if err != nil || !strings.EqualFold(p.Scheme, "https") || p.Host == "" {
			return configError("the %s %q is not an https:// URL: Graph delivers notifications over HTTPS only, to a public host", u.name, RedactURL(u.v))
		}
	}
	if n := len(req.ClientState); n == 0 || n > MaxClientStateLen {
		return configError("the clientState must be 1 to %d characters, not %d", MaxClientStateLen, n)
	}
	return nil
}

// outcomeUnknown reports a failure after which a write may or may not
// have been carried out.
func outcomeUnknown(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Kind == ErrUnreachable || e.Kind == ErrThrottled && e.Status != http.StatusTooManyRequests
}

// RenewSubscription moves the subscription's expiry to expiration
// (clamped like SubscriptionRequest.Expiration) with a PATCH. The PATCH
// sets a value, so it is repeated after throttling and network failures.
// A subscription Graph no longer has is ErrNotFound: create a new one.
func (c *Client) RenewSubscription(ctx context.Context, id string, expiration time.Time) (Subscription, error) {
	u, err := c.subscriptionURL(id, "")
	if err != nil {
		return Subscription{}, err
	}
	exp := ClampExpiration(expiration, c.cfg.Now())
	body, _ := json.Marshal(subscriptionJSON{ExpirationDateTime: graphTime(exp)})
	what := "renewal of subscription " + id
	resp, data, err := c.do(ctx, request{method: http.MethodPatch, url: u, body: body, what: what, repeatable: true})
	if err != nil {
		return Subscription{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return Subscription{}, c.subscriptionError(resp, data, what, SubscriptionRequest{})
	}
	return c.readSubscription(data, what)
}

// ReauthorizeSubscription answers a reauthorizationRequired lifecycle
// notification: Graph checks the app's access again and keeps sending.
// Reauthorizing twice does no harm, so it is repeated like a PATCH.
func (c *Client) ReauthorizeSubscription(ctx context.Context, id string) error {
	u, err := c.subscriptionURL(id, "/reauthorize")
	if err != nil {
		return err
	}
	what := "reauthorization of subscription " + id
	resp, data, err := c.do(ctx, request{method: http.MethodPost, url: u, what: what, repeatable: true})
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return c.subscriptionError(resp, data, what, SubscriptionRequest{})
	}
	return nil
}

// DeleteSubscription ends a subscription. One Graph no longer has is
// not an error: the end wanted is reached.
func (c *Client) DeleteSubscription(ctx context.Context, id string) error {
	u, err := c.subscriptionURL(id, "")
	if err != nil {
		return err
	}
	what := "deletion of subscription " + id
	resp, data, err := c.do(ctx, request{method: http.MethodDelete, url: u, what: what, repeatable: true})
	if err != nil {
		return err
	}
	if resp.StatusCode/100 == 2 || resp.StatusCode == http.StatusNotFound {
		return nil
	}
	return c.subscriptionError(resp, data, what, SubscriptionRequest{})
}

// GetSubscription reads one subscription; ErrNotFound when it expired or
// was deleted.
func (c *Client) GetSubscription(ctx context.Context, id string) (Subscription, error) {
	u, err := c.subscriptionURL(id, "")
	if err != nil {
		return Subscription{}, err
	}
	what := "subscription " + id
	resp, data, err := c.do(ctx, request{method: http.MethodGet, url: u, what: what, repeatable: true})
	if err != nil {
		return Subscription{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return Subscription{}, c.subscriptionError(resp, data, what, SubscriptionRequest{})
	}
	return c.readSubscription(data, what)
}

// ListSubscriptions returns the subscriptions of this application in the
// tenant (Graph shows an app only its own), every page of them.
func (c *Client) ListSubscriptions(ctx context.Context) ([]Subscription, error) {
	const what = "the subscriptions"
	link := c.graph.String() + "/v1.0/subscriptions"
	w := newWalk(c.graph, what, 100)
	var out []Subscription
	for n := 1; link != ""; n++ {
		if n > 1 {
			if err := w.checkLink("@odata.nextLink", link); err != nil {
				return nil, err
			}
		}
		if err := w.visit(link); err != nil {
			return nil, err
		}
		resp, data, err := c.do(ctx, request{method: http.MethodGet, url: link, what: what, repeatable: true})
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, c.subscriptionError(resp, data, what, SubscriptionRequest{})
		}
		var p struct {
			Value []subscriptionJSON `json:"value"`
			Next  string             `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's list of subscriptions cannot be read"}
		}
		for _, j := range p.Value {
			s, err := j.subscription()
			if err != nil {
				c.log.Warn("graph subscription skipped", "err", err)
				continue
			}
			out = append(out, s)
		}
		link = p.Next
	}
	return out, nil
}

// FindSubscription looks for a call-records subscription made for req:
// same resource and URLs, and the same clientState where Graph shows it.
// Of several, the one that lasts longest is returned. It finds a
// subscription whose create seemed to fail, or whose id was lost.
func (c *Client) FindSubscription(ctx context.Context, req SubscriptionRequest) (Subscription, bool, error) {
	subs, err := c.ListSubscriptions(ctx)
	if err != nil {
		return Subscription{}, false, err
	}
	var best Subscription
	found := false
	for _, s := range subs {
		if strings.Trim(s.Resource, "/") != strings.Trim(CallRecordsResource, "/") ||
			s.NotificationURL != req.NotificationURL || s.LifecycleNotificationURL != req.LifecycleNotificationURL ||
			s.ClientState != "" && s.ClientState != req.ClientState {
			continue
		}
		if !found || s.Expiration.After(best.Expiration) {
			best, found = s, true
		}
	}
	if found && best.ClientState == "" {
		best.ClientState = req.ClientState
	}
	return best, found, nil
}

func (c *Client) subscriptionURL(id, suffix string) (string, error) {
	if strings.TrimSpace(id) == "" {
		return "", configError("no subscription id given")
	}
	return c.graph.String() + "/v1.0/subscriptions/" + url.PathEscape(id) + suffix, nil
}

func (c *Client) readSubscription(data []byte, what string) (Subscription, error) {
	var j subscriptionJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return Subscription{}, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's answer for " + what + " cannot be read"}
	}
	s, err := j.subscription()
	if err != nil {
		return Subscription{}, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's answer for " + what + " cannot be read"}
	}
	return s, nil
}

// subscriptionError says what to fix for an answer to a subscription
// request; req is the create's, or zero.
func (c *Client) subscriptionError(resp *http.Response, body []byte, what string, req SubscriptionRequest) error {
	err := c.statusError(resp, body, what)
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	code, msg := graphError(body)
	lower := strings.ToLower(code + " " + msg)
	detail := ""
	if code != "" || msg != "" {
		detail = fmt.Sprintf(" (%s: %s)", code, msg)
	}
	switch {
	case resp.StatusCode == http.StatusBadRequest && req.NotificationURL != "" && strings.Contains(lower, "validation"):
		urls := RedactURL(req.NotificationURL)
		if req.LifecycleNotificationURL != "" && req.LifecycleNotificationURL != req.NotificationURL {
			urls += " and " + RedactURL(req.LifecycleNotificationURL)
		}
		e.Kind = ErrValidation
		e.Message = fmt.Sprintf("Graph could not validate the notification URL %s%s: each must be a public HTTPS URL with a trusted certificate, reachable from Microsoft Graph (allow its change-notification IP addresses through the firewall), and answer Graph's POST with ?validationToken=… within 10 seconds with 200 OK, Content-Type text/plain and the decoded token as the body — check that callscope serve is running behind that URL", urls, detail)
	case resp.StatusCode == http.StatusForbidden && quotaMessage(lower):
		e.Kind = ErrQuota
		e.Message = fmt.Sprintf("Graph refused %s%s: tenant %s already has 100 call-records subscriptions, the most Graph allows per organization; delete unused ones (GET /v1.0/subscriptions lists this app's)", what, detail, c.tenant)
	case resp.StatusCode == http.StatusForbidden:
		e.Message = fmt.Sprintf("Graph refused %s%s: the app %s needs the Microsoft Graph application permission CallRecords.Read.All (delegated permissions do not work for call-records subscriptions), with admin consent granted in tenant %s", what, detail, c.clientID, c.tenant)
	case resp.StatusCode == http.StatusNotFound:
		e.Message = fmt.Sprintf("Graph has no %s%s: it expired or was deleted; create a new subscription", what, detail)
	}
	return e
}

// quotaMessage tells Graph's "too many subscriptions" refusal from a
// missing permission, both 403.
func quotaMessage(lower string) bool {
	if strings.Contains(lower, "authorization_requestdenied") || strings.Contains(lower, "not authorized") || strings.Contains(lower, "insufficient privileges") {
		return false
	}
	for _, w := range []string{"quota", "limit", "exceed", "maximum number", "too many subscriptions"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// RedactURL is u without its query and user information, for messages
// and logs: a query string is delivered to the webhook as it is and may
// carry a secret.
func RedactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return "(not a URL)"
	}
	p.User, p.RawQuery, p.Fragment, p.ForceQuery = nil, "", "", false
	return p.String()
}
