package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/callscope/callscope/internal/store"
)

// searchPeopleSQL finds people in call_people, where one row is a person
// of one call; it is the embedded store's query (duckdb/search.go) in
// PostgreSQL's words. A person is keyed by object id (lower-cased, as
// GUIDs come in either case), else UPN, else phone; a key matches when
// any of its rows does, and then all its rows count, so that a call in
// which Microsoft withheld the name still counts as the person's. Details
// come from the latest call that has each. A row's rank is 0 when the
// text starts its name or a word of it, its UPN or its phone number, 1
// when it is only somewhere inside the name; a person ranks as their best
// row. Ties are broken by bytes (COLLATE "C"), as the embedded store
// does, so that both stores list the same people in the same order.
//
// Arguments: lower-cased text, whether to match phones, phone digits,
// tenant.
const searchPeopleSQL = `
WITH p AS (
	SELECT coalesce(lower(person_id), upn, phone) AS k, call_id, person_id, upn, phone, display_name, tenant_id, organizer,
		CASE
		WHEN strpos(' ' || lower(display_name), ' ' || $1::text) > 0
			OR starts_with(upn, $1::text)
			OR ($2::boolean AND starts_with(regexp_replace(phone, '[^0-9]', '', 'g'), $3::text)) THEN 0
		WHEN strpos(lower(display_name), $1::text) > 0 THEN 1
		END AS rank
	FROM call_people WHERE tenant = $4::text
),
hits AS (SELECT k, min(rank) AS rank FROM p WHERE rank IS NOT NULL GROUP BY k),
matched AS (
	SELECT p.*, hits.rank AS best, c.start_time FROM p JOIN hits ON hits.k = p.k
	JOIN calls c ON c.tenant = $4::text AND c.id = p.call_id
),
people AS (
	SELECT k, min(best) AS rank,
		(array_agg(person_id ORDER BY start_time DESC NULLS LAST, call_id COLLATE "C") FILTER (WHERE person_id IS NOT NULL))[1] AS id,
		(array_agg(display_name ORDER BY start_time DESC NULLS LAST, call_id COLLATE "C") FILTER (WHERE display_name IS NOT NULL))[1] AS name,
		(array_agg(upn ORDER BY start_time DESC NULLS LAST, call_id COLLATE "C") FILTER (WHERE upn IS NOT NULL))[1] AS upn,
		(array_agg(phone ORDER BY start_time DESC NULLS LAST, call_id COLLATE "C") FILTER (WHERE phone IS NOT NULL))[1] AS phone,
		(array_agg(tenant_id ORDER BY start_time DESC NULLS LAST, call_id COLLATE "C") FILTER (WHERE tenant_id IS NOT NULL))[1] AS tenant_id,
		bool_or(organizer) AS organizer,
		count(DISTINCT call_id) AS calls,
		max(start_time) AS last_call
	FROM matched
	GROUP BY k
)
SELECT id, name, upn, phone, tenant_id, organizer, calls, last_call FROM people
ORDER BY rank, last_call DESC NULLS LAST, lower(name) COLLATE "C" NULLS LAST, k COLLATE "C"`

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
	digits, phoneLike := searchPhoneDigits(text)
	args := []any{strings.ToLower(text), phoneLike, digits, q.Tenant}
	query := searchPeopleSQL
	if q.Limit > 0 {
		query += ` LIMIT $5`
		args = append(args, q.Limit)
	}
	rows, err := d.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, d.wrap("search people", err)
	}
	defer rows.Close()
	var out []store.PersonMatch
	for rows.Next() {
		var m store.PersonMatch
		var id, name, upn, phone, tenant *string
		var last *time.Time
		if err := rows.Scan(&id, &name, &upn, &phone, &tenant, &m.Organizer, &m.Calls, &last); err != nil {
			return nil, d.wrap("search people", err)
		}
		m.ID, m.DisplayName, m.UPN, m.Phone, m.TenantID = personField(id), personField(name), personField(upn), personField(phone), personField(tenant)
		if last != nil {
			m.LastCall = last.UTC()
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("search people", err)
	}
	return out, nil
}

// personField is s's value, "" when NULL.
func personField(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// searchPhoneDigits returns the digits of text and whether text reads as
// a phone number: digits, with nothing else but the spaces and
// punctuation people write numbers with.
func searchPhoneDigits(text string) (string, bool) {
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
