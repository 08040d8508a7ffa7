package store

import (
	"bytes"
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
	c, raw, err := splitCallFast(b)
	if err != nil {
		c, raw, err = splitCall(b)
	}
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
	segs, err := decodeSegmentsFast(raw)
	if err != nil {
		// As the call itself is read: what the faster engine refuses
		// (names that differ only in case, given twice) encoding/json
		// reads, so that lazily or not, a call reads the same.
		segs = nil
		if err := model.DecodeJSON(raw, &segs); err != nil {
			return fmt.Errorf("decode stored call %s: session %d: segments: %w", c.ID, i, err)
		}
	}
	c.Sessions[i].Segments = segs
	return nil
}

// splitCallFast is splitCall by the model's generated decoding, which
// reads the store's own canonical JSON several times faster; it declines
// (an error) what it is not sure to read as splitCall does.
func splitCallFast(b []byte) (*model.Call, []jsontext.Value, error) {
	c := &model.Call{} // JSON null: an empty call
	var raw []jsontext.Value
	err := model.DecodeJSONWhole(b, func(d *model.JSONReader) error {
		return model.DecodeJSONObject(d, lazyCallFields{c, &raw})
	})
	if err != nil {
		return nil, nil, err
	}
	return c, raw, nil
}

// lazyIndex numbers the member read lazily, past the model's own fields,
// so that it is still read once only.
const lazyIndex = 63

// lazyCallFields reads a call's members, its sessions' segments left as
// JSON.
type lazyCallFields struct {
	c   *model.Call
	raw *[]jsontext.Value
}

func (l lazyCallFields) DecodeJSONField(d *model.JSONReader, name []byte) (int, error) {
	if string(name) != `"sessions"` {
		return l.c.DecodeJSONField(d, name)
	}
	if d.PeekKind() == 'n' {
		l.c.Sessions, *l.raw = nil, nil
		return lazyIndex, d.SkipValue()
	}
	l.c.Sessions, *l.raw = []*model.Session{}, []jsontext.Value{}
	err := model.ReadJSONObjects(d, func(null bool) error {
		var s *model.Session
		var segments jsontext.Value
		if !null {
			s = &model.Session{}
			if err := model.DecodeJSONObject(d, lazySessionFields{s, &segments}); err != nil {
				return err
			}
		}
		l.c.Sessions, *l.raw = append(l.c.Sessions, s), append(*l.raw, segments)
		return nil
	})
	return lazyIndex, err
}

// lazySessionFields reads a session's members, its segments left as
// JSON.
type lazySessionFields struct {
	s        *model.Session
	segments *jsontext.Value
}

func (l lazySessionFields) DecodeJSONField(d *model.JSONReader, name []byte) (int, error) {
	if string(name) != `"segments"` {
		return l.s.DecodeJSONField(d, name)
	}
	v, err := d.Value()
	if err != nil {
		return 0, err
	}
	*l.segments = bytes.Clone(v)
	return lazyIndex, nil
}

// decodeSegmentsFast reads a session's segments, raw JSON, by the
// model's generated decoding, or declines.
func decodeSegmentsFast(raw []byte) ([]*model.Segment, error) {
	var segs []*model.Segment // JSON null: none
	err := model.DecodeJSONWhole(raw, func(d *model.JSONReader) error {
		segs = []*model.Segment{}
		return model.ReadJSONObjects(d, func(null bool) error {
			var s *model.Segment
			if !null {
				s = &model.Segment{}
				if err := model.DecodeJSONObject(d, s); err != nil {
					return err
				}
			}
			segs = append(segs, s)
			return nil
		})
	})
	return segs, err
}
