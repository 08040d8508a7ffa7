package access

// MaskNumber masks the last digits of a phone number as the policy says
// (MaskPhone), whatever its length: for a value that is known to be a
// number, such as a usage report's group of calls by number, where
// MaskText would leave a short one as it is.
func (p Policy) MaskNumber(s string) string { return MaskPhone(s, p.digits()) }

// NumberDigits is how many trailing digits of a phone number the policy
// masks, for a store that groups numbers masked.
func (p Policy) NumberDigits() int { return p.digits() }
