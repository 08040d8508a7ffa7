package msgraph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// versionTries is how often GetCallRecord starts over when the record is
// republished between its two reads.
const versionTries = 3

// GetCallRecord fetches the call record id whole and returns it as the
// JSON of one callRecord, the form graph.DecodeCallRecord reads: sessions
// with their segments and participants_v2 complete, every page merged in
// and their nextLinks gone.
//
// Graph documents $expand=sessions($expand=segments) and
// $expand=participants_v2 as two separate expansions, so the record is
// read twice, once with each; every sessions@odata.nextLink,
// participants_v2@odata.nextLink and page @odata.nextLink is followed as
// given. If the two reads see different versions the record was
// republished meanwhile and the fetch starts over (ErrVersionChanged
// after three tries). The pages of a version cannot be told apart by
// their content, so a republication while session pages are read goes
// unnoticed until the next version is fetched.
//
// Errors: ErrNotFound for a record Graph does not have (yet, or any
// more), ErrPageLoop, ErrTooManyPages, ErrBadResponse, and the sign-in,
// permission and throttling errors of every request.
func (c *Client) GetCallRecord(ctx context.Context, id string) (json.RawMessage, error) {
	id = strings.TrimSpace(id)
	if id == "" || strings.ContainsAny(id, "/?#") {
		return nil, configError("call record id %q is not a call record id", id)
	}
	var lastErr error
	for range versionTries {
		rec, err := c.fetchRecord(ctx, id)
		if err == nil {
			return rec, nil
		}
		lastErr = err
		if _, changed := err.(*versionChange); !changed {
			return nil, err
		}
		c.log.Info("call record republished while fetching, starting over", "id", id, "err", err)
	}
	return nil, &Error{Kind: ErrVersionChanged, Err: lastErr, Message: fmt.Sprintf(
		"call record %s changed on every one of %d tries", id, versionTries)}
}

// versionChange says the two reads of a record saw different versions.
type versionChange struct{ first, second int64 }

func (v *versionChange) Error() string {
	return fmt.Sprintf("version %d, then %d", v.first, v.second)
}

func (c *Client) fetchRecord(ctx context.Context, id string) (json.RawMessage, error) {
	what := "call record " + id
	base := c.graph.String() + "/v1.0/communications/callRecords/" + url.PathEscape(id)
	limit := newLimiter(c.cfg.Limits.Record)
	w := newWalk(c.graph, what, c.cfg.MaxPages)

	getObject := func(u, what string) (object, error) {
		if err := w.visit(u); err != nil {
			return nil, err
		}
		body, err := c.get(ctx, u, what, limit)
		if err != nil {
			return nil, err
		}
		c.stats.pages.Add(1)
		obj, err := parseObject(body)
		if err != nil {
			return nil, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's answer for " + what + " cannot be read"}
		}
		return obj, nil
	}
	// follow fetches the pages after a collection's first, starting at
	// link, and returns their elements.
	follow := func(name, link string) ([]json.RawMessage, error) {
		var all []json.RawMessage
		collection := strings.TrimSuffix(name, "@odata.nextLink")
		for n := 2; link != ""; n++ {
			if err := w.checkLink(name, link); err != nil {
				return nil, err
			}
			pageWhat := fmt.Sprintf("page %d of the %s of %s", n, collection, what)
			obj, err := getObject(link, pageWhat)
			if err != nil {
				return nil, err
			}
			p, err := pageOf(obj)
			if err != nil {
				return nil, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's answer for " + pageWhat + " cannot be read"}
			}
			c.log.Debug("graph page", "what", pageWhat, "elements", len(p.values))
			all = append(all, p.values...)
			name, link = "@odata.nextLink", p.next
		}
		return all, nil
	}

	rec, err := getObject(base+"?"+odataQuery("$expand", "sessions($expand=segments)"), what)
	if err != nil {
		return nil, err
	}
	v1, err := recordVersion(rec, id)
	if err != nil {
		return nil, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's answer for " + what + " is not that call record"}
	}
	sessions, err := c.collectionOf(rec, "sessions", follow)
	if err != nil {
		return nil, err
	}

	prec, err := getObject(base+"?"+odataQuery("$expand", "participants_v2"), "participants of "+what)
	if err != nil {
		return nil, err
	}
	v2, err := recordVersion(prec, id)
	if err != nil {
		return nil, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's answer for the participants of " + what + " is not that call record"}
	}
	if v1 != v2 {
		return nil, &versionChange{v1, v2}
	}
	src := prec
	_, inline := prec.last("participants_v2")
	_, paged := prec.last("participants_v2@odata.nextLink")
	if !inline && !paged {
		src = rec // Graph ignored the expansion; keep what the first read had
	}
	participants, err := c.collectionOf(src, "participants_v2", follow)
	if err != nil {
		return nil, err
	}

	merged, err := mergeRecord(rec, sessions, participants)
	if err != nil {
		return nil, &Error{Kind: ErrBadResponse, Err: err, Message: "merging the pages of " + what}
	}
	c.log.Debug("graph call record fetched", "id", id, "version", v1, "pages", len(w.seen))
	return merged.bytes(), nil
}

// collectionOf reads the inline part of a paged collection of obj and
// follows its nextLink.
func (c *Client) collectionOf(obj object, name string, follow func(name, link string) ([]json.RawMessage, error)) (collection, error) {
	col := collection{name: name}
	col.inline, col.given = obj.last(name)
	if col.given {
		if _, err := elements(col.inline); err != nil {
			return col, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's " + name + " of the call record cannot be read"}
		}
	}
	link, err := obj.link(name + "@odata.nextLink")
	if err != nil {
		return col, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's call record cannot be read"}
	}
	if col.pages, err = follow(name+"@odata.nextLink", link); err != nil {
		return col, err
	}
	return col, nil
}

// recordVersion checks that obj is the record id and returns its version.
func recordVersion(obj object, id string) (int64, error) {
	var head struct {
		ID      string      `json:"id"`
		Version json.Number `json:"version"`
	}
	if err := json.Unmarshal(obj.bytes(), &head); err != nil {
		return 0, fmt.Errorf("id or version: %w", err)
	}
	if !strings.EqualFold(strings.TrimSpace(head.ID), id) {
		return 0, fmt.Errorf("it has id %q", head.ID)
	}
	v, err := head.Version.Int64()
	if err != nil {
		return 0, fmt.Errorf("version %q is not an integer", head.Version)
	}
	return v, nil
}
