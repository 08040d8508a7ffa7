package access

import "testing"

func TestMaskPhone(t *testing.T) {
	t.Parallel()
	f := func(in string, n int, want string) {
		t.Helper()
		if got := MaskPhone(in, n); got != want {
			t.Errorf("MaskPhone(%q, %d) = %q, want %q", in, n, got, want)
		}
		if again := MaskPhone(MaskPhone(in, n), n); again != want {
			t.Errorf("MaskPhone twice (%q, %d) = %q, want %q", in, n, again, want)
		}
	}
	f("+15552823123", 3, "+15552823***")
	f("15552823123", 3, "15552823***")
	f("+1 555 282 3123", 3, "+1 555 282 3***")
	f("+1 (555) 282-31-23", 3, "+1 (555) 282-3*-**")
	f("+12345678***", 3, "+12345678***")
	f("+12345678***", 4, "+1234567****")
	f("+1234567****", 3, "+1234567****")
	f("123", 3, "***")
	f("12", 3, "**")
	f("", 3, "")
	f("tel:+15551234567", 3, "tel:+15551234***")
	f("tel:+15551234567;ext=12", 3, "tel:+15551234***;ext=12")
	f("sip:+15551234567@sbc.contoso.com;user=phone", 3, "sip:+15551234***@sbc.contoso.com;user=phone")
	f("4:+15557654321", 3, "4:+15557654***")
	f("+15552823123", 4, "+1555282****")
	f("+15552823123", 0, "+15552823123")
	f("+15552823123", -1, "+15552823123")
	f("+15552823123", 20, "+***********")
	f("anonymous", 3, "anonymous")
	f("Redacted", 3, "Redacted")
}

func TestMaskPhonesIn(t *testing.T) {
	t.Parallel()
	f := func(in, want string) {
		t.Helper()
		if got := maskPhonesIn(in, 3); got != want {
			t.Errorf("maskPhonesIn(%q) = %q, want %q", in, got, want)
		}
	}
	f("+5564981205182", "+5564981205***")
	f("call me on +1 425 555 0100, thanks", "call me on +1 425 555 0***, thanks")
	f("two: +15550000001 and +15550000002.", "two: +15550000*** and +15550000***.")
	f("tel:5551234", "tel:5551***")
	f("TEL:+15551234567", "TEL:+15551234***")
	f("4:+15557654321", "4:+15557654***")
	f("sip:+15551234567@host", "sip:+15551234***@host")
	// Not phone numbers.
	f("+100 ms lag", "+100 ms lag")
	f("2020-02-25T18:52:21.2169889+00:00", "2020-02-25T18:52:21.2169889+00:00")
	f("UTC+05:30", "UTC+05:30")
	f("1.0.0+build12345", "1.0.0+build12345")
	f("a+12345678", "a+12345678")
	f("8:acs:61fddbe3-0003-4066", "8:acs:61fddbe3-0003-4066")
	f("", "")
	f("+", "+")
	f("tel:", "tel:")
}

func TestIsPhoneValue(t *testing.T) {
	t.Parallel()
	f := func(in string, want bool) {
		t.Helper()
		if got := isPhoneValue(in); got != want {
			t.Errorf("isPhoneValue(%q) = %v, want %v", in, got, want)
		}
	}
	f("+5564981205182", true)
	f(" +1 555 123 4567 ", true)
	f("+15551234***", true)
	f("tel:+15551234567", true)
	f("tel:5551234;phone-context=contoso.com", true)
	f("4:+15557654321", true)
	f("sip:+15551234567@sbc.contoso.com;user=phone", true)
	f("sip:alice@contoso.com", false)
	f("821809f5-0000-0000-0000-3b5136c0e777", false)
	f("8:acs:61fddbe3", false)
	f("+1555 then text", false)
	f("15551234567", false)
	f("", false)
	f("4:", false)
}

func TestPhoneDigits(t *testing.T) {
	t.Parallel()
	f := func(in, want string) {
		t.Helper()
		if got := phoneDigits(in); got != want {
			t.Errorf("phoneDigits(%q) = %q, want %q", in, got, want)
		}
	}
	f("+1 (555) 123-4567", "15551234567")
	f("tel:+15551234567;ext=12", "15551234567")
	f("4:+15557654321", "15557654321")
	f("+15551234***", "")
	f("", "")
}

func TestMaskText(t *testing.T) {
	t.Parallel()
	f := func(in, want string) {
		t.Helper()
		if got := (Policy{}).MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
	// Typed numbers, with or without '+', are masked whole.
	f("+5564981205182", "+5564981205***")
	f("5564981205182", "5564981205***")
	f("(425) 555-0100", "(425) 555-0***")
	f("55649", "55***")
	// Numbers inside other text.
	f("q=+5564981205182; matches=1", "q=+5564981205***; matches=1")
	f("sip:+15551234567@host", "sip:+15551234***@host")
	// Not numbers.
	f("2024", "2024")
	f("abbie.wilkins@contoso.com", "abbie.wilkins@contoso.com")
	f("821809f5-0000-0000-0000-3b5136c0e777", "821809f5-0000-0000-0000-3b5136c0e777")
	f("days=30", "days=30")
	f("", "")
	if got := (Policy{PhoneDigitsMasked: 5}).MaskText("+5564981205182"); got != "+55649812*****" {
		t.Errorf("five digits masked: %q", got)
	}
}
