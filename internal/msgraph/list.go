package msgraph

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"time"
)

// RecordRef is what List callRecords says of one record: enough to decide
// whether the stored copy is current, not the record itself (the list
// never includes sessions or participants_v2).
type RecordRef struct {
	ID                   string
	Version              int64
	StartDateTime        time.Time
	EndDateTime          time.Time
	LastModifiedDateTime time.Time
}

// ListCallRecords lists the records whose startDateTime is in [from, to),
// page by page, for backfill and for reconciling missed notifications.
// Graph keeps records 30 days and publishes them up to 150 minutes after
// the call, so a sweep should reach back that far.
//
// The sequence yields each record once per appearance (a record
// republished during the walk may appear twice); on failure it yields one
// final (RecordRef{}, err). Only one page is held at a time, so memory
// does not grow with the number of records; stopping the loop stops the
// fetching. Elements without an id are skipped with a warning.
func (c *Client) ListCallRecords(ctx context.Context, from, to time.Time) iter.Seq2[RecordRef, error] {
	return func(yield func(RecordRef, error) bool) {
		if !from.Before(to) {
			yield(RecordRef{}, configError("the listing window %s – %s is empty: from must be before to", from.Format(time.RFC3339), to.Format(time.RFC3339)))
			return
		}
		filter := fmt.Sprintf("startDateTime ge %s and startDateTime lt %s", odataTime(from), odataTime(to))
		link := c.graph.String() + "/v1.0/communications/callRecords?" + odataQuery("$filter", filter)
		what := fmt.Sprintf("the call records started %s – %s", odataTime(from), odataTime(to))
		w := newWalk(c.graph, what, c.cfg.MaxListPages)
		for n := 1; link != ""; n++ {
			if n > 1 {
				if err := w.checkLink("@odata.nextLink", link); err != nil {
					yield(RecordRef{}, err)
					return
				}
			}
			if err := w.visit(link); err != nil {
				yield(RecordRef{}, err)
				return
			}
			pageWhat := fmt.Sprintf("page %d of %s", n, what)
			body, err := c.get(ctx, link, pageWhat, c.listLimit)
			if err != nil {
				yield(RecordRef{}, err)
				return
			}
			c.stats.pages.Add(1)
			p, err := parsePage(body)
			if err != nil {
				yield(RecordRef{}, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's answer for " + pageWhat + " cannot be read"})
				return
			}
			for i, v := range p.values {
				ref, err := parseRef(v)
				if err != nil {
					c.log.Warn("graph list element skipped", "page", n, "element", i, "err", err)
					continue
				}
				if !yield(ref, nil) {
					return
				}
			}
			link = p.next
		}
	}
}

// parseRef reads the fields of a RecordRef from one list element.
func parseRef(raw json.RawMessage) (RecordRef, error) {
	var e struct {
		ID                   *string     `json:"id"`
		Version              json.Number `json:"version"`
		StartDateTime        string      `json:"startDateTime"`
		EndDateTime          string      `json:"endDateTime"`
		LastModifiedDateTime string      `json:"lastModifiedDateTime"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		return RecordRef{}, fmt.Errorf("not a call record: %w", err)
	}
	if e.ID == nil || strings.TrimSpace(*e.ID) == "" {
		return RecordRef{}, fmt.Errorf("a call record without an id")
	}
	ref := RecordRef{ID: strings.TrimSpace(*e.ID)}
	if e.Version != "" {
		v, err := e.Version.Int64()
		if err != nil {
			return RecordRef{}, fmt.Errorf("call record %s: version %q is not an integer", ref.ID, e.Version)
		}
		ref.Version = v
	}
	// Times are informative; one that cannot be read stays zero rather
	// than hiding the record from a sweep.
	ref.StartDateTime, _ = time.Parse(time.RFC3339Nano, e.StartDateTime)
	ref.EndDateTime, _ = time.Parse(time.RFC3339Nano, e.EndDateTime)
	ref.LastModifiedDateTime, _ = time.Parse(time.RFC3339Nano, e.LastModifiedDateTime)
	return ref, nil
}

// odataTime writes a time as Graph's $filter wants a DateTimeOffset: UTC,
// with fractions of a second only when there are some.
func odataTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.9999999Z07:00")
}

// CheckAccess signs in and reads one page of call records, so that a
// service can tell at start whether its configuration works: it returns
// the same plain errors as any request, nil when Graph answered.
func (c *Client) CheckAccess(ctx context.Context) error {
	now := c.cfg.Now()
	for _, err := range c.ListCallRecords(ctx, now.Add(-time.Minute), now) {
		if err != nil {
			return err
		}
		break
	}
	return nil
}
