package quality

import "testing"

// TestEndCodeTables keeps the end-code tables whole and coherent: every
// row of the reference (acs-logs §5.1: 36 rows with a subcode, 14 codes
// without; §5.2: 45 and 14), no row twice, and a verdict that agrees
// with the row's published category.
func TestEndCodeTables(t *testing.T) {
	t.Parallel()
	f := func(name string, table []endCode, withSub, codeOnly int) {
		t.Helper()
		seen := map[[2]int]bool{}
		var subs, codes int
		for _, r := range table {
			k := [2]int{r.code, r.sub}
			if seen[k] {
				t.Errorf("%s: %d/%d listed twice", name, r.code, r.sub)
			}
			seen[k] = true
			if r.meaning == "" || r.area == "" && r.effect != none {
				t.Errorf("%s: %d/%d lacks a meaning or an area", name, r.code, r.sub)
			}
			if r.sub < 0 {
				codes++
				if r.category != "" || r.effect != byCategory {
					t.Errorf("%s: code-only row %d must leave the verdict to the category", name, r.code)
				}
				continue
			}
			subs++
			ok := false
			switch r.category {
			case catSuccess:
				ok = r.effect == none
			case catExpected:
				// 7/496 is a drop and 3112 a setup failure, whatever the
				// SDK expected.
				ok = r.effect == expected || r.effect == drop || r.effect == setup
			case catUnexpectedClient, catUnexpectedServer:
				ok = r.effect == setup || r.effect == drop || r.effect == failure
			}
			if !ok {
				t.Errorf("%s: %d/%d %s has effect %d", name, r.code, r.sub, r.category, r.effect)
			}
		}
		if subs != withSub || codes != codeOnly {
			t.Errorf("%s: %d rows with a subcode and %d without, want %d and %d", name, subs, codes, withSub, codeOnly)
		}
	}
	f("call end codes", callEndCodes, 36, 14)
	f("SDK error codes", sdkErrorCodes, 45, 14)

	// Subcodes other than 0 name one row across both tables.
	bySub := map[int]int{}
	for _, table := range [][]endCode{callEndCodes, sdkErrorCodes} {
		for _, r := range table {
			if r.sub > 0 {
				bySub[r.sub]++
			}
		}
	}
	for sub, n := range bySub {
		if n > 1 {
			t.Errorf("subcode %d is in %d rows", sub, n)
		}
	}

	// The subcodes the brief names.
	for sub, want := range map[int]effect{3100: setup, 3111: setup, 3112: setup, 301004: setup, 4506: setup, 3101: drop, 301005: drop, 7: drop} {
		if r := endCodes.bySub[sub]; r == nil || r.effect != want {
			t.Errorf("subcode %d: effect %v, want %d", sub, r, want)
		}
	}
}
