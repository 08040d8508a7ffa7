package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/callscope/callscope/internal/model"
)

// EncodedCall is a call ready to be stored, worked out from the call
// alone (EncodeCall): its canonical JSON compressed, the hash of that
// JSON, its stream facts and people, and what a store keeps beside them.
// Ingest encodes calls on every core as it decodes them and lets the
// models go, so that a batch waiting for the store holds a tenth of the
// memory, and the store's single writer does only the writing.
type EncodedCall struct {
	Tenant, ID string
	Version    int64
	Source     model.Source
	Type       model.CallType
	Start, End *time.Time
	Partial    bool
	Modalities []string
	Rating     model.Rating
	Rules      string
	// Sessions counts the sessions; RedIssues and YellowIssues the
	// issues of every session.
	Sessions, RedIssues, YellowIssues int
	// Hash is the hex SHA-256 of the canonical JSON: equal hashes, equal
	// content.
	Hash string
	// Detail is the canonical JSON (the model's encoding), zstd-compressed.
	Detail []byte
	// Split is the canonical JSON split for views, for a call of more
	// than SplitSessions sessions; nil for others.
	Split  *SplitDetail
	Facts  []model.StreamFact
	People []model.Person
	// ACSParticipants are an ACS call's participant facts
	// (model.ACSParticipantFacts), for the ACS insights report; none for
	// other calls.
	ACSParticipants []model.ACSParticipantFact
	// Own is how each person's own sessions went, in People's order.
	Own []model.OwnVerdict
	// Streams counts the streams: the facts there are or will be, but for
	// those of sessions that failed without any (model.MediaNone).
	Streams int

	// canonical is the canonical JSON of a call encoded light
	// (EncodeCallLight), until Complete works out the rest from it.
	canonical []byte
}

// EncodedCallPutter is a store that can take calls already encoded.
type EncodedCallPutter interface {
	// PutEncodedCalls is Store.PutCalls for encoded calls, with the same
	// contract.
	PutEncodedCalls(ctx context.Context, calls []*EncodedCall) ([]model.Outcome, error)
}

// EncodeCall encodes a call for storing. The call needs a tenant and an
// id.
func EncodeCall(c *model.Call) (*EncodedCall, error) {
	if c == nil {
		return nil, fmt.Errorf("encode call: nil: %w", ErrInvalid)
	}
	if c.Tenant == "" || c.ID == "" {
		return nil, fmt.Errorf("call (id %q, tenant %q) needs both a tenant and an id: %w", c.ID, c.Tenant, ErrInvalid)
	}
	var e *EncodedCall
	err := model.WithCanonical(c, func(b []byte) error {
		e = encodeWith(c, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("encode call %s: %w", c.ID, err)
	}
	return e, nil
}

// EncodeCallJSON is EncodeCall for a call whose canonical JSON is known.
func EncodeCallJSON(c *model.Call, canonical []byte) *EncodedCall { return encodeWith(c, canonical) }

func encodeWith(c *model.Call, canonical []byte) *EncodedCall {
	e := encodeHeader(c, canonical)
	e.completeFrom(c, canonical)
	return e
}

// EncodeCallLight is EncodeCall for a call that is likely stored already
// and unchanged, as most are when the same records are ingested again:
// it works out the canonical JSON and its hash, and leaves compressing,
// splitting and flattening the call to Complete, which a store calls for
// the calls it writes. Those were a fifth of the work of ingesting
// records again, all for calls found unchanged.
func EncodeCallLight(c *model.Call) (*EncodedCall, error) {
	if c == nil || c.Tenant == "" || c.ID == "" {
		return EncodeCall(c) // for its error
	}
	b, err := model.MarshalCanonical(c)
	if err != nil {
		return nil, fmt.Errorf("encode call %s: %w", c.ID, err)
	}
	e := encodeHeader(c, b)
	e.canonical = b
	return e, nil
}

// Light reports whether the call still needs Complete before it is
// written.
func (e *EncodedCall) Light() bool { return e.canonical != nil }

// Complete works out what EncodeCallLight left out, from the canonical
// JSON; it does nothing for a call encoded whole.
func (e *EncodedCall) Complete() error {
	if e.canonical == nil {
		return nil
	}
	var c model.Call
	if err := model.DecodeJSON(e.canonical, &c); err != nil {
		return fmt.Errorf("call %s: decode its canonical JSON: %w", e.ID, err)
	}
	e.completeFrom(&c, e.canonical)
	e.canonical = nil
	return nil
}

// encodeHeader is what both encodings take from the call: its columns,
// counts and hash.
func encodeHeader(c *model.Call, canonical []byte) *EncodedCall {
	e := &EncodedCall{
		Tenant: c.Tenant, ID: c.ID, Version: c.Version, Source: c.Source,
		Type: c.Type.Value(), Start: c.StartDateTime.Ptr(), End: c.EndDateTime.Ptr(),
		Partial: c.Partial, Rating: c.CallRating(), Rules: c.Rules,
		Hash: ContentHash(canonical),
	}
	e.Modalities = make([]string, 0, len(c.Modalities))
	for _, m := range c.Modalities {
		e.Modalities = append(e.Modalities, string(m))
	}
	for _, s := range c.Sessions {
		if s == nil {
			continue
		}
		e.Sessions++
		for _, is := range s.Issues {
			switch is.Severity {
			case model.SeverityRed:
				e.RedIssues++
			case model.SeverityYellow:
				e.YellowIssues++
			}
		}
		e.Streams += s.StreamCount()
	}
	return e
}

// completeFrom compresses, splits and flattens the call.
func (e *EncodedCall) completeFrom(c *model.Call, canonical []byte) {
	e.Facts = model.Facts(c)
	e.ACSParticipants = model.ACSParticipantFacts(c)
	e.People, e.Own = model.OwnVerdicts(c)
	if e.Sessions > SplitSessions {
		// Split on every core, as it is encoded; a call the splitter
		// cannot read is kept, and read, whole.
		e.Split, _ = SplitCanonical(canonical)
	}
	if e.Split != nil {
		// The split is the detail: compressed once.
		e.Detail = e.Split.Framed()
		return
	}
	e.Detail = CompressDetail(canonical)
}

// JSON returns the canonical JSON of the call.
func (e *EncodedCall) JSON() ([]byte, error) {
	if e.canonical != nil {
		return e.canonical, nil
	}
	b, err := DecompressDetail(e.Detail)
	if err != nil {
		return nil, fmt.Errorf("call %s: decompress: %w", e.ID, err)
	}
	return b, nil
}

// EncodeCalls encodes calls on every core.
func EncodeCalls(calls []*model.Call) ([]*EncodedCall, error) {
	return EncodeCallsWith(calls, EncodeCall)
}

// EncodeCallsWith encodes calls on every core with encode (EncodeCall or
// EncodeCallLight).
func EncodeCallsWith(calls []*model.Call, encode func(*model.Call) (*EncodedCall, error)) ([]*EncodedCall, error) {
	out := make([]*EncodedCall, len(calls))
	errs := make([]error, len(calls))
	OnEveryCore(len(calls), func(i int) { out[i], errs[i] = encode(calls[i]) })
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("call %d: %w", i, err)
		}
	}
	return out, nil
}

// ContentHash identifies canonical JSON for idempotency checks: the hex
// SHA-256.
func ContentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// CompressDetail compresses b as EncodedCall.Detail is. The result's
// capacity is about its length: batches hold thousands of them, and the
// encoder, given no room, makes the uncompressed size of room, ten times
// what is needed.
func CompressDetail(b []byte) []byte {
	z := zstdEncoder().EncodeAll(b, make([]byte, 0, len(b)/8+64)) // JSON compresses about tenfold
	if cap(z) > len(z)+len(z)/8+64 {
		z = bytes.Clone(z)
	}
	return z
}

// DecompressDetail reads back what EncodedCall.Detail holds, a framed
// split's parts put back together, and what CompressRecord wrote.
func DecompressDetail(z []byte) ([]byte, error) {
	sp, framed, err := FramedSplit(z)
	switch {
	case err != nil:
		return nil, err
	case framed:
		return sp.join()
	}
	return zstdDecoder().DecodeAll(z, nil)
}

// The codec is shared by every goroutine: EncodeAll and DecodeAll are
// safe for concurrent use, and keep their state in pools.
var (
	zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
		// The fastest level keeps up with decoding and still makes a
		// call's JSON about ten times smaller.
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)),
			zstd.WithWindowSize(1<<20), zstd.WithLowerEncoderMem(true))
		if err != nil {
			panic(fmt.Sprintf("zstd encoder: %v", err)) // only for invalid options
		}
		return e
	})
	zstdDecoder = sync.OnceValue(func() *zstd.Decoder {
		// Frames name their dictionary, if any: call detail has none,
		// ACS records the records' (CompressRecord).
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderDictRaw(recordDictID, recordDict))
		if err != nil {
			panic(fmt.Sprintf("zstd decoder: %v", err)) // only for invalid options
		}
		return d
	})
)

// OwnOf is the verdict of the i-th person's own sessions.
func (e *EncodedCall) OwnOf(i int) model.OwnVerdict {
	if i < len(e.Own) {
		return e.Own[i]
	}
	return model.OwnVerdict{}
}
