package access

import (
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

const (
	tenantX = "aaaaaaaa-0000-4000-8000-00000000000a"
	tenantY = "bbbbbbbb-0000-4000-8000-00000000000b"
)

// p2p is a two-party call between a user of tenant X and one of tenant Y,
// organized by the first.
func p2p(organizer, other string) *model.Call {
	user := func(id, tenant string) *model.Identity {
		return &model.Identity{ID: model.Some(id), DisplayName: model.Some("user " + id), TenantID: model.Some(tenant)}
	}
	return &model.Call{
		ID:          "c",
		OrganizerV2: &model.CallParticipant{ID: model.Some("u1"), Identity: &model.IdentitySet{User: user("u1", organizer)}},
		ParticipantsV2: []*model.CallParticipant{
			{ID: model.Some("u1"), Identity: &model.IdentitySet{User: user("u1", organizer)}},
			{ID: model.Some("u2"), Identity: &model.IdentitySet{User: user("u2", other)}},
		},
	}
}

func TestHomeTenants(t *testing.T) {
	t.Parallel()
	f := func(p Policy, c *model.Call, want string) {
		t.Helper()
		if got := strings.Join(p.HomeTenants(c), ","); got != want {
			t.Errorf("HomeTenants = %q, want %q", got, want)
		}
	}
	mixed := loadCall(t, "meeting-mixed")
	f(Policy{HomeTenantIDs: []string{" " + strings.ToUpper(tenantY) + " "}}, mixed, tenantY)
	// Most of the meeting's people are of the organizer's tenant.
	f(Policy{}, mixed, "11111111-aaaa-4aaa-8aaa-111111111111")
	// A two-party call: the organizer's tenant breaks the tie.
	f(Policy{}, p2p(tenantX, tenantY), tenantX)
	f(Policy{}, p2p(tenantY, tenantX), tenantY)
	// The observing tenant, when named by its Entra id, wins.
	observed := p2p(tenantX, tenantY)
	observed.Tenant = strings.ToUpper(tenantY)
	f(Policy{}, observed, tenantY)
	// No organizer, a tie: the smallest id, whatever the order.
	noOrg := p2p(tenantY, tenantX)
	noOrg.OrganizerV2 = nil
	f(Policy{}, noOrg, tenantX)
	// Nobody with a tenant: no home tenant.
	f(Policy{}, loadCall(t, "acs-pstn"), "")
	f(Policy{}, nil, "")

	if (Policy{}).Internal(p2p(tenantX, tenantY), "") {
		t.Error("no tenant id is internal")
	}
	if !(Policy{}).Internal(p2p(tenantX, tenantY), strings.ToUpper(tenantX)) || (Policy{}).Internal(p2p(tenantX, tenantY), tenantY) {
		t.Error("Internal disagrees with HomeTenants")
	}
}
