package rollup

import (
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// StoredColumns are the stream_facts columns a Delta needs of a stored
// fact to count it out: a write that replaces or deletes facts reads
// them back, so that what leaves the rollups is exactly what entered
// them.
var StoredColumns = func() []string {
	cols := []string{"tenant", "call_start", "source", "call_type", "media_kind", "quality", "failure_stage", "failure_reason", "pstn"}
	for _, side := range []string{"caller_", "callee_"} {
		for _, k := range SideKeys {
			cols = append(cols, side+k)
		}
	}
	return append(cols, "jitter_ms", "packet_loss_rate", "round_trip_ms", "concealed_ratio", "audio_degradation", "start_time", "end_time")
}()

// SubtractStored counts out of d the fact whose StoredColumns a driver
// read as vals, in order: strings, times, doubles and booleans, or nil
// for NULL.
func (d *Delta) SubtractStored(vals []any) error { return d.AddStored(vals, -1) }

// AddStored counts into d, sign times, the fact whose StoredColumns a
// driver read as vals, as SubtractStored does: with sign 1, rollups are
// computed again from the facts.
func (d *Delta) AddStored(vals []any, sign int64) error {
	if len(vals) != len(StoredColumns) {
		return fmt.Errorf("rollup: %d values for %d columns", len(vals), len(StoredColumns))
	}
	r := valueReader{vals: vals}
	var f model.StreamFact
	f.Tenant = r.str()
	f.CallStart = r.time()
	f.Source, f.CallType, f.MediaKind = model.Source(r.str()), r.str(), model.MediaKind(r.str())
	f.Quality, f.FailureStage, f.FailureReason, f.PSTN = model.StreamQuality(r.str()), r.str(), r.str(), r.bool()
	for _, side := range []*model.SideFact{&f.Caller, &f.Callee} {
		side.Kind, side.TenantID, side.Platform, side.ProductFamily = model.EndpointKind(r.str()), r.str(), r.str(), r.str()
		side.ClientVersion, side.Subnet, side.ConnectionType, side.WifiBand = r.str(), r.str(), r.str(), r.str()
		side.Transport, side.CaptureDevice, side.RenderDevice, side.UserAgent = r.str(), r.str(), r.str(), r.str()
	}
	f.JitterMs, f.PacketLossRate, f.RoundTripMs = r.float(), r.float(), r.float()
	f.ConcealedRatio, f.AudioDegradation = r.float(), r.float()
	f.Start, f.End = r.timePtr(), r.timePtr()
	if r.err != nil {
		return r.err
	}
	d.Add(&f, sign)
	return nil
}

// valueReader reads a row's values in turn, keeping the first value of
// an unexpected type as its error.
type valueReader struct {
	vals []any
	at   int
	err  error
}

func (r *valueReader) next() any {
	v := r.vals[r.at]
	r.at++
	return v
}

func (r *valueReader) fail(v any) {
	if r.err == nil {
		r.err = fmt.Errorf("rollup: column %s: unexpected %T", StoredColumns[r.at-1], v)
	}
}

func (r *valueReader) str() string {
	switch v := r.next().(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return string(v)
	default:
		r.fail(v)
		return ""
	}
}

func (r *valueReader) bool() bool {
	switch v := r.next().(type) {
	case nil:
		return false
	case bool:
		return v
	default:
		r.fail(v)
		return false
	}
}

func (r *valueReader) float() *float64 {
	switch v := r.next().(type) {
	case nil:
		return nil
	case float64:
		return &v
	case float32:
		f := float64(v)
		return &f
	default:
		r.fail(v)
		return nil
	}
}

func (r *valueReader) timePtr() *time.Time {
	switch v := r.next().(type) {
	case nil:
		return nil
	case time.Time:
		return &v
	default:
		r.fail(v)
		return nil
	}
}

func (r *valueReader) time() time.Time {
	if t := r.timePtr(); t != nil {
		return *t
	}
	return time.Time{}
}
