package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestTokenCreateTenants: every --tenant given is a tenant of the token,
// in the order given and once each; --tenants, its old comma-separated
// spelling, is the same flag; the environment stands in for a --tenant
// not given. The first tenant is the
// one a request without ?tenant= reads, so the order is checked too.
func TestTokenCreateTenants(t *testing.T) {
	t.Parallel()
	f := func(name string, env map[string]string, args []string, want []string) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t)
			for k, v := range env {
				c.env[k] = v
			}
			args := append([]string{"token", "create", "--json", "--name", "loader", "--role", "admin"}, args...)
			out, stderr, code := c.run("", args...)
			if code != exitOK {
				t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, stderr)
			}
			var created struct {
				Tenants []string `json:"tenants"`
			}
			if err := json.Unmarshal([]byte(out), &created); err != nil {
				t.Fatalf("token create --json: %v\n%s", err, out)
			}
			if !slices.Equal(created.Tenants, want) {
				t.Errorf("%s: tenants %q, want %q", strings.Join(args, " "), created.Tenants, want)
			}
			// What was stored, not only what was printed.
			out, stderr, code = c.run("", "token", "list", "--json")
			var listed []struct {
				Tenants []string `json:"tenants"`
			}
			if err := json.Unmarshal([]byte(out), &listed); code != exitOK || err != nil || len(listed) != 1 {
				t.Fatalf("token list --json: exit %d, %v: %s%s", code, err, out, stderr)
			}
			if !slices.Equal(listed[0].Tenants, want) {
				t.Errorf("stored tenants %q, want %q", listed[0].Tenants, want)
			}
		})
	}
	f("one", nil, []string{"--tenant", "contoso"}, []string{"contoso"})
	f("repeated", nil, []string{"--tenant", "contoso", "--tenant", "fabrikam"}, []string{"contoso", "fabrikam"})
	f("repeated keeps order", nil, []string{"--tenant", "fabrikam", "--tenant", "contoso"}, []string{"fabrikam", "contoso"})
	f("repeated once each", nil, []string{"--tenant", "contoso", "--tenant", "fabrikam", "--tenant", "contoso"}, []string{"contoso", "fabrikam"})
	f("comma form", nil, []string{"--tenant", "contoso", "--tenants", "fabrikam,northwind"}, []string{"contoso", "fabrikam", "northwind"})
	f("comma form before --tenant", nil, []string{"--tenants", "fabrikam", "--tenant", "contoso"}, []string{"fabrikam", "contoso"})
	f("commas in --tenant", nil, []string{"--tenant", "contoso,fabrikam"}, []string{"contoso", "fabrikam"})
	f("old spelling with =", nil, []string{"--tenants=fabrikam,northwind"}, []string{"fabrikam", "northwind"})
	f("comma form repeats --tenant", nil, []string{"--tenant", "contoso", "--tenants", "contoso,fabrikam"}, []string{"contoso", "fabrikam"})
	f("both repeated", nil, []string{"--tenant", "a", "--tenants", "c", "--tenant", "b", "--tenants", "d"}, []string{"a", "c", "b", "d"})
	f("none", nil, nil, []string{defaultTenant})
	f("only comma form", nil, []string{"--tenants", "fabrikam"}, []string{"fabrikam"})
	f("environment", map[string]string{"CALLSCOPE_TENANT": "contoso"}, nil, []string{"contoso"})
	f("flag wins over environment", map[string]string{"CALLSCOPE_TENANT": "contoso"}, []string{"--tenant", "fabrikam", "--tenant", "northwind"}, []string{"fabrikam", "northwind"})
	f("environment, both forms", map[string]string{"CALLSCOPE_TENANT": "contoso", "CALLSCOPE_TENANTS": "fabrikam,northwind"}, nil, []string{"contoso", "fabrikam", "northwind"})
}
