package ingest

import (
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
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
)

// decoded is one element after decoding: pure work, done in parallel.
type decoded struct {
	e           element
	what        what
	err         error
	callID      string // the call a session or participant page belongs to
	call        *model.Call
	session     *model.Session
	participant *model.CallParticipant
	usage       *model.UsageRow
	acs         *model.ACSRecord
}

// decode works out what an element is and decodes it. It touches no
// shared state, so that elements of a file decode in parallel.
func (r *run) decode(hint model.ACSCategory, e element) decoded {
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
		d.what, d.acs = isACS, rec
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
	}
	d.err = errNotTelemetry
	return d
}

func (r *run) decodeCall(d decoded) decoded {
	c, err := graph.DecodeCallRecord(d.e.raw)
	if err != nil {
		d.err = fmt.Errorf("call record: %w", err)
		return d
	}
	c.Tenant = r.opts.Tenant
	if r.opts.Prepare != nil {
		r.opts.Prepare(c)
	}
	d.what, d.call = isCall, c
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
		return r.queueCall(d.call, fs.in.name, d.e.line)
	case isSession:
		c := r.partial(d.callID)
		c.Sessions = append(c.Sessions, d.session)
		return r.queueCall(c, fs.in.name, d.e.line)
	case isParticipant:
		c := r.partial(d.callID)
		c.ParticipantsV2 = append(c.ParticipantsV2, d.participant)
		return r.queueCall(c, fs.in.name, d.e.line)
	case isUsage:
		r.usage = append(r.usage, d.usage)
		if len(r.usage) >= rowBatch {
			return r.flushUsage()
		}
	case isACS:
		r.acs = append(r.acs, acsRow(d.acs))
		if len(r.acs) >= rowBatch {
			return r.flushACS(false)
		}
	}
	return nil
}

func (r *run) noteIncomplete(fs *fileState, line int, c *model.Call) {
	if c.SessionsNextLink != "" {
		r.sum.Incomplete = append(r.sum.Incomplete, Problem{File: fs.in.name, Line: line,
			Error: fmt.Sprintf("call %s: more sessions on a page not in the input (sessions@odata.nextLink)", c.ID)})
	}
	if c.ParticipantsNextLink != "" {
		r.sum.Incomplete = append(r.sum.Incomplete, Problem{File: fs.in.name, Line: line,
			Error: fmt.Sprintf("call %s: more participants on a page not in the input (participants_v2@odata.nextLink)", c.ID)})
	}
}

// partial returns the queued partial call of callID, so that one page
// becomes one write, or a new one.
func (r *run) partial(callID string) *model.Call {
	for i := len(r.calls) - 1; i >= 0; i-- {
		if c := r.calls[i].call; c.Partial && c.ID == callID {
			r.calls = append(r.calls[:i], r.calls[i+1:]...)
			return c
		}
	}
	return &model.Call{Tenant: r.opts.Tenant, Source: model.SourceGraph, ID: callID, Partial: true}
}

func (r *run) queueCall(c *model.Call, file string, line int) error {
	r.calls = append(r.calls, pendingCall{call: c, file: file, line: line})
	if len(r.calls) >= callBatch {
		return r.flushCalls()
	}
	return nil
}
