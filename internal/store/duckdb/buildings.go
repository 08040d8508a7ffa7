package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

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
	return d.writeTx(ctx, "replace building file of tenant "+tenant, func(tx *txConn) error {
		for _, table := range []string{"buildings", "building_subnets"} {
			if err := tx.exec(`DELETE FROM `+table+` WHERE tenant = ?`, tenant); err != nil {
				return err
			}
		}
		err := tx.appendRows("buildings", func(add func(...driver.Value) error) error {
			for _, b := range sorted {
				if err := add(tenant, int32(b.Line), b.NetworkIP.Addr().String(), int32(b.NetworkIP.Bits()),
					b.NetworkName, b.BuildingName, b.OwnershipType, b.BuildingType, b.BuildingOfficeType,
					b.City, b.ZipCode, b.Country, b.State, b.Region, b.InsideCorp, b.ExpressRoute, b.VPN, uploaded.UTC()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.appendRows("building_subnets", func(add func(...driver.Value) error) error {
			for _, b := range sorted {
				for subnet := range b.Subnets() {
					if err := add(tenant, subnet, int32(b.Line)); err != nil {
						return err
					}
				}
			}
			return nil
		})
	})
}

// Buildings implements store.BuildingStore.
func (d *DB) Buildings(ctx context.Context, tenant string) ([]model.Building, time.Time, error) {
	if err := d.check(); err != nil {
		return nil, time.Time{}, err
	}
	if tenant == "" {
		return nil, time.Time{}, fmt.Errorf("read building file: no tenant: %w", store.ErrInvalid)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, `SELECT line, network_ip, network_range, network_name, building_name,
		ownership_type, building_type, building_office_type, city, zip_code, country, state, region,
		inside_corp, express_route, vpn, uploaded_at FROM buildings WHERE tenant = ?`, tenant)
	if err != nil {
		return nil, time.Time{}, d.wrap("read building file of tenant "+tenant, err)
	}
	defer rows.Close()
	var out []model.Building
	var uploaded time.Time
	for rows.Next() {
		var b model.Building
		var ip string
		var bits int
		var at sql.NullTime
		if err := rows.Scan(&b.Line, &ip, &bits, &b.NetworkName, &b.BuildingName, &b.OwnershipType, &b.BuildingType,
			&b.BuildingOfficeType, &b.City, &b.ZipCode, &b.Country, &b.State, &b.Region,
			&b.InsideCorp, &b.ExpressRoute, &b.VPN, &at); err != nil {
			return nil, time.Time{}, d.wrap("read building file of tenant "+tenant, err)
		}
		addr, err := netip.ParseAddr(ip)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("read building file of tenant %s: line %d: stored address %q: %w", tenant, b.Line, ip, err)
		}
		b.NetworkIP = netip.PrefixFrom(addr, bits)
		uploaded = utc(at)
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, time.Time{}, d.wrap("read building file of tenant "+tenant, err)
	}
	slices.SortFunc(out, func(a, b model.Building) int { return a.NetworkIP.Addr().Compare(b.NetworkIP.Addr()) })
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
	var where strings.Builder
	args := []any{}
	where.WriteString(`tenant = ? AND media_kind = 'audio'`)
	args = append(args, q.Tenant)
	if !q.Since.IsZero() {
		where.WriteString(` AND call_start >= ?`)
		args = append(args, q.Since.UTC())
	}
	if !q.Until.IsZero() {
		where.WriteString(` AND call_start < ?`)
		args = append(args, q.Until.UTC())
	}
	side := func(prefix string) string {
		return `SELECT ` + prefix + `_subnet AS subnet, quality, call_start FROM stream_facts WHERE ` + where.String() +
			` AND ` + prefix + `_kind <> 'service' AND ` + prefix + `_subnet IS NOT NULL`
	}
	query := `WITH sides AS (` + side("caller") + ` UNION ALL ` + side("callee") + `)
	SELECT s.subnet, count(*) AS n, count(*) FILTER (WHERE s.quality = 'poor'), min(s.call_start), max(s.call_start)
	FROM sides s ANTI JOIN (SELECT subnet FROM building_subnets WHERE tenant = ?) b ON b.subnet = s.subnet
	GROUP BY s.subnet HAVING count(*) >= ? ORDER BY n DESC, s.subnet`
	all := append(append(append([]any{}, args...), args...), q.Tenant, max(q.MinStreams, 1))
	if q.Limit > 0 {
		query += ` LIMIT ?`
		all = append(all, q.Limit)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, query, all...)
	if err != nil {
		return nil, d.wrap("missing subnets of tenant "+q.Tenant, err)
	}
	defer rows.Close()
	var out []store.SubnetCount
	for rows.Next() {
		var c store.SubnetCount
		var first, last sql.NullTime
		if err := rows.Scan(&c.Subnet, &c.Streams, &c.Poor, &first, &last); err != nil {
			return nil, d.wrap("missing subnets of tenant "+q.Tenant, err)
		}
		c.First, c.Last = utc(first), utc(last)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("missing subnets of tenant "+q.Tenant, err)
	}
	return out, nil
}
