package graph

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// ObjectKind is what a single Graph JSON object is, when nothing around it
// (a list's @odata.context, a file name) says so: a JSON-lines export
// mixes records, sessions, usage rows and notifications.
type ObjectKind int

const (
	// ObjectUnknown: not a JSON object, or none of the kinds below.
	ObjectUnknown ObjectKind = iota
	// ObjectCallRecord: a callRecord; decode with DecodeCallRecord.
	ObjectCallRecord
	// ObjectSession: a session; decode with DecodeSession.
	ObjectSession
	// ObjectParticipant: a participant or organizer; decode with DecodeParticipant.
	ObjectParticipant
	// ObjectUsage: a usage-log row; Classify also returns which log, for
	// DecodeUsageRow.
	ObjectUsage
	// ObjectNotification: a change notification or lifecycle notification
	// (an element of a webhook POST body).
	ObjectNotification
	// ObjectSubscription: a subscription, as created with POST /subscriptions.
	ObjectSubscription
	// ObjectList: a list response or notification collection, an object
	// whose "value" is an array; its elements are classified one by one.
	ObjectList
)

var objectKindNames = [...]string{
	ObjectUnknown:      "unknown",
	ObjectCallRecord:   "callRecord",
	ObjectSession:      "session",
	ObjectParticipant:  "participant",
	ObjectUsage:        "usage",
	ObjectNotification: "notification",
	ObjectSubscription: "subscription",
	ObjectList:         "list",
}

// String names the kind for logs and messages.
func (k ObjectKind) String() string {
	if k >= 0 && int(k) < len(objectKindNames) {
		return objectKindNames[k]
	}
	return "ObjectKind(" + strconv.Itoa(int(k)) + ")"
}

// Classification is what Classify found: the kind of object and, for a
// usage row, which log it belongs to, since DecodeUsageRow needs to know.
type Classification struct {
	// Kind is what the object is.
	Kind ObjectKind
	// Usage is set for ObjectUsage only.
	Usage model.UsageKind
}

// Classify tells what one JSON object is from the names of its top-level
// properties (compared without regard to case) and, when it has them, its
// @odata.type or @odata.context. For ObjectUsage, Usage names the usage
// log the row comes from; it is empty for every other kind.
//
// Classify is cheap and never fails: it scans the top level only, without
// decoding values, and anything it cannot place is ObjectUnknown. It does
// not validate: an object it places, even a malformed one, may still be
// rejected by its decoder, which then says why. Signs are checked from the most specific to the least:
//
//   - @odata.type naming a callRecords type, changeNotification or subscription;
//   - @odata.context of a callRecords entity or collection (not of a list page);
//   - "value" holding an array: ObjectList;
//   - subscriptionId with changeType, lifecycleEvent or resource: a notification;
//   - notificationUrl: a subscription;
//   - smsId or smsType: an SMS row; finalSipCode, trunkFullyQualifiedDomainName
//     and the like: a direct-routing row; callId with charge, calleeNumber
//     and the like: a PSTN row;
//   - version with modalities, type, organizer… or modalities with sessions,
//     organizer_v2…: a callRecord;
//   - caller, callee, segments or isTest (but no media, which a segment has):
//     a session;
//   - identity or administrativeUnitInfos: a participant.
func Classify(raw []byte) Classification {
	k, u := classify(raw)
	return Classification{Kind: k, Usage: u}
}

func classify(raw []byte) (ObjectKind, model.UsageKind) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return ObjectUnknown, ""
	}
	// Only the top level counts, and a record can be megabytes: its
	// members are scanned, not decoded. Malformed JSON is the decoder's
	// to reject.
	props := make(map[string]json.RawMessage, 16)
	if !model.EachMember(raw, func(k string, v []byte) {
		props[strings.ToLower(k)] = v
	}) {
		return ObjectUnknown, ""
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := props[n]; ok {
				return true
			}
		}
		return false
	}

	if t := stringProp(props["@odata.type"]); t != "" {
		if k, u := kindOfODataType(t); k != ObjectUnknown {
			return k, u
		}
	}
	if v, ok := props["value"]; ok && isArray(v) {
		return ObjectList, ""
	}
	if c := stringProp(props["@odata.context"]); c != "" {
		lk, _ := ParseContext(c)
		if k, u := objectOfList(lk); k != ObjectUnknown {
			return k, u
		}
	}

	switch {
	case has("subscriptionid") && has("changetype", "lifecycleevent", "resource", "resourcedata"):
		return ObjectNotification, ""
	case has("notificationurl"):
		return ObjectSubscription, ""
	case has("smsid", "smstype"):
		return ObjectUsage, model.UsageSMS
	case has("finalsipcode", "finalsipcodephrase", "trunkfullyqualifieddomainname",
		"mediapathlocation", "signalinglocation", "callendsubreason", "mediabypassenabled", "successfulcall"):
		return ObjectUsage, model.UsageDirectRouting
	case has("callid") && has("charge", "connectioncharge", "calleenumber", "callernumber",
		"licensecapability", "calldurationsource", "usagecountrycode", "inventorytype"):
		return ObjectUsage, model.UsagePSTN
	case has("version") && has("modalities", "type", "organizer", "organizer_v2", "participants",
		"participants_v2", "sessions", "joinweburl", "lastmodifieddatetime"):
		return ObjectCallRecord, ""
	case has("modalities") && has("organizer", "organizer_v2", "participants", "participants_v2",
		"sessions", "joinweburl", "lastmodifieddatetime"):
		return ObjectCallRecord, ""
	case has("caller", "callee", "segments", "istest") && !has("media"):
		return ObjectSession, ""
	case has("identity", "administrativeunitinfos") && !has("media", "caller", "callee"):
		return ObjectParticipant, ""
	}
	return ObjectUnknown, ""
}

// kindOfODataType places an @odata.type, with or without the leading '#'
// and in any case (the docs write #Microsoft.Graph.callRecord too).
func kindOfODataType(t string) (ObjectKind, model.UsageKind) {
	name := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "#"))
	if i := strings.LastIndex(name, "."); i >= 0 {
		name = name[i+1:]
	}
	switch name {
	case "subscription":
		return ObjectSubscription, ""
	}
	return objectOfList(kindOfTypeName(name))
}

// objectOfList is the kind of object a list of the given kind holds.
func objectOfList(k ListKind) (ObjectKind, model.UsageKind) {
	switch k {
	case ListCallRecords:
		return ObjectCallRecord, ""
	case ListSessions:
		return ObjectSession, ""
	case ListParticipants:
		return ObjectParticipant, ""
	case ListNotifications:
		return ObjectNotification, ""
	}
	if u, ok := k.UsageKind(); ok {
		return ObjectUsage, u
	}
	return ObjectUnknown, ""
}

// stringProp reads a JSON string value, or "" for anything else.
func stringProp(v json.RawMessage) string {
	var s string
	if len(v) == 0 || v[0] != '"' || json.Unmarshal(v, &s) != nil {
		return ""
	}
	return s
}

func isArray(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) > 0 && v[0] == '['
}
