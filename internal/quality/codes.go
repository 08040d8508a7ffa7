package quality

// effect is what an ACS end code means for a session.
type effect uint8

const (
	// byCategory: the row gives a meaning only (a code without subcode);
	// the record's resultCategory, else the code's class, decides.
	byCategory effect = iota
	// none: a normal end (Success).
	none
	// setup: the participant never got into the call; red, rates the
	// session poor, as Call Analytics' setup failures do.
	setup
	// drop: the call was lost after it was set up; red, reported as a
	// drop, never as a setup failure.
	drop
	// failure: an unexpected SDK failure that did not keep the
	// participant out of the call (mute, hold, video…); red in its area.
	failure
	// expected: an outcome the SDK expects (declined, timed out, not
	// registered…); yellow, with its meaning.
	expected
)

// endCode is one row of the ACS end-reason tables (acs-logs §5.1 call
// end codes, §5.2 Calling SDK error codes), kept as published. sub is -1
// for rows that give a code without a subcode. area is where an issue
// raised by the row lies.
type endCode struct {
	code, sub int
	category  string
	meaning   string
	effect    effect
	area      string
}

// ACS result categories.
const (
	catSuccess          = "Success"
	catExpected         = "ExpectedError"
	catUnexpectedClient = "UnexpectedClientError"
	catUnexpectedServer = "UnexpectedServerError"
)

// callEndCodes is §5.1, call-end.md (10/10/2024): the table for
// participantEndReason / participantEndSubCode. Every row of the
// reference, in its order; the code-only rows listing several codes are
// one row per code.
var callEndCodes = []endCode{
	{0, 0, catSuccess, "ended by the local participant", none, ""},
	{487, 0, catSuccess, "caller canceled", none, ""},
	{603, 0, catSuccess, "declined by callee (SDK, Call Automation, Graph, PSTN or Teams reject)", none, ""},
	{496, 7, catExpected, "client lost network abruptly, reconnect retries failed", drop, areaReliability},
	{410, 3100, catUnexpectedClient, "call setup failed: unexpected network problem on the client", setup, areaSetup},
	{410, 3101, catUnexpectedClient, "call dropped: unexpected network problem on the client", drop, areaReliability},
	{410, 3111, catUnexpectedClient, "call setup failed: unable to process media offer", setup, areaSetup},
	{410, 3112, catExpected, "call setup failed: client network configuration problem", setup, areaSetup},
	{0, 4097, catSuccess, "meeting organizer ended the call for all", none, ""},
	{490, 4502, catUnexpectedClient, "network connectivity: browser failed to complete the HTTP request", setup, areaSetup},
	{408, 4506, catUnexpectedClient, "call timed out (did the callee receive/accept?)", setup, areaSetup},
	{495, 4507, catUnexpectedClient, "app didn't provide a valid ACS token (check token refresh)", setup, areaSetup},
	{0, 4521, catExpected, "user disconnected abruptly (e.g. closed the tab/app without hanging up)", expected, areaReliability},
	{0, 5000, catSuccess, "participant removed by another participant", none, ""},
	{0, 5003, catSuccess, "all callee endpoints declined", none, ""},
	{0, 5300, catSuccess, "removed by another participant (client, Call Automation API, Graph API)", none, ""},
	{0, 5317, catExpected, "removed due to participant role update", expected, areaReliability},
	{403, 5828, catUnexpectedClient, "Rooms: user not in the invitee list", setup, areaSetup},
	{403, 5829, catUnexpectedClient, "Rooms: join before start / after end time", setup, areaSetup},
	{403, 5830, catExpected, "Rooms: only Communication Services users may join", expected, areaSetup},
	{0, 7000, catSuccess, "ended by Call Automation API or a server bot", none, ""},
	{487, 10003, catSuccess, "accepted elsewhere by another endpoint of the user", none, ""},
	{487, 10004, catExpected, "canceled on timeout (usually 2 minutes) — not accepted/rejected", expected, areaReliability},
	{401, 10009, catUnexpectedClient, "unauthenticated identity (token invalid/expired)", setup, areaSetup},
	{487, 10024, catSuccess, "declined by all callee endpoints", none, ""},
	{480, 10037, catExpected, "target had no endpoints registered with ACS", expected, areaSetup},
	{408, 10057, catExpected, "callee failed to finalize setup (lost network / app terminated)", expected, areaSetup},
	{480, 10076, catExpected, "target registered but not online", expected, areaSetup},
	{480, 10077, catExpected, "target registered (ACS and/or push) but not online", expected, areaSetup},
	{480, 10078, catExpected, "remote client endpoint not registered or not reachable", expected, areaSetup},
	{410, 301004, catUnexpectedClient, "removed by ACS: no media connectivity during setup (local network/firewall/VPN)", setup, areaSetup},
	{410, 301005, catUnexpectedClient, "removed by ACS: lost media connectivity (left abruptly / lost network)", drop, areaReliability},
	{403, 510403, catExpected, "previously marked as spam, now blocked", expected, areaSetup},
	{487, 540487, catSuccess, "caller canceled", none, ""},
	{0, 560000, catSuccess, "ended by remote PSTN participant", none, ""},
	{486, 560486, catSuccess, "remote PSTN participant busy", none, ""},
	{404, -1, "", "call not found", byCategory, areaSetup},
	{408, -1, "", "call controller timed out waiting for endpoint protocol messages", byCategory, areaReliability},
	{410, -1, "", "local media stack or media infrastructure error", byCategory, areaReliability},
	{430, -1, "", "unable to deliver message to the client application", byCategory, areaReliability},
	{480, -1, "", "remote client endpoint not registered", byCategory, areaSetup},
	{481, -1, "", "failed to handle incoming call", byCategory, areaSetup},
	{490, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{491, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{496, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{497, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{498, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{500, -1, "", "Communication Services infrastructure error", byCategory, areaReliability},
	{503, -1, "", "Communication Services infrastructure error", byCategory, areaReliability},
	{504, -1, "", "Communication Services infrastructure error", byCategory, areaReliability},
}

// sdkErrorCodes is §5.2, calling-sdk.md (07/22/2024): Calling SDK client
// error codes. Every row of the reference, in its order. Failures to
// create the CallAgent or reach ACS keep the participant out of the call
// (setup); other unexpected failures concern one device or media feature
// (failure).
var sdkErrorCodes = []endCode{
	{408, 40101, catUnexpectedClient, "failed to create CallAgent", setup, areaSetup},
	{408, 40104, catUnexpectedClient, "failed to create CallAgent", setup, areaSetup},
	{408, 40114, catUnexpectedClient, "failed to connect to ACS infrastructure (network requirements)", setup, areaSetup},
	{412, 40115, catUnexpectedClient, "failed to create CallAgent: couldn't initialize connection to ACS", setup, areaSetup},
	{500, 40216, catUnexpectedClient, "failed to create CallAgent", setup, areaSetup},
	{409, 40228, catExpected, "a CallAgent for this identity already exists", expected, areaSetup},
	{409, 40230, catExpected, "a TeamsCallAgent for this identity already exists", expected, areaSetup},
	{405, 40606, catExpected, "speaker enumeration not supported (Android Chrome, iOS Safari, macOS Safari)", expected, areaDevice},
	{400, 40613, catExpected, "mic/camera permission denied or failed", expected, areaDevice},
	{500, 40614, catUnexpectedClient, "failed to ask for device permissions", failure, areaDevice},
	{400, 41006, catExpected, "can't accept: incoming call not Ringing", expected, areaSetup},
	{400, 41007, catExpected, "can't reject: incoming call not Ringing", expected, areaSetup},
	{500, 41015, catUnexpectedClient, "failed to mute microphone", failure, areaDevice},
	{400, 41016, catUnexpectedClient, "failed to unmute microphone", failure, areaDevice},
	{400, 41025, catExpected, "start video: LocalVideoStream invalid or empty", expected, areaMedia},
	{400, 41027, catExpected, "start video: already started", expected, areaMedia},
	{400, 41030, catExpected, "stop video: already stopped", expected, areaMedia},
	{400, 41032, catExpected, "stop video: that LocalVideoStream isn't being sent", expected, areaMedia},
	{500, 41033, catUnexpectedClient, "failed to hold", failure, areaMedia},
	{500, 41034, catUnexpectedClient, "failed to resume", failure, areaMedia},
	{400, 41035, catExpected, "screen share already started", expected, areaMedia},
	{400, 41041, catExpected, "screen share already stopped", expected, areaMedia},
	{410, 41048, catUnexpectedClient, "failed to start video during call setup (permissions, camera disabled/in use)", failure, areaDevice},
	{412, 41056, catExpected, "Teams Enterprise Voice policy not enabled for this ACS resource", expected, areaSetup},
	{412, 41071, catExpected, "start screen share: call not Connected", expected, areaMedia},
	{412, 41073, catExpected, "custom MediaStream get/set disabled by ACS", expected, areaMedia},
	{412, 43000, catExpected, "video device in use by another process", expected, areaDevice},
	{403, 43001, catExpected, "permission not granted for the video device", expected, areaDevice},
	{500, 43002, catUnexpectedClient, "start video: unknown error", failure, areaDevice},
	{400, 43004, catExpected, "switch video device: input must be VideoDeviceInfo", expected, areaDevice},
	{400, 43005, catExpected, "switch video device: already selected", expected, areaDevice},
	{412, 43013, catExpected, "no video devices found", expected, areaDevice},
	{412, 43014, catUnexpectedClient, "error requesting media stream", failure, areaDevice},
	{412, 43015, catExpected, "media stream request timed out (permission prompt not answered)", expected, areaDevice},
	{412, 43016, catExpected, "permissions denied by system", expected, areaDevice},
	{412, 43017, catUnexpectedClient, "unsupported stream", failure, areaDevice},
	{412, 43018, catUnexpectedClient, "failed to set constraints", failure, areaDevice},
	{412, 43019, catUnexpectedClient, "no device selected", failure, areaDevice},
	{412, 43200, catExpected, "render: stream isn't available (wait for isAvailable)", expected, areaMedia},
	{404, 43202, catExpected, "render: stream no longer available (remote turned video off)", expected, areaMedia},
	{408, 43203, catUnexpectedClient, "render: timed out waiting for frames", failure, areaMedia},
	{500, 43204, catUnexpectedClient, "render: failed to subscribe to video on ACS", failure, areaMedia},
	{405, 43209, catExpected, "render: VideoStreamRenderer disposed during initialization", expected, areaMedia},
	{400, 43210, catExpected, "dispose: VideoStreamRenderer already disposed", expected, areaMedia},
	{400, 43220, catExpected, "max number of active RemoteVideoStream views reached", expected, areaMedia},
	{480, -1, "", "remote client endpoint not registered", byCategory, areaSetup},
	{481, -1, "", "failed to handle incoming call", byCategory, areaSetup},
	{487, -1, "", "canceled, locally declined, endpoint mismatch, or failed to generate media offer (expected)", byCategory, areaSetup},
	{490, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{491, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{496, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{497, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{498, -1, "", "local endpoint network issues", byCategory, areaReliability},
	{503, -1, "", "ACS infrastructure error", byCategory, areaReliability},
	{504, -1, "", "ACS infrastructure error", byCategory, areaReliability},
	{600, -1, "", "busy everywhere", byCategory, areaSetup},
	{603, -1, "", "globally declined by remote ACS participant", byCategory, areaSetup},
	{604, -1, "", "doesn't exist anywhere (URI doesn't exist)", byCategory, areaSetup},
	{606, -1, "", "not acceptable (can't support the session)", byCategory, areaSetup},
}
