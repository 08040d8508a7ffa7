package telephony

import (
	"context"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/store"
)

// Rows is a page of the usage rows q selects, newest first, as role may
// see them (access.Policy.RedactUsage: names by the role's rules, phone
// numbers masked), with the cursor of the next page (nil on the last).
func (r Reporter) Rows(ctx context.Context, q store.UsageQuery, after *store.UsageCursor, limit int, role access.Role) ([]wire.UsageRowItem, *store.UsageCursor, error) {
	found, err := r.Store.UsageRows(ctx, q, after, limit+1)
	if err != nil {
		return nil, nil, err
	}
	var next *store.UsageCursor
	if len(found) > limit {
		found = found[:limit]
		c := store.CursorOf(found[limit-1])
		next = &c
	}
	items := make([]wire.UsageRowItem, len(found))
	for i, m := range found {
		items[i] = wire.UsageRowItem{Key: m.Key, Row: r.Policy.RedactUsage(m.Row, role, ""), CallRecordID: m.CallID}
	}
	return items, next, nil
}

// EachRow calls fn for every row q selects, newest first, as Rows gives
// them, a page at a time: what a download of every row is made of.
func (r Reporter) EachRow(ctx context.Context, q store.UsageQuery, role access.Role, fn func(wire.UsageRowItem) error) error {
	var after *store.UsageCursor
	for {
		items, next, err := r.Rows(ctx, q, after, exportPage, role)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := fn(it); err != nil {
				return err
			}
		}
		if next == nil {
			return nil
		}
		after = next
	}
}

// RowsPath is the API's route of usage rows, which a report's groups
// link to.
const RowsPath = "/api/v1/reports/usage-rows"

// RowsLink is the address of the usage rows q selects (its window
// written out, so that the link means the same rows tomorrow): a
// Reporter's Link for answers that the API gives, or that should read as
// if it had.
func RowsLink(q store.UsageQuery) string {
	v := url.Values{}
	if !q.Since.IsZero() {
		v.Set("since", q.Since.UTC().Format(time.RFC3339Nano))
	}
	if !q.Until.IsZero() {
		v.Set("until", q.Until.UTC().Format(time.RFC3339Nano))
	}
	for _, f := range q.Filters {
		v.Add("filter", FilterText(f))
	}
	return RowsPath + "?" + v.Encode()
}

// exportPage is how many rows a download reads at a time.
const exportPage = 2000

// EncodeCursor writes a cursor for a page's address: opaque to clients,
// it is the last row's start (microseconds since 1970, "" for none),
// kind and key.
func EncodeCursor(c store.UsageCursor) string {
	start := ""
	if !c.Start.IsZero() {
		start = strconv.FormatInt(c.Start.UnixMicro(), 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(start + "\n" + c.Kind + "\n" + c.ID))
}

// ErrCursor is a cursor that EncodeCursor did not write.
var ErrCursor = errors.New("not a cursor of this list")

// DecodeCursor reads what EncodeCursor wrote.
func DecodeCursor(s string) (store.UsageCursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return store.UsageCursor{}, ErrCursor
	}
	parts := strings.SplitN(string(b), "\n", 3)
	if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
		return store.UsageCursor{}, ErrCursor
	}
	c := store.UsageCursor{Kind: parts[1], ID: parts[2]}
	if parts[0] != "" {
		us, err := strconv.ParseInt(parts[0], 10, 64)
		if err != nil {
			return store.UsageCursor{}, ErrCursor
		}
		c.Start = time.UnixMicro(us).UTC()
	}
	return c, nil
}
