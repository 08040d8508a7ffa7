package msgraph

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Microsoft Graph and Microsoft Entra have no local emulator, so these
// tests stand in for both: one httptest server on 127.0.0.1 plays the
// sign-in host (the client-credentials token endpoint), another plays
// Graph, answering each request URL with a scripted list of answers.

const (
	testTenant = "contoso-tenant"
	// testTenantGUID is its directory id.
	testTenantGUID = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"
	testClient     = "11111111-2222-3333-4444-555555555555"
	testSecret     = "s3cret~value"
	realGraph      = "https://graph.microsoft.com"
)

// answer is one scripted answer of the Graph stand-in.
type answer struct {
	status int
	header map[string]string
	body   string // "{graph}" is replaced by the stand-in's URL
	// drop closes the connection instead of answering, as a network
	// failure after the request was sent.
	drop bool
}

// standIn is the pair of servers and what they saw.
type standIn struct {
	t     *testing.T
	login *httptest.Server
	graph *httptest.Server

	mu     sync.Mutex
	script map[string][]answer // request URI → answers; the last repeats
	bodies map[string][]string // request key → bodies received
	hits   map[string]int
	order  []string
	tokens int
	issued map[string]bool
	forms  []url.Values
	cert   *x509.Certificate // when set, the token endpoint wants an assertion signed by it
	refuse string            // when set, the token endpoint answers this AADSTS error
	// throttle is how many token requests are still answered 429 with
	// Retry-After: 2.
	throttle int
	expired  bool // Graph refuses every token with 401
}

func newStandIn(t *testing.T) *standIn {
	t.Helper()
	s := &standIn{t: t, script: map[string][]answer{}, hits: map[string]int{}, issued: map[string]bool{}, bodies: map[string][]string{}}
	s.login = httptest.NewServer(http.HandlerFunc(s.serveToken))
	s.graph = httptest.NewServer(http.HandlerFunc(s.serveGraph))
	t.Cleanup(s.login.Close)
	t.Cleanup(s.graph.Close)
	return s
}

// on scripts the answers to one request: a URI (path and query as sent)
// for a GET, "METHOD URI" for any other method.
func (s *standIn) on(uri string, answers ...answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script[uri] = append(s.script[uri], answers...)
}

// ok is a 200 answer with a JSON body.
func ok(body string) answer { return answer{status: 200, body: body} }

func (s *standIn) hitsOf(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[uri]
}

// bodiesOf returns the bodies received for one request key.
func (s *standIn) bodiesOf(key string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies[key]...)
}

func (s *standIn) tokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens
}

func (s *standIn) serveGraph(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	uri := r.URL.RequestURI()
	if r.Method != http.MethodGet {
		uri = r.Method + " " + uri
	}
	s.hits[uri]++
	s.order = append(s.order, uri)
	if b, err := io.ReadAll(r.Body); err == nil && len(b) > 0 {
		s.bodies[uri] = append(s.bodies[uri], string(b))
	}
	tok, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !found || !s.issued[tok] || s.expired {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"code":"InvalidAuthenticationToken","message":"Access token validation failure. Invalid audience."}}`)
		return
	}
	if r.Header.Get("Prefer") != "include-unknown-enum-members" {
		s.t.Errorf("request %s without Prefer: include-unknown-enum-members", uri)
	}
	answers := s.script[uri]
	if len(answers) == 0 {
		s.t.Errorf("unscripted request %s", uri)
		http.NotFound(w, r)
		return
	}
	a := answers[0]
	if len(answers) > 1 {
		s.script[uri] = answers[1:]
	}
	if a.drop {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("request-id", "req-"+fmt.Sprint(len(s.order)))
	w.WriteHeader(a.status)
	fmt.Fprint(w, strings.ReplaceAll(a.body, "{graph}", s.graph.URL))
}

// serveToken is the client-credentials token endpoint of Entra, with its
// error answers for the mistakes an admin makes.
func (s *standIn) serveToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fail := func(status int, code, desc string, aadsts int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"error": code, "error_description": desc, "error_codes": []int{aadsts}})
	}
	if tenant, ok := strings.CutSuffix(r.URL.Path, "/v2.0/.well-known/openid-configuration"); ok && r.Method == http.MethodGet {
		// Entra's OpenID configuration of a tenant, by id or domain.
		switch strings.TrimPrefix(tenant, "/") {
		case testTenant, testTenantGUID:
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"token_endpoint":"%[1]s/%[2]s/oauth2/v2.0/token","issuer":"%[1]s/%[2]s/v2.0"}`, s.login.URL, testTenantGUID)
		default:
			fail(400, "invalid_tenant", "AADSTS90002: Tenant 'nope' not found. Check to make sure you have the correct tenant ID.", 90002)
		}
		return
	}
	s.tokens++
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		fail(400, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.", 900561)
		return
	}
	s.forms = append(s.forms, r.PostForm)
	if s.throttle > 0 {
		s.throttle--
		w.Header().Set("Retry-After", "2")
		fail(429, "temporarily_unavailable", "AADSTS90055: The request is throttled temporarily.", 90055)
		return
	}
	f := r.PostForm
	if r.URL.Path != "/"+testTenant+"/oauth2/v2.0/token" {
		fail(400, "invalid_request", "AADSTS90002: Tenant 'nope' not found. Check to make sure you have the correct tenant ID.", 90002)
		return
	}
	if f.Get("grant_type") != "client_credentials" || f.Get("scope") != s.graph.URL+"/.default" {
		fail(400, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid.", 1002012)
		return
	}
	if f.Get("client_id") != testClient {
		fail(400, "unauthorized_client", "AADSTS700016: Application with identifier 'x' was not found in the directory 'contoso'.", 700016)
		return
	}
	if s.refuse != "" {
		fail(401, "invalid_client", s.refuse, 0)
		return
	}
	if s.cert != nil {
		if err := s.checkAssertion(f, "http://"+r.Host+r.URL.Path); err != nil {
			fail(401, "invalid_client", "AADSTS700027: Client assertion failed signature validation. "+err.Error(), 700027)
			return
		}
	} else if f.Get("client_secret") != testSecret {
		fail(401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.", 7000215)
		return
	}
	tok := fmt.Sprintf("token-%d", s.tokens)
	s.issued[tok] = true
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":%q}`, tok)
}

// checkAssertion verifies a client assertion the way Entra does: signed
// by the registered certificate's key, naming it by thumbprint, for this
// token endpoint, issued by and about the client.
func (s *standIn) checkAssertion(f url.Values, tokenURL string) error {
	if f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		return fmt.Errorf("client_assertion_type %q", f.Get("client_assertion_type"))
	}
	if f.Get("client_secret") != "" {
		return fmt.Errorf("a secret sent with an assertion")
	}
	tok, err := jwt.Parse(f.Get("client_assertion"), func(t *jwt.Token) (any, error) {
		sum := sha256.Sum256(s.cert.Raw)
		if t.Header["x5t#S256"] != base64.RawURLEncoding.EncodeToString(sum[:]) {
			return nil, fmt.Errorf("x5t#S256 %v names another certificate", t.Header["x5t#S256"])
		}
		return s.cert.PublicKey, nil
	}, jwt.WithValidMethods([]string{"PS256"}), jwt.WithAudience(tokenURL), jwt.WithIssuer(testClient),
		jwt.WithSubject(testClient), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil {
		return err
	}
	if id, _ := tok.Claims.(jwt.MapClaims)["jti"].(string); id == "" {
		return fmt.Errorf("no jti")
	}
	return nil
}

// recorder is the tests' clock: Now stands still unless moved, and Sleep
// records what it was asked to wait and returns at once.
type recorder struct {
	mu      sync.Mutex
	now     time.Time
	waits   []time.Duration
	onSleep func()
}

func newRecorder() *recorder { return &recorder{now: time.Now()} }

func (r *recorder) Now() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

func (r *recorder) Sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.waits = append(r.waits, d)
	f := r.onSleep
	r.mu.Unlock()
	if f != nil {
		f()
	}
	return ctx.Err()
}

func (r *recorder) Waits() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.waits...)
}

var unlimited = Limit{Requests: 1_000_000, Per: time.Second}

// config is a working configuration against the stand-in, with short
// backoffs and limits that never bite unless a test sets its own.
func (s *standIn) config(clock *recorder) Config {
	return Config{
		Cloud:        Cloud{Name: "test", LoginURL: s.login.URL, GraphURL: s.graph.URL},
		TenantID:     testTenant,
		ClientID:     testClient,
		ClientSecret: testSecret,
		HTTPClient:   &http.Client{Timeout: 10 * time.Second},
		Logger:       slog.New(slog.DiscardHandler),
		Retry:        RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond},
		Limits:       Limits{Tenant: unlimited, Record: unlimited, List: unlimited},
		Now:          clock.Now,
		Sleep:        clock.Sleep,
	}
}

func (s *standIn) client(t *testing.T, clock *recorder, edit ...func(*Config)) *Client {
	t.Helper()
	cfg := s.config(clock)
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// fixture reads a documentation example with Graph's host made a
// placeholder for the stand-in's.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/fixtures/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), realGraph, "{graph}")
}

// jsonOf marshals v for a scripted answer.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// testCert makes a self-signed certificate and its key as one PEM file,
// with the key as PKCS#8 or PKCS#1.
func testCert(t *testing.T, notAfter time.Time, pkcs1 bool) ([]byte, *x509.Certificate) {
	t.Helper()
	key := testKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "callscope test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     notAfter,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	keyBlock := &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}
	if !pkcs1 {
		p8, _ := x509.MarshalPKCS8PrivateKey(key)
		keyBlock = &pem.Block{Type: "PRIVATE KEY", Bytes: p8}
	}
	out := pem.EncodeToMemory(keyBlock)
	out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	return out, cert
}

// testKey makes a fresh 2048-bit RSA key.
func testKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
