package model

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// The Calling SDK's end codes: participantEndReason holds the code,
// ParticipantEndSubCode the subcode, ResultCategory the category
// (acs-logs §5). Microsoft publishes what each pair means in two tables,
// the call end codes (call-end.md, 10/10/2024) and the Calling SDK client
// error codes (calling-sdk.md, 07/22/2024); both are transcribed below as
// data, so that a report can say what a row of numbers means.

// Result categories as ACS writes them in ResultCategory.
const (
	ACSResultSuccess               = "Success"
	ACSResultExpectedError         = "ExpectedError"
	ACSResultUnexpectedClientError = "UnexpectedClientError"
	ACSResultUnexpectedServerError = "UnexpectedServerError"
)

// ACSEndCode is what the published tables say of one code and subcode.
type ACSEndCode struct {
	// Code and SubCode as the log writes them; SubCode is "" for the
	// rows the tables give by code alone.
	Code, SubCode string
	// Category is the result category the table gives the pair; "" for
	// the rows by code alone, which give none.
	Category string
	// Meaning is the table's explanation, shortened.
	Meaning string
	// Table names the published table: "call end" or "Calling SDK".
	Table string
}

type endRow struct {
	sub, code int
	category  string
	meaning   string
}

// noSub marks a row given by code alone.
const noSub = -1

// callEndCodes is the call end code table (§5.1).
var callEndCodes = []endRow{
	{0, 0, ACSResultSuccess, "ended by the local participant"},
	{0, 487, ACSResultSuccess, "caller canceled"},
	{0, 603, ACSResultSuccess, "declined by the callee (SDK, Call Automation, Graph, PSTN or Teams reject)"},
	{7, 496, ACSResultExpectedError, "the client lost its network abruptly and reconnecting failed"},
	{3100, 410, ACSResultUnexpectedClientError, "call setup failed: unexpected network problem on the client"},
	{3101, 410, ACSResultUnexpectedClientError, "call dropped: unexpected network problem on the client"},
	{3111, 410, ACSResultUnexpectedClientError, "call setup failed: unable to process the media offer"},
	{3112, 410, ACSResultExpectedError, "call setup failed: client network configuration problem"},
	{4097, 0, ACSResultSuccess, "the meeting organizer ended the call for everyone"},
	{4502, 490, ACSResultUnexpectedClientError, "network connectivity: the browser failed to complete the HTTP request"},
	{4506, 408, ACSResultUnexpectedClientError, "call timed out: did the callee receive and accept it?"},
	{4507, 495, ACSResultUnexpectedClientError, "the app did not provide a valid ACS token (check token refresh)"},
	{4521, 0, ACSResultExpectedError, "the user disconnected abruptly (closed the tab or app without hanging up)"},
	{5000, 0, ACSResultSuccess, "removed by another participant"},
	{5003, 0, ACSResultSuccess, "all callee endpoints declined"},
	{5300, 0, ACSResultSuccess, "removed by another participant (client, Call Automation API or Graph API)"},
	{5317, 0, ACSResultExpectedError, "removed because the participant's role changed"},
	{5828, 403, ACSResultUnexpectedClientError, "Rooms: the user is not on the invitee list"},
	{5829, 403, ACSResultUnexpectedClientError, "Rooms: joined before the start or after the end time"},
	{5830, 403, ACSResultExpectedError, "Rooms: only Communication Services users may join"},
	{7000, 0, ACSResultSuccess, "ended by the Call Automation API or a server bot"},
	{10003, 487, ACSResultSuccess, "accepted elsewhere, by another endpoint of the user"},
	{10004, 487, ACSResultExpectedError, "canceled on timeout (usually 2 minutes): neither accepted nor rejected"},
	{10009, 401, ACSResultUnexpectedClientError, "unauthenticated identity: the token is invalid or expired"},
	{10024, 487, ACSResultSuccess, "declined by all callee endpoints"},
	{10037, 480, ACSResultExpectedError, "the target had no endpoints registered with ACS"},
	{10057, 408, ACSResultExpectedError, "the callee failed to finalize setup (lost network or app terminated)"},
	{10076, 480, ACSResultExpectedError, "the target is registered but not online"},
	{10077, 480, ACSResultExpectedError, "the target is registered (ACS and/or push) but not online"},
	{10078, 480, ACSResultExpectedError, "the remote client endpoint is not registered or not reachable"},
	{301004, 410, ACSResultUnexpectedClientError, "removed by ACS: no media connectivity during setup (local network, firewall or VPN)"},
	{301005, 410, ACSResultUnexpectedClientError, "removed by ACS: lost media connectivity (left abruptly or lost network)"},
	{510403, 403, ACSResultExpectedError, "previously marked as spam, now blocked"},
	{540487, 487, ACSResultSuccess, "caller canceled"},
	{560000, 0, ACSResultSuccess, "ended by the remote PSTN participant"},
	{560486, 486, ACSResultSuccess, "the remote PSTN participant was busy"},
	{noSub, 404, "", "call not found"},
	{noSub, 408, "", "the call controller timed out waiting for the endpoint's protocol messages"},
	{noSub, 410, "", "local media stack or media infrastructure error"},
	{noSub, 430, "", "unable to deliver the message to the client application"},
	{noSub, 480, "", "the remote client endpoint is not registered"},
	{noSub, 481, "", "failed to handle the incoming call"},
	{noSub, 490, "", "local endpoint network issue"},
	{noSub, 491, "", "local endpoint network issue"},
	{noSub, 496, "", "local endpoint network issue"},
	{noSub, 497, "", "local endpoint network issue"},
	{noSub, 498, "", "local endpoint network issue"},
	{noSub, 500, "", "Communication Services infrastructure error"},
	{noSub, 503, "", "Communication Services infrastructure error"},
	{noSub, 504, "", "Communication Services infrastructure error"},
}

// sdkCodes is the Calling SDK client error code table (§5.2); its rows by
// code alone repeat the call end table's where both give one.
var sdkCodes = []endRow{
	{40101, 408, ACSResultUnexpectedClientError, "failed to create the CallAgent"},
	{40104, 408, ACSResultUnexpectedClientError, "failed to create the CallAgent"},
	{40114, 408, ACSResultUnexpectedClientError, "failed to connect to the ACS infrastructure (check the network requirements)"},
	{40115, 412, ACSResultUnexpectedClientError, "failed to create the CallAgent: could not initialize the connection to ACS"},
	{40216, 500, ACSResultUnexpectedClientError, "failed to create the CallAgent"},
	{40228, 409, ACSResultExpectedError, "a CallAgent for this identity already exists"},
	{40230, 409, ACSResultExpectedError, "a TeamsCallAgent for this identity already exists"},
	{40606, 405, ACSResultExpectedError, "speaker enumeration is not supported (Android Chrome, iOS Safari, macOS Safari)"},
	{40613, 400, ACSResultExpectedError, "microphone or camera permission denied or failed"},
	{40614, 500, ACSResultUnexpectedClientError, "failed to ask for device permissions"},
	{41006, 400, ACSResultExpectedError, "cannot accept: the incoming call is not ringing"},
	{41007, 400, ACSResultExpectedError, "cannot reject: the incoming call is not ringing"},
	{41015, 500, ACSResultUnexpectedClientError, "failed to mute the microphone"},
	{41016, 400, ACSResultUnexpectedClientError, "failed to unmute the microphone"},
	{41025, 400, ACSResultExpectedError, "start video: the LocalVideoStream is invalid or empty"},
	{41027, 400, ACSResultExpectedError, "start video: already started"},
	{41030, 400, ACSResultExpectedError, "stop video: already stopped"},
	{41032, 400, ACSResultExpectedError, "stop video: that LocalVideoStream is not being sent"},
	{41033, 500, ACSResultUnexpectedClientError, "failed to hold"},
	{41034, 500, ACSResultUnexpectedClientError, "failed to resume"},
	{41035, 400, ACSResultExpectedError, "screen sharing already started"},
	{41041, 400, ACSResultExpectedError, "screen sharing already stopped"},
	{41048, 410, ACSResultUnexpectedClientError, "failed to start video during call setup (permissions, camera disabled or in use)"},
	{41056, 412, ACSResultExpectedError, "the Teams Enterprise Voice policy is not enabled for this ACS resource"},
	{41071, 412, ACSResultExpectedError, "start screen sharing: the call is not connected"},
	{41073, 412, ACSResultExpectedError, "getting or setting a custom MediaStream is disabled by ACS"},
	{43000, 412, ACSResultExpectedError, "the video device is in use by another process"},
	{43001, 403, ACSResultExpectedError, "permission for the video device was not granted"},
	{43002, 500, ACSResultUnexpectedClientError, "start video: unknown error"},
	{43004, 400, ACSResultExpectedError, "switch video device: the input must be a VideoDeviceInfo"},
	{43005, 400, ACSResultExpectedError, "switch video device: already selected"},
	{43013, 412, ACSResultExpectedError, "no video devices found"},
	{43014, 412, ACSResultUnexpectedClientError, "error requesting the media stream"},
	{43015, 412, ACSResultExpectedError, "the media stream request timed out (the permission prompt was not answered)"},
	{43016, 412, ACSResultExpectedError, "permissions denied by the system"},
	{43017, 412, ACSResultUnexpectedClientError, "unsupported stream"},
	{43018, 412, ACSResultUnexpectedClientError, "failed to set constraints"},
	{43019, 412, ACSResultUnexpectedClientError, "no device selected"},
	{43200, 412, ACSResultExpectedError, "render: the stream is not available (wait for isAvailable)"},
	{43202, 404, ACSResultExpectedError, "render: the stream is no longer available (the remote side turned video off)"},
	{43203, 408, ACSResultUnexpectedClientError, "render: timed out waiting for frames"},
	{43204, 500, ACSResultUnexpectedClientError, "render: failed to subscribe to video on ACS"},
	{43209, 405, ACSResultExpectedError, "render: the VideoStreamRenderer was disposed during initialization"},
	{43210, 400, ACSResultExpectedError, "dispose: the VideoStreamRenderer is already disposed"},
	{43220, 400, ACSResultExpectedError, "the maximum number of active RemoteVideoStream views was reached"},
	{noSub, 487, "", "canceled, locally declined, endpoint mismatch, or failed to generate a media offer (expected)"},
	{noSub, 600, "", "busy everywhere"},
	{noSub, 603, "", "globally declined by the remote ACS participant"},
	{noSub, 604, "", "does not exist anywhere (the URI does not exist)"},
	{noSub, 606, "", "not acceptable (the session cannot be supported)"},
}

type endKey struct{ code, sub int }

// endCodes indexes both tables by code and subcode (noSub for the rows
// by code alone). Where both give a row by code alone, the call end
// table's comes first and is kept.
var endCodes = func() map[endKey]ACSEndCode {
	m := map[endKey]ACSEndCode{}
	for _, t := range []struct {
		name string
		rows []endRow
	}{{"call end", callEndCodes}, {"Calling SDK", sdkCodes}} {
		for _, r := range t.rows {
			k := endKey{r.code, r.sub}
			if _, ok := m[k]; ok {
				continue
			}
			sub := ""
			if r.sub != noSub {
				sub = strconv.Itoa(r.sub)
			}
			m[k] = ACSEndCode{Code: strconv.Itoa(r.code), SubCode: sub, Category: r.category, Meaning: r.meaning, Table: t.name}
		}
	}
	return m
}()

// endSubCodes indexes the rows by subcode alone: every subcode but 0
// is unique across both tables, so a subcode the logs pair with another
// code is still explained.
var endSubCodes = func() map[int]ACSEndCode {
	m := map[int]ACSEndCode{}
	for k, e := range endCodes {
		if k.sub > 0 {
			m[k.sub] = e
		}
	}
	return m
}()

// ExplainACSEnd looks an end code and subcode up in the published tables:
// the row of the pair (exact), else the row of the subcode under
// another code, else the row of the code alone, else nothing. Codes and
// subcodes are read as the logs write them, numbers in text; a subcode
// that is empty or not a number looks the code up alone.
func ExplainACSEnd(code, subCode string) (e ACSEndCode, exact, ok bool) {
	c, cerr := strconv.Atoi(strings.TrimSpace(code))
	s, serr := strconv.Atoi(strings.TrimSpace(subCode))
	if cerr == nil && serr == nil {
		if e, ok := endCodes[endKey{c, s}]; ok {
			return e, true, true
		}
	}
	if serr == nil && s > 0 {
		if e, ok := endSubCodes[s]; ok {
			return e, false, true
		}
	}
	if cerr != nil {
		return ACSEndCode{}, false, false
	}
	e, ok = endCodes[endKey{c, noSub}]
	return e, false, ok
}

// ACSEndCodes lists every row of both tables, by code and then subcode, a
// code's row without subcode first: the reference a report links to.
func ACSEndCodes() []ACSEndCode {
	keys := make([]endKey, 0, len(endCodes))
	for k := range endCodes {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b endKey) int {
		if a.code != b.code {
			return cmp.Compare(a.code, b.code)
		}
		return cmp.Compare(a.sub, b.sub)
	})
	out := make([]ACSEndCode, len(keys))
	for i, k := range keys {
		out[i] = endCodes[k]
	}
	return out
}

// ACSCodeClass is the SIP class of an end code, as the Insights workbook
// groups participant end reasons: Success (0 and 2xx: ACS ends calls
// normally with code 0), Provisional (1xx), Redirection (3xx), Client
// failure (4xx), Server failure (5xx) and Global failure (6xx); "" for
// a code that is none of these.
func ACSCodeClass(code string) string {
	c, err := strconv.Atoi(strings.TrimSpace(code))
	if err != nil {
		return ""
	}
	switch {
	case c == 0 || c >= 200 && c < 300:
		return "Success"
	case c >= 100 && c < 200:
		return "Provisional"
	case c >= 300 && c < 400:
		return "Redirection"
	case c >= 400 && c < 500:
		return "Client failure"
	case c >= 500 && c < 600:
		return "Server failure"
	case c >= 600 && c < 700:
		return "Global failure"
	}
	return ""
}

// ACSUnexpected reports whether a result category is one of the unexpected
// errors, the failures the Insights workbook counts against a build:
// UnexpectedClientError (the docs also spell it "UnxpectedClientError")
// and UnexpectedServerError.
func ACSUnexpected(category string) bool {
	c := strings.ToLower(strings.TrimSpace(category))
	return strings.HasPrefix(c, "unexpected") || strings.HasPrefix(c, "unxpected")
}
