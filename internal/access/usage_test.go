package access

import (
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// TestRedactUsage redacts every example usage row for every role.
func TestRedactUsage(t *testing.T) {
	t.Parallel()
	for _, r := range exampleUsageRows(t) {
		for _, role := range Roles() {
			for _, lookup := range []string{"", strings.ToUpper(r.UserPrincipalName.Value())} {
				before := mustJSON(t, r)
				out := Policy{}.RedactUsage(r, role, lookup)
				if mustJSON(t, r) != before {
					t.Fatalf("RedactUsage modified its input")
				}
				got := mustJSON(t, out)
				for _, n := range []model.Opt[string]{r.CallerNumber, r.CalleeNumber, r.SourceNumber, r.DestinationNumber} {
					if v := n.Value(); v != "" && MaskPhone(v, 3) != v && strings.Contains(got, v) {
						t.Errorf("%s %s: %s not masked", r.Kind, role, v)
					}
					if v := n.Value(); v != "" && !strings.Contains(got, MaskPhone(v, 3)) {
						t.Errorf("%s %s: %s missing", r.Kind, role, MaskPhone(v, 3))
					}
				}
				name := out.UserDisplayName.Value()
				switch {
				case role != Specialist:
					if name != r.UserDisplayName.Value() || out.UserID != r.UserID || out.TrunkFQDN != r.TrunkFQDN {
						t.Errorf("%s %s: lost user or trunk", r.Kind, role)
					}
				case lookup == "":
					if name != InternalUser {
						t.Errorf("%s Tier 1 looking up nobody sees name %q", r.Kind, name)
					}
				default:
					if name != r.UserDisplayName.Value() {
						t.Errorf("%s Tier 1 looking up the user sees name %q", r.Kind, name)
					}
				}
				if role == Specialist {
					if out.UserID.Valid() || out.UserPrincipalName.Valid() || out.TrunkFQDN.Valid() || out.MediaPathLocation.Valid() {
						t.Errorf("%s Tier 1 sees %s", r.Kind, got)
					}
					if out.Duration != r.Duration || out.FinalSIPCode != r.FinalSIPCode {
						t.Errorf("%s Tier 1 lost the call's facts", r.Kind)
					}
				}
			}
		}
	}
}

// TestRedactUsageAddresses: client IP addresses are advanced data.
func TestRedactUsageAddresses(t *testing.T) {
	t.Parallel()
	r := &model.UsageRow{Kind: model.UsagePSTN, UserDisplayName: model.Some("Richard Malk"), ClientPublicIPv4: model.Some("203.0.113.5"),
		Extra: model.Extra{"newColumn": []byte(`"x"`)}}
	if out := (Policy{}).RedactUsage(r, Specialist, ""); !out.ClientPublicIPv4.IsNull() || out.Extra != nil {
		t.Errorf("Tier 1: ip %v, extra %v", out.ClientPublicIPv4, out.Extra)
	}
	if out := (Policy{}).RedactUsage(r, Engineer, ""); out.ClientPublicIPv4.Value() != "203.0.113.5" || out.Extra == nil {
		t.Errorf("Tier 2: ip %v, extra %v", out.ClientPublicIPv4, out.Extra)
	}
}
