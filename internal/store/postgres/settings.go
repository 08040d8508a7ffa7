package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	err := d.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, d.wrap("read setting "+key, err)
	}
	return v, true, nil
}

// SetSetting implements store.SettingStore. Insert-or-replace is one
// statement, so that writers racing on a new key never fail on its
// primary key: the key's row lock orders them, and the last one wins.
func (d *DB) SetSetting(ctx context.Context, key, value string) error {
	if err := d.check(); err != nil {
		return err
	}
	if key == "" {
		return fmt.Errorf("store setting: empty key: %w", store.ErrInvalid)
	}
	_, err := d.pool.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, d.now())
	if err != nil {
		return d.wrap("store setting "+key, err)
	}
	return nil
}

// DeleteSetting implements store.SettingStore.
func (d *DB) DeleteSetting(ctx context.Context, key string) error {
	if err := d.check(); err != nil {
		return err
	}
	if key == "" {
		return fmt.Errorf("delete setting: empty key: %w", store.ErrInvalid)
	}
	if _, err := d.pool.Exec(ctx, `DELETE FROM settings WHERE key = $1`, key); err != nil {
		return d.wrap("delete setting "+key, err)
	}
	return nil
}

// Settings implements store.SettingStore.
func (d *DB) Settings(ctx context.Context) (map[string]string, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	rows, err := d.pool.Query(ctx, `SELECT key, value FROM settings WHERE NOT starts_with(key, $1)`, store.InternalSettingPrefix)
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
