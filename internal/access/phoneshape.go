package access

import "strings"

// How a phone number is recognised where no pii tag says it is one.

// minRunDigits is how many digits a '+'-prefixed run needs to be taken
// for a phone number inside a longer text. Shorter runs ("+100 ms") are
// more often something else; the shortest E.164 numbers have seven.
const minRunDigits = 5

// phoneRunAt reports whether a phone number starts at s[i], and where it
// ends (separators at its end are not part of it).
func phoneRunAt(s string, i int) (start, end int, ok bool) {
	if i > 0 && isAlnum(s[i-1]) {
		return 0, 0, false
	}
	need := minRunDigits
	j := i
	switch {
	case s[i] == '+':
		j++
	case len(s)-i >= 4 && strings.EqualFold(s[i:i+4], "tel:"):
		j += 4
		if j < len(s) && s[j] == '+' {
			j++
		}
		need = 3
	default:
		return 0, 0, false
	}
	if j >= len(s) || !isDigitOrStar(s[j]) {
		return 0, 0, false
	}
	digits := 0
	end = j
	for k := j; k < len(s); k++ {
		c := s[k]
		if isDigitOrStar(c) {
			digits++
			end = k + 1
			continue
		}
		if !isPhoneSeparator(c) {
			break
		}
	}
	if digits < need {
		return 0, 0, false
	}
	return i, end, true
}

// isPhoneValue reports whether the whole of s is one phone number: an
// optional tel:/sip: scheme or ACS "4:" prefix, a '+', digits and
// separators, then optional URI parameters or host. Such values are
// masked wherever they are, and kept (masked) where other identifiers are
// removed, since every role may see a masked phone number.
func isPhoneValue(s string) bool {
	s = strings.TrimSpace(s)
	at := 0
	low := strings.ToLower(s)
	for _, prefix := range []string{"sips:", "sip:", "4:"} {
		if strings.HasPrefix(low, prefix) {
			at = len(prefix)
			break
		}
	}
	if at >= len(s) {
		return false
	}
	_, end, ok := phoneRunAt(s, at)
	if !ok {
		return false
	}
	rest := s[end:]
	return rest == "" || rest[0] == ';' || rest[0] == '@'
}

// isBarePhone reports whether s is nothing but a number written with
// digits and separators, at least seven digits long, with or without '+'.
// Display names of PSTN participants often are their number.
func isBarePhone(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "+")
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigitOrStar(c):
			digits++
		case isPhoneSeparator(c):
		default:
			return false
		}
	}
	return digits >= 7
}

func isDigitOrStar(c byte) bool { return c >= '0' && c <= '9' || c == '*' }

func isPhoneSeparator(c byte) bool {
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// mayHoldPhone is a quick test, without allocating, for a '+' or a
// "tel:" in s: most strings have neither and need no closer look.
func mayHoldPhone(s string) bool {
	if strings.IndexByte(s, '+') >= 0 {
		return true
	}
	for i := 0; i+4 <= len(s); i++ {
		if (s[i] == 't' || s[i] == 'T') && strings.EqualFold(s[i:i+4], "tel:") {
			return true
		}
	}
	return false
}
