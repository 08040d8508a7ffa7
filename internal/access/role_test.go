package access

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRole(t *testing.T) {
	t.Parallel()
	f := func(in string, want Role) {
		t.Helper()
		got, err := ParseRole(in)
		if err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	f("admin", Admin)
	f("ADMIN", Admin)
	f(" Engineer ", Engineer)
	f("tier2", Engineer)
	f("Tier2", Engineer)
	f("specialist", Specialist)
	f("TIER1", Specialist)

	for _, bad := range []string{"", "root", "tier3", "administrator"} {
		_, err := ParseRole(bad)
		if !errors.Is(err, ErrUnknownRole) {
			t.Errorf("ParseRole(%q): error %v, want ErrUnknownRole", bad, err)
			continue
		}
		for _, r := range Roles() {
			if !strings.Contains(err.Error(), string(r)) {
				t.Errorf("ParseRole(%q): %q does not list role %s", bad, err, r)
			}
		}
	}
}

func TestCan(t *testing.T) {
	t.Parallel()
	want := map[Role][]Permission{
		Admin:      Permissions(),
		Engineer:   {SeeAdvanced, SeeDebug, SeeAllNames, SeeDashboard},
		Specialist: nil,
		"":         nil,
		"root":     nil,
	}
	for role, allowed := range want {
		for _, p := range Permissions() {
			exp := false
			for _, a := range allowed {
				exp = exp || a == p
			}
			if got := role.Can(p); got != exp {
				t.Errorf("%q.Can(%s) = %v, want %v", role, p, got, exp)
			}
		}
		if role.Can("fly") {
			t.Errorf("%q can do an unknown permission", role)
		}
	}
	for _, r := range Roles() {
		if !r.Valid() {
			t.Errorf("%s not valid", r)
		}
	}
	if Role("root").Valid() {
		t.Error("root is valid")
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	f := func(p Policy, wantErr string) {
		t.Helper()
		err := p.Validate()
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%+v: %v", p, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%+v: error %v, want one containing %q", p, err, wantErr)
		}
	}
	f(Policy{}, "")
	f(Policy{PhoneDigitsMasked: 4, HomeTenantIDs: []string{"t"}}, "")
	f(Policy{PhoneDigitsMasked: -1}, "phone digits masked: -1 is out of range")
	f(Policy{PhoneDigitsMasked: 16}, "out of range")
	f(Policy{HomeTenantIDs: []string{"a", " "}}, "entry 2 is empty")
	if (Policy{}).digits() != 3 || (Policy{PhoneDigitsMasked: -2}).digits() != 3 || (Policy{PhoneDigitsMasked: 4}).digits() != 4 {
		t.Error("digits: zero or invalid settings must mean the default")
	}
}
