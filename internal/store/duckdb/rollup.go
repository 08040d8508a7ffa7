package duckdb

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	"github.com/callscope/callscope/internal/store/rollup"
	"github.com/callscope/callscope/internal/store/tables"
)

// The daily rollups (migrations 006 and 007, package rollup): kept
// equal to the facts by every write — a batch's new facts are added as
// rows summed in Go (rollup.Delta), the facts a write replaces or
// deletes are read back and counted out of the same delta
// (subtractStored), or summed out by the engine (subtractRollups) — and
// rebuilt whole from the facts when a migration asks.

// keyExprs are r's key columns in table order, as expressions over
// stream_facts f.
func keyExprs(r rollup.Table) []string {
	keys := []string{"f.tenant", "CAST(f.call_start AT TIME ZONE 'UTC' AS DATE)", "f.source", "f.call_type", "f.media_kind",
		"f.quality", "f.failure_stage", "f.failure_reason", "f.pstn"}
	for _, side := range []string{"caller_", "callee_"} {
		for _, k := range r.Keep {
			keys = append(keys, "f."+side+k)
		}
	}
	return keys
}

// rollupSums are the rollup's sums in table order, over stream_facts f,
// without the histograms (rollupSelect adds them).
var rollupSums = []string{"count(*)",
	"coalesce(sum(f.jitter_ms), 0)", "count(f.jitter_ms)",
	"coalesce(sum(f.packet_loss_rate), 0)", "count(f.packet_loss_rate)",
	"coalesce(sum(f.round_trip_ms), 0)", "count(f.round_trip_ms)",
	"coalesce(sum(f.concealed_ratio), 0)", "count(f.concealed_ratio)",
	"coalesce(sum(f.audio_degradation), 0)", "count(f.audio_degradation)",
	"coalesce(sum(date_diff('millisecond', f.start_time, f.end_time)) FILTER (WHERE f.end_time >= f.start_time), 0)",
	"count(*) FILTER (WHERE f.end_time >= f.start_time)",
}

// selectSQL sums the facts where cond holds into rows of r; negate gives
// the rows that take them out again. Each histogram is counted as a map
// from bucket to count, whose keys and values are the sparse lists.
func selectSQL(r rollup.Table, cond string, negate bool) string {
	keys := keyExprs(r)
	var inner, outer []string
	for i, k := range keys {
		inner = append(inner, fmt.Sprintf("%s AS r%d", k, i))
		outer = append(outer, fmt.Sprintf("r%d", i))
	}
	sign := ""
	if negate {
		sign = "-"
	}
	for i, e := range rollupSums {
		inner = append(inner, fmt.Sprintf("%s AS s%d", e, i))
		outer = append(outer, fmt.Sprintf("%ss%d", sign, i))
	}
	for i, h := range rollup.Metrics {
		inner = append(inner, fmt.Sprintf("%s AS h%d", histogramMap(h.Layout(), "f."+h.Fact), i))
		outer = append(outer, fmt.Sprintf("CAST(coalesce(map_keys(h%d), []) AS USMALLINT[])", i),
			fmt.Sprintf("CAST(coalesce(list_transform(map_values(h%d), lambda n: %sCAST(n AS BIGINT)), []) AS BIGINT[])", i, sign))
	}
	return "SELECT " + strings.Join(outer, ", ") + " FROM (SELECT " + strings.Join(inner, ", ") +
		" FROM stream_facts f WHERE " + cond + " GROUP BY " + strings.Join(keys, ", ") + ")"
}

// subtractRollups takes the facts where cond holds (with its arguments)
// out of the rollups, before they are deleted.
func subtractRollups(tx *txConn, cond string, args ...any) error {
	for _, r := range rollup.Tables {
		if err := tx.exec(`INSERT INTO `+r.Name+` `+selectSQL(r, cond, true), args...); err != nil {
			return fmt.Errorf("take facts out of %s: %w", r.Name, err)
		}
	}
	return nil
}

// rebuildRollups computes the rollups of tenant (of every tenant when
// "") again from the facts.
func rebuildRollups(tx *txConn, tenant string) error {
	cond := "(? = '' OR tenant = ?)"
	for _, r := range rollup.Tables {
		if err := tx.exec(`DELETE FROM `+r.Name+` WHERE `+cond, tenant, tenant); err != nil {
			return fmt.Errorf("rebuild %s: %w", r.Name, err)
		}
		if err := tx.exec(`INSERT INTO `+r.Name+` `+selectSQL(r, "(? = '' OR f.tenant = ?)", false), tenant, tenant); err != nil {
			return fmt.Errorf("rebuild %s: %w", r.Name, err)
		}
	}
	return nil
}

// RebuildRollups implements store.RollupRebuilder.
func (d *DB) RebuildRollups(ctx context.Context, tenant string) error {
	return d.writeTx(ctx, "rebuild rollups", func(tx *txConn) error { return rebuildRollups(tx, tenant) })
}

// asked reports whether a migration asked for a rebuild by the setting
// key.
func (d *DB) asked(ctx context.Context, key string) (bool, error) {
	var n int
	defer d.pin()()
	if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key = ?`, key).Scan(&n); err != nil {
		return false, d.wrap("read settings", err)
	}
	return n > 0, nil
}

// rebuildRollupIfAsked rebuilds the rollup when a migration asked for it
// (the setting rollup-rebuild), once.
func (d *DB) rebuildRollupIfAsked(ctx context.Context) error {
	if asked, err := d.asked(ctx, "rollup-rebuild"); err != nil || !asked {
		return err
	}
	return d.writeTx(ctx, "rebuild rollup", func(tx *txConn) error {
		if err := rebuildRollups(tx, ""); err != nil {
			return err
		}
		return tx.exec(`DELETE FROM settings WHERE key = 'rollup-rebuild'`)
	})
}

// writeDelta appends the delta's rows to every rollup.
func writeDelta(tx *txConn, d *rollup.Delta) error {
	for _, r := range rollup.Tables {
		if err := writeRows(tx, r, d.Rows(r)); err != nil {
			return fmt.Errorf("add to %s: %w", r.Name, err)
		}
	}
	return nil
}

// writeRows appends rows to the rollup table r.
func writeRows(tx *txConn, r rollup.Table, rows []rollup.Row) error {
	if len(rows) == 0 {
		return nil
	}
	kept := make([]int, len(r.Keep)) // positions in rollup.SideKeys
	for i, k := range r.Keep {
		kept[i] = slices.Index(rollup.SideKeys, k)
	}
	return tx.appendRows(r.Name, func(add func(...driver.Value) error) error {
		row := make([]driver.Value, 0, 50)
		hists := make([][]any, 2*len(rollup.Metrics))
		for _, rr := range rows {
			k, p := rr.Key, rr.Part
			row = append(row[:0], k.Tenant)
			if k.Day.IsZero() {
				row = append(row, nil)
			} else {
				row = append(row, k.Day)
			}
			row = append(row, k.Source, tables.NullString(k.CallType), k.MediaKind, tables.NullString(k.Quality), tables.NullString(k.FailureStage), tables.NullString(k.FailureReason), k.PSTN)
			for s := range k.Sides {
				for i, at := range kept {
					if i == 0 { // kind, never NULL
						row = append(row, k.Sides[s][at])
					} else {
						row = append(row, tables.NullString(k.Sides[s][at]))
					}
				}
			}
			row = append(row, p.N, p.Jitter, p.JitterN, p.Loss, p.LossN, p.RTT, p.RTTN, p.Concealed, p.ConcealedN,
				p.Degradation, p.DegradationN, p.Ms, p.MsN)
			for i, h := range p.Hists {
				// As []any: the appender takes that as it is, and walks any
				// other slice by reflection, value by value. The appender
				// copies the values, so the buffers are reused.
				buckets, counts := hists[2*i][:0], hists[2*i+1][:0]
				for _, c := range h {
					if c.N != 0 {
						buckets, counts = append(buckets, c.Bucket), append(counts, c.N)
					}
				}
				hists[2*i], hists[2*i+1] = buckets, counts
				row = append(row, buckets, counts)
			}
			if err := add(row...); err != nil {
				return err
			}
		}
		return nil
	})
}

// subtractStored counts the stored facts of the tenant's calls ids out
// of d, before a write deletes them (rollup.Delta.SubtractStored).
func subtractStored(tx *txConn, d *rollup.Delta, tenant string, ids []string) error {
	return inChunks(ids, func(ph string, args []any) error {
		rows, err := tx.query(`SELECT `+strings.Join(rollup.StoredColumns, ", ")+` FROM stream_facts WHERE tenant = ? AND call_id IN (`+ph+`)`,
			append([]any{tenant}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		vals := make([]any, len(rollup.StoredColumns))
		dest := make([]any, len(vals))
		for i := range vals {
			dest[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			if err := d.SubtractStored(vals); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}
