package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/store"
)

// Setting implements store.SettingStore.
func (d *DB) Setting(ctx context.Context, key string) (string, bool, error) {
	if err := d.check(); err != nil {
		return "", false, err
	}
	if key == "" {
		return "", false, fmt.Errorf("read setting: empty key: %w", store.ErrInvalid)
	}
	var v string
	defer d.pin()()
	err := d.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, d.wrap("read setting "+key, err)
	}
	return v, true, nil
}

// SetSetting implements store.SettingStore: the old row goes and the new
// one comes in one transaction, which keeps the key unique.
func (d *DB) SetSetting(ctx context.Context, key, value string) error {
	if err := d.check(); err != nil {
		return err
	}
	if key == "" {
		return fmt.Errorf("store setting: empty key: %w", store.ErrInvalid)
	}
	return d.writeTx(ctx, "store setting "+key, func(tx *txConn) error {
		if err := tx.exec(`DELETE FROM settings WHERE key = ?`, key); err != nil {
			return err
		}
		return tx.exec(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)`, key, value, d.now())
	})
}

// DeleteSetting implements store.SettingStore.
func (d *DB) DeleteSetting(ctx context.Context, key string) error {
	if err := d.check(); err != nil {
		return err
	}
	if key == "" {
		return fmt.Errorf("delete setting: empty key: %w", store.ErrInvalid)
	}
	return d.writeTx(ctx, "delete setting "+key, func(tx *txConn) error {
		return tx.exec(`DELETE FROM settings WHERE key = ?`, key)
	})
}

// Settings implements store.SettingStore.
func (d *DB) Settings(ctx context.Context) (map[string]string, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, `SELECT key, value FROM settings WHERE NOT starts_with(key, ?)`, store.InternalSettingPrefix)
	if err != nil {
		return nil, d.wrap("read settings", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, d.wrap("read settings", err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("read settings", err)
	}
	return out, nil
}
