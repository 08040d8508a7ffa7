package acs

import (
	"encoding/json"

	"github.com/callscope/callscope/internal/model"
)

// The decoder reads a record's objects and its typed payload with the
// faster engine (model.DecodeJSON), with encoding/json's results and
// errors: decoding with encoding/json alone was most of the cost of
// ingesting ACS exports. FuzzFastDecodeMatches holds the two together.

// fastDecoding is false only in tests that compare with encoding/json.
var fastDecoding = true

// unmarshal decodes raw into dst, a pointer, as json.Unmarshal would.
func unmarshal(raw []byte, dst any) error {
	if fastDecoding {
		return model.DecodeJSON(raw, dst)
	}
	return json.Unmarshal(raw, dst)
}
