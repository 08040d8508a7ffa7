package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/callscope/callscope/internal/model"
)

// body is how a response is encoded: as it is, or with withheld values
// marked (markWithheld), which every response carrying call or people
// data uses.
type body int

const (
	plain body = iota
	withheldMarked
)

// writeJSON encodes v and sends it with status, from the encoder's reused
// buffer. Encoding happens before anything is written, so that a failure
// can still become a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any, how body) error {
	err := model.WithCanonical(v, func(b []byte) error {
		if how == withheldMarked {
			var err error
			if b, err = markWithheld(b); err != nil {
				return err
			}
		}
		return writeRaw(w, status, b)
	})
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	return nil
}

// writeRaw sends a JSON document already encoded.
func writeRaw(w http.ResponseWriter, status int, b []byte) error {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	// A write fails only when the client has gone away: not the server's
	// error, and there is nobody left to tell.
	_, _ = w.Write(append(b, '\n'))
	return nil
}

// writeError sends the one error shape.
func writeError(w http.ResponseWriter, e *apiError, requestID string) {
	b, err := json.Marshal(errorBody{Error: errorDetail{Code: e.code, Message: e.message, RequestID: requestID,
		Problems: e.problems, More: e.more}})
	if err != nil {
		// Three strings always encode; this is unreachable.
		b = []byte(`{"error":{"code":"internal","message":"internal error","requestId":""}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	if e.status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="callscope"`)
	}
	w.WriteHeader(e.status)
	_, _ = w.Write(append(b, '\n'))
}

// member is one property of a response assembled member by member.
type member struct {
	name string // a plain name, written as it is
	v    any
}

// members is a response object encoded one member at a time, so that
// large members are not encoded twice (encoding/json re-reads what a
// json.RawMessage or Marshaler returns).
type members []member

// encodeJSON writes v to buf as encoding/json would, with the faster
// engine (model.WithCanonical): call views are tens of kilobytes of
// small values, and encoding them was most of a call detail's cost.
func encodeJSON(buf *bytes.Buffer, v any) error {
	write := func(v any) error {
		return model.WithCanonical(v, func(b []byte) error {
			buf.Write(b)
			return nil
		})
	}
	ms, ok := v.(members)
	if !ok {
		return write(v)
	}
	buf.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('"')
		buf.WriteString(m.name)
		buf.WriteString(`":`)
		if err := write(m.v); err != nil {
			return fmt.Errorf("member %s: %w", m.name, err)
		}
	}
	buf.WriteByte('}')
	return nil
}

// buffers are reused between responses: call details are tens of
// kilobytes, and allocating them anew for every request feeds the
// garbage collector for nothing.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled keeps an occasional huge response from pinning its buffer.
const maxPooled = 1 << 20

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooled {
		return
	}
	b.Reset()
	buffers.Put(b)
}
