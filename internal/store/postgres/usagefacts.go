package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store"
)

// writeUsageFacts writes the facts of the PSTN and direct-routing rows of
// writes over the stored ones (migration 011), in one statement.
func writeUsageFacts(ctx context.Context, tx pgx.Tx, tenant string, writes []store.UsageWrite) error {
	var c usageFactColumns
	var facts []store.UsageFact
	for _, w := range writes {
		if f, ok := store.UsageFactOf(w.ID, w.Row); ok {
			c.add(f)
			facts = append(facts, f)
		}
	}
	if len(c.kind) == 0 {
		return nil
	}
	if curs := store.UsageCurrencies(facts); len(curs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO usage_currencies (tenant, currency) SELECT $1, unnest($2::text[])
			ON CONFLICT DO NOTHING`, tenant, curs); err != nil {
			return fmt.Errorf("write usage currencies: %w", err)
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO usage_facts (tenant, kind, id, start_time, day, user_key, user_upn, user_name,
			number, country, call_type, trunk, successful, sip_code, sub_reason, sip_phrase, duration, charge,
			connection_charge, currency, call_ref)
		SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::date[], $6::text[], $7::text[], $8::text[],
			$9::text[], $10::text[], $11::text[], $12::text[], $13::boolean[], $14::bigint[], $15::bigint[], $16::text[],
			$17::bigint[], $18::float8[], $19::float8[], $20::text[], $21::text[]) AS u
		ON CONFLICT (tenant, kind, id) DO UPDATE SET
			start_time = EXCLUDED.start_time, day = EXCLUDED.day, user_key = EXCLUDED.user_key,
			user_upn = EXCLUDED.user_upn, user_name = EXCLUDED.user_name, number = EXCLUDED.number,
			country = EXCLUDED.country, call_type = EXCLUDED.call_type, trunk = EXCLUDED.trunk,
			successful = EXCLUDED.successful, sip_code = EXCLUDED.sip_code, sub_reason = EXCLUDED.sub_reason,
			sip_phrase = EXCLUDED.sip_phrase, duration = EXCLUDED.duration, charge = EXCLUDED.charge,
			connection_charge = EXCLUDED.connection_charge, currency = EXCLUDED.currency, call_ref = EXCLUDED.call_ref`,
		tenant, c.kind, c.id, c.start, c.day, c.userKey, c.upn, c.name, c.number, c.country, c.callType, c.trunk,
		c.successful, c.sipCode, c.subReason, c.phrase, c.duration, c.charge, c.connection, c.currency, c.callRef)
	if err != nil {
		return fmt.Errorf("write usage facts: %w", err)
	}
	return nil
}

// usageFactColumns are facts as one array per column, for unnest.
type usageFactColumns struct {
	kind, id                                             []string
	start, day                                           []*time.Time
	userKey, upn, name, number, country, callType, trunk []*string
	successful                                           []*bool
	sipCode, subReason, duration                         []*int64
	phrase, currency, callRef                            []*string
	charge, connection                                   []*float64
}

func (c *usageFactColumns) add(f store.UsageFact) {
	c.kind, c.id = append(c.kind, f.Kind), append(c.id, f.ID)
	c.start, c.day = append(c.start, f.Start), append(c.day, f.Day)
	c.userKey, c.upn, c.name = append(c.userKey, f.UserKey), append(c.upn, f.UserPrincipalName), append(c.name, f.UserName)
	c.number, c.country, c.callType = append(c.number, f.Number), append(c.country, f.Country), append(c.callType, f.CallType)
	c.trunk, c.successful = append(c.trunk, f.Trunk), append(c.successful, f.Successful)
	c.sipCode, c.subReason, c.duration = append(c.sipCode, f.SIPCode), append(c.subReason, f.SubReason), append(c.duration, f.Duration)
	c.phrase, c.currency, c.callRef = append(c.phrase, f.SIPPhrase), append(c.currency, f.Currency), append(c.callRef, f.CallRef)
	c.charge, c.connection = append(c.charge, f.Charge), append(c.connection, f.ConnectionCharge)
}
