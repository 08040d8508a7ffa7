package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	"github.com/callscope/callscope/internal/store"
)

// searchPeopleSQL finds people in call_people, where one row is a person
// of one call. A person is keyed by object id (lower-cased, as GUIDs come
// in either case), else UPN, else phone; a key matches when any of its
// rows does, and then all its rows count, so that a call in which Microsoft
// withheld the name still counts as the person's. Details come from the
// latest call that has each. A row's rank is 0 when the text starts its
// name or a word of it, its UPN or its phone number, 1 when it is only
// somewhere inside the name; a person ranks as their best row.
//
// Arguments: lower-cased text (four times), whether to match phones,
// phone digits, tenant, tenant.
const searchPeopleSQL = `
WITH p AS (
	SELECT coalesce(lower(person_id), upn, phone) AS k, call_id, person_id, upn, phone, display_name, tenant_id, organizer,
		CASE
		WHEN coalesce(contains(' ' || lower(display_name), ' ' || ?), false)
			OR coalesce(starts_with(upn, ?), false)
			OR (? AND coalesce(starts_with(regexp_replace(phone, '[^0-9]', '', 'g'), ?), false)) THEN 0
		WHEN coalesce(contains(lower(display_name), ?), false) THEN 1
		END AS rank
	FROM call_people WHERE tenant = ?
),
hits AS (SELECT k, min(rank) AS rank FROM p WHERE rank IS NOT NULL GROUP BY k),
rows AS (
	SELECT p.* EXCLUDE (rank), hits.rank, c.start_time FROM p JOIN hits ON hits.k = p.k
	JOIN calls c ON c.tenant = ? AND c.id = p.call_id
)
SELECT
	first(person_id ORDER BY start_time DESC NULLS LAST, call_id) FILTER (WHERE person_id IS NOT NULL) AS m_id,
	first(display_name ORDER BY start_time DESC NULLS LAST, call_id) FILTER (WHERE display_name IS NOT NULL) AS m_name,
	first(upn ORDER BY start_time DESC NULLS LAST, call_id) FILTER (WHERE upn IS NOT NULL) AS m_upn,
	first(phone ORDER BY start_time DESC NULLS LAST, call_id) FILTER (WHERE phone IS NOT NULL) AS m_phone,
	first(tenant_id ORDER BY start_time DESC NULLS LAST, call_id) FILTER (WHERE tenant_id IS NOT NULL) AS m_tenant,
	bool_or(organizer) AS m_organizer,
	count(DISTINCT call_id) AS m_calls,
	max(start_time) AS m_last
FROM rows
GROUP BY k
ORDER BY min(rank), m_last DESC NULLS LAST, lower(m_name) NULLS LAST, k`

// SearchPeople implements store.Store.
func (d *DB) SearchPeople(ctx context.Context, q store.PeopleQuery) ([]store.PersonMatch, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	text := strings.TrimSpace(q.Text)
	switch {
	case q.Tenant == "":
		return nil, fmt.Errorf("search people: no tenant: %w", store.ErrInvalid)
	case text == "":
		return nil, fmt.Errorf("search people of tenant %s: no text: %w", q.Tenant, store.ErrInvalid)
	case q.Limit < 0:
		return nil, fmt.Errorf("search people of tenant %s: negative limit: %w", q.Tenant, store.ErrInvalid)
	}
	digits, phoneLike := phoneDigits(text)
	lower := strings.ToLower(text)
	args := []any{lower, lower, phoneLike, digits, lower, q.Tenant, q.Tenant}
	query := searchPeopleSQL
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, d.wrap("search people", err)
	}
	defer rows.Close()
	var out []store.PersonMatch
	for rows.Next() {
		var m store.PersonMatch
		var id, name, upn, phone, tenant sql.NullString
		var last sql.NullTime
		if err := rows.Scan(&id, &name, &upn, &phone, &tenant, &m.Organizer, &m.Calls, &last); err != nil {
			return nil, d.wrap("search people", err)
		}
		m.ID, m.DisplayName, m.UPN, m.Phone, m.TenantID = id.String, name.String, upn.String, phone.String, tenant.String
		m.LastCall = utc(last)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("search people", err)
	}
	return out, nil
}

// phoneDigits returns the digits of text and whether text reads as a
// phone number: digits, with nothing else but the spaces and punctuation
// people write numbers with.
func phoneDigits(text string) (string, bool) {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' || r == '-' || r == '.' || r == '(' || r == ')' || unicode.IsSpace(r):
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}
