package acs

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// DecodeRecord decodes one ACS log record: the common Azure Monitor envelope
// with its properties (storage export, Event Hubs), or a Log Analytics row
// (PascalCase columns, at the top level or wrapped in "properties").
//
// hint, when not empty, is the category taken from the storage path and
// wins over the record's own category text, because the Updates samples
// wrongly say CallSummary / CallDiagnostics. A record that carries
// callUpdatesVersion, in any casing, is an Updates record whatever its hint
// or text says: the field exists only in the Updates categories.
//
// Input is read leniently (see the package documentation); an error is
// returned only for what cannot be read: input that is not one JSON object
// (ErrNotObject), a record whose category cannot be determined, a call
// record without a call id, or a value that is not of its field's type
// (*FieldError naming the field, e.g. "properties.jitterAvg").
func DecodeRecord(raw []byte, hint model.ACSCategory) (*model.ACSRecord, error) {
	top, err := parseObject(raw)
	if err != nil {
		return nil, err
	}
	d := &decoder{top: top, usedTop: map[string]bool{}, usedProps: map[string]bool{}}
	if err := d.locateProperties(raw); err != nil {
		return nil, err
	}
	rec := &model.ACSRecord{}
	if err := d.category(rec, hint); err != nil {
		return nil, err
	}
	if err := d.envelope(rec); err != nil {
		return nil, err
	}
	if err := d.payload(rec); err != nil {
		return nil, err
	}
	if err := requireCall(rec); err != nil {
		return nil, err
	}
	d.unknown(rec)
	return rec, nil
}

// decoder holds one record while it is decoded.
type decoder struct {
	top object
	// props is the category-specific part: the properties object, or top
	// itself for a flat Log Analytics row.
	props  object
	raw    []byte // props as JSON text
	prefix string // how fields of props are named in errors
	flat   bool

	// used marks the keys whose values went into a record field; every
	// other key is kept as unknown.
	usedTop, usedProps map[string]bool
	// known holds the property names the category's payload type takes,
	// as spelt and lower-cased (jsonNames).
	known map[string]bool
}

// locateProperties finds the category-specific properties: an object, a
// JSON string holding one (Log Analytics dynamic columns exported as
// text), null (no properties), or nothing at all (a flat row).
func (d *decoder) locateProperties(raw []byte) error {
	key, v, ok := d.top.find("properties")
	if !ok {
		d.flat, d.props, d.prefix = true, d.top, ""
		d.raw = bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(raw), bom))
		d.usedProps = d.usedTop
		return nil
	}
	d.usedTop[key] = true
	d.prefix = "properties"
	if key != "properties" {
		d.prefix = key
	}
	var text string
	switch {
	case isNull(v):
		d.props, d.raw = object{}, []byte("{}")
		return nil
	case isObject(v):
		d.raw = v
		o, err := parseMember(v)
		if err != nil {
			return &FieldError{Field: d.prefix, Problem: "expected an object, got " + abbreviate(string(v))}
		}
		d.props = o
		return nil
	case json.Unmarshal(v, &text) == nil:
		text = strings.TrimSpace(text)
		if strings.EqualFold(text, "null") || text == "" {
			d.props, d.raw = object{}, []byte("{}")
			return nil
		}
		if !strings.HasPrefix(text, "{") {
			return &FieldError{Field: d.prefix, Problem: "expected an object, got " + abbreviate(string(v))}
		}
		d.raw = []byte(text)
	default:
		return &FieldError{Field: d.prefix, Problem: "expected an object, got " + abbreviate(string(v))}
	}
	o, err := parseObject(d.raw)
	if err != nil {
		return &FieldError{Field: d.prefix, Problem: "expected an object, got " + abbreviate(string(v))}
	}
	d.props = o
	return nil
}

// abbreviate shortens a raw value for an error message.
func abbreviate(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// hit is where an envelope value was found.
type hit struct {
	inProps bool
	key     string
}

// use marks a key as consumed.
func (d *decoder) use(h hit) {
	if h.key == "" {
		return
	}
	if h.inProps {
		d.usedProps[h.key] = true
	} else {
		d.usedTop[h.key] = true
	}
}

// envelopeOpt reads an envelope value from the top level, then, for Log
// Analytics rows wrapped in properties, from the row itself.
func envelopeOpt[T string | int64 | time.Time](d *decoder, dst *model.Opt[T], topNames, propNames []string) (hit, error) {
	key, err := readOpt(d.top, "", dst, topNames...)
	if err != nil {
		return hit{}, err
	}
	h := hit{key: key}
	if dst.Valid() || d.flat || len(propNames) == 0 {
		return h, nil
	}
	var alt model.Opt[T]
	pkey, err := readOpt(d.props, d.prefix, &alt, propNames...)
	if err != nil {
		return hit{}, err
	}
	if pkey != "" && (alt.Valid() || key == "") {
		*dst = alt
		return hit{inProps: true, key: pkey}, nil
	}
	return h, nil
}

// category determines the record's category and its Updates version.
func (d *decoder) category(rec *model.ACSRecord, hint model.ACSCategory) error {
	var catText, typeText, opText model.Opt[string]
	catHit, err := envelopeOpt(d, &catText, []string{"category"}, []string{"category"})
	if err != nil {
		return err
	}
	typeHit, err := envelopeOpt(d, &typeText, []string{"type"}, []string{"type"})
	if err != nil {
		return err
	}
	if _, err := envelopeOpt(d, &opText, []string{"operationName"}, []string{"operationName"}); err != nil {
		return err
	}

	var cat model.ACSCategory
	if h := strings.TrimSpace(string(hint)); h != "" {
		cat = model.ACSCategory(h)
		if c, ok := knownCategory(h); ok {
			cat = c
		}
	} else if c, ok := knownCategory(catText.Value()); ok {
		cat = c
	} else if c, ok := categoryFromTable(typeText.Value()); ok {
		cat = c
	} else if c, ok := categoryFromOperation(opText.Value()); ok {
		cat = c
	} else if t := strings.TrimSpace(catText.Value()); t != "" {
		cat = model.ACSCategory(t)
	} else {
		return missing("category", "no path hint, category, Type or operationName names an ACS log category")
	}

	var ver model.Opt[int64]
	key, err := readOpt(d.props, d.prefix, &ver, "callUpdatesVersion")
	if err != nil {
		return err
	}
	h := hit{inProps: true, key: key}
	if key == "" && !d.flat {
		if key, err = readOpt(d.top, "", &ver, "callUpdatesVersion"); err != nil {
			return err
		}
		h = hit{key: key}
	}
	if h.key != "" {
		d.use(h)
		cat = updatesOf(cat)
		rec.UpdatesVersion = ver.Value()
	}
	rec.Category = cat

	// The category and table texts are consumed when they agree with the
	// result; a disagreeing text (an Updates record that says CallSummary)
	// stays in Extra so that nothing the record said is lost.
	if !catText.Valid() || strings.EqualFold(strings.TrimSpace(catText.Value()), string(cat)) {
		d.use(catHit)
	}
	if c, ok := categoryFromTable(typeText.Value()); !typeText.Valid() || ok && c == cat {
		d.use(typeHit)
	}
	return nil
}

// envelope reads the common-schema fields.
func (d *decoder) envelope(rec *model.ACSRecord) error {
	h, err := envelopeOpt(d, &rec.Time, []string{"time", "TimeGenerated"}, []string{"TimeGenerated", "time"})
	if err != nil {
		return err
	}
	d.use(h)
	if h, err = envelopeOpt(d, &rec.ResourceID, []string{"resourceId", "_ResourceId"}, []string{"_ResourceId", "resourceId"}); err != nil {
		return err
	}
	d.use(h)
	if h, err = envelopeOpt(d, &rec.OperationName, []string{"operationName"}, []string{"operationName"}); err != nil {
		return err
	}
	d.use(h)
	if h, err = envelopeOpt(d, &rec.OperationVer, []string{"operationVersion"}, []string{"operationVersion"}); err != nil {
		return err
	}
	d.use(h)
	var corr model.Opt[string]
	if h, err = envelopeOpt(d, &corr, []string{"correlationId"}, []string{"correlationId"}); err != nil {
		return err
	}
	d.use(h)
	rec.CorrelationID = corr.Value()
	return nil
}

// requireCall rejects a call record that names no call: it could never be
// assembled, and storing it would hide the loss.
func requireCall(rec *model.ACSRecord) error {
	switch rec.Category {
	case model.ACSCallSummary, model.ACSCallSummaryUpdates,
		model.ACSCallDiagnostics, model.ACSCallDiagnosticsUpdates:
		if rec.CorrelationID == "" {
			return missing("correlationId", "the record names no call")
		}
	case model.ACSCallClientOperations, model.ACSCallClientMediaStatsTimeSeries, model.ACSCallSurvey:
		if CallID(rec) == "" {
			return missing("correlationId", "neither correlationId nor CallId names the call")
		}
	}
	return nil
}

// anyUnknown reports whether some property went into no field, without
// the sorting and copying of unknown: most records have none.
func (d *decoder) anyUnknown() bool {
	if !d.flat {
		for k := range d.top {
			if !d.usedTop[k] {
				return true
			}
		}
	}
	for k := range d.props {
		if !d.usedProps[k] && !d.known[k] && !d.known[strings.ToLower(k)] {
			return true
		}
	}
	return false
}

// unknown keeps every property no field took, copied out of the input
// (which parseObject does not copy): top-level ones in Extra under
// their names, properties' ones in Extra under their names too (or
// "properties.<name>" when the top level already used the name), or in
// Other for categories without a typed payload.
func (d *decoder) unknown(rec *model.ACSRecord) {
	if !d.anyUnknown() {
		return
	}
	extra := model.Extra{}
	if !d.flat {
		for _, k := range d.top.keys() {
			if !d.usedTop[k] {
				extra[k] = bytes.Clone(d.top[k])
			}
		}
	}
	var other map[string]json.RawMessage
	for _, k := range d.props.keys() {
		if d.usedProps[k] || d.known[k] || d.known[strings.ToLower(k)] {
			continue
		}
		if d.known == nil {
			if other == nil {
				other = map[string]json.RawMessage{}
			}
			other[k] = bytes.Clone(d.props[k])
			continue
		}
		name := k
		if _, taken := extra[name]; taken {
			name = "properties." + k
		}
		if _, taken := extra[name]; !taken {
			extra[name] = bytes.Clone(d.props[k])
		}
	}
	if len(extra) > 0 {
		rec.Extra = extra
	}
	if other != nil {
		rec.Other = other
	}
}
