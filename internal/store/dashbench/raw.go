package dashbench

import (
	"context"
	"database/sql"
)

// Raw runs fn on a connection to the bare engine, for a benchmark that
// grows tables of its own beside the stream facts (the ACS report's
// participants).
func (e *Engine) Raw(ctx context.Context, fn func(*sql.Conn) error) error { return e.raw(ctx, fn) }
