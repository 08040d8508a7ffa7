package graph

import (
	"bytes"
	"encoding/json"

	"github.com/callscope/callscope/internal/model"
)

// The wire types also read themselves by the model's generated decoding
// (model.DecodeJSONInput), one pass that keeps unknown properties as it
// goes: most records are read so, and only what that declines (a name
// given twice, bytes that are not UTF-8, a name spelt in another case, a
// value of an unexpected kind) by the general way, which decides
// (FuzzGeneratedDecodeMatches holds the two together). Each shadow is
// read here and the rest handed to the embedded model type; a shadow's
// index, for telling a name given twice, counts down from 63, above the
// model type's own fields (TestShadowIndexesApart).

const firstShadow = 63

// decodeWay is how a decoder reads a record: by the generated decoding
// first, or only the general way (for holding the two together).
type decodeWay bool

const (
	generatedFirst decodeWay = true
	generalOnly    decodeWay = false
)

// decodeGenerated reads raw into a fresh value by the generated
// decoding, unless way says not to; false when it did not.
func decodeGenerated[T model.JSONFieldDecoder](raw []byte, way decodeWay, fresh func() T) (T, bool) {
	if way == generalOnly {
		var zero T
		return zero, false
	}
	v := fresh()
	if err := model.DecodeJSONInput(raw, v); err != nil {
		var zero T
		return zero, false
	}
	return v, true
}

// readShadow keeps a shadow's JSON text as encoding/json keeps a
// RawMessage's.
func readShadow(d *model.JSONReader, p *json.RawMessage) error {
	raw, err := d.Value()
	if err != nil {
		return err
	}
	*p = bytes.Clone(raw)
	return nil
}

// readWireList reads an array of objects into *p, a null element as nil,
// as encoding/json reads a slice of pointers; null leaves *p nil.
func readWireList[T model.JSONFieldDecoder](d *model.JSONReader, p *[]T, fresh func() T) error {
	if d.PeekKind() == 'n' {
		*p = nil
		return d.SkipValue()
	}
	list := make([]T, 0, 4)
	err := model.ReadJSONObjects(d, func(null bool) error {
		var zero T
		if null {
			list = append(list, zero)
			return nil
		}
		v := fresh()
		list = append(list, v)
		return model.DecodeJSONObject(d, v)
	})
	*p = list
	return err
}

func newWireSession() *wireSession { return &wireSession{Session: new(model.Session)} }
func newWireSegment() *wireSegment { return &wireSegment{Segment: new(model.Segment)} }
func newWireMedia() *wireMedia     { return &wireMedia{Media: new(model.Media)} }
func newWireStream() *wireStream   { return &wireStream{Stream: new(model.Stream)} }

func (w *wireCall) DecodeJSONField(d *model.JSONReader, name []byte) (int, error) {
	var err error
	switch string(name) {
	case `"id"`:
		err = model.ReadJSONOptString(d, &w.ID)
	case `"version"`:
		err = model.ReadJSONOpt(d, &w.Version)
	case `"sessions"`:
		err = readWireList(d, &w.Sessions, newWireSession)
	case `"tenant"`:
		err = readShadow(d, &w.Tenant)
	case `"source"`:
		err = readShadow(d, &w.Source)
	case `"partial"`:
		err = readShadow(d, &w.Partial)
	case `"acs"`:
		err = readShadow(d, &w.ACS)
	case `"rules"`:
		err = readShadow(d, &w.Rules)
	default:
		return w.Call.DecodeJSONField(d, name)
	}
	return shadowIndex(name, callShadows), err
}

func (w *wireCall) JSONExtra() *model.Extra { return &w.Call.Extra }

var callShadows = []string{`"id"`, `"version"`, `"sessions"`, `"tenant"`, `"source"`, `"partial"`, `"acs"`, `"rules"`}

func (w *wireSession) DecodeJSONField(d *model.JSONReader, name []byte) (int, error) {
	var err error
	switch string(name) {
	case `"segments"`:
		err = readWireList(d, &w.Segments, newWireSegment)
	case `"acs"`:
		err = readShadow(d, &w.ACS)
	case `"calleeAcs"`:
		err = readShadow(d, &w.CalleeACS)
	case `"rating"`:
		err = readShadow(d, &w.Rating)
	case `"issues"`:
		err = readShadow(d, &w.Issues)
	default:
		return w.Session.DecodeJSONField(d, name)
	}
	return shadowIndex(name, sessionShadows), err
}

func (w *wireSession) JSONExtra() *model.Extra { return &w.Session.Extra }

var sessionShadows = []string{`"segments"`, `"acs"`, `"calleeAcs"`, `"rating"`, `"issues"`}

func (w *wireSegment) DecodeJSONField(d *model.JSONReader, name []byte) (int, error) {
	if string(name) == `"media"` {
		return firstShadow, readWireList(d, &w.Media, newWireMedia)
	}
	return w.Segment.DecodeJSONField(d, name)
}

func (w *wireSegment) JSONExtra() *model.Extra { return &w.Segment.Extra }

func (w *wireMedia) DecodeJSONField(d *model.JSONReader, name []byte) (int, error) {
	if string(name) == `"streams"` {
		return firstShadow, readWireList(d, &w.Streams, newWireStream)
	}
	return w.Media.DecodeJSONField(d, name)
}

func (w *wireMedia) JSONExtra() *model.Extra { return &w.Media.Extra }

func (w *wireStream) DecodeJSONField(d *model.JSONReader, name []byte) (int, error) {
	var err error
	switch string(name) {
	case `"acs"`:
		err = readShadow(d, &w.ACS)
	case `"quality"`:
		err = readShadow(d, &w.Quality)
	case `"reasons"`:
		err = readShadow(d, &w.Reasons)
	default:
		return w.Stream.DecodeJSONField(d, name)
	}
	return shadowIndex(name, streamShadows), err
}

func (w *wireStream) JSONExtra() *model.Extra { return &w.Stream.Extra }

var streamShadows = []string{`"acs"`, `"quality"`, `"reasons"`}

// shadowIndex is the index of a shadow's name among shadows, counted
// down from firstShadow.
func shadowIndex(name []byte, shadows []string) int {
	for i, s := range shadows {
		if s == string(name) {
			return firstShadow - i
		}
	}
	return -1
}
