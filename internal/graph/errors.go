package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/callscope/callscope/internal/model"
)

// FieldError is why a record could not be read: which property and what
// was wrong with it. Ingest puts the file and line in front of it, so that
// whoever fixes the export knows exactly where to look.
type FieldError struct {
	// Field is the dotted path of the property as Graph names it
	// (sessions.segments.media.streams.averageJitter). List positions are
	// not part of it. Empty when the problem is the object as a whole.
	Field string
	// Problem says what was expected and what was found instead.
	Problem string
	// Offset is the byte offset in the object just past the problem, when
	// encoding/json reported one (syntax errors and most type errors);
	// 0 when unknown. A caller that knows where the object starts can
	// turn it into a line number.
	Offset int64
}

// Error reads "field PATH: PROBLEM", or just the problem for the object
// as a whole.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Problem
	}
	return "field " + e.Field + ": " + e.Problem
}

// missingField is the error for a property a record cannot do without.
func missingField(field, why string) *FieldError {
	return &FieldError{Field: field, Problem: "missing (" + why + ")"}
}

// asFieldError turns what encoding/json reports into a FieldError, so that
// every message names the property path and reads the same whatever the
// cause. raw is the object that failed; it locates syntax errors.
func asFieldError(raw []byte, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return &FieldError{
			Field:   cleanPath(te.Field),
			Problem: "expected " + model.ExpectedJSON(te.Type) + ", got " + model.ShownJSON(te.Value),
			Offset:  te.Offset,
		}
	case errors.As(err, &se):
		return &FieldError{
			Field:   pathAt(raw),
			Problem: fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, se.Error()),
			Offset:  se.Offset,
		}
	}
	return &FieldError{Problem: strings.TrimPrefix(err.Error(), "json: ")}
}

// embeddedNames are the Go names of the model structs that the wire types
// embed; encoding/json puts them into error paths, where a user would
// only be puzzled by them.
var embeddedNames = func() map[string]bool {
	names := map[string]bool{}
	for _, t := range []reflect.Type{
		reflect.TypeFor[wireCall](), reflect.TypeFor[wireSession](), reflect.TypeFor[wireSegment](),
		reflect.TypeFor[wireMedia](), reflect.TypeFor[wireStream](), reflect.TypeFor[wireParticipant](),
		reflect.TypeFor[wireUsage](),
	} {
		for i := range t.NumField() {
			if f := t.Field(i); f.Anonymous {
				names[f.Name] = true
			}
		}
	}
	return names
}()

// cleanPath drops the embedded struct names from an encoding/json path.
func cleanPath(path string) string {
	if path == "" {
		return ""
	}
	parts := strings.Split(path, ".")
	kept := parts[:0]
	for _, p := range parts {
		if !embeddedNames[p] {
			kept = append(kept, p)
		}
	}
	return limitPath(kept)
}

// maxPathParts bounds an error path: hostile input can nest thousands of
// objects, and the message must stay readable.
const maxPathParts = 16

func limitPath(parts []string) string {
	if len(parts) > maxPathParts {
		parts = append(parts[:maxPathParts:maxPathParts], "…")
	}
	return strings.Join(parts, ".")
}

// pathAt finds the property path at which raw stops being valid JSON, by
// walking its tokens until the decoder gives up. encoding/json reports
// only a byte offset for syntax errors; a path is what a user can act on.
func pathAt(raw []byte) string {
	type frame struct {
		object  bool   // an object, not an array
		key     string // the key whose value is being read
		inValue bool   // key is set and its value not yet complete
	}
	var stack []frame
	endValue := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].inValue = false
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				stack = append(stack, frame{object: v == '{'})
				continue
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			endValue()
		case string:
			if n := len(stack); n > 0 && stack[n-1].object && !stack[n-1].inValue {
				stack[n-1].key, stack[n-1].inValue = v, true
				continue
			}
			endValue()
		default:
			endValue()
		}
	}
	var parts []string
	for _, f := range stack {
		if f.object && f.inValue {
			parts = append(parts, f.key)
		}
	}
	return limitPath(parts)
}

// recordError puts the kind of record and, when it can be read, its id in
// front of err: a JSON-lines file mixes kinds, and an id is what a user
// searches the source for.
func recordError(kind string, raw []byte, err error) error {
	if id := peekID(raw); id != "" {
		return fmt.Errorf("%s %s: %w", kind, id, err)
	}
	return fmt.Errorf("%s: %w", kind, err)
}

// peekID reads the id of an object that failed to decode, if it has a
// readable one, trimmed and shortened for a message.
func peekID(raw []byte) string {
	var p struct {
		ID model.Opt[string] `json:"id"`
	}
	_ = json.Unmarshal(raw, &p) // Best effort: the record's real error is reported anyway.
	id, _ := p.ID.Get()
	if id == "" {
		return ""
	}
	if len(id) > 64 {
		id = id[:64] + "…"
	}
	for _, r := range id {
		if r == utf8.RuneError || r <= ' ' || r == '"' || r == '\\' || r == ':' {
			return fmt.Sprintf("%q", id)
		}
	}
	return id
}
