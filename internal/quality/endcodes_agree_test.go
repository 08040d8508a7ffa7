package quality

import (
	"strconv"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// TestEndCodesAgreeWithACS: the ACS insights report explains end codes
// with package model's copy of the published tables (model.ExplainACSEnd); both copies must say
// the same of every code and subcode, so that a session's issue and the
// report's row never disagree.
func TestEndCodesAgreeWithACS(t *testing.T) {
	t.Parallel()
	keys := map[[2]int]bool{}
	for _, table := range [][]endCode{callEndCodes, sdkErrorCodes} {
		for _, r := range table {
			sub := ""
			if r.sub >= 0 {
				sub = strconv.Itoa(r.sub)
			}
			e, exact, ok := model.ExplainACSEnd(strconv.Itoa(r.code), sub)
			if !ok || exact != (sub != "") {
				t.Errorf("%d/%s: package model has no row for it (exact %v, found %v)", r.code, sub, exact, ok)
				continue
			}
			if e.Category != r.category {
				t.Errorf("%d/%s: category %q here, %q in package model", r.code, sub, r.category, e.Category)
			}
			keys[[2]int{r.code, r.sub}] = true
		}
	}
	// Both tables give some codes alone; each is one row there.
	if got := len(model.ACSEndCodes()); got != len(keys) {
		t.Errorf("package model lists %d codes, this package %d", got, len(keys))
	}
}
