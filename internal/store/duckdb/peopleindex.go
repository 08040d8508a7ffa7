package duckdb

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// A user's call list is the API's most frequent question, and the one
// DuckDB answers worst: it finds a person's calls by scanning every row
// of call_people (250,000 rows at 23,000 realistic calls: 30 ms of CPU a
// list), and even through an ART index it fetches each matching row
// apart (6-19 ms for a person in 500 calls). The people index answers it
// from a B+tree file beside the store (<store>.people): a person's calls
// are adjacent keys, newest first, so a page of a list is a seek and a
// few dozen reads, well under a millisecond whatever the store's size.
//
// It also keeps each call's compressed detail (bucketDetail; a large
// meeting's split by session, splitdetail.go), so that a call is read
// without the engine's point lookup.
//
// The index is derived data: the store's tables are the truth, and the
// index is rebuilt from them whenever it may not match them. Every write
// of calls stamps the store with a new random value in its own
// transaction, and the index with the same value once it has the write:
// the index is rebuilt when it is missing, of another version, cut off
// while being built (the dirty mark), or stamped otherwise than the
// store — a write cut off between the two commits, a store file deleted
// or restored from a backup beside an index left in place. It is also
// rebuilt after a compaction, which must not leave a person's
// identifiers in the old file's free pages. Reads the index cannot
// answer (or while it is rebuilt) go to the tables, which give the same
// answers.

// peopleIndexVersion changes whenever the layout below does; an index of
// another version is rebuilt.
const peopleIndexVersion = "7"

// peopleIndexSuffix names the index file beside the store.
const peopleIndexSuffix = ".people"

var (
	// bucketMeta holds "version", and "dirty" while the index may be
	// behind the store.
	bucketMeta = []byte("meta")
	// bucketPeople maps tenant, identifier, descending start and call id
	// to how the person's own sessions of the call went (ownBytes; empty
	// when not known): the keys are the index.
	bucketPeople = []byte("people")
	// bucketCalls maps tenant and call id to the call's list entry.
	bucketCalls = []byte("calls")
	// bucketIdents maps tenant and call id to the identifiers the call is
	// found by, so that its keys in bucketPeople can be removed when it
	// changes.
	bucketIdents = []byte("idents")
	// bucketDetail maps tenant and call id to the call's stored detail
	// (zstd-compressed canonical JSON, as the calls table has it), so that
	// a call's detail is read without the engine's point lookup, which
	// costs 1-2 ms of CPU a call on a realistic store: the largest part
	// of a call-detail request. A plain store's calls are not here.
	bucketDetail = []byte("detail")

	keyVersion = []byte("version")
	keyDirty   = []byte("dirty")
	keyStamp   = []byte("stamp")
)

// stampSetting is the settings key of the store's side of the stamp.
const stampSetting = store.InternalSettingPrefix + "people-index-stamp"

func newStamp() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("people index: stamp: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// setStamp records the stamp in the store's settings, inside tx.
func setStamp(tx *txConn, stamp string, now time.Time) error {
	if err := tx.exec(`DELETE FROM settings WHERE key = ?`, stampSetting); err != nil {
		return err
	}
	return tx.exec(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)`, stampSetting, stamp, now)
}

// Identifier kinds, the first byte of an identifier: a person is found
// by object id (lower-cased), UPN (lower-cased) or phone number
// (normalized), as callWhere's SQL finds them.
const (
	identID    = 'i'
	identUPN   = 'u'
	identPhone = 'p'
)

// peopleIndex is the open index file.
type peopleIndex struct{ db *bolt.DB }

// listEntry is what the index keeps of a call: a row of its lists,
// stored in the binary form of listentry.go.
type listEntry struct {
	Version                 int64
	Source                  model.Source
	Type                    string
	Start, End              *time.Time
	Modalities              []string
	Sessions, Streams       int
	Participants            int
	Partial                 bool
	Rating                  model.Rating
	Rules                   string
	RedIssues, YellowIssues int
	// Idents are the identifiers of the call's people (personIdents),
	// kept apart in bucketIdents: a town hall has hundreds, which a list
	// has no use for.
	Idents []string
	// Own is how the person of each identifier did in their own
	// sessions, where known: the value of their keys in bucketPeople.
	Own map[string]model.OwnVerdict
}

// setOwn records the own verdict of a person's identifiers; of two
// people sharing one, the one with more sessions of their own.
func (le *listEntry) setOwn(idents []string, v model.OwnVerdict) {
	if le.Own == nil {
		le.Own = map[string]model.OwnVerdict{}
	}
	for _, id := range idents {
		if have, ok := le.Own[id]; !ok || v.Sessions > have.Sessions {
			le.Own[id] = v
		}
	}
}

// personIdents are the identifiers of one person of a call, as stored in
// call_people ("" for none).
type personIdents struct{ id, upn, phone string }

func (p personIdents) idents() []string {
	var out []string
	if p.id != "" {
		out = append(out, string(identID)+strings.ToLower(p.id))
	}
	if p.upn != "" {
		out = append(out, string(identUPN)+p.upn)
	}
	if p.phone != "" {
		out = append(out, string(identPhone)+p.phone)
	}
	return out
}

// entryOf is the index's entry of an encoded call, as the SQL of
// ListCalls would read it back: times to the microsecond, in UTC.
func entryOf(e *store.EncodedCall) *listEntry {
	le := &listEntry{Version: e.Version, Source: e.Source, Type: string(e.Type),
		Start: storedTime(e.Start), End: storedTime(e.End), Modalities: e.Modalities,
		Sessions: e.Sessions, Streams: e.Streams, Participants: len(e.People), Partial: e.Partial,
		Rating: e.Rating, Rules: e.Rules, RedIssues: e.RedIssues, YellowIssues: e.YellowIssues}
	for i, p := range e.People {
		idents := personIdents{id: p.ID, upn: strings.ToLower(p.UPN), phone: tables.NormalizePhone(p.Phone)}.idents()
		le.Idents = append(le.Idents, idents...)
		if i < len(e.Own) {
			le.setOwn(idents, e.Own[i])
		}
	}
	return le
}

func storedTime(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	s := time.UnixMicro(t.UnixMicro()).UTC()
	return &s
}

// entryOfSummary is the index's entry of a call as ListCalls reads it.
func entryOfSummary(s store.CallSummary, idents []string) *listEntry {
	le := &listEntry{Version: s.Version, Source: s.Source, Type: s.Type, Modalities: s.Modalities,
		Sessions: s.Sessions, Streams: s.Streams, Participants: s.Participants, Partial: s.Partial,
		Rating: s.Rating, Rules: s.Rules, RedIssues: s.RedIssues, YellowIssues: s.YellowIssues, Idents: idents}
	if !s.Start.IsZero() {
		le.Start = &s.Start
	}
	if !s.End.IsZero() {
		le.End = &s.End
	}
	return le
}

func (le *listEntry) summary(tenant, id string) store.CallSummary {
	s := store.CallSummary{Tenant: tenant, ID: id, Version: le.Version, Source: le.Source, Type: le.Type,
		Modalities: le.Modalities, Sessions: le.Sessions, Streams: le.Streams, Participants: le.Participants,
		Partial: le.Partial, Rating: le.Rating, Rules: le.Rules, RedIssues: le.RedIssues, YellowIssues: le.YellowIssues}
	if le.Start != nil {
		s.Start = *le.Start
	}
	if le.End != nil {
		s.End = *le.End
	}
	return s
}

// appendPart appends s with its length first, so that keys made of parts
// sort and match part by part whatever bytes the parts hold.
func appendPart(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// descending orders calls newest first and undated calls last, as
// ListCalls' ORDER BY start_time DESC NULLS LAST does.
func descending(start *time.Time) uint64 {
	if start == nil {
		return ^uint64(0)
	}
	return ^(uint64(start.UnixMicro()) ^ 1<<63)
}

func startOf(desc uint64) (time.Time, bool) {
	if desc == ^uint64(0) {
		return time.Time{}, false
	}
	return time.UnixMicro(int64(^desc ^ 1<<63)).UTC(), true
}

func peopleKey(tenant, ident string, start *time.Time, id string) []byte {
	k := appendPart(appendPart(nil, tenant), ident)
	k = binary.BigEndian.AppendUint64(k, descending(start))
	return append(k, id...)
}

func callKeyBytes(tenant, id string) []byte { return appendPart(appendPart(nil, tenant), id) }

// openPeopleIndex opens the index beside the store at path, creating it
// when missing; fresh reports that it must be (re)built before use: it
// is of another version, marked dirty, or stamped otherwise than the
// store (stamp).
func openPeopleIndex(path, stamp string) (ix *peopleIndex, fresh bool, err error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, false, fmt.Errorf("open people index %s: %w", path, err)
	}
	ix = &peopleIndex{db: db}
	err = db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		fresh = m == nil || string(m.Get(keyVersion)) != peopleIndexVersion || m.Get(keyDirty) != nil ||
			stamp == "" || string(m.Get(keyStamp)) != stamp
		return nil
	})
	if err != nil {
		return nil, false, errors.Join(fmt.Errorf("read people index %s: %w", path, err), db.Close())
	}
	return ix, fresh, nil
}

func (ix *peopleIndex) close() error { return ix.db.Close() }

// markDirty records, durably, that the index is being built: should the
// process stop before the build ends, the next Open builds it again.
func (ix *peopleIndex) markDirty() error {
	return ix.db.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return m.Put(keyDirty, []byte{1})
	})
}

// indexChange is what a committed write did to the calls: calls written
// (replacing what the index had of them) and calls deleted.
type indexChange struct {
	put     []*store.EncodedCall
	deleted []callKey
}

func (c *indexChange) empty() bool { return len(c.put) == 0 && len(c.deleted) == 0 }

// apply brings the index up to date with a committed change and takes
// the store's new stamp.
func (ix *peopleIndex) apply(ch *indexChange, stamp string) error {
	return ix.db.Update(func(tx *bolt.Tx) error {
		b, err := buckets(tx)
		if err != nil {
			return err
		}
		for _, k := range ch.deleted {
			if err := b.remove(k.tenant, k.id); err != nil {
				return err
			}
		}
		for _, e := range ch.put {
			if err := b.remove(e.Tenant, e.ID); err != nil {
				return err
			}
			if err := b.add(e.Tenant, e.ID, entryOf(e)); err != nil {
				return err
			}
			if len(e.Detail) > 0 {
				if err := b.putDetail(callKeyBytes(e.Tenant, e.ID), e.Detail, e.Sessions, e.Split); err != nil {
					return err
				}
			}
		}
		if err := b.meta.Put(keyStamp, []byte(stamp)); err != nil {
			return err
		}
		return b.meta.Delete(keyDirty)
	})
}

// indexBuckets are the buckets of one writable transaction.
type indexBuckets struct{ meta, people, calls, idents, detail, heads, segments *bolt.Bucket }

func buckets(tx *bolt.Tx) (indexBuckets, error) {
	var b indexBuckets
	for _, x := range []struct {
		dst  **bolt.Bucket
		name []byte
	}{{&b.meta, bucketMeta}, {&b.people, bucketPeople}, {&b.calls, bucketCalls}, {&b.idents, bucketIdents}, {&b.detail, bucketDetail},
		{&b.heads, bucketHeads}, {&b.segments, bucketSegments}} {
		bk, err := tx.CreateBucketIfNotExists(x.name)
		if err != nil {
			return b, err
		}
		*x.dst = bk
	}
	return b, nil
}

// remove takes a call out of the index.
func (b indexBuckets) remove(tenant, id string) error {
	ck := callKeyBytes(tenant, id)
	raw := b.calls.Get(ck)
	if raw == nil {
		return nil
	}
	le, err := decodeEntry(raw)
	if err != nil {
		return fmt.Errorf("people index: entry of call %s: %w", id, err)
	}
	if raw := b.idents.Get(ck); raw != nil {
		if err := json.Unmarshal(raw, &le.Idents); err != nil {
			return fmt.Errorf("people index: identifiers of call %s: %w", id, err)
		}
	}
	for _, ident := range le.Idents {
		if err := b.people.Delete(peopleKey(tenant, ident, le.Start, id)); err != nil {
			return err
		}
	}
	if err := b.removeDetail(ck); err != nil {
		return err
	}
	for _, bk := range []*bolt.Bucket{b.idents, b.calls} {
		if err := bk.Delete(ck); err != nil {
			return err
		}
	}
	return nil
}

// putEntry writes a call's entry and identifiers, but not its keys.
func (b indexBuckets) putEntry(ck []byte, le *listEntry) error {
	if err := b.calls.Put(ck, appendEntry(nil, le)); err != nil {
		return err
	}
	if len(le.Idents) == 0 {
		return b.idents.Delete(ck)
	}
	raw, err := json.Marshal(le.Idents)
	if err != nil {
		return err
	}
	return b.idents.Put(ck, raw)
}

// add puts a call into the index; it must not be there.
func (b indexBuckets) add(tenant, id string, le *listEntry) error {
	if err := b.putEntry(callKeyBytes(tenant, id), le); err != nil {
		return err
	}
	for _, ident := range le.Idents {
		if err := b.people.Put(peopleKey(tenant, ident, le.Start, id), le.ownBytes(ident)); err != nil {
			return err
		}
	}
	return nil
}

// indexable reports whether the index answers f: a person's calls, by
// start time. Retention's question about undated calls goes to SQL.
func indexable(f store.CallFilter) bool {
	return strings.TrimSpace(f.User) != "" && f.UndatedStoredBefore.IsZero()
}

// list answers ListCalls for an indexable filter, in ListCalls' order.
func (ix *peopleIndex) list(f store.CallFilter) ([]store.CallSummary, error) {
	user := strings.TrimSpace(f.User)
	idents := []string{string(identID) + strings.ToLower(user), string(identUPN) + strings.ToLower(user)}
	if p := tables.NormalizePhone(user); p != "" {
		idents = append(idents, string(identPhone)+p)
	}
	// Each identifier's calls come in order; a call can be found by two
	// of them (an id that is also a UPN), so they are merged and
	// deduplicated before the page is cut.
	want := -1
	if f.Limit > 0 {
		want = f.Offset + f.Limit
	}
	type hit struct {
		desc uint64
		id   string
		own  []byte
	}
	var out []store.CallSummary
	err := ix.db.View(func(tx *bolt.Tx) error {
		people, calls := tx.Bucket(bucketPeople), tx.Bucket(bucketCalls)
		if people == nil || calls == nil {
			return nil
		}
		var hits []hit
		for _, ident := range idents {
			prefix := appendPart(appendPart(nil, f.Tenant), ident)
			c := people.Cursor()
			n := 0
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && (want < 0 || n < want); k, v = c.Next() {
				rest := k[len(prefix):]
				if len(rest) < 8 {
					return fmt.Errorf("people index: short key %q", k)
				}
				desc := binary.BigEndian.Uint64(rest)
				start, dated := startOf(desc)
				if !f.Before.IsZero() && (!dated || !start.Before(f.Before)) {
					if !dated {
						break
					}
					continue
				}
				if !f.Since.IsZero() && (!dated || start.Before(f.Since)) {
					break // older calls, then undated ones, follow
				}
				hits = append(hits, hit{desc, string(rest[8:]), v})
				n++
			}
		}
		slices.SortFunc(hits, func(a, b hit) int {
			if a.desc != b.desc {
				if a.desc < b.desc {
					return -1
				}
				return 1
			}
			return strings.Compare(a.id, b.id)
		})
		// A call found by two identifiers is one hit, with the own
		// verdict of more sessions.
		hits = slices.CompactFunc(hits, func(a, b hit) bool {
			if a.desc != b.desc || a.id != b.id {
				return false
			}
			if ownSessions(b.own) > ownSessions(a.own) {
				a.own = b.own
			}
			return true
		})
		if f.Offset >= len(hits) {
			return nil
		}
		hits = hits[f.Offset:]
		if f.Limit > 0 && len(hits) > f.Limit {
			hits = hits[:f.Limit]
		}
		out = make([]store.CallSummary, 0, len(hits))
		for _, h := range hits {
			raw := calls.Get(callKeyBytes(f.Tenant, h.id))
			if raw == nil {
				return fmt.Errorf("people index: call %s has keys but no entry", h.id)
			}
			le, err := decodeEntry(raw)
			if err != nil {
				return fmt.Errorf("people index: entry of call %s: %w", h.id, err)
			}
			s := le.summary(f.Tenant, h.id)
			if v, ok := decodeOwn(h.own); ok {
				s.Own = &v
			}
			out = append(out, s)
		}
		return nil
	})
	return out, err
}

// detail reads a call's stored detail, decompressed; found is false when
// the index does not have it whole (a split call's is read from the
// table).
func (ix *peopleIndex) detail(tenant, id string) (json []byte, found bool, err error) {
	err = ix.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDetail)
		if b == nil {
			return nil
		}
		z := b.Get(callKeyBytes(tenant, id))
		if z == nil {
			return nil
		}
		// Decompressed inside the transaction: z is the file's mapped
		// memory, valid only until it ends.
		json, err = store.DecompressDetail(z)
		found = err == nil
		return err
	})
	return json, found, err
}

// removePeopleIndex deletes the index file at path, if any.
func removePeopleIndex(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove people index: %w", err)
	}
	return nil
}

// rebuildPage is how many rows the rebuild reads per query: enough to
// keep queries few, few enough to keep memory flat.
const rebuildPage = 4096

// buildPeopleIndex writes a new index at path from the store's tables,
// replacing whatever file was there. The caller holds writeMu.
func (d *DB) buildPeopleIndex(ctx context.Context, path string) (*peopleIndex, error) {
	if err := removePeopleIndex(path); err != nil {
		return nil, err
	}
	ix, _, err := openPeopleIndex(path, "")
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*peopleIndex, error) {
		return nil, errors.Join(fmt.Errorf("build people index %s: %w", path, err), ix.close(), removePeopleIndex(path))
	}
	// The dirty mark stays until the end: a build cut off is built again.
	if err := ix.markDirty(); err != nil {
		return fail(err)
	}
	if err := d.indexCalls(ctx, ix); err != nil {
		return fail(err)
	}
	// Built from the tables as they are, the index takes their stamp;
	// tables never stamped get one.
	stamp, err := d.storedStamp(ctx)
	if err == nil && stamp == "" {
		if stamp, err = newStamp(); err == nil {
			err = d.stampTx(ctx, stamp)
		}
	}
	if err != nil {
		return fail(err)
	}
	err = ix.db.Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		for k, v := range map[string]string{string(keyVersion): peopleIndexVersion, string(keyStamp): stamp} {
			if err := m.Put([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return m.Delete(keyDirty)
	})
	if err != nil {
		return fail(err)
	}
	return ix, nil
}

// stampTx records stamp in the store's settings, in a transaction of its
// own; the caller holds writeTx's lock, or has the store to itself.
func (d *DB) stampTx(ctx context.Context, stamp string) error {
	return d.inTx(ctx, "stamp the people index", func(tx *txConn) error { return setStamp(tx, stamp, d.now()) })
}

// storedStamp is the store's side of the stamp, "" when it has none.
func (d *DB) storedStamp(ctx context.Context) (string, error) {
	defer d.pin()()
	var v string
	err := d.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, stampSetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// indexCalls writes every call's entry and keys, a page of calls at a
// time, each page's keys in order: put in order, keys fill the tree's
// pages one after another; put at random, they split pages throughout.
func (d *DB) indexCalls(ctx context.Context, ix *peopleIndex) error {
	const q = `SELECT ` + summaryColumns + `, detail_zstd
		FROM calls WHERE tenant > ? OR (tenant = ? AND id > ?) ORDER BY tenant, id LIMIT ?`
	lastTenant, lastID := "", ""
	for {
		var page []store.CallSummary
		details := map[string][]byte{}
		err := d.query(ctx, q, []any{lastTenant, lastTenant, lastID, rebuildPage}, func(rows *sql.Rows) error {
			var z []byte
			s, err := scanSummary(rows, &z)
			page = append(page, s)
			if len(z) > 0 {
				details[string(callKeyBytes(s.Tenant, s.ID))] = z
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("read calls: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		first, last := page[0], page[len(page)-1]
		idents := map[string][]string{}
		owns := map[string]*listEntry{}
		err = d.query(ctx, `SELECT tenant, call_id, coalesce(person_id, ''), coalesce(upn, ''), coalesce(phone, ''),
			own_sessions, coalesce(own_rating, ''), coalesce(own_red_issues, 0), coalesce(own_yellow_issues, 0)
			FROM call_people WHERE (tenant > ? OR (tenant = ? AND call_id >= ?)) AND (tenant < ? OR (tenant = ? AND call_id <= ?))`,
			[]any{first.Tenant, first.Tenant, first.ID, last.Tenant, last.Tenant, last.ID}, func(rows *sql.Rows) error {
				var tenant, id string
				var p personIdents
				var sessions sql.NullInt64
				var v model.OwnVerdict
				if err := rows.Scan(&tenant, &id, &p.id, &p.upn, &p.phone, &sessions, &v.Rating, &v.RedIssues, &v.YellowIssues); err != nil {
					return err
				}
				ck := string(callKeyBytes(tenant, id))
				idents[ck] = append(idents[ck], p.idents()...)
				if sessions.Valid {
					v.Sessions = int(sessions.Int64)
					if owns[ck] == nil {
						owns[ck] = &listEntry{}
					}
					owns[ck].setOwn(p.idents(), v)
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("read call_people: %w", err)
		}
		err = ix.db.Update(func(tx *bolt.Tx) error {
			b, err := buckets(tx)
			if err != nil {
				return err
			}
			for _, s := range page {
				ck := callKeyBytes(s.Tenant, s.ID)
				if z := details[string(ck)]; len(z) > 0 {
					if err := b.putDetail(ck, z, s.Sessions, nil); err != nil {
						return err
					}
				}
			}
			// Put in order, pages can be filled: the default leaves them
			// half empty, for inserts at random.
			b.calls.FillPercent, b.idents.FillPercent, b.people.FillPercent = 0.95, 0.95, 0.95
			type keyValue struct{ k, v []byte }
			var keys []keyValue
			for _, s := range page {
				le := entryOfSummary(s, idents[string(callKeyBytes(s.Tenant, s.ID))])
				if o := owns[string(callKeyBytes(s.Tenant, s.ID))]; o != nil {
					le.Own = o.Own
				}
				if err := b.putEntry(callKeyBytes(s.Tenant, s.ID), le); err != nil {
					return err
				}
				for _, ident := range le.Idents {
					keys = append(keys, keyValue{peopleKey(s.Tenant, ident, le.Start, s.ID), le.ownBytes(ident)})
				}
			}
			slices.SortFunc(keys, func(a, b keyValue) int { return bytes.Compare(a.k, b.k) })
			for _, kv := range keys {
				if err := b.people.Put(kv.k, kv.v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		lastTenant, lastID = last.Tenant, last.ID
	}
}

// query runs q and calls fn for each row, the handle pinned throughout.
func (d *DB) query(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
