package access

import "github.com/callscope/callscope/internal/model"

// RedactPerson returns a person (an entry of a call's people, a user
// search result) as role may see it when looking up lookup: the phone
// number masked for everyone; for Tier 1, the name kept only for the
// looked-up user and otherwise InternalUser or ExternalUser as internal
// says (see Policy.Internal), and object id and UPN removed. A withheld
// name or id ("", "Redacted") stays as it is; an id that is a phone
// number stays, masked.
func (p Policy) RedactPerson(person model.Person, role Role, lookup string, internal bool) model.Person {
	return p.redactPerson(person, role, Matches(person, lookup), internal)
}

// redactPerson is RedactPerson once it is known whether the person is the
// looked-up user.
func (p Policy) redactPerson(person model.Person, role Role, lookedUp, internal bool) model.Person {
	n := p.digits()
	out := person
	if !role.Can(SeeAllNames) {
		if !lookedUp && !WithheldText(out.DisplayName) {
			out.DisplayName = ExternalUser
			if internal {
				out.DisplayName = InternalUser
			}
		}
		if !isPhoneValue(out.ID) && !WithheldText(out.ID) {
			out.ID = ""
		}
		if !isPhoneValue(out.UPN) && !WithheldText(out.UPN) {
			out.UPN = ""
		}
	}
	out.Phone = MaskPhone(out.Phone, n)
	if isBarePhone(out.DisplayName) || isPhoneValue(out.DisplayName) {
		out.DisplayName = MaskPhone(out.DisplayName, n)
	}
	out.ID = maskPhonesIn(out.ID, n)
	out.UPN = maskPhonesIn(out.UPN, n)
	out.DisplayName = maskPhonesIn(out.DisplayName, n)
	return out
}

// RedactPeople lists the people of call c (model.People) as role may see
// them when looking up lookup, each judged internal or external by the
// call's home tenant: the participant list of a call or meeting page.
func (p Policy) RedactPeople(c *model.Call, role Role, lookup string) []model.Person {
	if c == nil {
		return nil
	}
	home := homeSet(p.HomeTenants(c))
	people := model.People(c)
	who := targetOf(lookup, people)
	out := make([]model.Person, 0, len(people))
	for _, person := range people {
		out = append(out, p.redactPerson(person, role, who.matchPerson(person), home.has(person.TenantID)))
	}
	return out
}
