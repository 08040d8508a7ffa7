package duckdb

import (
	"testing"

	"github.com/callscope/callscope/internal/store/storetest"
)

// TestCopy: an embedded store copied into another reads the same. (The
// copy into and out of PostgreSQL is tested where both stores are
// linked: the command line's tests.)
func TestCopy(t *testing.T) {
	t.Parallel()
	from, to := openTemp(t), openTemp(t)
	storetest.FillForCopy(t, from)
	storetest.CheckCopy(t, from, to)
}
