package acs

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// CallID returns the id of the call a record belongs to, the key ingest
// groups records by before Assemble.
//
// Summary and diagnostics records name the call by correlationId. The
// client-side categories name it by CallId: client operations and media
// statistics have no other call id, and the survey's CorrelationId holds the
// participant id (Log Analytics ACSCallSurvey: "This field contains the
// participant ID"), so its CallId is used and correlationId only as a
// fall-back. CallingMetrics (daily aggregates), CallClientServiceRequestAndOutcome
// and unknown categories belong to no call and return "".
func CallID(r *model.ACSRecord) string {
	if r == nil {
		return ""
	}
	var payload string
	switch r.Category {
	case model.ACSCallSummary, model.ACSCallSummaryUpdates,
		model.ACSCallDiagnostics, model.ACSCallDiagnosticsUpdates:
		return strings.TrimSpace(r.CorrelationID)
	case model.ACSCallClientOperations:
		if r.ClientOp != nil {
			payload = r.ClientOp.CallID.Value()
		}
	case model.ACSCallClientMediaStatsTimeSeries:
		if r.MediaStats != nil {
			payload = r.MediaStats.CallID.Value()
		}
	case model.ACSCallSurvey:
		if r.Survey != nil {
			payload = r.Survey.CallID.Value()
		}
	default:
		return ""
	}
	if p := strings.TrimSpace(payload); p != "" {
		return p
	}
	return strings.TrimSpace(r.CorrelationID)
}

// RecordKey identifies a record within its call so that versions can be
// compared: two records with the same key are versions of the same thing,
// and the one with the higher UpdatesVersion (0 for the final CallSummary /
// CallDiagnostics snapshots) is current. The key starts with the call id,
// so keys of different calls never collide.
//
//   - summaries: one per participantId (group) or endpointId (P2P; else
//     identifier), server rows apart from the participant's; CallSummary and
//     CallSummaryUpdates of one participant share the key;
//   - diagnostics: one per stream: participantId, endpointId, server or not,
//     mediaType and streamId (and the identifier when neither id is there);
//     CallDiagnostics and CallDiagnosticsUpdates of one stream share the key;
//   - client operations and surveys: their OperationId / SurveyId;
//   - media statistics: the stream, metric and time bucket;
//   - anything else, or a record lacking those ids: a hash of its content,
//     so that only an identical record counts as the same.
func RecordKey(r *model.ACSRecord) string {
	if r == nil {
		return ""
	}
	call := CallID(r)
	if call == "" {
		call = strings.TrimSpace(r.CorrelationID)
	}
	var parts []string
	switch {
	case r.Summary != nil:
		s := r.Summary
		switch {
		case idOf(s.ParticipantID) != "":
			parts = []string{"summary", "participant", idOf(s.ParticipantID)}
		case idOf(s.EndpointID) != "":
			parts = []string{"summary", "endpoint", hashID(idOf(s.EndpointID))}
		case idOf(s.Identifier) != "":
			parts = []string{"summary", "identifier", hashID(idOf(s.Identifier))}
		default:
			parts = []string{"summary", "content", contentHash(r)}
		}
		if isServer(s.EndpointType) {
			parts = append(parts, "server")
		}
	case r.Diagnostics != nil:
		s := r.Diagnostics
		side := "client"
		if isServer(s.EndpointType) {
			side = "server"
		}
		parts = []string{"stream", idOf(s.ParticipantID), hashID(idOf(s.EndpointID)), side,
			strings.ToLower(idOf(s.MediaType)), idOf(s.StreamID)}
		if idOf(s.ParticipantID) == "" && idOf(s.EndpointID) == "" {
			// Nothing says whose stream it is: the identifier, or the
			// content, keeps apart rows that would otherwise collide.
			if id := idOf(s.Identifier); id != "" {
				parts = append(parts, hashID(id))
			} else {
				parts = append(parts, contentHash(r))
			}
		}
	case r.ClientOp != nil && idOf(r.ClientOp.OperationID) != "":
		parts = []string{"clientOperation", idOf(r.ClientOp.OperationID)}
	case r.Survey != nil && idOf(r.Survey.SurveyID) != "":
		parts = []string{"survey", idOf(r.Survey.SurveyID)}
	case r.MediaStats != nil:
		m := r.MediaStats
		parts = []string{"mediaStats", idOf(m.ParticipantID), idOf(m.ClientInstanceID), hashID(idOf(m.EndpointID)),
			idOf(m.MediaStreamID), strings.ToLower(idOf(m.MediaStreamType)), strings.ToLower(idOf(m.MediaStreamDirection)),
			idOf(m.RemoteParticipantID), hashID(idOf(m.RemoteEndpointID)), idOf(m.MetricName), m.CallClientTimeStamp.String()}
	default:
		parts = []string{string(r.Category), contentHash(r)}
	}
	var b strings.Builder
	b.WriteString(strconv.Quote(call))
	for _, p := range parts {
		b.WriteByte('|')
		b.WriteString(strconv.Quote(p))
	}
	return b.String()
}

// hashID stands for a personal identifier (a user or endpoint id) inside
// a key: keys outlive the retention that clears it from the record.
func hashID(id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(id))
	return "h:" + hex.EncodeToString(sum[:12])
}

// idOf returns an id's text, or "" when it is absent or null.
func idOf(o model.Opt[string]) string {
	return strings.TrimSpace(o.Value())
}

// contentHash identifies a record by everything it says except its
// version, which is what versions of one record differ in.
func contentHash(r *model.ACSRecord) string {
	c := *r
	c.UpdatesVersion = 0
	c.Category = family(c.Category)
	b, err := json.Marshal(&c)
	if err != nil {
		b = []byte(r.Category)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// family maps an Updates category to its final-snapshot category.
func family(c model.ACSCategory) model.ACSCategory {
	switch c {
	case model.ACSCallSummaryUpdates:
		return model.ACSCallSummary
	case model.ACSCallDiagnosticsUpdates:
		return model.ACSCallDiagnostics
	}
	return c
}
