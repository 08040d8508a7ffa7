package store

import (
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/callscope/callscope/internal/model"
)

// lazySession is a stored session with its segments left as JSON.
type lazySession struct {
	*model.Session
	Segments jsontext.Value `json:"segments,omitempty"`
}

type lazyCall struct {
	*model.Call
	Sessions []*lazySession `json:"sessions,omitempty"`
}

// DecodeLazyCall reads a stored call's canonical JSON but for its
// sessions' segments, which it decodes when asked for. A call the fast
// engine cannot read is decoded whole, as model.DecodeJSON does, and its
// segments held back until asked for all the same, so that a view sees
// the same call either way.
func DecodeLazyCall(b []byte) (*LazyCall, error) {
	c, raw, err := splitCall(b)
	if err != nil {
		var c model.Call
		if err := model.DecodeJSON(b, &c); err != nil {
			return nil, fmt.Errorf("decode stored call: %w", err)
		}
		held := make([][]*model.Segment, len(c.Sessions))
		for i, s := range c.Sessions {
			if s != nil {
				held[i], s.Segments = s.Segments, nil
			}
		}
		return &LazyCall{Call: &c, Load: func(sessions []int) error {
			for _, i := range sessions {
				if i >= 0 && i < len(held) && c.Sessions[i] != nil && held[i] != nil {
					c.Sessions[i].Segments, held[i] = held[i], nil
				}
			}
			return nil
		}}, nil
	}
	return &LazyCall{Call: c, Load: func(sessions []int) error {
		for _, i := range sessions {
			if i < 0 || i >= len(raw) || raw[i] == nil {
				continue
			}
			if err := DecodeSegments(c, i, raw[i]); err != nil {
				return err
			}
			raw[i] = nil
		}
		return nil
	}}, nil
}

// splitCall reads a stored call's canonical JSON with the fast engine,
// each session's segments left as JSON (raw, by session; nil for none).
func splitCall(b []byte) (c *model.Call, raw []jsontext.Value, err error) {
	lc := lazyCall{Call: &model.Call{}}
	if err := jsonv2.Unmarshal(b, &lc, model.FastDecodeOptions); err != nil {
		return nil, nil, err
	}
	c = lc.Call
	if c == nil {
		c = &model.Call{} // JSON null, which model.DecodeJSON reads as an empty call
	}
	c.Sessions = nil // absent or null, as model.DecodeJSON leaves it
	if lc.Sessions != nil {
		c.Sessions = make([]*model.Session, len(lc.Sessions))
	}
	raw = make([]jsontext.Value, len(lc.Sessions))
	for i, ls := range lc.Sessions {
		if ls == nil {
			continue // a null session
		}
		if ls.Session == nil {
			ls.Session = &model.Session{} // an object with none of its fields
		}
		c.Sessions[i], raw[i] = ls.Session, ls.Segments
	}
	return c, raw, nil
}

// DecodeSegments reads session i's segments, raw JSON, into c.
func DecodeSegments(c *model.Call, i int, raw []byte) error {
	if c.Sessions[i] == nil {
		return nil
	}
	if err := jsonv2.Unmarshal(raw, &c.Sessions[i].Segments, model.FastDecodeOptions); err != nil {
		return fmt.Errorf("decode stored call %s: session %d: segments: %w", c.ID, i, err)
	}
	return nil
}
