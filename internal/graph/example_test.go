package graph_test

import (
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/graph"
)

// A list page's elements do not say what they are; its @odata.context does.
func ExampleParseContext() {
	kind, callID := graph.ParseContext("https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('e523d2ed-2966-4b6b-925b-754a88034cc5')/sessions")
	fmt.Println(kind, callID)
	// Output: sessions e523d2ed-2966-4b6b-925b-754a88034cc5
}

// A single object, as in a JSON-lines export, is placed by its properties.
func ExampleClassify() {
	obj := graph.Classify([]byte(`{"id":"9e8b","correlationId":"c98e","finalSipCode":0,"trunkFullyQualifiedDomainName":"sbc.contoso.com"}`))
	fmt.Println(obj.Kind, obj.Usage)
	// Output: usage directRouting
}

func ExampleDecodeCallRecord() {
	c, err := graph.DecodeCallRecord([]byte(`{
		"id": "e523d2ed-2966-4b6b-925b-754a88034cc5", "version": 2, "type": "peerToPeer",
		"sessions": [{"id": "s1", "segments": [{"media": [{"label": "main-audio",
			"streams": [{"streamDirection": "callerToCallee", "averageJitter": "PT0.016S", "averageAudioDegradation": null}]}]}]}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := c.Sessions[0].Segments[0].Media[0].Streams[0]
	fmt.Println(c.Version, s.AverageJitter, s.AverageAudioDegradation, s.AveragePacketLossRate)
	// Output: 2 PT0.016S null absent
}

// A record that cannot be read says where and why.
func ExampleFieldError() {
	_, err := graph.DecodeCallRecord([]byte(`{"id": "r1", "version": 1,
		"sessions": [{"segments": [{"media": [{"streams": [{"packetUtilization": "abc"}]}]}]}]}`))
	var fe *graph.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field)
	}
	fmt.Println(err)
	// Output:
	// sessions.segments.media.streams.packetUtilization
	// callRecord r1: field sessions.segments.media.streams.packetUtilization: expected an integer, got "abc"
}
