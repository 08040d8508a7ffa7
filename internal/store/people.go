package store

import (
	"time"

	"github.com/callscope/callscope/internal/model"
)

// PeopleQuery asks SearchPeople for the people of one tenant's calls, as
// a user types a name, a UPN or a phone number into a search box.
type PeopleQuery struct {
	// Tenant is required: no read spans tenants.
	Tenant string
	// Text is what to look for; required (ErrInvalid when empty or only
	// spaces). A person matches when their display name contains it, or
	// their UPN starts with it, both without regard to case; or, when
	// Text holds digits and nothing but digits, spaces and "+-.()", when
	// the digits of their phone number start with its digits ("+1 555"
	// finds +15551234567); a Text with letters never matches phone
	// numbers, lest "Room 12" find every number starting 12. Names and
	// UPNs are matched whatever Text holds.
	Text string
	// Limit caps the number of matches (0: no cap); negative is invalid.
	Limit int
}

// PersonMatch is one person found by SearchPeople: a distinct person of
// the tenant's calls, told apart by object id, else UPN, else phone
// number.
type PersonMatch struct {
	// Person holds the person's details as of their latest call that has
	// each, since names change and Microsoft withholds some in some
	// calls. It is a model.Person, so that its pii tags mark a match's
	// personal data for redaction (model.WalkPII of &m.Person) as they do
	// a call's. UPN is
	// lower-cased and Phone stripped of spaces and punctuation, as the
	// store keeps them for lookups: either, like ID, finds the person's
	// calls through CallFilter.User. TenantID is the person's home
	// tenant, which for a guest or a federated user is not the tenant
	// that observed the call; Organizer tells whether they organized any
	// of the calls.
	model.Person
	// Calls counts the person's calls in the tenant; LastCall is when the
	// latest of them started, zero when none has a start time.
	Calls    int
	LastCall time.Time
}
