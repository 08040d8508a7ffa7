package graph

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// DecodeCallRecord decodes one callRecord object, as GET
// /communications/callRecords/{id} returns it or as one element of a List
// callRecords page, with whatever it has inline: sessions, segments,
// organizer_v2, participants_v2 and the nextLinks of their first pages.
//
// It rejects a record only when it cannot be read, with a *FieldError
// (wrapped with the record's kind and id): a value of the wrong type, an
// id that is missing or empty, a version that is missing or below 1.
// Everything else, including unknown properties, which land in Extra, is
// kept. The result has been through Normalize.
func DecodeCallRecord(raw []byte) (*model.Call, error) {
	c, _, err := DecodeCallRecordWithLeniency(raw)
	return c, err
}

// DecodeCallRecordWithLeniency is DecodeCallRecord, also saying what the
// record was accepted with that strict JSON does not allow.
func DecodeCallRecordWithLeniency(raw []byte) (*model.Call, Leniency, error) {
	return decodeCallRecord(raw, generatedFirst)
}

func decodeCallRecord(raw []byte, way decodeWay) (*model.Call, Leniency, error) {
	fresh := func() *wireCall { return &wireCall{Call: new(model.Call)} }
	w, generated := decodeGenerated(raw, way, fresh)
	var lenient Leniency
	if !generated {
		var err error
		if w, lenient, err = unmarshal(raw, fresh); err != nil {
			return nil, 0, recordError("callRecord", raw, asFieldError(raw, err))
		}
	}
	id, ok := w.ID.Get()
	if id = strings.TrimSpace(id); !ok || id == "" {
		return nil, 0, recordError("callRecord", raw, missingField("id", "every callRecord has one"))
	}
	version, ok := w.Version.Get()
	if !ok {
		return nil, 0, recordError("callRecord", raw, missingField("version", "every callRecord has one; it tells a newer copy from an older"))
	}
	if version < 1 {
		return nil, 0, recordError("callRecord", raw, &FieldError{Field: "version", Problem: "expected a positive integer, got " + w.Version.String()})
	}

	c := w.call()
	c.ID, c.Version = id, version
	// Facts that are callscope's, not Graph's: ingest supplies the tenant,
	// and a record read whole is never partial.
	c.Tenant, c.Partial, c.ACS = "", false, nil

	if !generated {
		model.CollectUnknown(raw, c)
	}
	w.keepShadowed()
	Normalize(c)
	return c, lenient, nil
}

// DecodeSession decodes one element of a sessions list page (GET
// …/callRecords/{id}/sessions, with or without $expand=segments). The
// record it belongs to comes from the page's @odata.context; see
// ParseContext. A session without an id is rejected, since a page of
// sessions is merged into its record by id and position.
func DecodeSession(raw []byte) (*model.Session, error) { return decodeSession(raw, generatedFirst) }

func decodeSession(raw []byte, way decodeWay) (*model.Session, error) {
	w, generated := decodeGenerated(raw, way, newWireSession)
	if !generated {
		var err error
		if w, _, err = unmarshal(raw, newWireSession); err != nil {
			return nil, recordError("session", raw, asFieldError(raw, err))
		}
	}
	s := w.session()
	if id, ok := s.ID.Get(); !ok || id == "" {
		return nil, recordError("session", raw, missingField("id", "every session has one"))
	}
	s.ACS = nil

	if !generated {
		model.CollectUnknown(raw, s)
	}
	w.keepShadowed()
	dropNils(s)
	return s, nil
}

// DecodeParticipant decodes one element of a participants_v2 list page
// (GET …/callRecords/{id}/participants_v2). Participant ids are not
// unique, even within a record (the docs example repeats one), but a
// participant without an id is rejected: it could not be matched to
// anything.
func DecodeParticipant(raw []byte) (*model.CallParticipant, error) {
	return decodeParticipant(raw, generatedFirst)
}

func decodeParticipant(raw []byte, way decodeWay) (*model.CallParticipant, error) {
	// @unknown, the wire type's only shadow, the generated decoding
	// leaves out by itself.
	p, generated := decodeGenerated(raw, way, func() *model.CallParticipant { return new(model.CallParticipant) })
	if !generated {
		w, _, err := unmarshal(raw, func() *wireParticipant { return &wireParticipant{CallParticipant: new(model.CallParticipant)} })
		if err != nil {
			return nil, recordError("participant", raw, asFieldError(raw, err))
		}
		if p = w.CallParticipant; p == nil {
			p = new(model.CallParticipant)
		}
	}
	if id, ok := p.ID.Get(); !ok || id == "" {
		return nil, recordError("participant", raw, missingField("id", "every participant has one"))
	}

	if !generated {
		model.CollectUnknown(raw, p)
	}
	dropNils(p)
	return p, nil
}
