package acs

import (
	"slices"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// TestParticipantFactsSamples: the published group call's summaries
// make one fact per participant, the server none, with the OS cut to
// its name and version, the platform read from it (or the endpoint
// type), and withheld values kept as withheld.
func TestParticipantFactsSamples(t *testing.T) {
	t.Parallel()
	c, err := Assemble("contoso", records(t, groupCall, "CallSummary.ndjson", "CallDiagnostics.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	facts := model.ACSParticipantFacts(c)
	type row struct{ endpoint, sdk, os, platform string }
	var got []row
	for _, f := range facts {
		if f.Tenant != "contoso" || f.CallID != groupCall || f.CallType != "Group" || !f.Interop || f.SurveyOnly {
			t.Errorf("call fields of %+v", f)
		}
		if f.CallStart != c.StartDateTime.Value().UTC() || f.Seconds == nil || f.ParticipantID == "" {
			t.Errorf("start, duration or participant id of %+v", f)
		}
		got = append(got, row{f.EndpointType, f.SDKVersion, f.OS, f.Platform})
	}
	want := []row{
		{"VoIP", "1.0.0.3", "Android 11.0", "Android"},
		{"VoIP", "1.0.0.3", "Darwin Kernel Version 18.7.0", ""},
		{"PSTN", "", "", "PSTN"},
		{"Bot", "Redacted", "Redacted", "Bot"},
		{"VoIP", "Redacted", "Redacted", "Redacted"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("participants\ngot  %+v\nwant %+v", got, want)
	}
	if facts[0].Streams != 2 || facts[2].Streams != 0 {
		t.Errorf("streams %d and %d, want 2 and 0", facts[0].Streams, facts[2].Streams)
	}
}

// TestParticipantFactsSurveysOfNoParticipant: surveys whose participant
// id names nobody of the call make one survey-only fact.
func TestParticipantFactsSurveysOfNoParticipant(t *testing.T) {
	t.Parallel()
	c, err := Assemble("contoso", records(t, "fcc1234f-ce69-ZZZZ-b73f-b036051test4", "CallSurvey.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	facts := model.ACSParticipantFacts(c)
	if len(facts) != 1 || !facts[0].SurveyOnly || facts[0].Surveys != 2 {
		t.Fatalf("facts %+v, want one survey-only fact of 2 surveys", facts)
	}
	f := facts[0]
	if f.Ratings[model.RatingOverall] != (model.ACSRatingSum{N: 1, Sum: 7}) || f.Ratings[model.RatingAudio] != (model.ACSRatingSum{N: 1, Sum: 6}) {
		t.Errorf("ratings %+v", f.Ratings)
	}
	if !slices.Equal(f.Issues, []string{"overall:CallCannotJoin", "audio:NoRemoteAudio"}) {
		t.Errorf("issues %q", f.Issues)
	}
}

// TestParticipantFactsBuilt: a P2P call gives both endpoints; a group
// participant takes the surveys naming it; a rating at its threshold
// is poor, above it not, without one the SDK's default (3) applies; the
// result category is the log's, else the table's for the exact pair.
func TestParticipantFactsBuilt(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	sess := func(acs, callee *model.ACSParticipant) *model.Session {
		return &model.Session{ACS: acs, CalleeACS: callee, StartDateTime: model.Some(start.Add(time.Minute)), EndDateTime: model.Some(start.Add(4 * time.Minute)),
			Segments: []*model.Segment{{Media: []*model.Media{{Streams: []*model.Stream{{Quality: model.QualityPoor}, {Quality: model.QualityGood}, nil}}}}}}
	}
	score := func(v float64) model.Opt[float64] { return model.Some(v) }
	c := &model.Call{Tenant: "t", ID: "c1", Source: model.SourceACS, StartDateTime: model.Some(start.In(time.FixedZone("x", 3600))),
		ACS: &model.ACSCall{CallType: "group", Surveys: []*model.ACSSurvey{
			{ParticipantID: model.Some("p1"), OverallScore: score(3), OverallThreshold: score(3), AudioScore: score(4), AudioThreshold: score(3), AudioIssues: model.Some("Echo, NoLocalAudio")},
			{ParticipantID: model.Some("p1"), OverallScore: score(3)},
			{ParticipantID: model.Some("nobody"), VideoScore: score(9), VideoThreshold: score(7), VideoIssues: model.Some("Freezes")},
		}},
		Sessions: []*model.Session{
			sess(&model.ACSParticipant{ParticipantID: "p1", EndpointType: "VoIP", EndReason: model.Some("410"), EndSubCode: model.Some("3101"), OSVersion: model.Some("iOS 17.6.1")}, nil),
			sess(&model.ACSParticipant{EndpointType: "VoIP", EndReason: model.Some("0"), EndSubCode: model.Some("0"), ResultCategory: model.Some("ExpectedError"), OSVersion: model.Some("Linux x86_64")},
				&model.ACSParticipant{EndpointType: "VoIP", EndReason: model.Some("410"), EndSubCode: model.Some("7")}),
			{ID: model.Some("c1/server-1")},
			nil,
		}}
	facts := model.ACSParticipantFacts(c)
	if len(facts) != 4 {
		t.Fatalf("%d facts, want 3 participants and the survey-only row: %+v", len(facts), facts)
	}
	p1, caller, callee, rest := facts[0], facts[1], facts[2], facts[3]
	if p1.CallType != "Group" || p1.CallStart != start || p1.Day() != start.Truncate(24*time.Hour) {
		t.Errorf("call type %q, start %v", p1.CallType, p1.CallStart)
	}
	if *p1.Seconds != 180 || p1.Streams != 2 || p1.PoorStreams != 1 {
		t.Errorf("p1 seconds %v streams %d poor %d", *p1.Seconds, p1.Streams, p1.PoorStreams)
	}
	if p1.Surveys != 2 || p1.Ratings[model.RatingOverall] != (model.ACSRatingSum{N: 2, Sum: 6, Poor: 2}) ||
		p1.Ratings[model.RatingAudio] != (model.ACSRatingSum{N: 1, Sum: 4}) {
		t.Errorf("p1 surveys %d ratings %+v", p1.Surveys, p1.Ratings)
	}
	if !slices.Equal(p1.Issues, []string{"audio:Echo", "audio:NoLocalAudio"}) {
		t.Errorf("p1 issues %q", p1.Issues)
	}
	if p1.ResultCategory != model.ACSResultUnexpectedClientError || p1.Platform != "iOS" {
		t.Errorf("p1 category %q platform %q", p1.ResultCategory, p1.Platform)
	}
	if caller.ResultCategory != model.ACSResultExpectedError || caller.Platform != "Linux" || caller.Surveys != 0 {
		t.Errorf("caller %+v: the log's category wins", caller)
	}
	if callee.ResultCategory != "" || callee.EndSubCode != "7" {
		t.Errorf("callee %+v: 410/7 has no row of its own, so no category", callee)
	}
	if !rest.SurveyOnly || rest.Surveys != 1 || rest.Ratings[model.RatingVideo] != (model.ACSRatingSum{N: 1, Sum: 9}) || rest.Seconds != nil {
		t.Errorf("survey-only row %+v", rest)
	}
	// Distinct calls by summing marks: p1 stands for the call; the
	// caller and callee share p1's (empty) SDK version; the caller's OS
	// (Linux) and the callee's (none) and end (410/7) are new.
	if !p1.First.Call || caller.First.Call || callee.First.Call || rest.First.Call {
		t.Errorf("first of the call: %v %v %v %v", p1.First.Call, caller.First.Call, callee.First.Call, rest.First.Call)
	}
	if !p1.First.SDKVersion || caller.First.SDKVersion || callee.First.SDKVersion {
		t.Errorf("first of the SDK version: %v %v %v", p1.First.SDKVersion, caller.First.SDKVersion, callee.First.SDKVersion)
	}
	if !caller.First.OS || !callee.First.OS || !callee.First.End || caller.First.EndpointType {
		t.Errorf("first of the OS or end: caller %+v callee %+v", caller.First, callee.First)
	}
	if got := model.ACSParticipantFacts(&model.Call{Tenant: "t", ID: "g", Source: model.SourceGraph, Sessions: c.Sessions}); got != nil {
		t.Errorf("a Graph call gives %d facts", len(got))
	}
}
