package duckdb

import (
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// Stored values are canonical JSON: the model's own encoding, which keeps
// absent, null and unknown properties apart, so a call comes back exactly
// as it went in. Equal encodings mean equal content.

// decodeACSRecord reads a stored ACS record's canonical JSON as
// decodeCall reads a call's: assembling a call reads all its records
// back. TestDecodeACSRecordAsEncodingJSON holds the two engines to the
// same result.
func decodeACSRecord(b []byte) (*model.ACSRecord, error) {
	var r model.ACSRecord
	if err := model.DecodeJSON(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// decodeCall reads a stored call's canonical JSON with the faster engine
// of github.com/go-json-experiment/json (the design of encoding/json/v2)
// under encoding/json's own semantics (143 MB/s against 95 on generated
// calls, BenchmarkDecodeCall);
// should it fail, encoding/json reads the call again, so that its error
// is the one reported. TestDecodeCallAsEncodingJSON holds the two to the
// same result.
func decodeCall(b []byte) (*model.Call, error) {
	var c model.Call
	if err := model.DecodeJSON(b, &c); err != nil {
		return nil, fmt.Errorf("decode stored call: %w", err)
	}
	return &c, nil
}

// lazySession is a stored session with its segments left as JSON.
type lazySession struct {
	*model.Session
	Segments jsontext.Value `json:"segments,omitempty"`
}

type lazyCall struct {
	*model.Call
	Sessions []*lazySession `json:"sessions,omitempty"`
}

// decodeLazyCall reads a stored call's canonical JSON but for its
// sessions' segments, which it decodes when asked for. A call the fast
// engine cannot read is decoded whole, as decodeCall does, and its
// segments held back until asked for all the same, so that a view sees
// the same call either way.
func decodeLazyCall(b []byte) (*store.LazyCall, error) {
	c, raw, err := splitCall(b)
	if err != nil {
		c, err := decodeCall(b)
		if err != nil {
			return nil, err
		}
		held := make([][]*model.Segment, len(c.Sessions))
		for i, s := range c.Sessions {
			if s != nil {
				held[i], s.Segments = s.Segments, nil
			}
		}
		return &store.LazyCall{Call: c, Load: func(sessions []int) error {
			for _, i := range sessions {
				if i >= 0 && i < len(held) && c.Sessions[i] != nil && held[i] != nil {
					c.Sessions[i].Segments, held[i] = held[i], nil
				}
			}
			return nil
		}}, nil
	}
	return &store.LazyCall{Call: c, Load: func(sessions []int) error {
		for _, i := range sessions {
			if i < 0 || i >= len(raw) || raw[i] == nil {
				continue
			}
			if err := decodeSegments(c, i, raw[i]); err != nil {
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
		c = &model.Call{} // JSON null, which decodeCall reads as an empty call
	}
	c.Sessions = nil // absent or null, as decodeCall leaves it
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

// decodeSegments reads session i's segments into c.
func decodeSegments(c *model.Call, i int, raw []byte) error {
	if c.Sessions[i] == nil {
		return nil
	}
	if err := jsonv2.Unmarshal(raw, &c.Sessions[i].Segments, model.FastDecodeOptions); err != nil {
		return fmt.Errorf("decode stored call %s: session %d: segments: %w", c.ID, i, err)
	}
	return nil
}
