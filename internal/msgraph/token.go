package msgraph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// tokens fetches and caches the app's access token. It is safe for
// concurrent use; one fetch runs at a time, and callers waiting for it
// share its result.
type tokens struct {
	tokenURL  string
	scope     string
	clientID  string
	secret    string
	cert      *certificate
	withChain bool
	hc        *http.Client
	now       func() time.Time
	sleep     func(ctx context.Context, d time.Duration) error
	retry     RetryPolicy
	host      string // sign-in host, for messages
	tenant    string
	cloud     Cloud

	mu  sync.Mutex
	tok *oauth2.Token
}

// refreshMargin is how long before its expiry a token is replaced, so
// that a token never runs out in the middle of a walk over pages.
const refreshMargin = 5 * time.Minute

func newTokens(cfg Config, login, graph *url.URL) (*tokens, error) {
	t := &tokens{
		tokenURL:  login.String() + "/" + url.PathEscape(cfg.TenantID) + "/oauth2/v2.0/token",
		scope:     graph.String() + "/.default",
		clientID:  cfg.ClientID,
		secret:    cfg.ClientSecret,
		withChain: cfg.SendCertificateChain,
		hc:        cfg.HTTPClient,
		now:       cfg.Now,
		sleep:     cfg.Sleep,
		retry:     cfg.Retry,
		host:      login.Host,
		tenant:    cfg.TenantID,
		cloud:     cfg.Cloud,
	}
	if len(cfg.CertificatePEM) > 0 {
		c, err := parseCertificate(cfg.CertificatePEM, cfg.Now())
		if err != nil {
			return nil, err
		}
		t.cert = c
	}
	return t, nil
}

// token returns a valid access token, fetching one if needed.
func (t *tokens) token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != nil && t.tok.AccessToken != "" && (t.tok.Expiry.IsZero() || t.now().Add(refreshMargin).Before(t.tok.Expiry)) {
		return t.tok.AccessToken, nil
	}
	tok, err := t.fetch(ctx)
	if err != nil {
		return "", err
	}
	t.tok = tok
	return tok.AccessToken, nil
}

// invalidate drops the cached token, after Graph refused it.
func (t *tokens) invalidate() {
	t.mu.Lock()
	t.tok = nil
	t.mu.Unlock()
}

func (t *tokens) fetch(ctx context.Context) (*oauth2.Token, error) {
	cc := clientcredentials.Config{
		ClientID: t.clientID,
		TokenURL: t.tokenURL,
		Scopes:   []string{t.scope},
		// Entra reads client credentials from the form; saying so spares
		// the library's probe with a Basic header first.
		AuthStyle: oauth2.AuthStyleInParams,
	}
	if t.cert != nil {
		a, err := t.cert.assertion(t.clientID, t.tokenURL, t.now(), t.withChain)
		if err != nil {
			return nil, err
		}
		cc.EndpointParams = url.Values{
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
			"client_assertion":      {a},
		}
	} else {
		cc.ClientSecret = t.secret
	}
	// The sign-in host throttles and fails for a while like Graph does:
	// a token request repeated changes nothing, so those answers are
	// retried too, a few times.
	for attempt := 0; ; attempt++ {
		tok, err := cc.Token(context.WithValue(ctx, oauth2.HTTPClient, t.hc))
		if err == nil {
			return tok, nil
		}
		wait, again := t.retryAfter(err, attempt)
		if !again || ctx.Err() != nil {
			return nil, t.explain(ctx, err)
		}
		if err := t.sleep(ctx, wait); err != nil {
			return nil, t.explain(ctx, err)
		}
	}
}

// tokenRetries bounds the repeats of a token request.
const tokenRetries = 3

// retryAfter says whether a failed token request is worth repeating and
// after how long: throttled or unavailable (429, 503, 504), at most
// tokenRetries times, waiting what the host asked or a backoff.
func (t *tokens) retryAfter(err error, attempt int) (time.Duration, bool) {
	var re *oauth2.RetrieveError
	if attempt >= tokenRetries || !errors.As(err, &re) || re.Response == nil || !retryable(re.Response.StatusCode) {
		return 0, false
	}
	if d, ok := parseRetryAfter(re.Response.Header.Get("Retry-After"), t.now()); ok {
		return min(d, t.retry.MaxRetryAfter), true
	}
	return backoff(attempt+1, t.retry.BaseDelay, t.retry.MaxDelay), true
}

// explain turns a token failure into a message that says what to fix.
func (t *tokens) explain(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("signing in to %s: %w", t.host, ctx.Err())
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		if isNetworkError(err) {
			return unreachable("the sign-in host "+t.host, t.cloud, err)
		}
		return &Error{Kind: ErrSignIn, Err: err, Message: "signing in to " + t.host + " failed"}
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	e := &Error{Status: status, Code: re.ErrorCode}
	code := aadstsCode(re.ErrorDescription, re.Body)
	switch code {
	case "7000215":
		e.Kind, e.Message = ErrCredentials, fmt.Sprintf(
			"the sign-in host refused the client secret of app %s (AADSTS7000215): use the secret's Value, not its Secret ID, from the app registration's Certificates & secrets page, or create a new secret", t.clientID)
	case "7000222":
		e.Kind, e.Message = ErrCredentials, fmt.Sprintf(
			"the client secret of app %s has expired (AADSTS7000222): create a new secret on the app registration's Certificates & secrets page", t.clientID)
	case "700027", "700024", "700023", "50012":
		e.Kind, e.Message = ErrCredentials, fmt.Sprintf(
			"the sign-in host refused the certificate assertion of app %s (AADSTS%s): upload the certificate %s to the app registration's Certificates & secrets page, and check this machine's clock", t.clientID, code, t.thumbprint())
	case "90002", "900023", "90023":
		e.Kind, e.Message = ErrUnknownTenant, fmt.Sprintf(
			"tenant %q was not found at %s (AADSTS%s): set the Directory (tenant) ID from the app registration's Overview page, and the cloud the tenant lives in", t.tenant, t.host, code)
	case "700016":
		e.Kind, e.Message = ErrUnknownApp, fmt.Sprintf(
			"application %s was not found in tenant %s (AADSTS700016): set the Application (client) ID from the app registration's Overview page; a multi-tenant app needs admin consent in this tenant first", t.clientID, t.tenant)
	case "7000112":
		e.Kind, e.Message = ErrUnknownApp, fmt.Sprintf(
			"application %s is disabled in tenant %s (AADSTS7000112): enable its enterprise application", t.clientID, t.tenant)
	case "500011":
		e.Kind, e.Message = ErrConfig, fmt.Sprintf(
			"the sign-in host %s does not know the Graph resource %s (AADSTS500011): the sign-in host and the Graph host must be of the same cloud", t.host, t.scope)
	default:
		e.Kind = ErrSignIn
		switch {
		case re.ErrorCode == "invalid_client":
			e.Kind = ErrCredentials
			e.Message = fmt.Sprintf("the sign-in host refused the credentials of app %s: check the client id and the secret or certificate (%s)", t.clientID, firstLine(re.ErrorDescription))
		case re.ErrorCode == "":
			e.Message = fmt.Sprintf("the sign-in host %s answered %d without an OAuth2 error: check the cloud's sign-in host", t.host, status)
		default:
			e.Message = fmt.Sprintf("the sign-in host %s refused the sign-in of app %s (%s): %s", t.host, t.clientID, re.ErrorCode, firstLine(re.ErrorDescription))
		}
	}
	return e
}

func (t *tokens) thumbprint() string {
	if t.cert == nil {
		return "(none)"
	}
	return t.cert.thumbprint()
}
