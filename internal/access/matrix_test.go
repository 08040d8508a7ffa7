package access

import (
	"fmt"
	"testing"
)

// TestRoleFieldMatrix redacts every example call for every role and
// several lookups, and checks that the output holds nothing the role may
// not see and everything it may: names, ids, addresses and the rest
// worked out from the original call's pii tags, metrics and verdicts for
// everyone, masked phone numbers for everyone.
func TestRoleFieldMatrix(t *testing.T) {
	t.Parallel()
	for _, ec := range exampleCalls(t) {
		for _, role := range Roles() {
			for i, lookup := range lookupsOf(ec.call) {
				t.Run(fmt.Sprintf("%s/%s/%d", ec.name, role, i), func(t *testing.T) {
					t.Parallel()
					checkRedaction(t, Policy{}, ec.call, role, lookup)
				})
			}
		}
	}
}
