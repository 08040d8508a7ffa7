package model

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// The scanners below walk JSON that encoding/json has already accepted,
// member by member, without building maps: CollectUnknown runs on every
// record ingested, and decoding each level into a map cost more than
// decoding the record itself.

// eachMember calls fn for every member of a JSON object, with its key and
// raw value. It reports false if raw is not an object.
func eachMember(raw []byte, fn func(key string, val []byte)) bool {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return false
	}
	i++
	for {
		i = skipWS(raw, i)
		if i >= len(raw) || raw[i] == '}' {
			return true
		}
		if raw[i] == ',' {
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
		vend := skipValue(raw, i)
		fn(key, raw[i:vend])
		i = vend
	}
}

// eachElement calls fn for every element of a JSON array, in order.
func eachElement(raw []byte, fn func(val []byte)) bool {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return false
	}
	i++
	for {
		i = skipWS(raw, i)
		if i >= len(raw) || raw[i] == ']' {
			return true
		}
		if raw[i] == ',' {
			i++
			continue
		}
		end := skipValue(raw, i)
		fn(raw[i:end])
		i = end
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	i++
	for i < len(b) {
		switch b[i] {
		case '\\':
			i += 2
			continue
		case '"':
			return i + 1
		}
		i++
	}
	return len(b)
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
	for i < len(b) && !bytes.ContainsRune([]byte(",}] \n\r\t"), rune(b[i])) {
		i++
	}
	return i
}

// decodeKey turns a quoted key into its text; keys with escapes or bytes
// that are not UTF-8 go through encoding/json, which decides what they
// read as, so that a key reads the same here as in the decoded record.
func decodeKey(q []byte) string {
	if len(q) >= 2 && bytes.IndexByte(q, '\\') < 0 && utf8.Valid(q) {
		return string(q[1 : len(q)-1])
	}
	var s string
	if json.Unmarshal(q, &s) != nil {
		return string(q)
	}
	return s
}
