// Package reclassify judges stored calls again when the quality rules
// change, streaming through the store a page at a time so that memory
// never follows the size of the store.
package reclassify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// Judge is what reclassification needs of the quality engine.
type Judge interface {
	// Judge sets the verdicts of a call in place.
	Judge(c *model.Call)
	// Rules names the rule set, stored with every judged call.
	Rules() string
}

// Summary counts what a run did.
type Summary struct {
	Tenants   int `json:"tenants"`
	Calls     int `json:"calls"`
	Rewritten int `json:"rewritten"`
	Unchanged int `json:"unchanged"`
}

// batch is how many re-judged calls are written per transaction.
const batch = 256

// Store is what reclassifying needs of a store: its tenants, their
// calls, and rewriting those judged otherwise. Every store.Store is one.
type Store interface {
	Tenants(ctx context.Context) ([]string, error)
	ScanCalls(ctx context.Context, f store.CallFilter, fn func(*model.Call) error) error
	RewriteCalls(ctx context.Context, calls []*model.Call) error
}

// Run judges every stored call of the given tenants (all when empty) with
// j, and rewrites those whose verdicts changed. Progress, when set, is
// called after each call with the number judged so far.
func Run(ctx context.Context, st Store, j Judge, tenants []string, progress func(int)) (Summary, error) {
	return run(ctx, st, j, tenants, progress, false)
}

// RunAll is Run rewriting every call, changed or not: after an upgrade,
// so that what a store keeps beside each call, worked out as it is
// written (each person's own verdict), is there for calls stored before.
func RunAll(ctx context.Context, st Store, j Judge, tenants []string, progress func(int)) (Summary, error) {
	return run(ctx, st, j, tenants, progress, true)
}

func run(ctx context.Context, st Store, j Judge, tenants []string, progress func(int), all bool) (Summary, error) {
	var sum Summary
	if len(tenants) == 0 {
		var err error
		if tenants, err = st.Tenants(ctx); err != nil {
			return sum, fmt.Errorf("reclassify: %w", err)
		}
	}
	var pending []*model.Call
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		if err := st.RewriteCalls(ctx, pending); err != nil {
			return fmt.Errorf("reclassify: writing verdicts: %w", err)
		}
		sum.Rewritten += len(pending)
		pending = pending[:0]
		return nil
	}
	for _, tenant := range tenants {
		sum.Tenants++
		err := st.ScanCalls(ctx, store.CallFilter{Tenant: tenant}, func(c *model.Call) error {
			before, err := json.Marshal(c)
			if err != nil {
				return err
			}
			j.Judge(c)
			after, err := json.Marshal(c)
			if err != nil {
				return err
			}
			sum.Calls++
			if progress != nil {
				progress(sum.Calls)
			}
			if bytes.Equal(before, after) {
				sum.Unchanged++
				if !all {
					return nil
				}
			}
			pending = append(pending, c)
			if len(pending) >= batch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return sum, fmt.Errorf("reclassify tenant %s: %w", tenant, err)
		}
		if err := flush(); err != nil {
			return sum, err
		}
	}
	return sum, nil
}
