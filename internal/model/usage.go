package model

import "time"

// UsageKind names a Graph usage log.
type UsageKind string

const (
	UsagePSTN          UsageKind = "pstn"
	UsageDirectRouting UsageKind = "directRouting"
	UsageSMS           UsageKind = "sms"
)

// UsageRow is one row of a Graph PSTN, direct-routing or SMS usage log
// (getPstnCalls, getDirectRoutingCalls, getSmsLog). The three share most
// columns; each keeps the ones the others lack.
type UsageRow struct {
	Kind UsageKind `json:"kind"`

	ID                string         `json:"id,omitempty"`
	CallID            Opt[string]    `json:"callId,omitzero"`
	CorrelationID     Opt[string]    `json:"correlationId,omitzero"`
	UserID            Opt[string]    `json:"userId,omitzero" pii:"id"`
	UserPrincipalName Opt[string]    `json:"userPrincipalName,omitzero" pii:"upn"`
	UserDisplayName   Opt[string]    `json:"userDisplayName,omitzero" pii:"name"`
	StartDateTime     Opt[time.Time] `json:"startDateTime,omitzero"`
	EndDateTime       Opt[time.Time] `json:"endDateTime,omitzero"`
	InviteDateTime    Opt[time.Time] `json:"inviteDateTime,omitzero"`
	FailureDateTime   Opt[time.Time] `json:"failureDateTime,omitzero"`
	Duration          Opt[int64]     `json:"duration,omitzero"`
	Charge            Opt[float64]   `json:"charge,omitzero"`
	ConnectionCharge  Opt[float64]   `json:"connectionCharge,omitzero"`
	Currency          Opt[string]    `json:"currency,omitzero"`
	CallType          Opt[string]    `json:"callType,omitzero"`
	CalleeNumber      Opt[string]    `json:"calleeNumber,omitzero" pii:"phone"`
	CallerNumber      Opt[string]    `json:"callerNumber,omitzero" pii:"phone"`
	UsageCountryCode  Opt[string]    `json:"usageCountryCode,omitzero"`
	TenantCountryCode Opt[string]    `json:"tenantCountryCode,omitzero"`
	UserCountryCode   Opt[string]    `json:"userCountryCode,omitzero"`
	OtherPartyCountry Opt[string]    `json:"otherPartyCountryCode,omitzero"`
	DestinationCtx    Opt[string]    `json:"destinationContext,omitzero"`
	DestinationName   Opt[string]    `json:"destinationName,omitzero"`
	ConferenceID      Opt[string]    `json:"conferenceId,omitzero"`
	LicenseCapability Opt[string]    `json:"licenseCapability,omitzero"`
	InventoryType     Opt[string]    `json:"inventoryType,omitzero"`
	Operator          Opt[string]    `json:"operator,omitzero"`
	CallDurationSrc   Opt[string]    `json:"callDurationSource,omitzero"`

	ClientLocalIPv4  Opt[string] `json:"clientLocalIpV4Address,omitzero" pii:"ip"`
	ClientLocalIPv6  Opt[string] `json:"clientLocalIpV6Address,omitzero" pii:"ip"`
	ClientPublicIPv4 Opt[string] `json:"clientPublicIpV4Address,omitzero" pii:"ip"`
	ClientPublicIPv6 Opt[string] `json:"clientPublicIpV6Address,omitzero" pii:"ip"`

	// Direct routing.
	SuccessfulCall          Opt[bool]   `json:"successfulCall,omitzero"`
	MediaPathLocation       Opt[string] `json:"mediaPathLocation,omitzero"`
	SignalingLocation       Opt[string] `json:"signalingLocation,omitzero"`
	FinalSIPCode            Opt[int64]  `json:"finalSipCode,omitzero"`
	FinalSIPCodePhrase      Opt[string] `json:"finalSipCodePhrase,omitzero"`
	CallEndSubReason        Opt[int64]  `json:"callEndSubReason,omitzero"`
	TrunkFQDN               Opt[string] `json:"trunkFullyQualifiedDomainName,omitzero"`
	MediaBypassEnabled      Opt[bool]   `json:"mediaBypassEnabled,omitzero"`
	TransferorCorrelationID Opt[string] `json:"transferorCorrelationId,omitzero"`

	// SMS.
	SMSID             Opt[string]    `json:"smsId,omitzero"`
	SMSType           Opt[string]    `json:"smsType,omitzero"`
	SMSUnits          Opt[int64]     `json:"smsUnits,omitzero"`
	SentDateTime      Opt[time.Time] `json:"sentDateTime,omitzero"`
	SourceNumber      Opt[string]    `json:"sourceNumber,omitzero" pii:"phone"`
	DestinationNumber Opt[string]    `json:"destinationNumber,omitzero" pii:"phone"`
	CallCharge        Opt[float64]   `json:"callCharge,omitzero"`

	AdministrativeUnitInfos []*AdministrativeUnitInfo `json:"administrativeUnitInfos,omitempty"`
	Extra                   Extra                     `json:"@unknown,omitempty"`
}
