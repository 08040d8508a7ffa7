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
	// Detail is the call's detail route.
	Detail string `json:"detail"`
}
