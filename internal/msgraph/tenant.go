package msgraph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// guidPattern is a directory (tenant) id as Graph writes it.
var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsTenantGUID tells whether id is a directory id rather than a domain.
func IsTenantGUID(id string) bool { return guidPattern.MatchString(strings.TrimSpace(id)) }

// TenantGUID returns the directory id of the configured tenant, which may
// be given as one of its domains (contoso.onmicrosoft.com): Graph's change
// notifications name the tenant by its id only. A domain is looked up in
// the sign-in host's OpenID configuration for it, whose issuer holds the
// id.
func (c *Client) TenantGUID(ctx context.Context) (string, error) {
	tenant := strings.TrimSpace(c.tenant)
	if IsTenantGUID(tenant) {
		return strings.ToLower(tenant), nil
	}
	u := c.login.JoinPath(url.PathEscape(tenant), "v2.0", ".well-known", "openid-configuration")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", fmt.Errorf("look up tenant %s: %w", tenant, err)
	}
	host := "the sign-in host " + c.login.Host + " (looking up the id of tenant " + tenant + ")"
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("look up tenant %s: %w", tenant, ctx.Err())
		}
		return "", unreachable(host, c.cfg.Cloud, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", unreachable(host, c.cfg.Cloud, err)
	}
	var doc struct {
		Issuer           string `json:"issuer"`
		ErrorDescription string `json:"error_description"`
	}
	_ = json.Unmarshal(body, &doc)
	if resp.StatusCode != http.StatusOK {
		e := &Error{Kind: ErrUnknownTenant, Status: resp.StatusCode, Message: fmt.Sprintf(
			"tenant %q was not found at %s: set --graph-tenant-id to the Directory (tenant) ID from the app registration's Overview page, or to a domain of the tenant, and the cloud the tenant lives in", tenant, c.login.Host)}
		if d := firstLine(doc.ErrorDescription); d != "" {
			e.Message += " (" + d + ")"
		}
		return "", e
	}
	for _, part := range strings.Split(doc.Issuer, "/") {
		if IsTenantGUID(part) {
			return strings.ToLower(part), nil
		}
	}
	return "", &Error{Kind: ErrUnknownTenant, Status: resp.StatusCode, Message: fmt.Sprintf(
		"the sign-in host %s names no directory id for tenant %q (issuer %q): set --graph-tenant-id to the Directory (tenant) ID from the app registration's Overview page", c.login.Host, tenant, doc.Issuer)}
}
