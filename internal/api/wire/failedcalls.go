package wire

import (
	"time"

	"github.com/callscope/callscope/internal/model"
)

// FailedCallItem is one call of the failed-call list: a call with setup
// failures or dropped legs among the streams a selection keeps.
type FailedCallItem struct {
	ID            string       `json:"id"`
	Version       int64        `json:"version"`
	Source        model.Source `json:"source"`
	Type          string       `json:"type"`
	StartDateTime *time.Time   `json:"startDateTime"`
	Rating        model.Rating `json:"rating"`
	// Streams counts the call's selected streams (and legs that failed
	// before any, once each); FailedStreams those of failed legs,
	// FailedSessions the sessions these are in.
	Streams        int `json:"streams"`
	FailedStreams  int `json:"failedStreams"`
	FailedSessions int `json:"failedSessions"`
	// Reasons are "stage: reason" (callSetup or midcall; Graph's
	// failureInfo reason, or the ACS end code and subcode explained),
	// most frequent first.
	Reasons []string `json:"reasons"`
	// Where is who had the first failed leg and where; FailedUsers
	// counts the users of its failed legs.
	Where       PoorWhere `json:"where"`
	FailedUsers int       `json:"failedUsers"`
	// Detail is the call's detail route.
	Detail string `json:"detail"`
}
