package access

import (
	"errors"
	"fmt"
	"strings"
)

// Role is what a callscope user is allowed to see and do. The three roles
// are those of Teams Call Analytics, so that an organization can give its
// helpdesk the same split it already has in Microsoft Entra ID.
type Role string

const (
	// Admin is the Teams / communications administrator: every name and
	// detail, plus settings, building data, users, tokens and the audit log.
	Admin Role = "admin"
	// Engineer is the communications support engineer (Tier 2): every name
	// and every advanced and debug detail, nothing of the settings.
	Engineer Role = "engineer"
	// Specialist is the communications support specialist (Tier 1): the
	// quality of a user's calls, with only that user's name, and none of
	// the advanced or debug detail.
	Specialist Role = "specialist"
)

// ErrUnknownRole is returned, wrapped, by ParseRole for a name that is no
// role, so that callers can tell a bad flag or token from other errors.
var ErrUnknownRole = errors.New("unknown role")

// Roles lists the roles from the most to the least privileged, for help
// texts and forms.
func Roles() []Role { return []Role{Admin, Engineer, Specialist} }

// ParseRole reads a role as people write it: any case, surrounding spaces
// ignored, and "tier1" / "tier2" for specialist / engineer, the names
// helpdesks use for them.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "admin":
		return Admin, nil
	case "engineer", "tier2":
		return Engineer, nil
	case "specialist", "tier1":
		return Specialist, nil
	}
	return "", fmt.Errorf("%w %q: want admin, engineer (tier2) or specialist (tier1)", ErrUnknownRole, s)
}

// Valid reports whether r is one of the three roles. Anything else, the
// empty role included, may do nothing and is redacted as a specialist.
func (r Role) Valid() bool {
	return r == Admin || r == Engineer || r == Specialist
}
