package store

import "context"

// SettingStore keeps the store's own configuration (the default tenant,
// how many days personal data is kept, when it was last cleared) inside
// the store, so that it travels with the data it describes and every
// command opening the store agrees on it.
type SettingStore interface {
	// Setting returns the value stored under key and whether there is
	// one; an empty value is a value. An empty key is invalid.
	Setting(ctx context.Context, key string) (string, bool, error)

	// SetSetting stores value under key (not empty), replacing any
	// earlier value.
	SetSetting(ctx context.Context, key, value string) error

	// DeleteSetting removes key, so that what a reader no longer needs to
	// remember does not pile up; a key that is not there is no error.
	DeleteSetting(ctx context.Context, key string) error

	// Settings returns every key and its value, but those a backend
	// keeps for its own bookkeeping (InternalSettingPrefix): what moving a
	// store to another copies.
	Settings(ctx context.Context) (map[string]string, error)
}

// InternalSettingPrefix begins the keys a backend keeps for itself, about
// its own files, which mean nothing to another store.
const InternalSettingPrefix = "store."
