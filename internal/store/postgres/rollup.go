package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store/rollup"
	"github.com/callscope/callscope/internal/store/tables"
)

// writeDelta copies the delta's rows into every rollup table (package
// rollup): rows that add the facts a write stored and take out those it
// replaced, which queries sum with the rows already there.
func writeDelta(ctx context.Context, tx pgx.Tx, d *rollup.Delta) error {
	for _, t := range rollup.Tables {
		rows := d.Rows(t)
		if len(rows) == 0 {
			continue
		}
		kept := make([]int, len(t.Keep)) // positions in rollup.SideKeys
		for i, k := range t.Keep {
			kept[i] = slices.Index(rollup.SideKeys, k)
		}
		out := make([][]any, len(rows))
		for i, r := range rows {
			k, p := r.Key, r.Part
			row := []any{k.Tenant, nil, k.Source, tables.NullString(k.CallType), k.MediaKind,
				tables.NullString(k.Quality), tables.NullString(k.FailureStage), tables.NullString(k.FailureReason), k.PSTN}
			if !k.Day.IsZero() {
				row[1] = k.Day
			}
			for s := range k.Sides {
				for j, at := range kept {
					if j == 0 { // kind, never NULL
						row = append(row, k.Sides[s][at])
					} else {
						row = append(row, tables.NullString(k.Sides[s][at]))
					}
				}
			}
			row = append(row, p.N, p.Jitter, p.JitterN, p.Loss, p.LossN, p.RTT, p.RTTN, p.Concealed, p.ConcealedN,
				p.Degradation, p.DegradationN, p.Ms, p.MsN)
			for _, h := range p.Hists {
				buckets, counts := make([]int16, 0, len(h)), make([]int64, 0, len(h))
				for _, c := range h {
					if c.N != 0 {
						buckets, counts = append(buckets, int16(c.Bucket)), append(counts, c.N)
					}
				}
				row = append(row, buckets, counts)
			}
			out[i] = row
		}
		if err := copyRows(ctx, tx, t.Name, rollupColumns(t), out); err != nil {
			return fmt.Errorf("add to %s: %w", t.Name, err)
		}
	}
	return nil
}

// rollupColumns are the columns of t that writeDelta fills, in its
// order.
func rollupColumns(t rollup.Table) []string {
	cols := []string{"tenant", "day", "source", "call_type", "media_kind", "quality", "failure_stage", "failure_reason", "pstn"}
	for _, side := range []string{"caller_", "callee_"} {
		for _, k := range t.Keep {
			cols = append(cols, side+k)
		}
	}
	cols = append(cols, "n", "jitter_sum", "jitter_n", "loss_sum", "loss_n", "rtt_sum", "rtt_n",
		"concealed_sum", "concealed_n", "degradation_sum", "degradation_n", "ms_sum", "ms_n")
	for _, h := range rollup.Metrics {
		cols = append(cols, h.BucketsColumn(), h.CountsColumn())
	}
	return cols
}
