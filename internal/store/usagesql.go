package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// The usage reports' SQL is the same for every backend but for a few
// spellings (UsageDialect), so it is written once, here, over the
// usage_facts table each backend's migrations create; the conformance
// suite holds every backend's answers to the one Go computation
// (UsageFilterKeeps, UsageTotals.AddFact, SortUsageGroups).
//
// A report is two statements: the currencies charged in the selection,
// then the groups with a sum per currency, ranked and cut in the
// database, so that asking for a tenant's ten busiest users of a month
// reads ten rows, not a hundred thousand. A page of rows is three: the
// page's keys from the facts, the rows' JSON, and the calls stored under
// their call references.

// UsageDialect is how a backend's SQL engine spells what engines differ
// in.
type UsageDialect struct {
	// DayText writes a DATE column as YYYY-MM-DD text.
	DayText func(col string) string
	// Bytewise makes a text expression compare bytewise, in ORDER BY.
	Bytewise func(expr string) string
	// Float is the name of the 8-byte floating point type, which rates
	// are divided in, as Go divides them (UsageTotals.Rank).
	Float string
}

type usageSQL struct {
	d    UsageDialect
	args []any
}

// add binds an argument; numbered, so that one may be used twice.
func (b *usageSQL) add(v any) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

// groupExpr is what a dimension groups by, and keyExpr its value as text
// (NULL when unknown), over the grouped column.
func (b *usageSQL) groupExpr(d UsageDimension, mask int) string {
	switch d {
	case UsageDimKind:
		return "f.kind"
	case UsageDimUser:
		return "f.user_key"
	case UsageDimNumber:
		return maskExpr("f.number", mask)
	case UsageDimCountry:
		return "f.country"
	case UsageDimCallType:
		return "f.call_type"
	case UsageDimTrunk:
		return "f.trunk"
	case UsageDimDay:
		return "f.day"
	case UsageDimSIPCode:
		return "f.sip_code"
	case UsageDimSubReason:
		return "f.sub_reason"
	case UsageDimSIPPhrase:
		return "f.sip_phrase"
	case UsageDimSuccess:
		return "f.successful"
	}
	panic(fmt.Sprintf("usage dimension %q has no column", d))
}

func (b *usageSQL) keyExpr(d UsageDimension, mask int) string {
	g := b.groupExpr(d, mask)
	switch d {
	case UsageDimDay:
		return b.d.DayText(g)
	case UsageDimSIPCode, UsageDimSubReason, UsageDimSuccess:
		return "CAST(" + g + " AS VARCHAR)"
	}
	return g
}

// maskExpr is MaskNumber in SQL, over normalized numbers (an optional
// '+', then digits and '*'); n is a literal, validated by the query.
func maskExpr(col string, n int) string {
	if n <= 0 {
		return col
	}
	body := "length(replace(" + col + ", '+', ''))"
	lead := "CASE WHEN left(" + col + ", 1) = '+' THEN '+' ELSE '' END"
	k := strconv.Itoa(n)
	return "CASE WHEN " + col + " IS NULL THEN NULL WHEN " + body + " <= " + k + " THEN " + lead + " || repeat('*', " + body + ")" +
		" ELSE left(" + col + ", length(" + col + ") - " + k + ") || repeat('*', " + k + ") END"
}

// filter is a filter's condition, as UsageFilterKeeps decides it, over
// the columns as they are stored: the typed ones compared as typed, the
// texts stored as given in lower case.
func (b *usageSQL) filter(flt UsageFilter) string {
	var parts []string
	var lowered []string
	in := func(col string, vals []any) {
		if len(vals) == 0 {
			return
		}
		ph := make([]string, len(vals))
		for i, v := range vals {
			ph[i] = b.add(v)
		}
		parts = append(parts, col+" IN ("+strings.Join(ph, ", ")+")")
	}
	var typed []any
	for _, v := range flt.Values {
		low := strings.ToLower(v)
		switch {
		case v == "":
			parts = append(parts, b.groupExpr(flt.Dimension, 0)+" IS NULL")
		case flt.Dimension == UsageDimNumber:
			parts = append(parts, "f.number LIKE "+b.add(NumberPattern(v)))
		case flt.Dimension == UsageDimKind:
			for _, k := range []model.UsageKind{model.UsagePSTN, model.UsageDirectRouting} {
				if low == strings.ToLower(string(k)) {
					typed = append(typed, string(k))
				}
			}
		case flt.Dimension == UsageDimTrunk || flt.Dimension == UsageDimUser:
			// Stored in lower case.
			typed = append(typed, low)
		case flt.Dimension == UsageDimDay:
			if d, err := time.Parse(time.DateOnly, v); err == nil {
				typed = append(typed, d)
			}
		case flt.Dimension == UsageDimSIPCode || flt.Dimension == UsageDimSubReason:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && strconv.FormatInt(n, 10) == v {
				typed = append(typed, n)
			}
		case flt.Dimension == UsageDimSuccess:
			if low == "true" || low == "false" {
				typed = append(typed, low == "true")
			}
		default:
			lowered = append(lowered, low)
		}
	}
	col := b.groupExpr(flt.Dimension, 0)
	if flt.Dimension == UsageDimDay {
		ph := make([]string, len(typed))
		for i, v := range typed {
			ph[i] = "CAST(" + b.add(v.(time.Time).Format(time.DateOnly)) + " AS DATE)"
		}
		if len(ph) > 0 {
			parts = append(parts, col+" IN ("+strings.Join(ph, ", ")+")")
		}
	} else {
		in(col, typed)
	}
	if flt.Dimension == UsageDimUser && len(typed) > 0 {
		in("lower(f.user_upn)", typed)
	}
	if len(lowered) > 0 {
		vals := make([]any, len(lowered))
		for i, v := range lowered {
			vals[i] = v
		}
		in("lower("+col+")", vals)
	}
	if len(parts) == 0 {
		return "FALSE"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// where is the selection of q: tenant, window and filters.
func (b *usageSQL) where(q UsageQuery) string {
	w := []string{"f.tenant = " + b.add(q.Tenant)}
	if !q.Since.IsZero() {
		w = append(w, "f.start_time >= "+b.add(q.Since))
	}
	if !q.Until.IsZero() {
		w = append(w, "f.start_time < "+b.add(q.Until))
	}
	for _, flt := range q.Filters {
		w = append(w, b.filter(flt))
	}
	return strings.Join(w, " AND ")
}

const charged = "(f.charge IS NOT NULL OR f.connection_charge IS NOT NULL)"

// UsageCurrenciesSQL is the first statement of UsageReport(q): the
// currencies the tenant's rows were ever charged in ("" for none named),
// which the report has a sum of each for.
func (d UsageDialect) UsageCurrenciesSQL(q UsageQuery) (string, []any) {
	b := &usageSQL{d: d}
	return "SELECT currency FROM usage_currencies WHERE tenant = " + b.add(q.Tenant), b.args
}

// namesApart reports whether UsageReport(q) names its users in a
// statement of their own (UsageNamesSQL): a cut report of users, whose
// names are looked up for the groups it keeps only, rather than for
// every user of the selection.
func (q UsageQuery) namesApart() bool {
	return q.Limit > 0 && slices.Contains(q.GroupBy, UsageDimUser)
}

// usageTotals are the columns every group has, in the order
// ScanUsageReport reads them.
var usageTotals = []string{"calls", "attempts", "successful", "delivered", "seconds", "connected", "connected_seconds"}

// UsageReportSQL is the second statement of UsageReport(q), with the
// currencies the first found: one row per group, ranked and cut, each
// with the totals of every group (window sums, taken before the cut),
// scanned by ScanUsageReport.
func (d UsageDialect) UsageReportSQL(q UsageQuery, currencies []string) (string, []any) {
	b := &usageSQL{d: d}
	var cols, group []string
	for i, dim := range q.GroupBy {
		cols = append(cols, b.keyExpr(dim, q.MaskDigits)+" AS k"+strconv.Itoa(i))
		group = append(group, b.groupExpr(dim, q.MaskDigits))
	}
	withNames := slices.Contains(q.GroupBy, UsageDimUser) && !q.namesApart()
	if withNames {
		// Bytewise, as Go compares strings: the name every backend gives.
		cols = append(cols, "max("+d.Bytewise("f.user_name")+") AS uname", "max("+d.Bytewise("f.user_upn")+") AS uupn")
	}
	codes := make([]string, len(UserCausedSIPCodes))
	for i, c := range UserCausedSIPCodes {
		codes[i] = strconv.FormatInt(c, 10)
	}
	taken := "f.successful IS DISTINCT FROM false"
	cols = append(cols,
		"count(*) AS calls",
		"count(f.successful) AS attempts",
		"count(*) FILTER (WHERE f.successful) AS successful",
		"count(*) FILTER (WHERE f.successful OR (f.successful IS NOT NULL AND f.sip_code IN ("+strings.Join(codes, ", ")+"))) AS delivered",
		"CAST(coalesce(sum(f.duration), 0) AS BIGINT) AS seconds",
		"count(f.duration) FILTER (WHERE "+taken+") AS connected",
		"CAST(coalesce(sum(f.duration) FILTER (WHERE "+taken+"), 0) AS BIGINT) AS connected_seconds")
	sums := slices.Clone(usageTotals)
	for i, cur := range currencies {
		match := "f.currency IS NULL"
		if cur != "" {
			match = "f.currency = " + b.add(cur)
		}
		n := strconv.Itoa(i)
		cols = append(cols,
			"count(*) FILTER (WHERE "+match+" AND "+charged+") AS cn"+n,
			"coalesce(sum(f.charge) FILTER (WHERE "+match+"), 0) AS cc"+n,
			"coalesce(sum(f.connection_charge) FILTER (WHERE "+match+"), 0) AS ck"+n)
		sums = append(sums, "cn"+n, "cc"+n, "ck"+n)
	}
	inner := "SELECT " + strings.Join(cols, ", ") + " FROM usage_facts f WHERE " + b.where(q)
	if len(group) > 0 {
		inner += " GROUP BY " + strings.Join(group, ", ")
	}
	inner += " HAVING count(*) > 0"
	outer := []string{"g.*", "count(*) OVER () AS groups"}
	for _, c := range sums {
		// Sums of counts are cast back: PostgreSQL sums bigints as numerics.
		if strings.HasPrefix(c, "cc") || strings.HasPrefix(c, "ck") {
			outer = append(outer, "sum(g."+c+") OVER () AS all_"+c)
		} else {
			outer = append(outer, "CAST(sum(g."+c+") OVER () AS BIGINT) AS all_"+c)
		}
	}
	var order []string
	if q.OrderBy != "" {
		dir := " DESC"
		if q.Ascending {
			dir = " ASC"
		}
		order = append(order, d.rankExpr(q.OrderBy)+dir+" NULLS LAST")
	}
	for i := range q.GroupBy {
		order = append(order, d.Bytewise("g.k"+strconv.Itoa(i))+" ASC NULLS LAST")
	}
	query := "SELECT " + strings.Join(outer, ", ") + " FROM (" + inner + ") g"
	if len(order) > 0 {
		query += " ORDER BY " + strings.Join(order, ", ")
	}
	if q.Limit > 0 {
		query += " LIMIT " + b.add(q.Limit)
	}
	return query, b.args
}

// UsageNamesSQL is the third statement of UsageReport(q) when its users
// are named apart: the greatest name and UPN of each of the kept users'
// rows in q's selection.
func (d UsageDialect) UsageNamesSQL(q UsageQuery, users []string) (string, []any) {
	b := &usageSQL{d: d}
	where := b.where(q)
	return "SELECT f.user_key, max(" + d.Bytewise("f.user_name") + "), max(" + d.Bytewise("f.user_upn") + ") FROM usage_facts f WHERE " +
		where + " AND f.user_key IN (" + b.list(users) + ") GROUP BY f.user_key", b.args
}

// rankExpr is UsageTotals.Rank over a group's columns: rates divided as
// floats, NULL where there is nothing to divide.
func (d UsageDialect) rankExpr(o UsageOrder) string {
	div := func(n, of string) string {
		return "CAST(g." + n + " AS " + d.Float + ") / NULLIF(g." + of + ", 0)"
	}
	switch o {
	case UsageOrderMinutes:
		return "g.seconds"
	case UsageOrderAttempts:
		return "g.attempts"
	case UsageOrderSuccessful:
		return "g.successful"
	case UsageOrderSuccessRate:
		return div("successful", "attempts")
	case UsageOrderNER:
		return div("delivered", "attempts")
	case UsageOrderAverage:
		return div("connected_seconds", "connected")
	}
	return "g.calls"
}

// UsageScanner is the rows of a query, as database/sql and pgx both give
// them.
type UsageScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// ScanCurrencies reads the rows of UsageCurrenciesSQL, sorted.
func ScanCurrencies(rows UsageScanner) ([]string, error) {
	var out []string
	for rows.Next() {
		var c *string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		if c == nil {
			out = append(out, "")
		} else {
			out = append(out, *c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), rows.Err()
}

// ScanUsageReport reads the rows of UsageReportSQL(q, currencies).
func ScanUsageReport(q UsageQuery, currencies []string, rows UsageScanner) (*UsageResult, error) {
	res := &UsageResult{GroupBy: q.GroupBy, Groups: []UsageGroup{}}
	withNames := slices.Contains(q.GroupBy, UsageDimUser) && !q.namesApart()
	type charges struct {
		n     int64
		c, cc float64
	}
	mine, all := make([]charges, len(currencies)), make([]charges, len(currencies))
	var name, upn *string
	var groups int64
	totalsOf := func(t *UsageTotals, cs []charges) []any {
		dest := []any{&t.Calls, &t.Attempts, &t.Successful, &t.Delivered, &t.Seconds, &t.Connected, &t.ConnectedSeconds}
		for i := range cs {
			dest = append(dest, &cs[i].n, &cs[i].c, &cs[i].cc)
		}
		return dest
	}
	chargesOf := func(cs []charges) []UsageCharge {
		var out []UsageCharge
		for i, c := range cs {
			if c.n > 0 {
				out = append(out, UsageCharge{Currency: currencies[i], Charge: c.c, ConnectionCharge: c.cc})
			}
		}
		return out
	}
	for rows.Next() {
		g := UsageGroup{Key: make([]*string, len(q.GroupBy))}
		var dest []any
		for i := range g.Key {
			dest = append(dest, &g.Key[i])
		}
		if withNames {
			dest = append(dest, &name, &upn)
		}
		dest = append(dest, totalsOf(&g.UsageTotals, mine)...)
		dest = append(dest, &groups)
		dest = append(dest, totalsOf(&res.Totals, all)...)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if name != nil {
			g.UserName = *name
		}
		if upn != nil {
			g.UserPrincipalName = *upn
		}
		g.Charges = chargesOf(mine)
		res.Groups = append(res.Groups, g)
	}
	res.Totals.Charges = chargesOf(all)
	res.Total = int(groups)
	return res, rows.Err()
}

// NameUsers sets the names of res's users from the rows of
// UsageNamesSQL.
func NameUsers(res *UsageResult, rows UsageScanner) error {
	at := slices.Index(res.GroupBy, UsageDimUser)
	names := map[string][2]*string{}
	for rows.Next() {
		var key string
		var name, upn *string
		if err := rows.Scan(&key, &name, &upn); err != nil {
			return err
		}
		names[key] = [2]*string{name, upn}
	}
	for i, g := range res.Groups {
		if g.Key[at] == nil {
			continue
		}
		n := names[*g.Key[at]]
		if n[0] != nil {
			res.Groups[i].UserName = *n[0]
		}
		if n[1] != nil {
			res.Groups[i].UserPrincipalName = *n[1]
		}
	}
	return rows.Err()
}

// KeptUsers are the user keys of a result named apart, to look up.
func KeptUsers(res *UsageResult) []string {
	at := slices.Index(res.GroupBy, UsageDimUser)
	var out []string
	for _, g := range res.Groups {
		if at >= 0 && g.Key[at] != nil {
			out = append(out, *g.Key[at])
		}
	}
	return out
}

// UsageRowsPageSQL is the first statement of UsageRows: the page's kind,
// key and call reference, newest first.
func (d UsageDialect) UsageRowsPageSQL(q UsageQuery, after *UsageCursor, limit int) (string, []any) {
	b := &usageSQL{d: d}
	where := b.where(q)
	if after != nil {
		k, i := b.add(after.Kind), b.add(after.ID)
		later := "(" + d.Bytewise("f.kind") + " > " + k + " OR (f.kind = " + k + " AND " + d.Bytewise("f.id") + " > " + i + "))"
		if after.Start.IsZero() {
			where += " AND f.start_time IS NULL AND " + later
		} else {
			s := b.add(after.Start.Truncate(time.Microsecond))
			where += " AND (f.start_time < " + s + " OR f.start_time IS NULL OR (f.start_time = " + s + " AND " + later + "))"
		}
	}
	return "SELECT f.kind, f.id, f.call_ref FROM usage_facts f WHERE " + where +
		" ORDER BY f.start_time DESC NULLS LAST, " + d.Bytewise("f.kind") + ", " + d.Bytewise("f.id") + " LIMIT " + b.add(limit), b.args
}

// UsageRowBodiesSQL is the second: the stored JSON of the page's rows,
// by key (of any kind: the caller keeps those of the page).
func (d UsageDialect) UsageRowBodiesSQL(tenant string, ids []string) (string, []any) {
	b := &usageSQL{d: d}
	t := b.add(tenant)
	return "SELECT r.kind, r.id, r.row FROM usage_rows r WHERE r.tenant = " + t + " AND r.id IN (" + b.list(ids) + ")", b.args
}

// UsageCallsSQL is the third: which of the call references are stored
// calls of the tenant.
func (d UsageDialect) UsageCallsSQL(tenant string, refs []string) (string, []any) {
	b := &usageSQL{d: d}
	t := b.add(tenant)
	return "SELECT c.id FROM calls c WHERE c.tenant = " + t + " AND c.id IN (" + b.list(refs) + ")", b.args
}

func (b *usageSQL) list(vals []string) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = b.add(v)
	}
	return strings.Join(ph, ", ")
}

// UsagePage is the first statement's row.
type UsagePage struct {
	Kind, ID string
	CallRef  *string
}

// ScanUsagePage reads the rows of UsageRowsPageSQL.
func ScanUsagePage(rows UsageScanner) ([]UsagePage, error) {
	var out []UsagePage
	for rows.Next() {
		var p UsagePage
		if err := rows.Scan(&p.Kind, &p.ID, &p.CallRef); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// UsageReader runs the statements of UsageReport and UsageRows for a
// backend, which validates the query first.
type UsageReader struct {
	Dialect UsageDialect
	// Query runs a statement and hands its rows to scan.
	Query func(sql string, args []any, scan func(UsageScanner) error) error
}

// Report runs UsageReport(q): the currencies, the groups, and the names
// of the users kept when they are named apart.
func (r UsageReader) Report(q UsageQuery) (*UsageResult, error) {
	var currencies []string
	query, args := r.Dialect.UsageCurrenciesSQL(q)
	err := r.Query(query, args, func(rows UsageScanner) (err error) {
		currencies, err = ScanCurrencies(rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	var res *UsageResult
	query, args = r.Dialect.UsageReportSQL(q, currencies)
	err = r.Query(query, args, func(rows UsageScanner) (err error) {
		res, err = ScanUsageReport(q, currencies, rows)
		return err
	})
	if err != nil || !q.namesApart() {
		return res, err
	}
	if users := KeptUsers(res); len(users) > 0 {
		query, args = r.Dialect.UsageNamesSQL(q, users)
		if err := r.Query(query, args, func(rows UsageScanner) error { return NameUsers(res, rows) }); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// Rows runs UsageRows(q, after, limit).
func (r UsageReader) Rows(q UsageQuery, after *UsageCursor, limit int) ([]UsageRowMatch, error) {
	var page []UsagePage
	query, args := r.Dialect.UsageRowsPageSQL(q, after, limit)
	err := r.Query(query, args, func(rows UsageScanner) (err error) {
		page, err = ScanUsagePage(rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r.page(q.Tenant, page)
}

// page completes a page: each row's JSON, decoded, and its stored call.
func (r UsageReader) page(tenant string, page []UsagePage) ([]UsageRowMatch, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids, refs := make([]string, 0, len(page)), []string{}
	for _, p := range page {
		ids = append(ids, p.ID)
		if p.CallRef != nil {
			refs = append(refs, *p.CallRef)
		}
	}
	bodies := map[UsageKey]string{}
	q, args := r.Dialect.UsageRowBodiesSQL(tenant, ids)
	err := r.Query(q, args, func(rows UsageScanner) error {
		for rows.Next() {
			var k UsageKey
			var raw string
			if err := rows.Scan(&k.Kind, &k.ID, &raw); err != nil {
				return err
			}
			bodies[k] = raw
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	stored := map[string]bool{}
	if len(refs) > 0 {
		q, args := r.Dialect.UsageCallsSQL(tenant, refs)
		err := r.Query(q, args, func(rows UsageScanner) error {
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					return err
				}
				stored[id] = true
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]UsageRowMatch, 0, len(page))
	for _, p := range page {
		raw, ok := bodies[UsageKey{p.Kind, p.ID}]
		if !ok {
			return nil, fmt.Errorf("usage row %s/%s has a fact but no row", p.Kind, p.ID)
		}
		var row model.UsageRow
		if err := json.Unmarshal([]byte(raw), &row); err != nil {
			return nil, fmt.Errorf("usage row %s/%s: %w", p.Kind, p.ID, err)
		}
		row.Kind = model.UsageKind(p.Kind)
		m := UsageRowMatch{Key: p.ID, Row: &row}
		if p.CallRef != nil && stored[*p.CallRef] {
			m.CallID = *p.CallRef
		}
		out = append(out, m)
	}
	return out, nil
}
