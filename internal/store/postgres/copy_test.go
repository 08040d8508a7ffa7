package postgres

import (
	"testing"

	"github.com/callscope/callscope/internal/store/storetest"
)

// TestCopy: a PostgreSQL store copied into another database reads the
// same.
func TestCopy(t *testing.T) {
	t.Parallel()
	from, to := openTemp(t), openTemp(t)
	storetest.FillForCopy(t, from)
	storetest.CheckCopy(t, from, to)
}
