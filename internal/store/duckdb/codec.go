package duckdb

import (
	"fmt"

	"github.com/callscope/callscope/internal/model"
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
