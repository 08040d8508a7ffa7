package model

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// The scanners below walk JSON that a decoder has already accepted (or
// will reject), member by member, without building maps: CollectUnknown
// runs on every record ingested, and decoding each level into a map cost
// more than decoding the record itself. On malformed input they still
// end, always moving forward, and never index outside their input.

// EachMember calls fn for every member of the JSON object raw, with its
// key and raw value, reading each byte once. It reports false if raw is
// not an object, or one that does not end where raw does (it does not
// validate the members: that is the decoder's job). It is for looking at
// the top level of a record cheaply, to tell what it is before decoding
// it.
func EachMember(raw []byte, fn func(key string, val []byte)) bool {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return false
	}
	closed := false
	end := eachMemberAt(raw, i, func(key []byte, j int) int {
		end := skipValue(raw, j)
		fn(string(key), raw[j:end])
		return end
	}, &closed)
	return closed && skipWS(raw, end) == len(raw)
}

// eachMemberAt calls fn for every member of the object starting at
// raw[i] == '{', with its key (decodeKey) and the index of its value; fn
// returns the index after the value. It returns the index after the object, and sets
// *closed (when given) if the object ended with its '}'.
func eachMemberAt(raw []byte, i int, fn func(key []byte, val int) int, closed *bool) int {
	i++
	for {
		i = skipWS(raw, i)
		if i >= len(raw) {
			return i
		}
		switch raw[i] {
		case '}':
			if closed != nil {
				*closed = true
			}
			return i + 1
		case ',':
			i++
			continue
		}
		end := skipString(raw, i)
		key := decodeKey(raw[i:end])
		i = skipWS(raw, end)
		if i < len(raw) && raw[i] == ':' {
			i++
		}
		i = skipWS(raw, i)
		i = max(fn(key, i), i)
	}
}

// eachElementAt calls fn with the index of every element of the array
// starting at raw[i] == '['; fn returns the index after the element. It
// returns the index after the array.
func eachElementAt(raw []byte, i int, fn func(val int) int) int {
	i++
	for {
		i = skipWS(raw, i)
		if i >= len(raw) {
			return i
		}
		switch raw[i] {
		case ']':
			return i + 1
		case ',':
			i++
			continue
		}
		i = max(fn(i), i+1)
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"',
// or len(b) if it does not end.
func skipString(b []byte, i int) int {
	if end, ok := StringEnd(b, i); ok {
		return end
	}
	return len(b)
}

// StringEnd returns the index just past the JSON string starting at
// b[i] == '"', and false if the string does not end. Each quote is found
// with IndexByte, which scans many bytes at a time where IndexAny of two
// bytes goes one by one (finding the ends of strings was 4 % of
// ingesting call records); it ends the string unless an odd number of
// backslashes precede it.
func StringEnd(b []byte, i int) (int, bool) {
	open := i
	i++
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return len(b), false
		}
		q := i + j
		escapes := 0
		for k := q - 1; k > open && b[k] == '\\'; k-- {
			escapes++
		}
		if escapes%2 == 0 {
			return q + 1, true
		}
		i = q + 1
	}
	return len(b), false
}

// skipValue returns the index after the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\n', '\r', '\t':
			return i
		}
		i++
	}
	return i
}

// decodeKey turns a quoted key into its text; keys with escapes or bytes
// that are not UTF-8 go through encoding/json, which decides what they
// read as, so that a key reads the same here as in the decoded record.
// A plain key is the slice of q between its quotes, not a copy: a large
// meeting's record has hundreds of thousands of keys, and the walk for
// unknown properties spent a third of its time copying them, only to
// look them up.
func decodeKey(q []byte) []byte {
	if len(q) >= 2 && q[len(q)-1] == '"' && bytes.IndexByte(q, '\\') < 0 && utf8.Valid(q) {
		return q[1 : len(q)-1]
	}
	var s string
	if json.Unmarshal(q, &s) != nil {
		return q
	}
	return []byte(s)
}
