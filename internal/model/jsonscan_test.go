package model

import "testing"

// skipStringByByte is skipString as the JSON grammar reads it, a byte
// at a time: a backslash escapes the byte after it.
func skipStringByByte(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

func TestSkipString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int
	}{
		{`"" rest`, 2},
		{`"abc",`, 5},
		{`"a\"b",`, 6},
		{`"a\\",`, 5},
		{`"a\\\"b",`, 8},
		{`"\\\\"x`, 6},
		{`"unterminated`, 13},
		{`"ends in \`, 10},
		{`"ends in \"`, 11},
	} {
		if got := skipString([]byte(tc.in), 0); got != tc.want {
			t.Errorf("skipString(%q) = %d, want %d", tc.in, got, tc.want)
		}
		if got := skipStringByByte([]byte(tc.in), 0); got != tc.want {
			t.Errorf("reference(%q) = %d, want %d (the test is wrong)", tc.in, got, tc.want)
		}
	}
}

func FuzzSkipString(f *testing.F) {
	for _, s := range []string{`"a\"b\\"`, `"\\\\\"\\"`, `"x`, `""`, "\"\xff\\\"\"", `"a\u0022b"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != '"' {
			b = append([]byte{'"'}, b...)
		}
		if got, want := skipString(b, 0), skipStringByByte(b, 0); got != want {
			t.Fatalf("skipString(%q) = %d, reading byte by byte gives %d", b, got, want)
		}
	})
}
