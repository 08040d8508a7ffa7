package access

import (
	"reflect"

	"github.com/callscope/callscope/internal/model"
)

// RedactCall returns a deep copy of c as role may see it when looking up
// the user lookup (object id, UPN or phone number; "" = no user
// searched). The input is never modified, so one stored call can be shown
// to several roles. Every handler that sends a call out of the server
// goes through here; see the package documentation for the rules. A nil
// call gives nil; a role that is not one of the three is redacted as a
// specialist.
func (p Policy) RedactCall(c *model.Call, role Role, lookup string) *model.Call {
	if c == nil {
		return nil
	}
	out := clone(c)
	who := targetOf(lookup, model.People(c))
	p.redact(out, role, who, homeSet(p.HomeTenants(c)), false)
	return out
}

// RedactUsage does for a PSTN, direct-routing or SMS usage row what
// RedactCall does for a call. A usage row names one of the
// organization's own users, so to Tier 1 anyone but the looked-up user
// is an "Internal User".
func (p Policy) RedactUsage(r *model.UsageRow, role Role, lookup string) *model.UsageRow {
	if r == nil {
		return nil
	}
	out := clone(r)
	p.redact(out, role, targetOf(lookup, nil), homeSet(p.HomeTenants(nil)), true)
	return out
}

// redact applies the rules, in place, to v, a pointer to a copy. Names
// are judged first, while the ids that tell who is who are still there;
// phone numbers are masked last, wherever they ended up.
func (p Policy) redact(v any, role Role, who target, home homeSet, internalByDefault bool) {
	rv := reflect.ValueOf(v)
	if !role.Can(SeeAllNames) {
		renameOthers(rv, who, home, internalByDefault)
	}
	redactPersonal(v, role, p.digits())
	hideViews(rv, role)
	maskPhones(rv, p.digits())
}
