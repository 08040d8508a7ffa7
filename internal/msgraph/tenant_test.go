package msgraph

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestTenantGUID: a directory id is taken as it is, a domain looked up in
// the sign-in host's OpenID configuration (a stand-in on 127.0.0.1, as
// Entra cannot run here), and an unknown one said with what to set.
func TestTenantGUID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		tenant, want string
		err          error
	}{
		{testTenant, testTenantGUID, nil},
		{" 0F1E2D3C-AAAA-BBBB-CCCC-000000000001 ", testTenantGUID, nil},
		{"fabrikam.example", "", ErrUnknownTenant},
	} {
		s := newStandIn(t)
		c := s.client(t, newRecorder(), func(c *Config) { c.TenantID = tc.tenant })
		got, err := c.TenantGUID(context.Background())
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("TenantGUID(%q) = %q, %v; want %q, %v", tc.tenant, got, err, tc.want, tc.err)
		}
		if err != nil && !strings.Contains(err.Error(), "Directory (tenant) ID") {
			t.Errorf("TenantGUID(%q): %v does not say what to set", tc.tenant, err)
		}
		if s.tokenRequests() != 0 {
			t.Errorf("TenantGUID(%q) signed in", tc.tenant)
		}
	}
}
