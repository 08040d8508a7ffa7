package model

import "testing"

// TestSimpleDurationForms: the forms Graph writes take the integer path,
// and read what the exact path reads.
func TestSimpleDurationForms(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"PT0.001S", "PT0.016S", "PT1M2.5S", "P0DT0H0M0.008S", "PT2H", "PT1H30M", "PT0S", "P1D", "PT59.999999999S"} {
		fast, ok := parseSimpleDuration(s)
		if !ok {
			t.Errorf("%q: not read by the integer path", s)
			continue
		}
		exact, err := parseDurationExact(s)
		if err != nil || exact != fast {
			t.Errorf("%q: integer path %d, exact %d, %v", s, fast, exact, err)
		}
	}
}
