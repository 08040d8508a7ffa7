package acs

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// ErrNotObject is returned by DecodeRecord for input that is not one JSON
// object (an array, a number, broken JSON…). Callers that split containers
// use it to tell "this line is not a record" from "this record is bad".
var ErrNotObject = errors.New("not a JSON object")

// FieldError says which field of a record could not be used and why, so that
// a rejected line can be reported with file, line, field and expectation
// without the reader having to know encoding/json's wording.
//
// Field is the path in the record: "correlationId", "category",
// "properties.jitterAvg". Typed properties are named as the schema spells
// them (properties.jitterAvg also for an input key JitterAvg); other keys
// as they arrived. Problem is lower-case prose.
type FieldError struct {
	Field   string
	Problem string
}

// Error formats the error as "field: problem".
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Problem
	}
	return e.Field + ": " + e.Problem
}

// missing returns the error for a required field that is absent or null.
func missing(field, why string) *FieldError {
	p := "missing"
	if why != "" {
		p += ": " + why
	}
	return &FieldError{Field: field, Problem: p}
}

// fieldError turns an encoding/json error met while decoding the object at
// prefix ("properties" or "" for the top level) into a FieldError.
func fieldError(prefix, name string, err error) error {
	if err == nil {
		return nil
	}
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		field := ute.Field
		if field == "" {
			field = name
		}
		return &FieldError{
			Field:   join(prefix, field),
			Problem: fmt.Sprintf("expected %s, got %s", model.ExpectedJSON(ute.Type), model.ShownJSON(ute.Value)),
		}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	return &FieldError{Field: join(prefix, name), Problem: msg}
}

func join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	}
	return prefix + "." + field
}
