package ingest

import (
	"context"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// Store is what ingest needs of a store: writing telemetry, and reading
// back the records ACS calls are assembled from and the size of calls
// it finds unchanged. Every store.Store is one. A store that also writes
// encoded calls (store.EncodedCallPutter) gets calls encoded on every
// core rather than by its single writer.
type Store interface {
	PutCalls(ctx context.Context, calls []*model.Call) ([]model.Outcome, error)
	PutACSRecords(ctx context.Context, tenant string, recs []store.ACSRecord) ([]model.Outcome, error)
	PutUsageRows(ctx context.Context, tenant string, rows []*model.UsageRow) ([]model.Outcome, error)
	ACSRecordsOf(ctx context.Context, tenant string, correlationIDs []string) (map[string][]*model.ACSRecord, error)
	CallCounts(ctx context.Context, tenant string, ids []string) (map[string]store.CallCounts, error)
}
