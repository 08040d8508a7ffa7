package duckdb

import (
	"database/sql/driver"
	"fmt"

	"github.com/callscope/callscope/internal/store"
)

// writeUsageFacts appends the facts of the PSTN and direct-routing rows
// of writes (migration 016), whose stale facts writeUsage deleted with
// the stale rows.
func writeUsageFacts(tx *txConn, tenant string, writes []store.UsageWrite) error {
	var facts []store.UsageFact
	for _, w := range writes {
		if f, ok := store.UsageFactOf(w.ID, w.Row); ok {
			facts = append(facts, f)
		}
	}
	err := tx.appendRows("usage_facts", func(add func(...driver.Value) error) error {
		for _, f := range facts {
			if err := add(usageFactRow(tenant, f)...); err != nil {
				return fmt.Errorf("usage fact %s/%s: %w", f.Kind, f.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range store.UsageCurrencies(facts) {
		if err := tx.exec(`INSERT INTO usage_currencies SELECT ?, ? WHERE NOT EXISTS
			(SELECT 1 FROM usage_currencies WHERE tenant = ? AND currency = ?)`, tenant, c, tenant, c); err != nil {
			return fmt.Errorf("usage currency %q: %w", c, err)
		}
	}
	return nil
}

// usageFactRow is a fact in the column order of usage_facts.
func usageFactRow(tenant string, f store.UsageFact) []driver.Value {
	return []driver.Value{tenant, f.Kind, f.ID, nullable(f.Start), nullable(f.Day),
		nullable(f.UserKey), nullable(f.UserPrincipalName), nullable(f.UserName), nullable(f.Number),
		nullable(f.Country), nullable(f.CallType), nullable(f.Trunk), nullable(f.Successful),
		nullable(f.SIPCode), nullable(f.SubReason), nullable(f.SIPPhrase), nullable(f.Duration),
		nullable(f.Charge), nullable(f.ConnectionCharge), nullable(f.Currency), nullable(f.CallRef)}
}

// nullable writes a nil pointer as NULL.
func nullable[T any](p *T) driver.Value {
	if p == nil {
		return nil
	}
	return *p
}
