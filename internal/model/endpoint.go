package model

import "strings"

// EndpointKind tells a user's endpoint from a service's.
type EndpointKind string

const (
	EndpointParticipant EndpointKind = "participant"
	EndpointService     EndpointKind = "service"
	EndpointUnknown     EndpointKind = "unknown"
)

// Endpoint is Graph's endpoint: participantEndpoint (a user's client) or
// serviceEndpoint (a conference server, gateway, bot), told apart by
// @odata.type. Properties of either subtype live here; unknown subtypes keep
// their properties in Extra.
type Endpoint struct {
	ODataType          string        `json:"@odata.type,omitempty"`
	UserAgent          *UserAgent    `json:"userAgent,omitempty"`
	AssociatedIdentity *Identity     `json:"associatedIdentity,omitempty"`
	Identity           *IdentitySet  `json:"identity,omitempty"`
	Feedback           *UserFeedback `json:"feedback,omitempty"`
	Name               Opt[string]   `json:"name,omitzero" pii:"device"`
	CPUName            Opt[string]   `json:"cpuName,omitzero"`
	CPUCoresCount      Opt[int64]    `json:"cpuCoresCount,omitzero"`
	CPUProcessorSpeed  Opt[int64]    `json:"cpuProcessorSpeedInMhz,omitzero"`
	Extra              Extra         `json:"@unknown,omitempty"`
}

// Kind classifies the endpoint from its @odata.type, compared without the
// leading '#' and without regard to case, as Graph's own examples vary.
func (e *Endpoint) Kind() EndpointKind {
	if e == nil {
		return EndpointUnknown
	}
	t := strings.ToLower(strings.TrimPrefix(e.ODataType, "#"))
	switch {
	case strings.HasSuffix(t, "participantendpoint"):
		return EndpointParticipant
	case strings.HasSuffix(t, "serviceendpoint"):
		return EndpointService
	}
	if e.UserAgent != nil && e.UserAgent.Role.Valid() {
		return EndpointService
	}
	if e.AssociatedIdentity != nil || e.Identity != nil {
		return EndpointParticipant
	}
	return EndpointUnknown
}

// PSTN reports whether the endpoint is on the phone network: a PSTN or
// direct-routing gateway or the mediation server in front of one, or a
// participant known only by a phone number (Graph's phone identity; ACS
// and Teams write phone numbers as "4:" identifiers).
func (e *Endpoint) PSTN() bool {
	if e == nil {
		return false
	}
	if e.UserAgent != nil {
		switch e.UserAgent.Role.Value() {
		case "mediationServer", "mediationServerCloudConnectorEdition", "gateway":
			return true
		}
	}
	if e.Identity != nil && e.Identity.Phone != nil {
		return true
	}
	id := e.PrimaryIdentity()
	return id != nil && strings.HasPrefix(id.ID.Value(), "4:")
}

// PrimaryIdentity returns who is behind the endpoint: associatedIdentity,
// or the first identity of the deprecated identity set.
func (e *Endpoint) PrimaryIdentity() *Identity {
	if e == nil {
		return nil
	}
	if e.AssociatedIdentity != nil {
		return e.AssociatedIdentity
	}
	if e.Identity != nil {
		return e.Identity.Primary()
	}
	return nil
}

// UserAgent is Graph's userAgent: clientUserAgent or serviceUserAgent, told
// apart by @odata.type.
type UserAgent struct {
	ODataType              string              `json:"@odata.type,omitempty"`
	ApplicationVersion     Opt[string]         `json:"applicationVersion,omitzero"`
	HeaderValue            Opt[string]         `json:"headerValue,omitzero"`
	AzureADAppID           Opt[string]         `json:"azureADAppId,omitzero"`
	CommunicationServiceID Opt[string]         `json:"communicationServiceId,omitzero"`
	Platform               Opt[ClientPlatform] `json:"platform,omitzero"`
	ProductFamily          Opt[ProductFamily]  `json:"productFamily,omitzero"`
	Role                   Opt[ServiceRole]    `json:"role,omitzero"`
	Extra                  Extra               `json:"@unknown,omitempty"`
}

// IsService reports whether the agent is a serviceUserAgent.
func (u *UserAgent) IsService() bool {
	if u == nil {
		return false
	}
	return strings.HasSuffix(strings.ToLower(u.ODataType), "serviceuseragent")
}

// UserFeedback is the rating a user gave a session.
type UserFeedback struct {
	Rating Opt[FeedbackRating] `json:"rating,omitzero"`
	Text   Opt[string]         `json:"text,omitzero" pii:"text"`
	// Tokens is an open bag of booleans (NoSound, Echo…) whose names change.
	Tokens map[string]Opt[bool] `json:"tokens,omitempty"`
	Extra  Extra                `json:"@unknown,omitempty"`
}

// Identity is Graph's identity and its subtypes (userIdentity,
// communicationsUserIdentity, guest, phone, application identities…).
type Identity struct {
	ODataType         string      `json:"@odata.type,omitempty"`
	ID                Opt[string] `json:"id,omitzero" pii:"id"`
	DisplayName       Opt[string] `json:"displayName,omitzero" pii:"name"`
	TenantID          Opt[string] `json:"tenantId,omitzero"`
	UserPrincipalName Opt[string] `json:"userPrincipalName,omitzero" pii:"upn"`
	Email             Opt[string] `json:"email,omitzero" pii:"upn"`
	ApplicationType   Opt[string] `json:"applicationType,omitzero"`
	Hidden            Opt[bool]   `json:"hidden,omitzero"`
	ACSResourceID     Opt[string] `json:"azureCommunicationServicesResourceId,omitzero"`
	Extra             Extra       `json:"@unknown,omitempty"`
}

// IdentitySet is Graph's communicationsIdentitySet: who a participant is,
// one slot per kind of identity. The phone slot's id is a phone number; the
// application-instance slots are auto attendants and call queues.
type IdentitySet struct {
	ODataType                      string      `json:"@odata.type,omitempty"`
	User                           *Identity   `json:"user,omitempty"`
	Application                    *Identity   `json:"application,omitempty"`
	Device                         *Identity   `json:"device,omitempty"`
	ApplicationInstance            *Identity   `json:"applicationInstance,omitempty"`
	AssertedIdentity               *Identity   `json:"assertedIdentity,omitempty"`
	AzureCommunicationServicesUser *Identity   `json:"azureCommunicationServicesUser,omitempty"`
	Encrypted                      *Identity   `json:"encrypted,omitempty"`
	Guest                          *Identity   `json:"guest,omitempty"`
	OnPremises                     *Identity   `json:"onPremises,omitempty"`
	Phone                          *Identity   `json:"phone,omitempty" pii:"phone"`
	ACSUser                        *Identity   `json:"acsUser,omitempty"`
	SpoolUser                      *Identity   `json:"spoolUser,omitempty"`
	ACSApplicationInstance         *Identity   `json:"acsApplicationInstance,omitempty"`
	SpoolApplicationInstance       *Identity   `json:"spoolApplicationInstance,omitempty"`
	EndpointType                   Opt[string] `json:"endpointType,omitzero"`
	Extra                          Extra       `json:"@unknown,omitempty"`
}

// Slots returns the identities present in the set with their slot names,
// in a fixed order: user first, then the others.
func (s *IdentitySet) Slots() []IdentitySlot {
	if s == nil {
		return nil
	}
	all := []IdentitySlot{
		{"user", s.User}, {"phone", s.Phone}, {"guest", s.Guest},
		{"azureCommunicationServicesUser", s.AzureCommunicationServicesUser},
		{"acsUser", s.ACSUser}, {"spoolUser", s.SpoolUser},
		{"onPremises", s.OnPremises}, {"applicationInstance", s.ApplicationInstance},
		{"acsApplicationInstance", s.ACSApplicationInstance},
		{"spoolApplicationInstance", s.SpoolApplicationInstance},
		{"application", s.Application}, {"device", s.Device},
		{"assertedIdentity", s.AssertedIdentity}, {"encrypted", s.Encrypted},
	}
	out := all[:0]
	for _, sl := range all {
		if sl.Identity != nil {
			out = append(out, sl)
		}
	}
	return out
}

// IdentitySlot is one filled slot of an identity set.
type IdentitySlot struct {
	Slot     string
	Identity *Identity
}

// Primary returns the identity that best names the participant: the first
// filled slot in Slots order.
func (s *IdentitySet) Primary() *Identity {
	for _, sl := range s.Slots() {
		return sl.Identity
	}
	return nil
}
