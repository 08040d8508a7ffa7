package postgres

import (
	"context"
	"fmt"
	"iter"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// ReplaceBuildings implements store.BuildingStore.
func (d *DB) ReplaceBuildings(ctx context.Context, tenant string, rows []model.Building, uploaded time.Time) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("replace building file: no tenant: %w", store.ErrInvalid)
	}
	sorted, err := store.CheckBuildings(rows)
	if err != nil {
		return fmt.Errorf("replace building file of tenant %s: %w", tenant, err)
	}
	if uploaded.IsZero() {
		uploaded = d.now()
	}
	err = d.inTx(ctx, "replace building file of tenant "+tenant, func(tx pgx.Tx) error {
		for _, table := range []string{"buildings", "building_subnets"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE tenant = $1`, tenant); err != nil {
				return err
			}
		}
		lines := make([][]any, 0, len(sorted))
		for _, b := range sorted {
			lines = append(lines, []any{tenant, int32(b.Line), b.NetworkIP.Addr().String(), int32(b.NetworkIP.Bits()),
				b.NetworkName, b.BuildingName, b.OwnershipType, b.BuildingType, b.BuildingOfficeType,
				b.City, b.ZipCode, b.Country, b.State, b.Region, b.InsideCorp, b.ExpressRoute, b.VPN, uploaded.UTC()})
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"buildings"}, []string{"tenant", "line", "network_ip", "network_range",
			"network_name", "building_name", "ownership_type", "building_type", "building_office_type",
			"city", "zip_code", "country", "state", "region", "inside_corp", "express_route", "vpn", "uploaded_at"},
			pgx.CopyFromRows(lines)); err != nil {
			return err
		}
		// A file may expand to a million subnets: they are copied as
		// they are made rather than gathered first.
		next, stop := iter.Pull2(expandedSubnets(sorted))
		defer stop()
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"building_subnets"}, []string{"tenant", "subnet", "line"},
			pgx.CopyFromFunc(func() ([]any, error) {
				subnet, line, ok := next()
				if !ok {
					return nil, nil
				}
				return []any{tenant, subnet, int32(line)}, nil
			}))
		return err
	})
	if err != nil {
		return err
	}
	// Dashboards join every stream to these tables by subnet. Until
	// autovacuum has sampled a new file, which may take a minute, the
	// planner guesses their size and may join them in nested loops,
	// which made a query over 60,000 streams take up to three times as
	// long (and would grow with the file). The statistics are an optimization:
	// a role that may not gather them still has its file stored.
	_, _ = d.pool.Exec(ctx, `ANALYZE buildings, building_subnets`)
	return nil
}

// expandedSubnets yields every subnet the rows cover, with its row's
// line.
func expandedSubnets(rows []model.Building) iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		for _, b := range rows {
			for subnet := range b.Subnets() {
				if !yield(subnet, b.Line) {
					return
				}
			}
		}
	}
}

// Buildings implements store.BuildingStore.
func (d *DB) Buildings(ctx context.Context, tenant string) ([]model.Building, time.Time, error) {
	if err := d.check(); err != nil {
		return nil, time.Time{}, err
	}
	if tenant == "" {
		return nil, time.Time{}, fmt.Errorf("read building file: no tenant: %w", store.ErrInvalid)
	}
	what := "read building file of tenant " + tenant
	rows, err := d.pool.Query(ctx, `SELECT line, network_ip, network_range, network_name, building_name,
		ownership_type, building_type, building_office_type, city, zip_code, country, state, region,
		inside_corp, express_route, vpn, uploaded_at FROM buildings WHERE tenant = $1`, tenant)
	if err != nil {
		return nil, time.Time{}, d.wrap(what, err)
	}
	defer rows.Close()
	var out []model.Building
	var uploaded time.Time
	for rows.Next() {
		var b model.Building
		var ip string
		var bits int
		if err := rows.Scan(&b.Line, &ip, &bits, &b.NetworkName, &b.BuildingName, &b.OwnershipType, &b.BuildingType,
			&b.BuildingOfficeType, &b.City, &b.ZipCode, &b.Country, &b.State, &b.Region,
			&b.InsideCorp, &b.ExpressRoute, &b.VPN, &uploaded); err != nil {
			return nil, time.Time{}, d.wrap(what, err)
		}
		addr, err := netip.ParseAddr(ip)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("%s: line %d: stored address %q: %w", what, b.Line, ip, err)
		}
		b.NetworkIP = netip.PrefixFrom(addr, bits)
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, time.Time{}, d.wrap(what, err)
	}
	slices.SortFunc(out, func(a, b model.Building) int { return a.NetworkIP.Addr().Compare(b.NetworkIP.Addr()) })
	if !uploaded.IsZero() {
		uploaded = uploaded.UTC()
	}
	return out, uploaded, nil
}

// MissingSubnets implements store.BuildingStore. Each stream counts once
// per client side (callers and callees that are not Microsoft's
// servers), as CQD counts First and Second endpoints.
func (d *DB) MissingSubnets(ctx context.Context, q store.MissingSubnetQuery) ([]store.SubnetCount, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if q.Tenant == "" {
		return nil, fmt.Errorf("missing subnets: no tenant: %w", store.ErrInvalid)
	}
	if q.Limit < 0 {
		return nil, fmt.Errorf("missing subnets of tenant %s: negative limit: %w", q.Tenant, store.ErrInvalid)
	}
	what := "missing subnets of tenant " + q.Tenant
	var a stmtArgs
	tenant := a.add(q.Tenant)
	where := []string{"tenant = " + tenant, "media_kind = 'audio'"}
	if !q.Since.IsZero() {
		where = append(where, "call_start >= "+a.add(q.Since.UTC()))
	}
	if !q.Until.IsZero() {
		where = append(where, "call_start < "+a.add(q.Until.UTC()))
	}
	side := func(prefix string) string {
		return `SELECT ` + prefix + `_subnet AS subnet, quality, call_start FROM stream_facts WHERE ` + strings.Join(where, " AND ") +
			` AND ` + prefix + `_kind <> 'service' AND ` + prefix + `_subnet IS NOT NULL`
	}
	// The placeholders of where are written once per side, naming the
	// same arguments.
	query := `WITH sides AS (` + side("caller") + ` UNION ALL ` + side("callee") + `)
	SELECT s.subnet, count(*) AS n, count(*) FILTER (WHERE s.quality = 'poor'), min(s.call_start), max(s.call_start)
	FROM sides s
	WHERE NOT EXISTS (SELECT 1 FROM building_subnets b WHERE b.tenant = ` + tenant + ` AND b.subnet = s.subnet)
	GROUP BY s.subnet HAVING count(*) >= ` + a.add(max(q.MinStreams, 1)) + ` ORDER BY n DESC, s.subnet COLLATE "C"`
	if q.Limit > 0 {
		query += ` LIMIT ` + a.add(q.Limit)
	}
	rows, err := d.pool.Query(ctx, query, a.vals...)
	if err != nil {
		return nil, d.wrap(what, err)
	}
	defer rows.Close()
	var out []store.SubnetCount
	for rows.Next() {
		var c store.SubnetCount
		var first, last *time.Time
		if err := rows.Scan(&c.Subnet, &c.Streams, &c.Poor, &first, &last); err != nil {
			return nil, d.wrap(what, err)
		}
		if first != nil {
			c.First = first.UTC()
		}
		if last != nil {
			c.Last = last.UTC()
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap(what, err)
	}
	return out, nil
}
