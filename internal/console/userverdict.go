package console

import (
	"strings"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
)

// UserVerdict is how one user's own sessions of a call went: those where
// the user is the caller or the callee.
type UserVerdict struct {
	// Sessions counts the user's sessions; 0 when none could be told
	// apart (the user is not in the call, or their identities were
	// withheld).
	Sessions int `json:"sessions"`
	// Rating is the worst rating of those sessions, "" when there are
	// none.
	Rating model.Rating `json:"rating,omitempty"`
	// RedIssues and YellowIssues count their issues.
	RedIssues    int `json:"redIssues"`
	YellowIssues int `json:"yellowIssues"`
	// Issues describe them, as `show` does.
	Issues []string `json:"issues,omitempty"`
}

func (v *UserVerdict) rating() string {
	if v == nil || v.Sessions == 0 {
		return "-"
	}
	return ratingWord(v.Rating)
}

func (v *UserVerdict) issues() string {
	if v == nil || v.Sessions == 0 {
		return "-"
	}
	return issueCounts(v.RedIssues, v.YellowIssues)
}

// UserVerdictOf judges the sessions of user (an object id, UPN or phone
// number) in c. The user's other keys come from the call's people, so
// that a session whose endpoint carries only the object id is found
// when the user was looked up by UPN.
func UserVerdictOf(c *model.Call, user string) *UserVerdict {
	v := &UserVerdict{}
	if c == nil || strings.TrimSpace(user) == "" {
		return v
	}
	lookups := []string{user}
	for _, p := range model.People(c) {
		if access.Matches(p, user) {
			for _, k := range []string{p.ID, p.UPN, p.Phone} {
				if strings.TrimSpace(k) != "" {
					lookups = append(lookups, k)
				}
			}
		}
	}
	for _, s := range c.Sessions {
		if s == nil || !(endpointIs(s.Caller, lookups) || endpointIs(s.Callee, lookups)) {
			continue
		}
		v.Sessions++
		v.Rating = model.Worse(v.Rating, s.Rating)
		for _, is := range s.Issues {
			switch is.Severity {
			case model.SeverityRed:
				v.RedIssues++
			case model.SeverityYellow:
				v.YellowIssues++
			}
			v.Issues = append(v.Issues, issueLine(Style{}, is))
		}
	}
	return v
}

// endpointIs reports whether one of the endpoint's identities is one of
// lookups.
func endpointIs(e *model.Endpoint, lookups []string) bool {
	if e == nil {
		return false
	}
	ids := []*model.Identity{e.AssociatedIdentity}
	if e.Identity != nil {
		for _, sl := range e.Identity.Slots() {
			ids = append(ids, sl.Identity)
		}
	}
	for _, id := range ids {
		if id == nil {
			continue
		}
		p := model.Person{ID: id.ID.Value(), UPN: firstNonEmpty(id.UserPrincipalName.Value(), id.Email.Value())}
		for _, l := range lookups {
			if access.Matches(p, l) {
				return true
			}
		}
	}
	return false
}
