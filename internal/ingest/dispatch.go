package ingest

import (
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

var errNotTelemetry = errors.New("not a Graph call record, a page of one, a usage row or an ACS log record")

// element decodes one element and queues what it holds for storing.
func (r *run) element(fs *fileState, e element) error {
	if e.err != nil {
		r.reject(fs.in, e.line, e.err, e.raw)
		return nil
	}
	if e.listContext != "" {
		kind, callID := graph.ParseContext(e.listContext)
		switch kind {
		case graph.ListCallRecords:
			return r.graphRecord(fs, e)
		case graph.ListSessions:
			return r.graphSession(fs, e, callID)
		case graph.ListParticipants:
			return r.graphParticipant(fs, e, callID)
		case graph.ListPSTNCalls:
			return r.usageRow(fs, e, model.UsagePSTN)
		case graph.ListDirectRoutingCalls:
			return r.usageRow(fs, e, model.UsageDirectRouting)
		case graph.ListSMSLog:
			return r.usageRow(fs, e, model.UsageSMS)
		}
	}
	if acs.LooksLikeACS(e.raw) {
		return r.acsRecord(fs, e)
	}
	obj := graph.Classify(e.raw)
	switch obj.Kind {
	case graph.ObjectCallRecord:
		return r.graphRecord(fs, e)
	case graph.ObjectSession:
		return r.graphSession(fs, e, "")
	case graph.ObjectParticipant:
		return r.graphParticipant(fs, e, "")
	case graph.ObjectUsage:
		return r.usageRow(fs, e, obj.Usage)
	case graph.ObjectNotification:
		fs.notifications++
		return nil
	case graph.ObjectSubscription:
		fs.subscriptions++
		return nil
	}
	r.reject(fs.in, e.line, errNotTelemetry, e.raw)
	return nil
}

func (r *run) graphRecord(fs *fileState, e element) error {
	c, err := graph.DecodeCallRecord(e.raw)
	if err != nil {
		r.reject(fs.in, e.line, fmt.Errorf("call record: %w", err), e.raw)
		return nil
	}
	r.sum.Records++
	c.Tenant = r.opts.Tenant
	r.noteIncomplete(fs, e.line, c)
	return r.queueCall(c, fs.in.name, e.line)
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

// graphSession stores one element of a sessions page as a partial call:
// it joins its record whenever that is (or was) stored.
func (r *run) graphSession(fs *fileState, e element, callID string) error {
	if callID == "" {
		r.reject(fs.in, e.line, errors.New("a session with no call record: the page's @odata.context must name the call (callRecords('<id>')/sessions)"), e.raw)
		return nil
	}
	s, err := graph.DecodeSession(e.raw)
	if err != nil {
		r.reject(fs.in, e.line, fmt.Errorf("session: %w", err), e.raw)
		return nil
	}
	r.sum.Records++
	c := r.partial(callID)
	c.Sessions = append(c.Sessions, s)
	return r.queueCall(c, fs.in.name, e.line)
}

func (r *run) graphParticipant(fs *fileState, e element, callID string) error {
	if callID == "" {
		r.reject(fs.in, e.line, errors.New("a participant with no call record: the page's @odata.context must name the call (callRecords('<id>')/participants_v2)"), e.raw)
		return nil
	}
	p, err := graph.DecodeParticipant(e.raw)
	if err != nil {
		r.reject(fs.in, e.line, fmt.Errorf("participant: %w", err), e.raw)
		return nil
	}
	r.sum.Records++
	c := r.partial(callID)
	c.ParticipantsV2 = append(c.ParticipantsV2, p)
	return r.queueCall(c, fs.in.name, e.line)
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

func (r *run) usageRow(fs *fileState, e element, kind model.UsageKind) error {
	row, err := graph.DecodeUsageRow(kind, e.raw)
	if err != nil {
		r.reject(fs.in, e.line, fmt.Errorf("%s usage row: %w", kind, err), e.raw)
		return nil
	}
	r.sum.Records++
	r.usage = append(r.usage, row)
	if len(r.usage) >= rowBatch {
		return r.flushUsage()
	}
	return nil
}

func (r *run) acsRecord(fs *fileState, e element) error {
	rec, err := acs.DecodeRecord(e.raw, fs.hint)
	if err != nil {
		r.reject(fs.in, e.line, fmt.Errorf("ACS record: %w", err), e.raw)
		return nil
	}
	r.sum.Records++
	r.acs = append(r.acs, acsRow(rec))
	if len(r.acs) >= rowBatch {
		return r.flushACS(false)
	}
	return nil
}

func (r *run) queueCall(c *model.Call, file string, line int) error {
	r.calls = append(r.calls, pendingCall{call: c, file: file, line: line})
	if len(r.calls) >= callBatch {
		return r.flushCalls()
	}
	return nil
}
