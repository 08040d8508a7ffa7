package access

import (
	"sort"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// HomeTenants returns the Entra tenant ids whose people count as internal
// in call c: HomeTenantIDs when configured, which is the only reliable
// answer. Otherwise one tenant worked out from the call itself, by the
// first rule that gives one:
//
//  1. the call's observing tenant (Call.Tenant), when it is written as an
//     Entra tenant id that someone in the call carries: an installation
//     that names its tenants by their Entra ids needs no setting;
//  2. the tenant most of the call's people belong to (each person counted
//     once, as model.People merges them): a tenant receives records of
//     meetings organized elsewhere only with its own users in them, so its
//     own people are the majority in all but two-party calls;
//  3. on a tie, the organizer's tenant, then the smallest id, so that the
//     answer never depends on order.
//
// A call without any tenantId has no home tenant: everyone in it is
// external. The inferred answer can be wrong for a federated two-party
// call placed from the other tenant; set HomeTenantIDs to be sure. A
// wrong answer only swaps "Internal User" and "External User"; it never
// shows a name.
func (p Policy) HomeTenants(c *model.Call) []string {
	if len(p.HomeTenantIDs) > 0 {
		out := make([]string, 0, len(p.HomeTenantIDs))
		for _, t := range p.HomeTenantIDs {
			if t = normTenant(t); t != "" {
				out = append(out, t)
			}
		}
		return out
	}
	if c == nil {
		return nil
	}
	count := map[string]int{}
	for _, person := range model.People(c) {
		if t := normTenant(person.TenantID); t != "" {
			count[t]++
		}
	}
	if t := normTenant(c.Tenant); t != "" && count[t] > 0 {
		return []string{t}
	}
	if len(count) == 0 {
		return nil
	}
	organizer := organizerTenant(c)
	tenants := make([]string, 0, len(count))
	for t := range count {
		tenants = append(tenants, t)
	}
	sort.Slice(tenants, func(i, j int) bool {
		a, b := tenants[i], tenants[j]
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		if (a == organizer) != (b == organizer) {
			return a == organizer
		}
		return a < b
	})
	return tenants[:1]
}

// Internal reports whether an identity with this tenantId is one of the
// observing organization's people in call c, which Tier 1 sees as
// "Internal User" rather than "External User". No tenantId (phone
// numbers, anonymous guests) is external: internal needs evidence.
func (p Policy) Internal(c *model.Call, tenantID string) bool {
	return homeSet(p.HomeTenants(c)).has(tenantID)
}

// homeSet is a set of tenant ids, normalised.
type homeSet []string

func (h homeSet) has(tenantID string) bool {
	t := normTenant(tenantID)
	if t == "" {
		return false
	}
	for _, x := range h {
		if x == t {
			return true
		}
	}
	return false
}

func organizerTenant(c *model.Call) string {
	for _, set := range []*model.IdentitySet{organizerV2Identity(c), c.Organizer} {
		if id := set.Primary(); id != nil {
			if t := normTenant(id.TenantID.Value()); t != "" {
				return t
			}
		}
	}
	return ""
}

func organizerV2Identity(c *model.Call) *model.IdentitySet {
	if c.OrganizerV2 == nil {
		return nil
	}
	return c.OrganizerV2.Identity
}

// normTenant is a tenant id as compared: trimmed, lower-cased, and empty
// when withheld.
func normTenant(t string) string {
	if WithheldText(t) {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(t))
}
