package api

import "net/http"

// callRecord is GET /api/v1/calls/{id}/record: {"id", "rating",
// "sessionCount", "sessionOffset", "next" while more sessions follow,
// and "record"}, the call's canonical record with one page of its
// sessions (?limit=, ?cursor=), as the caller may see it.
//
// It is what `callscope show` renders, for clients that render the
// record themselves (`callscope show --server`): the overview is shaped
// for the web pages and leaves out some of what the command prints (the
// endpoints of a session's legs, for one), and the debug section is for
// the roles that see debug data. Every role may read the record, as
// every role may be shown a call by `callscope show --as ROLE`: it goes
// through the one redaction (seeCall), which leaves out the advanced
// and debug fields and other people's names for a specialist.
func (s *Server) callRecord(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	page, err := windowParam(r.URL.Query(), sessionsDefaultLimit, sessionsMaxLimit)
	if err != nil {
		return err
	}
	seen, err := s.openCall(r, rc, func(seen *seenCall) callView {
		return callView{sessions: page.indexes(seen.sessionCount), record: true}
	})
	if err != nil {
		return err
	}
	from, _ := page.bounds(seen.sessionCount)
	resp := members{{"id", seen.call.ID}}
	if seen.rating != "" {
		resp = append(resp, member{"rating", seen.rating})
	}
	resp = append(resp, member{"sessionCount", seen.sessionCount}, member{"sessionOffset", from})
	if next := page.next(r, seen.sessionCount); next != "" {
		resp = append(resp, member{"next", next})
	}
	resp = append(resp, member{"record", seen.call})
	return s.sendCallView(w, r, rc, seen, resp)
}
