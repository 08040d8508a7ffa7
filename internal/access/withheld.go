package access

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// Withheld reports whether a value is one Microsoft withheld rather than
// delivered: absent, null, empty or blank, the string "null", or
// "Redacted" (in any case). Pages show such a value as withheld, never as
// "", "null" or a value found elsewhere, and redaction leaves it exactly as
// it arrived: a withheld name is never filled in, not even with "Internal
// User", since that would claim knowledge Microsoft did not give.
func Withheld(o model.Opt[string]) bool {
	v, ok := o.Get()
	return !ok || WithheldText(v)
}

// WithheldText is Withheld for a string that is present.
func WithheldText(v string) bool {
	v = strings.TrimSpace(v)
	return v == "" || strings.EqualFold(v, "null") || strings.EqualFold(v, "redacted")
}
