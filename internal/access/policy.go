package access

import (
	"fmt"
	"strings"
)

// DefaultPhoneDigitsMasked is how many trailing digits of a phone number
// are masked unless configured otherwise: three, as in the Call Analytics
// role table DESIGN.md follows (newer Microsoft pages mask four).
const DefaultPhoneDigitsMasked = 3

// maxPhoneDigits is the longest phone number E.164 allows; masking more
// digits than that masks every digit anyway.
const maxPhoneDigits = 15

// Policy is the installation's redaction settings. Its zero value is
// usable: three digits masked, home tenant worked out per call. Its
// methods only read it and may be called from any number of goroutines.
type Policy struct {
	// PhoneDigitsMasked is how many trailing digits of a phone number are
	// replaced by '*' (default 3, DESIGN.md; configurable). Zero means the
	// default: phone numbers are masked for every role and masking cannot
	// be turned off, as in Call Analytics.
	PhoneDigitsMasked int
	// HomeTenantIDs are the Entra tenant ids of the observing organization;
	// an identity whose tenantId is among them is internal, any other
	// tenantId — or none — external. When the list is empty the home
	// tenant is worked out per call; see HomeTenants.
	HomeTenantIDs []string
}

// Validate reports settings that cannot be meant, so that a bad
// configuration stops the server at start rather than showing more than
// it should.
func (p Policy) Validate() error {
	if p.PhoneDigitsMasked < 0 || p.PhoneDigitsMasked > maxPhoneDigits {
		return fmt.Errorf("phone digits masked: %d is out of range: want 1 to %d, or 0 for the default (%d)",
			p.PhoneDigitsMasked, maxPhoneDigits, DefaultPhoneDigitsMasked)
	}
	for i, t := range p.HomeTenantIDs {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("home tenant ids: entry %d is empty: want an Entra tenant id", i+1)
		}
	}
	return nil
}

// digits is the number of digits to mask: the default when the setting is
// zero or invalid, never less than one.
func (p Policy) digits() int {
	if p.PhoneDigitsMasked <= 0 {
		return DefaultPhoneDigitsMasked
	}
	return p.PhoneDigitsMasked
}
