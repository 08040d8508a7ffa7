package model

import "testing"

// TestJoinWebURLIsPersonal: a Teams join link carries the organizer's
// object id in its context parameter ("Oid"), so retention and redaction
// must find it like the organizer's id itself.
func TestJoinWebURLIsPersonal(t *testing.T) {
	t.Parallel()
	c := &Call{ID: "c", JoinWebURL: Some(`https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%22Oid%22%3a%22org-oid%22%7d`)}
	var kind PIIKind
	WalkPII(c, func(f PIIField) {
		if f.Path == "joinWebUrl" {
			kind = f.Kind
		}
	})
	if kind != PIIID {
		t.Errorf("joinWebUrl has pii kind %q, want %q", kind, PIIID)
	}
	ClearPII(c)
	if !c.JoinWebURL.IsNull() {
		t.Errorf("ClearPII left joinWebUrl %v", c.JoinWebURL)
	}
}
