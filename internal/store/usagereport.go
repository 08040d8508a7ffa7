package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// UsageReports computes the PSTN and Direct Routing reports over a
// tenant's PSTN and direct-routing usage rows (SMS rows are not calls and
// never count). Each row stored by PutUsageRows or RewriteUsageRows has
// its usage fact (UsageFactOf) written in the same transaction, so a
// report always agrees with the rows: a fuller copy replaces the fact
// with the row, and a row whose personal data retention cleared is
// counted without it.
//
// Tenant scope: a query names one tenant, and both methods read only its
// rows; the call a row is matched with is one of the same tenant's calls.
type UsageReports interface {
	// UsageReport adds up the totals (UsageTotals) of the rows q selects
	// per group of q.GroupBy, ranks the groups as q says
	// (SortUsageGroups) and keeps the first q.Limit. No grouping gives
	// one group, and no rows no group at all. An invalid query is an
	// error wrapping ErrInvalid.
	UsageReport(ctx context.Context, q UsageQuery) (*UsageResult, error)
	// UsageRows lists the rows q selects (its grouping does not apply),
	// newest first: by start time descending, then kind and key
	// ascending, rows without a start time last. It returns at most
	// limit rows (1 or more) that come after the cursor (nil: from the
	// first), each with the id of the tenant's stored call whose id is
	// the row's call reference (UsageFact.CallRef) when there is one.
	UsageRows(ctx context.Context, q UsageQuery, after *UsageCursor, limit int) ([]UsageRowMatch, error)
}

// UsageDimension is what usage rows are grouped and filtered by.
type UsageDimension string

// The dimensions of the usage reports. Values are text: the row's own,
// with numbers written in decimal, days as YYYY-MM-DD (UTC) and success
// as "true" or "false"; an unknown value is nil in a key and "" in a
// filter.
const (
	// UsageDimKind is the usage log: pstn (Calling Plan, Operator
	// Connect) or directRouting.
	UsageDimKind UsageDimension = "kind"
	// UsageDimUser is the user's object id, or their UPN when the row
	// has no id, in lower case (personal data). Filters match the id or
	// the UPN.
	UsageDimUser UsageDimension = "user"
	// UsageDimNumber is the organization's end of the call: the callee's
	// number of a call in, the caller's otherwise (personal data).
	// Numbers are kept as their digits, a leading '+' and the '*'
	// Microsoft masks digits with (NormalizeNumber), and grouped with
	// their last UsageQuery.MaskDigits digits masked; a '*' of a filter
	// value stands for any one digit, so that a number shown masked
	// selects every number it may be.
	UsageDimNumber UsageDimension = "number"
	// UsageDimCountry is the country the usage counts in (PSTN's
	// usageCountryCode), else the user's (direct routing's
	// userCountryCode).
	UsageDimCountry UsageDimension = "country"
	// UsageDimCallType is Graph's call type and direction (user_in,
	// user_out, ByotIn, ByotOut…).
	UsageDimCallType UsageDimension = "callType"
	// UsageDimTrunk is the SBC (trunkFullyQualifiedDomainName, lower
	// case) of a direct-routing call.
	UsageDimTrunk UsageDimension = "trunk"
	// UsageDimDay is the UTC day the call started.
	UsageDimDay UsageDimension = "day"
	// UsageDimSIPCode is the final SIP response code.
	UsageDimSIPCode UsageDimension = "finalSipCode"
	// UsageDimSubReason is Microsoft's response code beside it
	// (callEndSubReason).
	UsageDimSubReason UsageDimension = "subReason"
	// UsageDimSIPPhrase is the phrase of the final SIP code and subcode.
	UsageDimSIPPhrase UsageDimension = "sipPhrase"
	// UsageDimSuccess is whether a direct-routing call was established.
	UsageDimSuccess UsageDimension = "success"
)

// UsageDimensions lists the dimensions in the order they are documented.
func UsageDimensions() []UsageDimension {
	return []UsageDimension{UsageDimKind, UsageDimUser, UsageDimNumber, UsageDimCountry, UsageDimCallType, UsageDimTrunk,
		UsageDimDay, UsageDimSIPCode, UsageDimSubReason, UsageDimSIPPhrase, UsageDimSuccess}
}

// Valid reports whether d is one of UsageDimensions.
func (d UsageDimension) Valid() bool { return slices.Contains(UsageDimensions(), d) }

// Personal reports whether the dimension's values are personal data.
func (d UsageDimension) Personal() bool { return d == UsageDimUser || d == UsageDimNumber }

// ParseUsageDimension reads a dimension's name, in any case.
func ParseUsageDimension(s string) (UsageDimension, error) {
	for _, d := range UsageDimensions() {
		if strings.EqualFold(s, string(d)) {
			return d, nil
		}
	}
	names := make([]string, 0, len(UsageDimensions()))
	for _, d := range UsageDimensions() {
		names = append(names, string(d))
	}
	return "", fmt.Errorf("unknown dimension %q: want one of %s", s, strings.Join(names, ", "))
}

// UsageFilter keeps the rows whose value of Dimension is one of Values,
// compared without regard to case; "" stands for unknown.
type UsageFilter struct {
	Dimension UsageDimension
	Values    []string
}

// MaxUsageGroupBy bounds the dimensions of one usage query.
const MaxUsageGroupBy = 3

// UsageQuery selects a tenant's usage rows and groups them.
type UsageQuery struct {
	// Tenant is required.
	Tenant string
	// Since keeps rows that started at or after it, Until rows that
	// started before it; zero leaves that end open. Rows without a start
	// time never match a window.
	Since, Until time.Time
	GroupBy      []UsageDimension
	// Filters all apply (and); the values of one are alternatives (or).
	Filters []UsageFilter
	// MaskDigits masks the last digits of the number dimension's values
	// (MaskNumber), so that numbers that differ only there are one
	// group: phone numbers never leave the store whole in a report.
	// 0 masks none.
	MaskDigits int
	// OrderBy ranks the groups by a measure, largest first unless
	// Ascending; "" ranks them by key alone. Limit keeps the first
	// groups (0: all).
	OrderBy   UsageOrder
	Ascending bool
	Limit     int
}

// UsageOrder is a measure groups are ranked by.
type UsageOrder string

// The measures groups are ranked by (UsageTotals.Rank).
const (
	UsageOrderCalls       UsageOrder = "calls"
	UsageOrderMinutes     UsageOrder = "minutes"
	UsageOrderAttempts    UsageOrder = "attempts"
	UsageOrderSuccessful  UsageOrder = "successful"
	UsageOrderSuccessRate UsageOrder = "successRate"
	UsageOrderNER         UsageOrder = "ner"
	UsageOrderAverage     UsageOrder = "averageSeconds"
)

// UsageOrders lists the orders.
func UsageOrders() []UsageOrder {
	return []UsageOrder{UsageOrderCalls, UsageOrderMinutes, UsageOrderAttempts, UsageOrderSuccessful,
		UsageOrderSuccessRate, UsageOrderNER, UsageOrderAverage}
}

// MaxMaskDigits is the most digits a query masks: more than a phone
// number has (E.164 allows 15).
const MaxMaskDigits = 15

// Personal reports whether the query groups or filters by personal
// data.
func (q UsageQuery) Personal() bool {
	for _, d := range q.GroupBy {
		if d.Personal() {
			return true
		}
	}
	for _, f := range q.Filters {
		if f.Dimension.Personal() {
			return true
		}
	}
	return false
}

// Validate reports what makes q unusable, every reason (Problems),
// wrapping ErrInvalid.
func (q UsageQuery) Validate() error {
	if err := q.Problems(); err != nil {
		return fmt.Errorf("usage query: %w: %w", err, ErrInvalid)
	}
	return nil
}

// Problems is what makes q unusable, every reason, nil when nothing does.
func (q UsageQuery) Problems() error {
	var errs []error
	if strings.TrimSpace(q.Tenant) == "" {
		errs = append(errs, errors.New("tenant: required"))
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Until.After(q.Since) {
		errs = append(errs, errors.New("until: must be after since"))
	}
	if len(q.GroupBy) > MaxUsageGroupBy {
		errs = append(errs, fmt.Errorf("group by: %d dimensions, at most %d", len(q.GroupBy), MaxUsageGroupBy))
	}
	for i, d := range q.GroupBy {
		if !d.Valid() {
			errs = append(errs, fmt.Errorf("group by: unknown dimension %q", d))
		} else if slices.Contains(q.GroupBy[:i], d) {
			errs = append(errs, fmt.Errorf("group by: %s given twice", d))
		}
	}
	if q.OrderBy != "" && !slices.Contains(UsageOrders(), q.OrderBy) {
		errs = append(errs, fmt.Errorf("order: unknown measure %q", q.OrderBy))
	}
	if q.Limit < 0 {
		errs = append(errs, errors.New("limit: negative"))
	}
	if q.MaskDigits < 0 || q.MaskDigits > MaxMaskDigits {
		errs = append(errs, fmt.Errorf("mask digits: %d: want 0 to %d", q.MaskDigits, MaxMaskDigits))
	}
	for _, f := range q.Filters {
		switch {
		case !f.Dimension.Valid():
			errs = append(errs, fmt.Errorf("filter: unknown dimension %q", f.Dimension))
		case len(f.Values) == 0:
			errs = append(errs, fmt.Errorf("filter %s: no values", f.Dimension))
		}
	}
	return errors.Join(errs...)
}

// UsageResult is the answer to a usage query: one group per key.
type UsageResult struct {
	GroupBy []UsageDimension
	Groups  []UsageGroup
	// Total counts the groups before the query's Limit kept the first;
	// Totals adds up every one of them: the selection's totals.
	Total  int
	Totals UsageTotals
}

// UsageGroup is the totals of one group of rows.
type UsageGroup struct {
	// Key holds one value per GroupBy dimension, nil where unknown.
	Key []*string
	// UserName and UserPrincipalName name the user of a group keyed by
	// user (the greatest of the group's rows, compared bytewise, so that
	// every backend names them alike); "" otherwise or when unknown.
	UserName, UserPrincipalName string
	UsageTotals
}

// SortUsageGroups ranks groups as UsageReport does: by the order's
// measure (UsageTotals.Rank), largest first unless ascending, groups
// without a value last either way; then, and with no order alone, by
// key, dimension by dimension, values compared bytewise, unknown last.
func SortUsageGroups(groups []UsageGroup, order UsageOrder, ascending bool) {
	slices.SortFunc(groups, func(a, b UsageGroup) int {
		if order != "" {
			x, xok := a.Rank(order)
			y, yok := b.Rank(order)
			switch {
			case xok && !yok:
				return -1
			case !xok && yok:
				return 1
			case xok && x != y:
				if ascending == (x < y) {
					return -1
				}
				return 1
			}
		}
		return compareKeys(a.Key, b.Key)
	})
}

func compareKeys(a, b []*string) int {
	for i := range min(len(a), len(b)) {
		switch x, y := a[i], b[i]; {
		case x == nil && y == nil:
		case x == nil:
			return 1
		case y == nil:
			return -1
		default:
			if c := strings.Compare(*x, *y); c != 0 {
				return c
			}
		}
	}
	return len(a) - len(b)
}

// UsageCursor is where a page of UsageRows ends: the last row's start
// time (zero when it has none), kind and key.
type UsageCursor struct {
	Start    time.Time
	Kind, ID string
}

// CursorOf is the cursor just after m. Its time is the row's to the
// microsecond, as stores keep it, so that the row itself is not read
// again for the nanoseconds Graph writes.
func CursorOf(m UsageRowMatch) UsageCursor {
	c := UsageCursor{Kind: string(m.Row.Kind), ID: m.Key}
	if t, ok := m.Row.StartDateTime.Get(); ok {
		c.Start = t.Truncate(time.Microsecond)
	}
	return c
}

// UsageRowMatch is a usage row as stored, with its key, and the id of the
// stored call it belongs to ("" when none is stored).
type UsageRowMatch struct {
	Key    string
	Row    *model.UsageRow
	CallID string
}

// CheckUsageRowsPage checks the arguments of UsageRows.
func CheckUsageRowsPage(q UsageQuery, limit int) error {
	if err := q.Validate(); err != nil {
		return err
	}
	if limit < 1 {
		return fmt.Errorf("usage rows: limit %d: want 1 or more: %w", limit, ErrInvalid)
	}
	return nil
}
