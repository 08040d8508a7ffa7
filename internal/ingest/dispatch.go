package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

var errNotTelemetry = errors.New("not a Graph call record, a page of one, a usage row or an ACS log record")

// what a decoded element turned out to be.
type what int

const (
	isRejected what = iota
	isCall
	isSession
	isParticipant
	isUsage
	isACS
	isNotification
	isSubscription
	// isList: a whole list page on one line of JSON lines (a page of
	// participants_v2 or sessions after its record), read element by
	// element in file order (run.expandList).
	isList
)

// decoded is one element after decoding: pure work, done in parallel.
type decoded struct {
	e           element
	what        what
	err         error
	callID      string // the call a session or participant page belongs to
	call        *model.Call
	enc         *store.EncodedCall // the call encoded, when the store takes that
	lenient     graph.Leniency
	session     *model.Session
	participant *model.CallParticipant
	usage       *model.UsageRow
	acs         store.ACSRecord
}

// decode works out what an element is and decodes it. It touches no
// shared state, so that elements of a file decode in parallel.
func (r *run) decode(hint model.ACSCategory, e element) decoded {
	d := r.decodeElement(hint, e)
	if d.err != nil && e.err == nil && !json.Valid(e.raw) {
		// Lines are not validated as they are read (the decoders do
		// that); a rejected one that is not JSON at all says so.
		d.err = syntaxProblem(e.raw)
	}
	return d
}

func (r *run) decodeElement(hint model.ACSCategory, e element) decoded {
	d := decoded{e: e}
	if e.err != nil {
		d.err = e.err
		return d
	}
	if e.listContext != "" {
		kind, callID := graph.ParseContext(e.listContext)
		switch kind {
		case graph.ListCallRecords:
			return r.decodeCall(d)
		case graph.ListSessions:
			return decodeSession(d, callID)
		case graph.ListParticipants:
			return decodeParticipant(d, callID)
		case graph.ListPSTNCalls, graph.ListDirectRoutingCalls, graph.ListSMSLog:
			u, _ := kind.UsageKind()
			return decodeUsage(d, u)
		}
	}
	if acs.LooksLikeACS(e.raw) {
		rec, err := acs.DecodeRecord(e.raw, hint)
		if err != nil {
			d.err = fmt.Errorf("ACS record: %w", err)
			return d
		}
		d.what, d.acs = isACS, acsRow(rec)
		if r.encoded {
			// Encoded here, on every core, like calls, rather than by
			// the store's single writer.
			if err := store.EncodeACSRecord(&d.acs); err != nil {
				d.err = fmt.Errorf("ACS record: %w", err)
			}
		}
		return d
	}
	obj := graph.Classify(e.raw)
	switch obj.Kind {
	case graph.ObjectCallRecord:
		return r.decodeCall(d)
	case graph.ObjectSession:
		return decodeSession(d, "")
	case graph.ObjectParticipant:
		return decodeParticipant(d, "")
	case graph.ObjectUsage:
		return decodeUsage(d, obj.Usage)
	case graph.ObjectNotification:
		d.what = isNotification
		return d
	case graph.ObjectSubscription:
		d.what = isSubscription
		return d
	case graph.ObjectList:
		if e.listContext == "" {
			d.what = isList
			return d
		}
	}
	d.err = errNotTelemetry
	return d
}

func (r *run) decodeCall(d decoded) decoded {
	c, lenient, err := graph.DecodeCallRecordWithLeniency(d.e.raw)
	if err != nil {
		d.err = fmt.Errorf("call record: %w", err)
		return d
	}
	c.Tenant = r.opts.Tenant
	if r.opts.Prepare != nil {
		r.opts.Prepare(c)
	}
	if r.encoded && c.SessionsNextLink == "" && c.ParticipantsNextLink == "" {
		// Encoded here, on every core, rather than by the store's single
		// writer; the model then goes once its few remaining uses are done.
		// A record whose pages may follow waits for them as a model.
		encode := store.EncodeCall
		if r.mostlyUnchanged.Load() {
			encode = store.EncodeCallLight
		}
		if d.enc, err = encode(c); err != nil {
			d.err = fmt.Errorf("call record: %w", err)
			return d
		}
	}
	d.what, d.call, d.lenient = isCall, c, lenient
	return d
}

func decodeSession(d decoded, callID string) decoded {
	if callID == "" {
		d.err = errors.New("a session with no call record: the page's @odata.context must name the call (callRecords('<id>')/sessions)")
		return d
	}
	s, err := graph.DecodeSession(d.e.raw)
	if err != nil {
		d.err = fmt.Errorf("session: %w", err)
		return d
	}
	d.what, d.session, d.callID = isSession, s, callID
	return d
}

func decodeParticipant(d decoded, callID string) decoded {
	if callID == "" {
		d.err = errors.New("a participant with no call record: the page's @odata.context must name the call (callRecords('<id>')/participants_v2)")
		return d
	}
	p, err := graph.DecodeParticipant(d.e.raw)
	if err != nil {
		d.err = fmt.Errorf("participant: %w", err)
		return d
	}
	d.what, d.participant, d.callID = isParticipant, p, callID
	return d
}

func decodeUsage(d decoded, kind model.UsageKind) decoded {
	row, err := graph.DecodeUsageRow(kind, d.e.raw)
	if err != nil {
		d.err = fmt.Errorf("%s usage row: %w", kind, err)
		return d
	}
	d.what, d.usage = isUsage, row
	return d
}

// expandList reads a list page that came as one line of JSON lines and
// applies its elements, in order. Such pages are few and small beside the
// records, so they are decoded here rather than on every core.
func (r *run) expandList(fs *fileState, hint model.ACSCategory, e element) error {
	err := readDocument(bufio.NewReader(bytes.NewReader(e.raw)), e.line-1, r.opts.MaxRecordBytes, func(el element) error {
		return r.apply(fs, r.decode(hint, el))
	})
	var fe *fileError
	if errors.As(err, &fe) {
		r.reject(fs.in, e.line, fe.err, e.raw)
		return nil
	}
	return err
}

// apply queues what one decoded element holds for storing, in file order.
func (r *run) apply(fs *fileState, d decoded) error {
	switch d.what {
	case isRejected:
		r.reject(fs.in, d.e.line, d.err, d.e.raw)
		return nil
	case isNotification:
		fs.notifications++
		return nil
	case isSubscription:
		fs.subscriptions++
		return nil
	}
	r.sum.Records++
	switch d.what {
	case isCall:
		r.noteIncomplete(fs, d.e.line, d.call)
		r.noteLenient(fs, d.e.line, d.lenient)
		p := pendingCall{call: d.call, enc: d.enc, file: fs.in.name, line: d.e.line}
		if d.enc != nil {
			p.call = nil
		}
		return r.queueCall(p, len(d.e.raw))
	case isSession:
		r.incomplete.paged(pageKey{sessions: true, callID: d.callID})
		c := r.partial(d.callID)
		c.Sessions = append(c.Sessions, d.session)
		return r.queueCall(pendingCall{call: c, file: fs.in.name, line: d.e.line}, len(d.e.raw))
	case isParticipant:
		r.incomplete.paged(pageKey{callID: d.callID})
		c := r.partial(d.callID)
		c.ParticipantsV2 = append(c.ParticipantsV2, d.participant)
		return r.queueCall(pendingCall{call: c, file: fs.in.name, line: d.e.line}, len(d.e.raw))
	case isUsage:
		r.usage = append(r.usage, d.usage)
		if len(r.usage) >= rowBatch {
			return r.flushUsage()
		}
	case isACS:
		r.acs = append(r.acs, d.acs)
		if len(r.acs) >= rowBatch {
			return r.flushACS(false)
		}
	}
	return nil
}

// noteLenient tells the reader about a record stored although it is not
// strict JSON.
func (r *run) noteLenient(fs *fileState, line int, l graph.Leniency) {
	if l != 0 {
		r.sum.Lenient = append(r.sum.Lenient, Problem{File: fs.in.name, Line: line, Error: "stored, but it has " + l.String()})
	}
}

func (r *run) noteIncomplete(fs *fileState, line int, c *model.Call) {
	if c.SessionsNextLink != "" {
		r.incomplete.note(pageKey{sessions: true, callID: c.ID}, Problem{File: fs.in.name, Line: line,
			Error: fmt.Sprintf("call %s: more sessions on a page not in the input (sessions@odata.nextLink)", c.ID)})
	}
	if c.ParticipantsNextLink != "" {
		r.incomplete.note(pageKey{callID: c.ID}, Problem{File: fs.in.name, Line: line,
			Error: fmt.Sprintf("call %s: more participants on a page not in the input (participants_v2@odata.nextLink)", c.ID)})
	}
}

// partial returns the queued partial call of callID, so that one page
// becomes one write, or a new one.
func (r *run) partial(callID string) *model.Call {
	for i := len(r.calls) - 1; i >= 0; i-- {
		if c := r.calls[i].call; c != nil && c.Partial && c.ID == callID {
			r.calls = append(r.calls[:i], r.calls[i+1:]...)
			return c
		}
	}
	return &model.Call{Tenant: r.opts.Tenant, Source: model.SourceGraph, ID: callID, Partial: true}
}

func (r *run) queueCall(p pendingCall, size int) error {
	r.calls = append(r.calls, p)
	r.callBytes += size
	if len(r.calls) >= callBatch || r.callBytes >= callBatchBytes {
		return r.flushCalls()
	}
	return nil
}
