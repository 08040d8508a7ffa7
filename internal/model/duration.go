package model

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Duration is an exact span of time read from an ISO 8601 duration
// (PT0.016S, PT1M2.5S, P0DT0H0M0.008S). It is a time.Duration so that
// arithmetic stays simple; parsing is exact to the nanosecond, with no
// floating point on the way.
type Duration time.Duration

// Std returns the value as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// Milliseconds returns the duration in (fractional) milliseconds, the unit
// most quality thresholds are written in.
func (d Duration) Milliseconds() float64 { return float64(d) / float64(time.Millisecond) }

// DurationFromMillis converts a millisecond count, as ACS logs report
// round trip and jitter, into a Duration.
func DurationFromMillis(ms float64) Duration {
	return Duration(ms * float64(time.Millisecond))
}

var durationUnits = map[byte]*big.Rat{
	'W': new(big.Rat).SetInt64(7 * 24 * int64(time.Hour)),
	'D': new(big.Rat).SetInt64(24 * int64(time.Hour)),
	'H': new(big.Rat).SetInt64(int64(time.Hour)),
	'M': new(big.Rat).SetInt64(int64(time.Minute)),
	'S': new(big.Rat).SetInt64(int64(time.Second)),
}

// ParseDuration reads an ISO 8601 duration of days, hours, minutes and
// seconds (weeks too). Years and months are rejected: their length depends
// on a calendar, and telemetry never uses them.
func ParseDuration(s string) (Duration, error) {
	if d, ok := parseSimpleDuration(s); ok {
		return d, nil
	}
	return parseDurationExact(s)
}

// parseSimpleDuration reads the forms Graph writes (PT0.016S, PT1M2.5S,
// P0DT0H0M0.008S) in integers, without the rational arithmetic of
// parseDurationExact: a call record holds thousands of durations. Digit
// counts are bounded so that nothing can overflow; it reports false for
// anything else, which parseDurationExact then reads or rejects.
func parseSimpleDuration(s string) (Duration, bool) {
	if len(s) < 3 || s[0] != 'P' {
		return 0, false
	}
	i := 1
	var total int64
	// number reads up to max digits at s[i:], returning the value and
	// how many digits there were.
	number := func(max int) (int64, int) {
		var n int64
		j := i
		for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
			n = n*10 + int64(s[j]-'0')
			j++
		}
		return n, j - i
	}
	if n, k := number(4); k > 0 {
		if i+k >= len(s) || s[i+k] != 'D' {
			return 0, false
		}
		total += n * int64(24*time.Hour)
		i += k + 1
	}
	if i == len(s) {
		return Duration(total), i > 1
	}
	if s[i] != 'T' {
		return 0, false
	}
	i++
	units := []struct {
		unit   byte
		digits int
		size   int64
	}{{'H', 5, int64(time.Hour)}, {'M', 7, int64(time.Minute)}, {'S', 9, int64(time.Second)}}
	parts, next := 0, 0
	for i < len(s) {
		n, k := number(9)
		if k == 0 {
			return 0, false
		}
		j := i + k
		frac, fracDigits := int64(0), 0
		if j < len(s) && s[j] == '.' {
			// Up to nine fractional digits are whole nanoseconds.
			j++
			for j < len(s) && fracDigits < 9 && s[j] >= '0' && s[j] <= '9' {
				frac = frac*10 + int64(s[j]-'0')
				fracDigits++
				j++
			}
			if fracDigits == 0 {
				return 0, false
			}
		}
		if j >= len(s) {
			return 0, false
		}
		u := next
		for u < len(units) && units[u].unit != s[j] {
			u++
		}
		if u == len(units) || k > units[u].digits || fracDigits > 0 && units[u].unit != 'S' {
			return 0, false
		}
		total += n * units[u].size
		for range 9 - fracDigits {
			frac *= 10
		}
		total += frac
		i, next = j+1, u+1
		parts++
	}
	if parts == 0 || i != len(s) {
		return 0, false
	}
	return Duration(total), true
}

// parseDurationExact is ParseDuration for every form it accepts, in
// rational arithmetic.
func parseDurationExact(s string) (Duration, error) {
	orig := s
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	if len(s) < 2 || (s[0] != 'P' && s[0] != 'p') {
		return 0, fmt.Errorf("not an ISO 8601 duration: %q", orig)
	}
	s = strings.ToUpper(s[1:])
	total := new(big.Rat)
	inTime, any := false, false
	for len(s) > 0 {
		if s[0] == 'T' {
			if inTime {
				return 0, fmt.Errorf("not an ISO 8601 duration: %q", orig)
			}
			inTime, s = true, s[1:]
			continue
		}
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
			i++
		}
		if i == 0 || i == len(s) {
			return 0, fmt.Errorf("not an ISO 8601 duration: %q", orig)
		}
		num, unit := strings.Replace(s[:i], ",", ".", 1), s[i]
		s = s[i+1:]
		if !inTime && unit == 'M' {
			return 0, fmt.Errorf("ISO 8601 duration %q uses months, which have no fixed length", orig)
		}
		if unit == 'Y' {
			return 0, fmt.Errorf("ISO 8601 duration %q uses years, which have no fixed length", orig)
		}
		if inTime && (unit == 'D' || unit == 'W') || !inTime && (unit == 'H' || unit == 'S') {
			return 0, fmt.Errorf("not an ISO 8601 duration: %q", orig)
		}
		mult, ok := durationUnits[unit]
		if !ok {
			return 0, fmt.Errorf("not an ISO 8601 duration: %q (unit %q)", orig, unit)
		}
		r, ok := new(big.Rat).SetString(num)
		if !ok {
			return 0, fmt.Errorf("not an ISO 8601 duration: %q", orig)
		}
		total.Add(total, r.Mul(r, mult))
		any = true
	}
	if !any {
		return 0, fmt.Errorf("not an ISO 8601 duration: %q", orig)
	}
	if !total.IsInt() {
		// Finer than a nanosecond: round half up to the nearest one, in
		// integers (a float64 loses nanoseconds past 104 days and wraps
		// to a negative value past int64).
		q, r := new(big.Int).QuoRem(total.Num(), total.Denom(), new(big.Int))
		if r.Lsh(r, 1).Cmp(total.Denom()) >= 0 {
			q.Add(q, big.NewInt(1))
		}
		total.SetInt(q)
	}
	n := total.Num()
	if !n.IsInt64() {
		return 0, fmt.Errorf("ISO 8601 duration %q is too long", orig)
	}
	v := n.Int64()
	if neg {
		v = -v
	}
	return Duration(v), nil
}

// String formats the duration as ISO 8601 with hours, minutes and seconds
// (PT1M2.5S, PT0.016S), the form Graph itself writes.
func (d Duration) String() string {
	var buf [32]byte
	return string(d.AppendISO(buf[:0]))
}

// AppendISO appends the ISO 8601 form String returns to dst: a call's
// canonical JSON holds thousands of durations, and formatting each into
// a string of its own was a measurable part of encoding it.
func (d Duration) AppendISO(dst []byte) []byte {
	if d == 0 {
		return append(dst, "PT0S"...)
	}
	v := int64(d)
	if v < 0 {
		dst = append(dst, '-')
		v = -v
	}
	dst = append(dst, "PT"...)
	h := v / int64(time.Hour)
	v -= h * int64(time.Hour)
	m := v / int64(time.Minute)
	v -= m * int64(time.Minute)
	if h > 0 {
		dst = append(strconv.AppendInt(dst, h, 10), 'H')
	}
	if m > 0 {
		dst = append(strconv.AppendInt(dst, m, 10), 'M')
	}
	if v > 0 {
		sec := v / int64(time.Second)
		frac := v % int64(time.Second)
		dst = strconv.AppendInt(dst, sec, 10)
		if frac > 0 {
			digits := 9
			for frac%10 == 0 {
				frac /= 10
				digits--
			}
			dst = append(dst, '.')
			for ; digits > 1 && frac < pow10(digits-1); digits-- {
				dst = append(dst, '0') // the fraction's leading zeros
			}
			dst = strconv.AppendInt(dst, frac, 10)
		}
		dst = append(dst, 'S')
	}
	return dst
}

// pow10 is 10 to the n, for n from 0 to 18.
func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
