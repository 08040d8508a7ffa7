package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/callscope/callscope/internal/model"
)

// Leniency names what a record was accepted with that strict JSON
// (RFC 8259 as the I-JSON profile reads it) does not allow. Such a record
// is stored, as encoding/json reads it, and the reader is told.
type Leniency uint8

const (
	// DuplicateNames: an object names a property twice; the last value
	// is kept.
	DuplicateNames Leniency = 1 << iota
	// InvalidUTF8: a string holds bytes that are not UTF-8; each is read
	// as U+FFFD.
	InvalidUTF8
)

// String says what was accepted, for a message.
func (l Leniency) String() string {
	var parts []string
	if l&DuplicateNames != 0 {
		parts = append(parts, "a property named twice in one object (the last value kept)")
	}
	if l&InvalidUTF8 != 0 {
		parts = append(parts, "bytes that are not UTF-8 (read as U+FFFD)")
	}
	return strings.Join(parts, " and ")
}

// The decoders read a record with the faster engine's options
// (model.FastDecodeOptions). Strict about duplicate names and UTF-8,
// it notices a record that has either; whenever it fails, encoding/json
// reads the record again: its errors name the field, and what it accepts
// decides what is stored (FuzzFastDecodeMatches holds it to that).

// unmarshal decodes raw into the value fresh returns, fast when it can;
// fresh is called again for encoding/json's attempt, so that nothing of a
// failed fast attempt remains.
func unmarshal[T any](raw []byte, fresh func() *T) (*T, Leniency, error) {
	v := fresh()
	err := jsonv2.Unmarshal(raw, v, model.FastDecodeOptions)
	if err == nil {
		return v, 0, nil
	}
	lenient := leniencyOf(err)
	v = fresh()
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, 0, err
	}
	if lenient != 0 {
		// The first problem stopped the fast decoder; look for the other.
		for _, l := range []Leniency{DuplicateNames, InvalidUTF8} {
			if lenient&l == 0 && hasLeniency(raw, l) {
				lenient |= l
			}
		}
	}
	return v, lenient, nil
}

// leniencyOf tells whether err is one of strictness.
func leniencyOf(err error) Leniency {
	switch {
	case errors.Is(err, jsontext.ErrDuplicateName):
		return DuplicateNames
	case strings.Contains(err.Error(), "invalid UTF-8"):
		return InvalidUTF8
	}
	return 0
}

// hasLeniency reports whether raw needs l to be read.
func hasLeniency(raw []byte, l Leniency) bool {
	opts := []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}
	switch l {
	case DuplicateNames:
		opts[0] = jsontext.AllowDuplicateNames(false)
	case InvalidUTF8:
		opts[1] = jsontext.AllowInvalidUTF8(false)
	}
	dec := jsontext.NewDecoder(bytes.NewReader(raw), opts...)
	_, err := dec.ReadValue()
	return err != nil && leniencyOf(err) == l
}
