package access

import "strings"

// MaskPhone replaces the last n digits of a phone number by '*', because
// every role sees phone numbers with their last digits hidden (Call
// Analytics' rule, which Microsoft says cannot be turned off). Everything
// that is not a digit is kept, so "+1 555 282 3123" stays readable as
// "+1 555 282 3***". A '*' counts as a digit already masked: a number
// Microsoft delivered masked ("+12345678***") stays as it is, and masking
// twice changes nothing. A number with fewer than n digits is masked
// whole; n <= 0 masks nothing.
//
// In a URI ("tel:+15551234567;ext=12", "sip:+15551234567@host"), only
// the number is masked: the digits of a scheme such as the "4:" of an ACS
// phone identifier, of parameters and of the host are not the number.
func MaskPhone(s string, n int) string {
	if n <= 0 || s == "" {
		return s
	}
	start, end := numberSpan(s)
	return maskDigits(s, start, end, n)
}

// numberSpan returns where the number of a phone value starts and ends:
// from its '+' (or after a tel:/sip: scheme, or from the start) to the
// first ';' or '@' after that.
func numberSpan(s string) (start, end int) {
	if i := strings.IndexByte(s, '+'); i >= 0 {
		start = i
	} else if scheme := phoneScheme(s); scheme > 0 {
		start = scheme
	}
	end = len(s)
	if i := strings.IndexAny(s[start:], ";@"); i >= 0 {
		end = start + i
	}
	return start, end
}

// phoneScheme returns the length of a tel:, sip: or sips: prefix of s, or 0.
func phoneScheme(s string) int {
	for _, p := range []string{"tel:", "sip:", "sips:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return len(p)
		}
	}
	return 0
}

// maskDigits masks the last n digit positions of s[start:end], a '*'
// counting as a position already masked.
func maskDigits(s string, start, end, n int) string {
	b := []byte(s)
	left := n
	for i := end - 1; i >= start && left > 0; i-- {
		switch {
		case b[i] >= '0' && b[i] <= '9':
			b[i] = '*'
			left--
		case b[i] == '*':
			left--
		}
	}
	return string(b)
}

// maskPhonesIn masks every phone number written inside s: a '+' that
// does not follow a letter or digit, then a digit, then digits, '*' and
// the separators people write numbers with, or a "tel:" URI. It is what
// keeps a number out of fields that are not tagged as phone numbers
// (participant ids, the organizer's id, ACS identifiers such as
// "4:+15551234567", SIP URIs, feedback text, unknown properties).
func maskPhonesIn(s string, n int) string {
	if n <= 0 || !mayHoldPhone(s) {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		start, end, ok := phoneRunAt(s, i)
		if !ok {
			i++
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(maskDigits(s[start:end], 0, end-start, n))
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// MaskText masks the phone numbers in text that someone typed or that
// the server writes down (a search, an audit entry's subject): the whole
// text when it is a number as people type one — digits and the
// punctuation numbers are written with, with or without '+' — else every
// number written inside it, as in the fields of a call.
func (p Policy) MaskText(text string) string {
	if typedPhone(text) {
		return MaskPhone(text, p.digits())
	}
	return maskPhonesIn(text, p.digits())
}

// typedPhone: digits with only the punctuation people write numbers
// with, and enough digits to be one.
func typedPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-.() ", r):
		default:
			return false
		}
	}
	return digits >= minTypedDigits
}

// minTypedDigits is the fewest digits a typed text needs to be taken for
// a phone number: fewer could be anything (a year, a room).
const minTypedDigits = 5
