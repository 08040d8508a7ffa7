package storetest

import (
	"time"

	"github.com/callscope/callscope/internal/model"
)

// SampleCall is a realistic call for benchmarks of backends: a call of
// alice and bob observed by tenant, with the given number of sessions,
// each with one audio segment of streamsPerSession streams carrying
// metrics, network and device details.
func SampleCall(tenant, id string, version int64, start time.Time, sessions, streamsPerSession int) *model.Call {
	return simpleCall(tenant, id, version, start, sessions, streamsPerSession)
}
