package quality_test

import (
	"fmt"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/quality"
)

// A poor audio stream makes its session poor, and the issue says whose
// network it concerns.
func ExampleEngine_Judge() {
	call, err := graph.DecodeCallRecord([]byte(`{
	  "id": "e523d2ed-2966-4b6b-925b-754a88034cc5", "version": 1, "type": "peerToPeer",
	  "sessions": [{
	    "id": "s1",
	    "caller": {"@odata.type": "#microsoft.graph.callRecords.participantEndpoint"},
	    "callee": {"@odata.type": "#microsoft.graph.callRecords.participantEndpoint"},
	    "segments": [{"id": "g1", "media": [{"label": "main-audio", "streams": [
	      {"streamId": "1", "streamDirection": "calleeToCaller", "packetUtilization": 4000,
	       "averageJitter": "PT0.045S", "averagePacketLossRate": 0.02, "averageRoundTripTime": "PT0.08S"}
	    ]}]}]
	  }]
	}`))
	if err != nil {
		panic(err)
	}
	engine, err := quality.New(quality.Options{})
	if err != nil {
		panic(err)
	}
	engine.Judge(call)
	s := call.Sessions[0]
	fmt.Println(call.Rules, s.Rating)
	for _, i := range s.Issues {
		fmt.Println(i.Severity, i.Area, i.Side, i.Reason)
	}
	// Output:
	// cqd-2024/ca-1/acs-1 poor
	// red network callee jitter 45 ms > 30 ms
}

// The 2021 rule still counts audio degradation; the 2024 rule does not.
func ExampleEngine_ClassifyStream() {
	call, _ := graph.DecodeCallRecord([]byte(`{"id": "c", "version": 1, "sessions": [{"segments": [{"media": [{"label": "main-audio",
	  "streams": [{"packetUtilization": 709, "averageAudioDegradation": 1.160898, "averageJitter": "PT0.007S"}]}]}]}]}`))
	stream := call.Sessions[0].Segments[0].Media[0].Streams[0]
	for _, v := range []string{"2021", "2024"} {
		engine, _ := quality.New(quality.Options{CQDRules: v})
		q, reasons := engine.ClassifyStream("audio", stream)
		fmt.Println(v, q, len(reasons))
	}
	// Output:
	// 2021 poor 1
	// 2024 good 0
}
