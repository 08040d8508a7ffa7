package acs

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// Graph @odata.type values the ACS mapping produces.
const (
	odataParticipantEndpoint = "#microsoft.graph.callRecords.participantEndpoint"
	odataServiceEndpoint     = "#microsoft.graph.callRecords.serviceEndpoint"
	odataClientUserAgent     = "#microsoft.graph.callRecords.clientUserAgent"
	odataACSUser             = "#microsoft.graph.azureCommunicationServicesUserIdentity"
	odataUser                = "#microsoft.graph.userIdentity"
	odataGuest               = "#microsoft.graph.communicationsGuestIdentity"
	odataApplication         = "#microsoft.graph.communicationsApplicationIdentity"
)

// serviceEndpoint is the ACS media server, the callee of every group
// participant's session. ACS says nothing more about it.
func serviceEndpoint() *model.Endpoint {
	return &model.Endpoint{ODataType: odataServiceEndpoint}
}

// unknownPeer is the other side of a session whose peer the records do
// not identify.
func unknownPeer() *model.Endpoint {
	return &model.Endpoint{ODataType: odataParticipantEndpoint}
}

// endpoint is the party's participant endpoint, from its summary, or while
// the summary is missing from its first own diagnostics row.
func (p *party) endpoint() *model.Endpoint {
	e := &model.Endpoint{ODataType: odataParticipantEndpoint}
	switch {
	case p.summary != nil:
		s := p.summary.Summary
		e.AssociatedIdentity, _ = identityOf(s.Identifier, s.EndpointType, s.ParticipantTenantID)
		e.UserAgent = userAgentOf(s.SDKVersion, s.OSVersion)
	case p.first() != nil:
		d := p.first()
		e.AssociatedIdentity, _ = identityOf(d.Identifier, d.EndpointType, model.Opt[string]{})
	}
	return e
}

// participant is the party's ACS facts: its summary, or what its
// diagnostics say with SummaryMissing set.
func (p *party) participant() *model.ACSParticipant {
	if p.summary != nil {
		s := p.summary.Summary
		return &model.ACSParticipant{
			ParticipantID:           idOf(s.ParticipantID),
			EndpointID:              s.EndpointID,
			EndpointType:            s.EndpointType.Value(),
			Identifier:              s.Identifier,
			ParticipantTenantID:     s.ParticipantTenantID,
			ParticipantType:         s.ParticipantType,
			PSTNParticipantCallType: s.PSTNParticipantCallType,
			SDKVersion:              s.SDKVersion,
			OSVersion:               s.OSVersion,
			EndReason:               s.ParticipantEndReason,
			EndSubCode:              s.ParticipantEndSubCode,
			ResultCategory:          s.ResultCategory,
			DiagnosticOptions:       s.DiagnosticOptions,
			CallDebuggingInfo:       append(json.RawMessage(nil), s.CallDebuggingInfo...),
		}
	}
	ap := &model.ACSParticipant{SummaryMissing: true}
	if d := p.first(); d != nil {
		ap.ParticipantID = idOf(d.ParticipantID)
		ap.EndpointID = d.EndpointID
		ap.EndpointType = d.EndpointType.Value()
		ap.Identifier = d.Identifier
	} else if len(p.server) > 0 {
		ap.ParticipantID = idOf(p.server[0].rec.Diagnostics.ParticipantID)
	}
	return ap
}

// userAgentOf maps sdkVersion and osVersion onto Graph's clientUserAgent:
// the SDK version is the application version, the OS text the closest
// thing ACS has to a user-agent header, and the platform is read from it
// where it is unambiguous. "Redacted" is kept as a value.
func userAgentOf(sdk, os model.Opt[string]) *model.UserAgent {
	if !sdk.Valid() && !os.Valid() {
		return nil
	}
	ua := &model.UserAgent{ODataType: odataClientUserAgent, ApplicationVersion: sdk, HeaderValue: os}
	if p, ok := model.ClientPlatformOfOS(os.Value()); ok {
		ua.Platform = model.Some(p)
	}
	return ua
}

// guidRE matches GUID-shaped ids. Letters beyond f are allowed because the
// published samples replaced real ids with placeholders such as
// "1e4c59e1-r1rr-49bc-893d-990dsds8f9f5"; the shape is what tells an
// Entra object id from the prefixed ACS and Teams ids.
var guidRE = regexp.MustCompile(`^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}$`)

// identityOf maps an ACS identifier onto a Graph identity and the slot of
// a communicationsIdentitySet it belongs in:
//
//   - "acs:…" / "8:acs:…": an ACS user (azureCommunicationServicesUser);
//   - "8:teamsvisitor:…": an anonymous Teams user (guest);
//   - a Bot endpoint or "28:…": a bot (application);
//   - a GUID-shaped id or "8:orgid:…": a Microsoft Entra / Teams user (user);
//   - anything else, "Redacted" included: kept as the id of an untyped
//     identity in the user slot.
//
// participantTenantId becomes the identity's tenantId. A null or absent
// identifier is no identity.
func identityOf(identifier, endpointType, tenant model.Opt[string]) (*model.Identity, string) {
	id := idOf(identifier)
	if id == "" {
		return nil, ""
	}
	ident := &model.Identity{ID: model.Some(id)}
	if tenant.Valid() {
		ident.TenantID = tenant
	}
	low := strings.ToLower(id)
	slot := "user"
	switch {
	case strings.HasPrefix(low, "acs:") || strings.HasPrefix(low, "8:acs:"):
		ident.ODataType, slot = odataACSUser, "azureCommunicationServicesUser"
	case strings.HasPrefix(low, "8:teamsvisitor:"):
		ident.ODataType, slot = odataGuest, "guest"
	case strings.EqualFold(endpointType.Value(), endpointBot) || strings.HasPrefix(low, "28:"):
		ident.ODataType, slot = odataApplication, "application"
	case guidRE.MatchString(id) || strings.HasPrefix(low, "8:orgid:"):
		ident.ODataType = odataUser
	}
	return ident, slot
}

// participants lists one participant per distinct identity: the
// identifier, or for PSTN and other endpoints without one the endpointId
// (then without an identity). Server rows are not participants. Summaries
// are preferred to diagnostics as the source of an identity.
func (a *assembler) participants() []*model.CallParticipant {
	byID := map[string]*model.CallParticipant{}
	add := func(identifier, endpointID, endpointType, tenant model.Opt[string]) {
		if isServer(endpointType) {
			return
		}
		ident, slot := identityOf(identifier, endpointType, tenant)
		key := idOf(identifier)
		if key == "" {
			key = idOf(endpointID)
		}
		if key == "" || byID[key] != nil {
			return
		}
		cp := &model.CallParticipant{ID: model.Some(key)}
		if ident != nil {
			cp.Identity = identitySet(slot, ident)
		}
		byID[key] = cp
	}
	for _, e := range a.summary {
		s := e.rec.Summary
		add(s.Identifier, s.EndpointID, s.EndpointType, s.ParticipantTenantID)
	}
	for _, e := range a.diag {
		d := e.rec.Diagnostics
		add(d.Identifier, d.EndpointID, d.EndpointType, model.Opt[string]{})
	}
	if len(byID) == 0 {
		return nil
	}
	keys := make([]string, 0, len(byID))
	for k := range byID {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*model.CallParticipant, 0, len(keys))
	for _, k := range keys {
		out = append(out, byID[k])
	}
	return out
}

// identitySet puts an identity in its slot.
func identitySet(slot string, id *model.Identity) *model.IdentitySet {
	s := &model.IdentitySet{}
	switch slot {
	case "azureCommunicationServicesUser":
		s.AzureCommunicationServicesUser = id
	case "guest":
		s.Guest = id
	case "application":
		s.Application = id
	default:
		s.User = id
	}
	return s
}
