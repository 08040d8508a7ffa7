package model

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	f := func(in string, want time.Duration) {
		t.Helper()
		got, err := ParseDuration(in)
		if err != nil {
			t.Errorf("ParseDuration(%q): %v", in, err)
			return
		}
		if got.Std() != want {
			t.Errorf("ParseDuration(%q) = %d ns, want %d ns", in, got.Std(), want)
		}
	}
	f("PT0.016S", 16*time.Millisecond) // exactly: no float on the way
	f("PT0.030S", 30*time.Millisecond)
	f("PT0.5S", 500*time.Millisecond)
	f("PT1M2.5S", time.Minute+2500*time.Millisecond)
	f("P0DT0H0M0.008S", 8*time.Millisecond)
	f("PT1S", time.Second)
	f("P1D", 24*time.Hour)
	f("P1W", 7*24*time.Hour)
	f("P1DT2H3M4.000000005S", 26*time.Hour+3*time.Minute+4*time.Second+5)
	f("PT0S", 0)
	f("P0D", 0)
	f("-PT1S", -time.Second)
	f("+PT1S", time.Second)
	f("  PT1S ", time.Second)
	f("pt1s", time.Second)
	f("PT1,5S", 1500*time.Millisecond)
	f("PT.5S", 500*time.Millisecond)
	f("PT90M", 90*time.Minute)
	f("PT36H", 36*time.Hour)
	f("PT0.0000000005S", 1) // half a nanosecond rounds up
	f("PT0.0000000004S", 0)
	// Rounding is exact far from zero too: float64 would give ...002.
	f("P200DT0.0000000011S", 200*24*time.Hour+1)
	// The largest duration, reached by rounding down.
	f("PT9223372036.85477580749S", time.Duration(1<<63-1))
}

func TestParseDurationRejects(t *testing.T) {
	t.Parallel()
	f := func(in, wantMsg string) {
		t.Helper()
		d, err := ParseDuration(in)
		if err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, d)
			return
		}
		if !strings.Contains(err.Error(), wantMsg) {
			t.Errorf("ParseDuration(%q): %q, want it to mention %q", in, err, wantMsg)
		}
	}
	f("P1M", "months")
	f("P1Y", "years")
	f("P1Y2M", "years")
	f("PT", "not an ISO 8601 duration")
	f("P", "not an ISO 8601 duration")
	f("", "not an ISO 8601 duration")
	f("garbage", "not an ISO 8601 duration")
	f("16ms", "not an ISO 8601 duration")
	f("0.016", "not an ISO 8601 duration")
	f("PT1", "not an ISO 8601 duration")
	f("PTS", "not an ISO 8601 duration")
	f("P1H", "not an ISO 8601 duration")
	f("PT1D", "not an ISO 8601 duration")
	f("PT1ST", "not an ISO 8601 duration")
	f("PTT1S", "not an ISO 8601 duration")
	f("PT1X", "not an ISO 8601 duration")
	f("PT1.2.3S", "not an ISO 8601 duration")
	f("--PT1S", "not an ISO 8601 duration")
	f("PT9223372036.8547758075S", "too long") // rounds past int64: an error, not a negative value
	f("PT99999999999999999999S", "too long")
	f("P106752D", "too long")
}

func TestDurationString(t *testing.T) {
	t.Parallel()
	f := func(d time.Duration, want string) {
		t.Helper()
		if got := Duration(d).String(); got != want {
			t.Errorf("Duration(%d).String() = %q, want %q", d, got, want)
		}
		back, err := ParseDuration(want)
		if err != nil || back.Std() != d {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", want, back.Std(), err, d)
		}
	}
	f(0, "PT0S")
	f(16*time.Millisecond, "PT0.016S")
	f(time.Minute+2500*time.Millisecond, "PT1M2.5S")
	f(time.Second, "PT1S")
	f(24*time.Hour, "PT24H")
	f(26*time.Hour+3*time.Minute, "PT26H3M")
	f(1, "PT0.000000001S")
	f(-time.Second, "-PT1S")
	f(-(time.Hour + time.Nanosecond), "-PT1H0.000000001S")
	f(time.Duration(1<<63-1), "PT2562047H47M16.854775807S")
}

func TestDurationMillis(t *testing.T) {
	t.Parallel()
	d, _ := ParseDuration("PT0.016S")
	if got := d.Milliseconds(); got != 16 {
		t.Errorf("Milliseconds() = %v, want 16", got)
	}
	if got := DurationFromMillis(30); got.Std() != 30*time.Millisecond {
		t.Errorf("DurationFromMillis(30) = %v", got)
	}
}

// FuzzParseDuration: ParseDuration never panics; what it accepts prints
// and reads back to the same value, and is negative only when written so.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"PT0.016S", "PT1M2.5S", "P0DT0H0M0.008S", "PT1S", "P1D", "PT0S", "-PT1S", "P1M", "P1Y", "PT", "P", "PT0.0000000005S", "P1W", "PT1.S", "PT1H1H", "P1DT", "PT1.0000000001S", "PT99999H59M59.999999999S", "P9999DT1S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if fast, ok := parseSimpleDuration(s); ok {
			exact, err := parseDurationExact(s)
			if err != nil || exact != fast {
				t.Fatalf("%q: the integer path read %d, the exact one %d, %v", s, fast, exact, err)
			}
		}
		if err != nil {
			return
		}
		if d < 0 && !strings.HasPrefix(strings.TrimSpace(s), "-") {
			t.Fatalf("ParseDuration(%q) = %d: negative without a sign", s, d)
		}
		back, err := ParseDuration(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDuration(%q) = %d, printed %q, read back %d, %v", s, d, d.String(), back, err)
		}
	})
}
