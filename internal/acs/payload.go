package acs

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// payload decodes the category-specific properties into the record's typed
// payload; categories without one keep their properties in Other.
func (d *decoder) payload(rec *model.ACSRecord) error {
	switch rec.Category {
	case model.ACSCallSummary, model.ACSCallSummaryUpdates:
		s := &model.ACSSummary{}
		if err := d.decodeTyped(s, "diagnosticOptions"); err != nil {
			return err
		}
		s.EndpointType = normEndpointType(s.EndpointType)
		s.CallDebuggingInfo = keepRaw(s.CallDebuggingInfo)
		rec.Summary = s
		d.known = summaryKeys
	case model.ACSCallDiagnostics, model.ACSCallDiagnosticsUpdates:
		s := &model.ACSDiagnostics{}
		if err := d.decodeTyped(s); err != nil {
			return err
		}
		s.EndpointType = normEndpointType(s.EndpointType)
		rec.Diagnostics = s
		d.known = diagnosticsKeys
	case model.ACSCallClientOperations:
		s := &model.ACSClientOperation{}
		if err := d.decodeTyped(s, "operationPayload"); err != nil {
			return err
		}
		rec.ClientOp = s
		d.known = clientOpKeys
	case model.ACSCallClientMediaStatsTimeSeries:
		s := &model.ACSMediaStats{}
		if err := d.decodeTyped(s); err != nil {
			return err
		}
		rec.MediaStats = s
		d.known = mediaStatsKeys
	case model.ACSCallSurvey:
		s := &model.ACSSurvey{}
		if err := d.decodeTyped(s); err != nil {
			return err
		}
		var a surveyAliases
		if err := d.decodeTyped(&a); err != nil {
			return err
		}
		a.apply(s)
		rec.Survey = s
		d.known = surveyKeys
	default:
		// Other: kept as they arrived, by unknown().
		d.known = nil
	}
	if rec.CorrelationID == "" {
		rec.CorrelationID = payloadCallID(rec)
	}
	return nil
}

// payloadCallID is the CallId column of the client-side categories, which
// carry no correlationId of their own.
func payloadCallID(rec *model.ACSRecord) string {
	switch {
	case rec.ClientOp != nil:
		return rec.ClientOp.CallID.Value()
	case rec.MediaStats != nil:
		return rec.MediaStats.CallID.Value()
	case rec.Survey != nil:
		return rec.Survey.CallID.Value()
	}
	return ""
}

// decodeTyped decodes the properties into dst. Properties named in dynamic
// are Log Analytics "dynamic" columns that the model keeps as JSON text; when
// they arrive as objects they are turned into their text first.
func (d *decoder) decodeTyped(dst any, dynamic ...string) error {
	b := d.raw
	if len(dynamic) > 0 {
		b = stringified(d.props, b, dynamic)
	}
	if err := unmarshal(b, dst); err != nil {
		return fieldError(d.prefix, "", err)
	}
	return nil
}

// stringified returns raw with the named object- or array-valued properties
// replaced by their JSON text, or raw itself when none needs it.
func stringified(o object, raw []byte, names []string) []byte {
	var changed object
	for _, k := range o.keys() {
		v := bytes.TrimSpace(o[k])
		if len(v) == 0 || (v[0] != '{' && v[0] != '[') {
			continue
		}
		for _, n := range names {
			if !strings.EqualFold(k, n) {
				continue
			}
			if changed == nil {
				changed = make(object, len(o))
				for kk, vv := range o {
					changed[kk] = vv
				}
			}
			var buf bytes.Buffer
			if json.Compact(&buf, v) != nil {
				continue
			}
			text, _ := json.Marshal(buf.String())
			changed[k] = text
		}
	}
	if changed == nil {
		return raw
	}
	out, err := json.Marshal(changed)
	if err != nil {
		return raw
	}
	return out
}

// keepRaw drops a raw value that says nothing (null, "null", "").
func keepRaw(r json.RawMessage) json.RawMessage {
	b := bytes.TrimSpace(r)
	switch string(b) {
	case "", "null", `"null"`, `""`:
		return nil
	}
	return r
}

// surveyAliases are the spellings of the survey thresholds in the published
// samples (…RatingScoreThreshold), which differ from the model's names
// (…RatingThreshold, the Log Analytics table's spelling for screen share).
type surveyAliases struct {
	Overall     model.Opt[float64] `json:"overallRatingScoreThreshold,omitzero"`
	Audio       model.Opt[float64] `json:"audioRatingScoreThreshold,omitzero"`
	Video       model.Opt[float64] `json:"videoRatingScoreThreshold,omitzero"`
	Screenshare model.Opt[float64] `json:"screenshareRatingScoreThreshold,omitzero"`
}

// apply fills the model's thresholds from the aliases where the model's own
// spelling was absent.
func (a surveyAliases) apply(s *model.ACSSurvey) {
	fill := func(dst *model.Opt[float64], alt model.Opt[float64]) {
		if dst.IsAbsent() {
			*dst = alt
		}
	}
	fill(&s.OverallThreshold, a.Overall)
	fill(&s.AudioThreshold, a.Audio)
	fill(&s.VideoThreshold, a.Video)
	fill(&s.ScreenshareThresh, a.Screenshare)
}

var (
	summaryKeys     = jsonNames(reflect.TypeFor[model.ACSSummary]())
	diagnosticsKeys = jsonNames(reflect.TypeFor[model.ACSDiagnostics]())
	clientOpKeys    = jsonNames(reflect.TypeFor[model.ACSClientOperation]())
	mediaStatsKeys  = jsonNames(reflect.TypeFor[model.ACSMediaStats]())
	surveyKeys      = jsonNames(reflect.TypeFor[model.ACSSurvey](), reflect.TypeFor[surveyAliases]())
)

// jsonNames returns the JSON names of the types' fields, as spelt and
// lower-cased: the properties encoding/json matches (without regard to
// case) into them. Most properties come as spelt, and are found without
// lower-casing them.
func jsonNames(types ...reflect.Type) map[string]bool {
	out := map[string]bool{}
	for _, t := range types {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			out[name] = true
			out[strings.ToLower(name)] = true
		}
	}
	return out
}
