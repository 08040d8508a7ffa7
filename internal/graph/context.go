package graph

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// ListKind is the kind of elements a Graph list response holds. A page's
// elements do not say what they are (a session has no @odata.type), so the
// reader learns it from the page's @odata.context; see ParseContext.
type ListKind int

const (
	// ListUnknown: a context this package cannot place, or none.
	ListUnknown ListKind = iota
	// ListCallRecords: callRecord objects (List callRecords, or one record).
	ListCallRecords
	// ListSessions: session objects of one call record.
	ListSessions
	// ListParticipants: participant objects of one call record
	// (participants_v2, or organizer_v2).
	ListParticipants
	// ListPSTNCalls: pstnCallLogRow rows of getPstnCalls.
	ListPSTNCalls
	// ListDirectRoutingCalls: directRoutingLogRow rows of getDirectRoutingCalls.
	ListDirectRoutingCalls
	// ListSMSLog: smsLogRow rows of the beta getSmsLog.
	ListSMSLog
	// ListNotifications: change notifications or lifecycle notifications,
	// as POSTed to a webhook ({"value":[{"subscriptionId":…}]}).
	ListNotifications
)

var listKindNames = [...]string{
	ListUnknown:            "unknown",
	ListCallRecords:        "callRecords",
	ListSessions:           "sessions",
	ListParticipants:       "participants",
	ListPSTNCalls:          "pstnCalls",
	ListDirectRoutingCalls: "directRoutingCalls",
	ListSMSLog:             "smsLog",
	ListNotifications:      "notifications",
}

// String names the kind for logs and messages.
func (k ListKind) String() string {
	if k >= 0 && int(k) < len(listKindNames) {
		return listKindNames[k]
	}
	return "ListKind(" + strconv.Itoa(int(k)) + ")"
}

// UsageKind tells which usage log a list of usage rows comes from, the
// argument DecodeUsageRow needs; ok is false for other lists.
func (k ListKind) UsageKind() (kind model.UsageKind, ok bool) {
	switch k {
	case ListPSTNCalls:
		return model.UsagePSTN, true
	case ListDirectRoutingCalls:
		return model.UsageDirectRouting, true
	case ListSMSLog:
		return model.UsageSMS, true
	}
	return "", false
}

// ParseContext reads an @odata.context such as
// "https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('e523…')/sessions"
// or "…$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)"
// and returns the kind of elements it announces and, for sessions and
// participants pages, the id of the call record they belong to: the
// elements themselves do not carry it.
//
// It is lenient about what varies in practice: with or without the
// version segment, percent-escaped, the key written ('id'), (id) or
// (id='id'), $select/$expand projections such as
// callRecords(sessions(segments())), a single-entity context ending in
// /$entity, or a plain request URL without the "$metadata#" part.
// Anything else is ListUnknown.
func ParseContext(odataContext string) (kind ListKind, callID string) {
	s := strings.TrimSpace(odataContext)
	if strings.Contains(s, "%") {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
	}
	if i := strings.Index(s, "#"); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	if strings.HasPrefix(strings.ToLower(s), "collection(") {
		return kindOfTypeName(strings.TrimSuffix(s[len("collection("):], ")")), ""
	}
	segs := splitPath(s)
	for i, seg := range segs {
		if !strings.EqualFold(seg.name, "callRecords") {
			continue
		}
		key := seg.key()
		rest := segs[i+1:]
		// A key may also come as a path segment: callRecords/{id}/sessions.
		if len(rest) > 0 && key == "" && !isNavigation(rest[0].name) && rest[0].name != "$entity" {
			key, rest = rest[0].name, rest[1:]
		}
		if len(rest) == 0 || rest[0].name == "$entity" {
			return ListCallRecords, ""
		}
		switch baseName(rest[0].name) {
		case "sessions":
			if len(rest) == 1 || rest[1].name == "$entity" {
				return ListSessions, key
			}
		case "participants_v2", "organizer_v2":
			if len(rest) == 1 || rest[1].name == "$entity" {
				return ListParticipants, key
			}
		case "getpstncalls":
			return ListPSTNCalls, ""
		case "getdirectroutingcalls":
			return ListDirectRoutingCalls, ""
		case "getsmslog":
			return ListSMSLog, ""
		}
		return ListUnknown, ""
	}
	if len(segs) > 0 {
		return kindOfTypeName(segs[len(segs)-1].name), ""
	}
	return ListUnknown, ""
}

// kindOfTypeName places an OData type name such as
// microsoft.graph.callRecords.pstnCallLogRow (namespace optional).
func kindOfTypeName(name string) ListKind {
	name = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "#"))
	if i := strings.LastIndex(name, "."); i >= 0 {
		name = name[i+1:]
	}
	switch name {
	case "callrecord":
		return ListCallRecords
	case "session":
		return ListSessions
	case "participant", "organizer":
		return ListParticipants
	case "pstncalllogrow":
		return ListPSTNCalls
	case "directroutinglogrow":
		return ListDirectRoutingCalls
	case "smslogrow":
		return ListSMSLog
	case "changenotification":
		return ListNotifications
	}
	return ListUnknown
}

// baseName is a segment name without its namespace, lower-cased:
// microsoft.graph.callRecords.getPstnCalls and getPstnCalls are one function.
func baseName(name string) string {
	name = strings.ToLower(name)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

func isNavigation(name string) bool {
	switch baseName(name) {
	case "sessions", "segments", "participants_v2", "organizer_v2",
		"getpstncalls", "getdirectroutingcalls", "getsmslog":
		return true
	}
	return false
}

// pathSeg is one segment of an OData path: a name and what followed it in
// parentheses, a key or a projection.
type pathSeg struct {
	name  string
	paren string
}

// splitPath splits an OData path on the slashes outside parentheses.
func splitPath(s string) []pathSeg {
	var segs []pathSeg
	depth, start := 0, 0
	var quoted bool
	flush := func(end int) {
		part := strings.TrimSpace(s[start:end])
		if part == "" {
			return
		}
		seg := pathSeg{name: part}
		if i := strings.IndexByte(part, '('); i >= 0 {
			seg.name = part[:i]
			seg.paren = strings.TrimSuffix(part[i+1:], ")")
		}
		segs = append(segs, seg)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case c == '/' && depth == 0:
			flush(i)
			start = i + 1
		}
	}
	flush(len(s))
	return segs
}

// key returns the entity key in the segment's parentheses, or "" when
// they hold a projection ($select/$expand) instead: a key is quoted
// ('…'), written id='…', or a bare token with a digit or a dash in it
// (a GUID); a projection is property names.
func (p pathSeg) key() string {
	k := strings.TrimSpace(p.paren)
	if k == "" {
		return ""
	}
	if len(k) > 3 && strings.EqualFold(k[:3], "id=") {
		k = strings.TrimSpace(k[3:])
	}
	if len(k) >= 2 && k[0] == '\'' && k[len(k)-1] == '\'' {
		return strings.TrimSpace(strings.ReplaceAll(k[1:len(k)-1], "''", "'"))
	}
	if strings.ContainsAny(k, "(),=' ") || !strings.ContainsAny(k, "0123456789-") {
		return ""
	}
	return k
}
