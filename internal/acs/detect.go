package acs

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// LooksLikeACS reports whether one JSON object is an ACS log record, so that
// a reader handed an unlabelled file (no storage path, stdin) can tell ACS
// logs from Graph call records before choosing a decoder.
//
// It accepts the Azure Monitor envelope (category / operationName naming an
// ACS calling category, with properties), Log Analytics rows (Type
// "ACSCallSummary"…, at the top level or wrapped in properties, as in the
// CallClientOperations, MediaStats, CallingMetrics and CallSurvey samples),
// and envelopes whose category is unknown but whose properties carry ACS
// call fields (participantId, endpointType, mediaType, callType) or
// callUpdatesVersion. It never decodes values; DecodeRecord may still
// reject a record this accepts.
func LooksLikeACS(raw []byte) bool {
	top := peekObject(raw)
	if top == nil {
		return false
	}
	if namesCategory(top) {
		return true // as every record of a storage export does
	}
	var props object
	if _, v, ok := top.find("properties"); ok {
		props = nestedObject(v)
	}
	if props == nil {
		return false
	}
	if namesCategory(props) {
		return true
	}
	_, _, hasCat := top.find("category", "operationName")
	if !hasCat {
		return false
	}
	_, _, acsField := props.find("callUpdatesVersion", "participantId", "endpointType", "mediaType", "callType")
	return acsField
}

// namesCategory reports whether o names an ACS category, a Log Analytics
// table or an operation of one.
func namesCategory(o object) bool {
	if _, ok := knownCategory(textOf(o, "category")); ok {
		return true
	}
	if _, ok := categoryFromTable(textOf(o, "type")); ok {
		return true
	}
	_, ok := categoryFromOperation(textOf(o, "operationName"))
	return ok
}

// peekObject reads the top-level members of a JSON object without
// decoding their values, or returns nil for anything but an object: every
// Graph record an unlabelled file holds passes through LooksLikeACS, and
// records run to megabytes.
func peekObject(raw []byte) object {
	b := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(raw), bom))
	o := object{}
	if !model.EachMember(b, func(k string, v []byte) {
		o[k] = v // the last of duplicates, as a decoder takes it
	}) {
		return nil
	}
	return o
}

// nestedObject parses a properties value: an object, or a JSON string
// holding one; nil otherwise.
func nestedObject(v json.RawMessage) object {
	if isObject(v) {
		o, err := parseObject(v)
		if err == nil {
			return o
		}
		return nil
	}
	var s string
	if json.Unmarshal(v, &s) != nil || !strings.HasPrefix(strings.TrimSpace(s), "{") {
		return nil
	}
	o, err := parseObject([]byte(s))
	if err != nil {
		return nil
	}
	return o
}

// textOf returns a string property, or "" when it is absent, null or not
// a string.
func textOf(o object, name string) string {
	var v model.Opt[string]
	if _, err := readOpt(o, "", &v, name); err != nil {
		return ""
	}
	return v.Value()
}
