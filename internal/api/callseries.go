package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// A call's series are bounded twice: a page of streams (worst first) and
// at most a number of points per metric, whole aggregation intervals
// merged to fit. A 20-person meeting of an hour logs some 360 intervals
// per metric and a hundred streams: the defaults keep a page near 1 MB.
const (
	seriesDefaultLimit  = 20
	seriesMaxLimit      = 50
	seriesDefaultPoints = 120
	seriesMinPoints     = 10
	// seriesMaxPoints is an hour of 10-s intervals.
	seriesMaxPoints = 360
)

// callSeries is GET /api/v1/calls/{id}/series: the call's client media
// statistics over time, a page of streams (?limit=, ?cursor=) of at most
// ?points= points per metric.
//
// The time series are raw client metrics, which access places with the
// debug data (access/views.go: ACSCall.mediaStats): a role that may not
// see the debug section is refused here, in words, rather than sent a
// call whose series redaction emptied, which would read as a call
// without any.
func (s *Server) callSeries(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	role := rc.principal.Role
	if !role.Can(access.SeeDebug) {
		return forbidden("the " + string(role) + " role may not see a call's media statistics over time: " +
			"they are raw client metrics, shown with the debug section to engineers and administrators")
	}
	q := r.URL.Query()
	page, err := windowParam(q, seriesDefaultLimit, seriesMaxLimit)
	if err != nil {
		return err
	}
	points, err := intParam(q, "points", seriesDefaultPoints, seriesMinPoints, seriesMaxPoints)
	if err != nil {
		return err
	}
	// The record (for its media statistics) and each session's id,
	// which names the participant whose client measured a stream; no
	// session needs its segments.
	seen, err := s.openCall(r, rc, func(seen *seenCall) callView {
		return callView{sessions: window{limit: seen.sessionCount}.indexes(seen.sessionCount), spans: true, record: true}
	})
	if err != nil {
		return err
	}
	c := seen.call
	resp := wire.CallSeries{ID: c.ID, Source: c.Source, StartDateTime: c.StartDateTime, EndDateTime: c.EndDateTime,
		Metrics: seriesMetrics, MaxPoints: points, Streams: []wire.StreamSeries{}}
	var stats []*model.ACSMediaStats
	if c.ACS != nil {
		stats = c.ACS.MediaStats
	}
	resp.Records = len(stats)
	raw, interval := groupStreams(stats)
	resp.IntervalSeconds = interval.Seconds()
	if why := seriesUnavailable(c, len(stats), len(raw)); why != nil {
		resp.Unavailable = why
		return s.sendCallView(w, r, rc, seen, resp)
	}
	// The axis is the call's span, widened to hold every aggregate's
	// time stamp.
	start, end := span(raw)
	if t, ok := c.StartDateTime.Get(); ok && t.Before(start) {
		start = t
	}
	if t, ok := c.EndDateTime.Get(); ok && t.After(end) {
		end = t
	}
	ax := axisFor(start, end, interval, points)
	resp.AxisStart, resp.AxisEnd = ptrTime(ax.start), ptrTime(ax.end)
	resp.IntervalSeconds = ax.step.Seconds()
	built := buildSeries(raw, ax)
	if len(built) == 0 {
		resp.Unavailable = unavailable(wire.SeriesNoChartedMetric)
		return s.sendCallView(w, r, rc, seen, resp)
	}
	resp.StreamCount = len(built)
	from, to := page.bounds(len(built))
	resp.StreamOffset, resp.Next = from, page.next(r, len(built))
	names := seen.seriesParties(built)
	for i := from; i < to; i++ {
		b := built[i]
		k := b.raw.key
		ss := wire.StreamSeries{Stream: "s" + itoa(i+1), Participant: names.party(k.participant),
			Direction: k.direction, MediaType: k.media, Codec: b.raw.mainCodec(), PoorPoints: b.poor, Series: b.series}
		if k.remote != "" {
			rp := names.party(k.remote)
			ss.Remote = &rp
		}
		resp.Streams = append(resp.Streams, ss)
	}
	return s.sendCallView(w, r, rc, seen, resp)
}

// seriesUnavailable says why a call has no series, nil when it has
// some: stats counts its media statistics records, streams the streams
// of charted metrics among them.
func seriesUnavailable(c *model.Call, stats, streams int) *wire.SeriesUnavailable {
	switch {
	case streams > 0:
		return nil
	case c.Source != model.SourceACS:
		return unavailable(wire.SeriesAveragesOnly)
	case stats == 0:
		return unavailable(wire.SeriesNotSent)
	}
	return unavailable(wire.SeriesNoChartedMetric)
}

var unavailableText = map[string]string{
	wire.SeriesAveragesOnly: "Microsoft Graph call records give each stream's averages and maxima over the whole stream, " +
		"not values over time: the call detail's streams have them.",
	wire.SeriesNotSent: "No media statistics time series arrived for this call. ACS writes them to the " +
		"CallClientMediaStatsTimeSeries log (in limited preview) only when the resource's diagnostic settings export " +
		"that category; the call detail's streams have the CallDiagnostics averages.",
	wire.SeriesNoChartedMetric: "The call's media statistics hold none of the charted metrics " +
		"(JitterInMs, PacketsLostPerSecond with PacketsPerSecond, RttInMs, Bitrate).",
}

func unavailable(reason string) *wire.SeriesUnavailable {
	return &wire.SeriesUnavailable{Reason: reason, Message: unavailableText[reason]}
}

func ptrTime(t time.Time) *time.Time {
	t = t.UTC()
	return &t
}

// seriesNames names the participants of a call's streams: an ACS group
// participant's participantId is the id of their session with the
// server, whose caller they are. A participantId no session has (the
// ends of a P2P call, whose summaries carry none) is numbered u1, u2…
// in the order of the streams, so that its streams still read as one
// client's.
type seriesNames struct {
	seen     *seenCall
	groupOf  map[string]int
	unlisted map[string]string
}

// seriesParties indexes the view's sessions by id, and numbers the
// participant ids of the streams that no session has. The view holds
// every session of the call, in order (callSeries asks for them all).
func (seen *seenCall) seriesParties(streams []builtStream) seriesNames {
	n := seriesNames{seen: seen, groupOf: map[string]int{}, unlisted: map[string]string{}}
	caller := map[int]int{}
	for gi, g := range seen.groups {
		for k, si := range g.sessions {
			if !g.callee[k] {
				caller[si] = gi
			}
		}
	}
	for i, ss := range seen.call.Sessions {
		if ss == nil || i >= len(seen.sessions) {
			continue
		}
		id := strings.ToLower(strings.TrimSpace(ss.ID.Value()))
		if gi, ok := caller[seen.sessions[i]]; ok && id != "" {
			if _, dup := n.groupOf[id]; !dup {
				n.groupOf[id] = gi
			}
		}
	}
	for _, b := range streams {
		for _, id := range []string{b.raw.key.participant, b.raw.key.remote} {
			if _, listed := n.groupOf[id]; !listed && id != "" && n.unlisted[id] == "" {
				n.unlisted[id] = "u" + itoa(len(n.unlisted)+1)
			}
		}
	}
	return n
}

// party is the participant of a participantId (lower case), named for
// the role as the timeline names them, with the timeline's number.
func (n seriesNames) party(id string) wire.SeriesParty {
	gi, ok := n.groupOf[id]
	if !ok {
		return wire.SeriesParty{Participant: n.unlisted[id], CallParticipant: participantView{Kind: "unlisted"}}
	}
	g := n.seen.groups[gi]
	p := wire.SeriesParty{Participant: "p" + itoa(gi+1)}
	if g.person >= 0 && g.person < len(n.seen.people) {
		p.CallParticipant = n.seen.participant(g.person)
	} else {
		p.CallParticipant = participantView{Kind: "endpoint"}
	}
	return p
}
