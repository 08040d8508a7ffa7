package acs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// Assemble builds one call from all current records of one call id
// (CallID), as observed by tenant. It is called again, from scratch,
// whenever more records of the call arrive, so the result depends only on
// the set of records, never on their order: records are de-duplicated by
// RecordKey (the highest UpdatesVersion wins; equal versions are settled by
// content) and sorted by key first. The records are not modified, and the
// call shares no memory with them.
//
// The mapping is described in the package documentation. Assemble fails
// only when the records do not make one call: none, a nil record, a record
// of no call, or records of several calls.
func Assemble(tenant string, records []*model.ACSRecord) (*model.Call, error) {
	recs, callID, err := current(records)
	if err != nil {
		return nil, err
	}
	a := newAssembler(callID, recs)
	call := &model.Call{
		Tenant:  tenant,
		Source:  model.SourceACS,
		ID:      callID,
		Version: a.version(),
		ACS:     a.acsCall(),
	}
	call.Type = a.callType()
	call.StartDateTime, call.EndDateTime = a.span()
	call.LastModifiedDateTime = a.lastModified()
	call.Modalities = a.modalities()
	call.Sessions = a.sessions()
	call.ParticipantsV2 = a.participants()
	return call, nil
}

// entry is one current record with its key.
type entry struct {
	key string
	rec *model.ACSRecord
}

// current checks that the records make one call and returns the current
// version of each, sorted by key.
func current(records []*model.ACSRecord) ([]entry, string, error) {
	if len(records) == 0 {
		return nil, "", errors.New("no records to assemble")
	}
	ids := map[string]bool{}
	best := map[string]*model.ACSRecord{}
	for _, r := range records {
		if r == nil {
			return nil, "", errors.New("nil record")
		}
		id := CallID(r)
		if id == "" {
			return nil, "", fmt.Errorf("a %s record belongs to no call", r.Category)
		}
		ids[id] = true
		k := RecordKey(r)
		if old, ok := best[k]; !ok || newer(r, old) {
			best[k] = r
		}
	}
	if len(ids) > 1 {
		list := make([]string, 0, len(ids))
		for id := range ids {
			list = append(list, id)
		}
		sort.Strings(list)
		return nil, "", fmt.Errorf("records of %d calls (%s) cannot make one call", len(list), strings.Join(list, ", "))
	}
	out := make([]entry, 0, len(best))
	var callID string
	for k, r := range best {
		out = append(out, entry{key: k, rec: r})
		callID = CallID(r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, callID, nil
}

// newer reports whether r supersedes old, a record with the same key: a
// higher UpdatesVersion, or at equal versions the greater canonical JSON,
// an arbitrary but order-independent choice between records that should
// not both exist.
func newer(r, old *model.ACSRecord) bool {
	if r.UpdatesVersion != old.UpdatesVersion {
		return r.UpdatesVersion > old.UpdatesVersion
	}
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(old)
	return bytes.Compare(a, b) > 0
}

// assembler holds one call's current records, split by kind.
type assembler struct {
	callID  string
	all     []entry
	summary []entry
	diag    []entry
}

func newAssembler(callID string, recs []entry) *assembler {
	a := &assembler{callID: callID, all: recs}
	for _, e := range recs {
		switch {
		case e.rec.Summary != nil:
			a.summary = append(a.summary, e)
		case e.rec.Diagnostics != nil:
			a.diag = append(a.diag, e)
		}
	}
	return a
}

// version is the highest UpdatesVersion among the records, at least 1: a
// call assembled only from final snapshots (version 0) is still a first
// version, and Graph's versions start at 1 too.
func (a *assembler) version() int64 {
	v := int64(1)
	for _, e := range a.all {
		v = max(v, e.rec.UpdatesVersion)
	}
	return v
}

// acsCall gathers what ACS reports about the call beyond the tree.
func (a *assembler) acsCall() *model.ACSCall {
	c := &model.ACSCall{CorrelationID: a.callID, Records: map[model.ACSCategory]int{}}
	var resources, threads []string
	var callTypes []string
	for _, e := range a.summary {
		if isServer(e.rec.Summary.EndpointType) {
			c.Servers = append(c.Servers, (&party{summary: e.rec}).participant())
		}
	}
	for _, e := range a.all {
		r := e.rec
		c.Records[r.Category]++
		if v := idOf(r.ResourceID); v != "" {
			resources = append(resources, v)
		}
		switch {
		case r.Summary != nil:
			if v := idOf(r.Summary.TeamsThreadID); v != "" {
				threads = append(threads, v)
			}
			if v := idOf(r.Summary.CallType); v != "" {
				callTypes = append(callTypes, v)
			}
		case r.ClientOp != nil:
			op := *r.ClientOp
			c.ClientOperations = append(c.ClientOperations, &op)
		case r.MediaStats != nil:
			ms := *r.MediaStats
			c.MediaStats = append(c.MediaStats, &ms)
		case r.Survey != nil:
			s := *r.Survey
			c.Surveys = append(c.Surveys, &s)
		}
	}
	c.ResourceID = mostCommon(resources)
	c.TeamsThreadID = mostCommon(threads)
	c.CallType = rawCallType(callTypes)
	return c
}

// rawCallType is the callType the summaries state: Group when any says
// Group (a P2P call that gained a third endpoint became a group call),
// else P2P when any says so, else the most common other text.
func rawCallType(types []string) string {
	for _, want := range []string{"Group", "P2P"} {
		for _, t := range types {
			if strings.EqualFold(t, want) {
				return want
			}
		}
	}
	return mostCommon(types)
}

// mostCommon returns the most frequent value, the smallest on a tie: the
// summaries of one call can disagree (the samples carry several Teams
// thread ids under one correlationId) and one value must be chosen the
// same way every time.
func mostCommon(vs []string) string {
	n := map[string]int{}
	best := ""
	for _, v := range vs {
		n[v]++
	}
	for v, c := range n {
		if best == "" || c > n[best] || c == n[best] && v < best {
			best = v
		}
	}
	return best
}

// callType maps the stated callType onto Graph's. Without a summary that
// states one, the diagnostics decide by the schema's own definition: a
// server in the media path or a participantId (which exists only for group
// calls) makes a group call, rows without either a peer-to-peer call.
func (a *assembler) callType() model.Opt[model.CallType] {
	var types []string
	for _, e := range a.summary {
		if v := idOf(e.rec.Summary.CallType); v != "" {
			types = append(types, v)
		}
	}
	switch strings.ToLower(rawCallType(types)) {
	case "group":
		return model.Some(model.CallTypeGroupCall)
	case "p2p":
		return model.Some(model.CallTypePeerToPeer)
	}
	if len(types) > 0 || len(a.diag) == 0 {
		return model.Opt[model.CallType]{}
	}
	for _, e := range a.diag {
		d := e.rec.Diagnostics
		if isServer(d.EndpointType) || idOf(d.ParticipantID) != "" {
			return model.Some(model.CallTypeGroupCall)
		}
	}
	return model.Some(model.CallTypePeerToPeer)
}

// span is the call's start and end: the earliest callStartTime (else the
// earliest participantStartTime, else the earliest event time) and the
// latest of callStartTime+callDuration and
// participantStartTime+participantDuration over all summaries.
func (a *assembler) span() (model.Opt[time.Time], model.Opt[time.Time]) {
	var callStart, partStart, recStart, end time.Time
	for _, e := range a.all {
		if t, ok := eventTime(e.rec).Get(); ok {
			recStart = earliest(recStart, t)
		}
	}
	for _, e := range a.summary {
		s := e.rec.Summary
		if t, ok := s.CallStartTime.Get(); ok {
			callStart = earliest(callStart, t)
		}
		if t, ok := s.ParticipantStartTime.Get(); ok {
			partStart = earliest(partStart, t)
		}
		end = latest(end, endOf(s.CallStartTime, s.CallDuration))
		end = latest(end, endOf(s.ParticipantStartTime, s.ParticipantDuration))
	}
	start := callStart
	if start.IsZero() {
		start = partStart
	}
	if start.IsZero() {
		start = recStart
	}
	return optTime(start), optTime(end)
}

// eventTime is when what a record reports happened: the client's
// timestamp for client operations and media statistics (their envelope
// time is when Log Analytics received them), else the record time.
func eventTime(r *model.ACSRecord) model.Opt[time.Time] {
	switch {
	case r.ClientOp != nil && r.ClientOp.CallClientTimeStamp.Valid():
		return r.ClientOp.CallClientTimeStamp
	case r.MediaStats != nil && r.MediaStats.CallClientTimeStamp.Valid():
		return r.MediaStats.CallClientTimeStamp
	}
	return r.Time
}

// lastModified is the time of the newest record: when ACS last said
// something about the call.
func (a *assembler) lastModified() model.Opt[time.Time] {
	var t time.Time
	for _, e := range a.all {
		if v, ok := e.rec.Time.Get(); ok {
			t = latest(t, v)
		}
	}
	return optTime(t)
}

// modalities lists the modalities of the media types seen, in Graph's
// order (audio, video, videoBasedScreenSharing, data).
func (a *assembler) modalities() []model.Modality {
	var kinds []mediaKind
	for _, e := range a.diag {
		kinds = append(kinds, kindOf(e.rec.Diagnostics.MediaType.Value()))
	}
	return modalitiesOf(kinds)
}

func modalitiesOf(kinds []mediaKind) []model.Modality {
	seen := map[model.Modality]int{}
	for _, k := range kinds {
		if k.modality != "" {
			seen[k.modality] = k.order
		}
	}
	out := make([]model.Modality, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return seen[out[i]] < seen[out[j]] })
	if len(out) == 0 {
		return nil
	}
	return out
}

// endOf is start + seconds, or the zero time when either is missing or the
// sum is not a time RFC 3339 can write (negative durations, years past
// 9999): such an end is left absent rather than made up.
func endOf(start model.Opt[time.Time], seconds model.Opt[int64]) time.Time {
	t, ok := start.Get()
	s, ok2 := seconds.Get()
	if !ok || !ok2 || s < 0 || s > 100*365*24*3600 {
		return time.Time{}
	}
	end := t.Add(time.Duration(s) * time.Second)
	if end.UTC().Year() > 9999 {
		return time.Time{}
	}
	return end
}

func earliest(cur, t time.Time) time.Time {
	if cur.IsZero() || t.Before(cur) {
		return t
	}
	return cur
}

func latest(cur, t time.Time) time.Time {
	if t.After(cur) {
		return t
	}
	return cur
}

func optTime(t time.Time) model.Opt[time.Time] {
	if t.IsZero() {
		return model.Opt[time.Time]{}
	}
	return model.Some(t)
}
