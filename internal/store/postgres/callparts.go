package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store"
)

// Calls of more than store.SplitSessions sessions are also kept split
// (call_parts, migration 007): a view reads the head and its page's
// chunk of segments (store.SplitLazyCall) rather than the whole record.

// partRows are the call_parts rows of an encoded call: none for a call
// kept whole.
func partRows(e *store.EncodedCall) [][]any {
	if e.Split == nil {
		return nil
	}
	rows := make([][]any, 0, 1+len(e.Split.Chunks))
	rows = append(rows, []any{e.Tenant, e.ID, 0, e.Split.Head})
	for n, chunk := range e.Split.Chunks {
		rows = append(rows, []any{e.Tenant, e.ID, n + 1, chunk})
	}
	return rows
}

// LazyCall implements store.LazyCallReader: a call kept split is read
// as its head, each chunk of segments when the view loads its sessions;
// another is decompressed whole and only the segments the view shows are
// decoded.
func (d *DB) LazyCall(ctx context.Context, tenant, id string) (*store.LazyCall, error) {
	// The whole record is read only when there is no head: a CASE does
	// not read what it does not return.
	var head, whole []byte
	err := d.callRow(ctx, tenant, id, `SELECT p.data, CASE WHEN p.data IS NULL THEN c.detail END
		FROM calls c LEFT JOIN call_parts p ON p.tenant = c.tenant AND p.call_id = c.id AND p.part = 0
		WHERE c.tenant = $1 AND c.id = $2`, &head, &whole)
	if err != nil {
		return nil, err
	}
	z, split := whole, head != nil
	if split {
		z = head
	}
	b, err := store.DecompressDetail(z)
	if err != nil {
		return nil, fmt.Errorf("call %s of tenant %s: decompress: %w", id, tenant, err)
	}
	var lc *store.LazyCall
	if split {
		lc, err = store.SplitLazyCall(b, func(n int) ([]byte, error) {
			var chunk []byte
			err := d.pool.QueryRow(ctx, `SELECT data FROM call_parts WHERE tenant = $1 AND call_id = $2 AND part = $3`, tenant, id, n+1).Scan(&chunk)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil, nil
			}
			return chunk, err
		})
	} else {
		lc, err = store.DecodeLazyCall(b)
	}
	if err != nil {
		return nil, fmt.Errorf("call %s of tenant %s: %w", id, tenant, err)
	}
	return lc, nil
}

// splitStoredCalls splits the large calls stored before migration 007,
// one call in memory at a time.
func splitStoredCalls(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT tenant, id FROM calls WHERE sessions > $1`, store.SplitSessions)
	if err != nil {
		return err
	}
	type key struct{ tenant, id string }
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (key, error) {
		var k key
		return k, r.Scan(&k.tenant, &k.id)
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		var z []byte
		if err := tx.QueryRow(ctx, `SELECT detail FROM calls WHERE tenant = $1 AND id = $2`, k.tenant, k.id).Scan(&z); err != nil {
			return err
		}
		b, err := store.DecompressDetail(z)
		if err != nil {
			return fmt.Errorf("call %s of tenant %s: %w", k.id, k.tenant, err)
		}
		sp, err := store.SplitCanonical(b)
		if err != nil || sp == nil {
			continue // read whole, as before
		}
		parts := partRows(&store.EncodedCall{Tenant: k.tenant, ID: k.id, Split: sp})
		if err := copyRows(ctx, tx, "call_parts", partColumns, parts); err != nil {
			return err
		}
	}
	return nil
}

// partColumns are the columns of partRows.
var partColumns = []string{"tenant", "call_id", "part", "data"}
