package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// PoorCalls implements store.Store.
func (d *DB) PoorCalls(ctx context.Context, q cqd.Query, limit, offset int) ([]store.PoorCall, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("poor calls: %w: %w", err, store.ErrInvalid)
	}
	if limit < 0 || offset < 0 {
		return nil, fmt.Errorf("poor calls: negative limit or offset: %w", store.ErrInvalid)
	}
	what := "poor calls of tenant " + q.Tenant
	var a stmtArgs
	inner := `SELECT f.call_id, count(*) AS streams,
		count(*) FILTER (WHERE f.quality = 'poor') AS poor,
		count(DISTINCT f.session_index) FILTER (WHERE f.quality = 'poor') AS poor_sessions,
		string_agg(f.poor_reasons, ',') FILTER (WHERE f.quality = 'poor') AS reasons
		FROM ` + factsRelation.from(needsBuildings(q)) + ` WHERE ` + strings.Join(factsRelation.streamConditions(q, &a, false), " AND ") + `
		GROUP BY f.call_id HAVING count(*) FILTER (WHERE f.quality = 'poor') > 0`
	query := `SELECT c.id, c.version, c.source, c.type, c.start_time, c.rating, p.streams, p.poor, p.poor_sessions, p.reasons
		FROM (` + inner + `) p JOIN calls c ON c.tenant = ` + a.add(q.Tenant) + ` AND c.id = p.call_id
		ORDER BY c.start_time DESC NULLS LAST, c.id COLLATE "C"`
	if limit > 0 {
		query += " LIMIT " + a.add(limit)
	}
	if offset > 0 {
		query += " OFFSET " + a.add(offset)
	}
	rows, err := d.pool.Query(ctx, query, a.vals...)
	if err != nil {
		return nil, d.wrap(what, err)
	}
	defer rows.Close()
	var out []store.PoorCall
	for rows.Next() {
		var c store.PoorCall
		var start *time.Time
		var rating, reasons *string
		var source string
		if err := rows.Scan(&c.ID, &c.Version, &source, &c.Type, &start, &rating, &c.Streams, &c.Poor, &c.PoorSessions, &reasons); err != nil {
			return nil, d.wrap(what, err)
		}
		c.Source = model.Source(source)
		if start != nil {
			c.Start = start.UTC()
		}
		if rating != nil {
			c.Rating = model.Rating(*rating)
		}
		if reasons != nil {
			c.Reasons = store.RankReasons(*reasons)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap(what, err)
	}
	return out, nil
}
