package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// The daily rollups (migrations 006 and 007): stream facts summed by
// their keys, with a histogram per metric for percentiles, kept equal to
// the facts by every write — a batch's new facts are added as rows summed
// in Go (addRollups), the facts a write replaces or deletes are
// subtracted as rows summed by the engine (subtractRollups) — and rebuilt
// whole from the facts when a migration asks. There are two: the full
// one, and one without the ends' devices, product and client version,
// which is many times smaller where an organization has many models and
// builds, for the queries that do not ask for them (by building,
// network, subnet, Wi-Fi…).

// sideKeys are the end columns of each side the full rollup keeps.
var sideKeys = []string{"kind", "tenant_id", "platform", "product_family", "client_version", "subnet",
	"connection_type", "wifi_band", "transport", "capture_device", "render_device"}

// rollup is one rollup table: the facts summed by the stream keys and,
// of each side, keep (a subset of sideKeys).
type rollup struct {
	table string
	keep  []string
}

// rollups lists the rollup tables, smallest first: a query reads the
// first that holds its dimensions.
var rollups = []rollup{
	{table: "stream_rollup_network", keep: []string{"kind", "tenant_id", "platform", "subnet", "connection_type", "wifi_band", "transport"}},
	{table: "stream_rollup", keep: sideKeys},
}

// keyExprs are r's key columns in table order, as expressions over
// stream_facts f.
func (r rollup) keyExprs() []string {
	keys := []string{"f.tenant", "CAST(f.call_start AT TIME ZONE 'UTC' AS DATE)", "f.source", "f.call_type", "f.media_kind",
		"f.quality", "f.failure_stage", "f.pstn"}
	for _, side := range []string{"caller_", "callee_"} {
		for _, k := range r.keep {
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
func (r rollup) selectSQL(cond string, negate bool) string {
	keys := r.keyExprs()
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
	for i, h := range rollupHists {
		inner = append(inner, fmt.Sprintf("%s AS h%d", histogramMap(h.layout(), "f."+h.fact), i))
		outer = append(outer, fmt.Sprintf("CAST(coalesce(map_keys(h%d), []) AS USMALLINT[])", i),
			fmt.Sprintf("CAST(coalesce(list_transform(map_values(h%d), lambda n: %sCAST(n AS BIGINT)), []) AS BIGINT[])", i, sign))
	}
	return "SELECT " + strings.Join(outer, ", ") + " FROM (SELECT " + strings.Join(inner, ", ") +
		" FROM stream_facts f WHERE " + cond + " GROUP BY " + strings.Join(keys, ", ") + ")"
}

// subtractRollups takes the facts where cond holds (with its arguments)
// out of the rollups, before they are deleted.
func subtractRollups(tx *txConn, cond string, args ...any) error {
	for _, r := range rollups {
		if err := tx.exec(`INSERT INTO `+r.table+` `+r.selectSQL(cond, true), args...); err != nil {
			return fmt.Errorf("take facts out of %s: %w", r.table, err)
		}
	}
	return nil
}

// rebuildRollups computes the rollups again from the facts.
func rebuildRollups(tx *txConn) error {
	for _, r := range rollups {
		if err := tx.exec(`DELETE FROM ` + r.table); err != nil {
			return fmt.Errorf("rebuild %s: %w", r.table, err)
		}
		if err := tx.exec(`INSERT INTO ` + r.table + ` ` + r.selectSQL("true", false)); err != nil {
			return fmt.Errorf("rebuild %s: %w", r.table, err)
		}
	}
	return nil
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
		if err := rebuildRollups(tx); err != nil {
			return err
		}
		return tx.exec(`DELETE FROM settings WHERE key = 'rollup-rebuild'`)
	})
}

// rollupKey is a rollup row's key as Go sees a fact, in the values the
// fact columns are written with.
type rollupKey struct {
	tenant, source, callType, mediaKind, quality, failureStage string
	pstn                                                       bool
	day                                                        time.Time     // UTC midnight; zero when the call's start is unknown
	sides                                                      [2][11]string // as sideKeys
}

// rollupPart is a rollup row's sums.
type rollupPart struct {
	n                                              int64
	jitter, loss, rtt, concealed, degradation, ms  float64
	jitterN, lossN, rttN, concealedN, degradationN int64
	msN                                            int64
	hists                                          [4]sparseHist // as rollupHists
}

// rollupDelta is what a write changes in the rollups: the parts of the
// facts it adds less those of the facts it replaces, by full key, summed
// in Go as selectSQL sums them in SQL.
type rollupDelta struct {
	parts map[rollupKey]*rollupPart
	order []rollupKey
}

func newRollupDelta() *rollupDelta { return &rollupDelta{parts: map[rollupKey]*rollupPart{}} }

// add counts f in (sign 1) or out (sign −1).
func (d *rollupDelta) add(f *model.StreamFact, sign int64) {
	k := rollupKeyOf(f)
	p := d.parts[k]
	if p == nil {
		p = &rollupPart{}
		d.parts[k] = p
		d.order = append(d.order, k)
	}
	p.add(f, sign)
}

// addFacts counts every fact of facts in.
func (d *rollupDelta) addFacts(facts [][]model.StreamFact) {
	for _, fs := range facts {
		for i := range fs {
			d.add(&fs[i], 1)
		}
	}
}

// write appends the delta's rows to every rollup.
func (d *rollupDelta) write(tx *txConn) error {
	for _, r := range rollups {
		if err := r.write(tx, d); err != nil {
			return fmt.Errorf("add to %s: %w", r.table, err)
		}
	}
	return nil
}

// write appends r's rows of the delta: its parts merged by r's keys,
// leaving out those that come to nothing (a new version whose streams
// are what they were).
func (r rollup) write(tx *txConn, d *rollupDelta) error {
	kept := make([]int, len(r.keep)) // positions in sideKeys
	for i, k := range r.keep {
		kept[i] = slices.Index(sideKeys, k)
	}
	parts := map[rollupKey]*rollupPart{}
	var order []rollupKey
	for _, full := range d.order {
		k := full
		k.sides = [2][11]string{}
		for s := range k.sides {
			for _, at := range kept {
				k.sides[s][at] = full.sides[s][at]
			}
		}
		p := parts[k]
		if p == nil {
			p = &rollupPart{}
			parts[k] = p
			order = append(order, k)
		}
		p.merge(d.parts[full])
	}
	order = slices.DeleteFunc(order, func(k rollupKey) bool { return parts[k].empty() })
	if len(order) == 0 {
		return nil
	}
	return tx.appendRows(r.table, func(add func(...driver.Value) error) error {
		row := make([]driver.Value, 0, 50)
		hists := make([][]any, 2*len(rollupHists))
		for _, k := range order {
			p := parts[k]
			row = append(row[:0], k.tenant)
			if k.day.IsZero() {
				row = append(row, nil)
			} else {
				row = append(row, k.day)
			}
			row = append(row, k.source, nullString(k.callType), k.mediaKind, nullString(k.quality), nullString(k.failureStage), k.pstn)
			for s := range k.sides {
				for i, at := range kept {
					if i == 0 { // kind, never NULL
						row = append(row, k.sides[s][at])
					} else {
						row = append(row, nullString(k.sides[s][at]))
					}
				}
			}
			row = append(row, p.n, p.jitter, p.jitterN, p.loss, p.lossN, p.rtt, p.rttN, p.concealed, p.concealedN,
				p.degradation, p.degradationN, p.ms, p.msN)
			for i, h := range p.hists {
				// As []any: the appender takes that as it is, and walks any
				// other slice by reflection, value by value. The appender
				// copies the values, so the buffers are reused.
				buckets, counts := hists[2*i][:0], hists[2*i+1][:0]
				for _, c := range h {
					if c.n != 0 {
						buckets, counts = append(buckets, c.bucket), append(counts, c.n)
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

func rollupKeyOf(f *model.StreamFact) rollupKey {
	k := rollupKey{tenant: f.Tenant, source: string(f.Source), callType: f.CallType, mediaKind: string(f.MediaKind),
		quality: string(f.Quality), failureStage: f.FailureStage, pstn: f.PSTN}
	if !f.CallStart.IsZero() {
		// The day of the instant as stored: to the microsecond.
		t := time.UnixMicro(f.CallStart.UnixMicro()).UTC()
		k.day = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	for s, side := range []*model.SideFact{&f.Caller, &f.Callee} {
		k.sides[s] = [11]string{string(side.Kind), side.TenantID, side.Platform, side.ProductFamily, side.ClientVersion,
			side.Subnet, side.ConnectionType, side.WifiBand, side.Transport, side.CaptureDevice, side.RenderDevice}
	}
	return k
}

// add counts f in the part (sign 1) or out of it (sign −1).
func (p *rollupPart) add(f *model.StreamFact, sign int64) {
	p.n += sign
	sum := func(v *float64, total *float64, n *int64) {
		if v != nil {
			*total += float64(sign) * *v
			*n += sign
		}
	}
	sum(f.JitterMs, &p.jitter, &p.jitterN)
	sum(f.PacketLossRate, &p.loss, &p.lossN)
	sum(f.RoundTripMs, &p.rtt, &p.rttN)
	sum(f.ConcealedRatio, &p.concealed, &p.concealedN)
	sum(f.AudioDegradation, &p.degradation, &p.degradationN)
	for i, h := range rollupHists {
		if v := h.value(f); v != nil {
			p.hists[i].add(h.layout().Bucket(*v), sign)
		}
	}
	if f.Start != nil && f.End != nil {
		start, end := time.UnixMicro(f.Start.UnixMicro()), time.UnixMicro(f.End.UnixMicro())
		if !end.Before(start) {
			// date_diff counts millisecond boundaries crossed.
			p.ms += float64(sign * (end.UnixMilli() - start.UnixMilli()))
			p.msN += sign
		}
	}
}

// merge adds q's sums to p's.
func (p *rollupPart) merge(q *rollupPart) {
	p.n += q.n
	p.jitter, p.loss, p.rtt = p.jitter+q.jitter, p.loss+q.loss, p.rtt+q.rtt
	p.concealed, p.degradation, p.ms = p.concealed+q.concealed, p.degradation+q.degradation, p.ms+q.ms
	p.jitterN, p.lossN, p.rttN = p.jitterN+q.jitterN, p.lossN+q.lossN, p.rttN+q.rttN
	p.concealedN, p.degradationN, p.msN = p.concealedN+q.concealedN, p.degradationN+q.degradationN, p.msN+q.msN
	for i := range p.hists {
		p.hists[i].merge(q.hists[i])
	}
}

// empty reports whether the part counts nothing: every count is zero
// (its sums are then what is left of adding and taking away the same
// values, rounding aside).
func (p *rollupPart) empty() bool {
	if p.n != 0 || p.jitterN != 0 || p.lossN != 0 || p.rttN != 0 || p.concealedN != 0 || p.degradationN != 0 || p.msN != 0 {
		return false
	}
	for _, h := range p.hists {
		if !h.empty() {
			return false
		}
	}
	return true
}

// subtractStored counts the stored facts of the tenant's calls ids out
// of the delta, before a write deletes them: the rows as stored, read
// back, so that what leaves the rollups is what entered them.
func (d *rollupDelta) subtractStored(tx *txConn, tenant string, ids []string) error {
	cols := []string{"tenant", "call_start", "source", "call_type", "media_kind", "quality", "failure_stage", "pstn"}
	for _, side := range []string{"caller_", "callee_"} {
		for _, k := range sideKeys {
			cols = append(cols, side+k)
		}
	}
	cols = append(cols, "jitter_ms", "packet_loss_rate", "round_trip_ms", "concealed_ratio", "audio_degradation", "start_time", "end_time")
	return inChunks(ids, func(ph string, args []any) error {
		rows, err := tx.query(`SELECT `+strings.Join(cols, ", ")+` FROM stream_facts WHERE tenant = ? AND call_id IN (`+ph+`)`,
			append([]any{tenant}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var (
			start, begin, end                         sql.NullTime
			callType, quality, stage                  sql.NullString
			pstn                                      sql.NullBool
			sides                                     [2][11]sql.NullString
			jitter, loss, rtt, concealed, degradation sql.NullFloat64
			f                                         model.StreamFact
		)
		var source, kind string
		dest := []any{&f.Tenant, &start, &source, &callType, &kind, &quality, &stage, &pstn}
		for s := range sides {
			for i := range sides[s] {
				dest = append(dest, &sides[s][i])
			}
		}
		dest = append(dest, &jitter, &loss, &rtt, &concealed, &degradation, &begin, &end)
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			f.CallStart = time.Time{}
			if start.Valid {
				f.CallStart = start.Time
			}
			f.Source, f.MediaKind = model.Source(source), model.MediaKind(kind)
			f.CallType, f.Quality, f.FailureStage, f.PSTN = callType.String, model.StreamQuality(quality.String), stage.String, pstn.Bool
			for s, side := range []*model.SideFact{&f.Caller, &f.Callee} {
				v := func(i int) string { return sides[s][i].String }
				*side = model.SideFact{Kind: model.EndpointKind(v(0)), TenantID: v(1), Platform: v(2), ProductFamily: v(3),
					ClientVersion: v(4), Subnet: v(5), ConnectionType: v(6), WifiBand: v(7), Transport: v(8),
					CaptureDevice: v(9), RenderDevice: v(10)}
			}
			f.JitterMs, f.PacketLossRate, f.RoundTripMs = floatPtr(jitter), floatPtr(loss), floatPtr(rtt)
			f.ConcealedRatio, f.AudioDegradation = floatPtr(concealed), floatPtr(degradation)
			f.Start, f.End = timePtr(begin), timePtr(end)
			d.add(&f, -1)
		}
		return rows.Err()
	})
}

func floatPtr(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}

func timePtr(v sql.NullTime) *time.Time {
	if !v.Valid {
		return nil
	}
	return &v.Time
}
