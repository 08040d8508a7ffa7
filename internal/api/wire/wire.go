// Package wire holds the rows of the API's lists as they travel, for the
// server that writes them (package api) and the client that reads them
// (package client), so that the two cannot drift apart.
package wire

import (
	"time"

	"github.com/callscope/callscope/internal/model"
)

// CallItem is one row of a call list (a user's, or the tenant's).
type CallItem struct {
	ID      string       `json:"id"`
	Version int64        `json:"version"`
	Source  model.Source `json:"source"`
	// Type is Graph's call type (peerToPeer, groupCall, unknown); ""
	// when the record did not say.
	Type            string     `json:"type"`
	StartDateTime   *time.Time `json:"startDateTime"`
	EndDateTime     *time.Time `json:"endDateTime"`
	DurationSeconds *float64   `json:"durationSeconds"`
	Participants    int        `json:"participants"`
	Sessions        int        `json:"sessions"`
	Streams         int        `json:"streams"`
	Modalities      []string   `json:"modalities"`
	// Rating is the call's worst session rating; "" (withheld) when the
	// call has not been judged.
	Rating       model.Rating `json:"rating"`
	RedIssues    int          `json:"redIssues"`
	YellowIssues int          `json:"yellowIssues"`
	Partial      bool         `json:"partial,omitempty"`
	// User is how the looked-up user's own sessions went (those they
	// are the caller or callee of), in a user's list; absent in the
	// tenant's list, and for a call stored before callscope kept it.
	User *OwnVerdict `json:"user,omitempty"`
}

// OwnVerdict is how one person's own sessions of a call went: a meeting
// rated poor for somebody else's setup failure may have gone well for
// the user a help desk is talking to.
type OwnVerdict struct {
	Sessions     int          `json:"sessions"`
	Rating       model.Rating `json:"rating"`
	RedIssues    int          `json:"redIssues"`
	YellowIssues int          `json:"yellowIssues"`
}

// PoorCallItem is one call of the organization-wide poor-call list.
type PoorCallItem struct {
	ID            string       `json:"id"`
	Version       int64        `json:"version"`
	Source        model.Source `json:"source"`
	Type          string       `json:"type"`
	StartDateTime *time.Time   `json:"startDateTime"`
	Rating        model.Rating `json:"rating"`
	Streams       int          `json:"streams"`
	PoorStreams   int          `json:"poorStreams"`
	PoorSessions  int          `json:"poorSessions"`
	// PoorDueTo are the metrics that made its streams poor, most
	// frequent first.
	PoorDueTo []string `json:"poorDueTo"`
	// PoorMedia are the media kinds of its poor streams (audio, video,
	// screenSharing…): a meeting poor only in video may be rated good.
	PoorMedia []string `json:"poorMedia"`
	// Where is who had its poor streams and where: the client end of the
	// first of them. PoorUsers counts the users whose streams were poor.
	Where     PoorWhere `json:"where"`
	PoorUsers int       `json:"poorUsers"`
	// Detail is the call's detail route.
	Detail string `json:"detail"`
}

// PoorWhere is the end of a call's first poor stream: the person (their
// name and a reference to their calls) and the building, network,
// subnet, connection and microphone. Unknown values are null.
type PoorWhere struct {
	UserID     *string `json:"userId"`
	User       *string `json:"user"`
	UserRef    *string `json:"userRef"`
	Building   *string `json:"building"`
	Network    *string `json:"network"`
	Subnet     *string `json:"subnet"`
	Connection *string `json:"connection"`
	Device     *string `json:"device"`
}
