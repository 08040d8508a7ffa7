package console

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// CallLine is one call of a list, and, when a user was looked up, how
// that user's own sessions went: a meeting can be poor for one
// participant and fine for the one a helpdesk asks about.
type CallLine struct {
	store.CallSummary
	// User is the looked-up user's verdict; nil when nobody was.
	User *UserVerdict
}

// WriteCalls prints one line per call, newest first as given.
func WriteCalls(w io.Writer, calls []CallLine, user string) error {
	cols := []Column{Text("START (UTC)"), Num("DURATION"), Text("TYPE"), Text("SOURCE"), Num("SESSIONS"), Num("STREAMS"),
		Text("RATING"), Text("ISSUES")}
	if user != "" {
		cols = append(cols, Text("USER'S RATING"), Text("USER'S ISSUES"))
	}
	cols = append(cols, Num("VERSION"), Text("ID"))
	t := NewTable(cols...)
	flagged := false
	for _, c := range calls {
		cells := []string{when(c.Start), duration(c.Start, c.End), orDash(c.Type), string(c.Source),
			strconv.Itoa(c.Sessions), strconv.Itoa(c.Streams), ratingWord(c.Rating), issueCounts(c.RedIssues, c.YellowIssues)}
		if user != "" {
			cells = append(cells, c.User.rating(), c.User.issues())
		}
		cells = append(cells, strconv.FormatInt(c.Version, 10), c.ID)
		t.Row(cells...)
		flagged = flagged || implausible(c.Start, c.End)
	}
	if len(calls) == 0 {
		if user != "" {
			_, err := fmt.Fprintf(w, "no calls of %s\n", user)
			return err
		}
		_, err := fmt.Fprintln(w, "no calls")
		return err
	}
	if _, err := t.WriteTo(w); err != nil {
		return err
	}
	if flagged {
		_, err := fmt.Fprintln(w, ImplausibleNote)
		return err
	}
	return nil
}

// ratingWord is a rating in a table, where symbols and colour would only
// crowd the column.
func ratingWord(r model.Rating) string {
	if r == "" {
		return "not judged"
	}
	return string(r)
}

// CallRow is one call in `callscope calls --json`: the documented id,
// version, type, startDateTime and rating, and more.
type CallRow struct {
	ID            string     `json:"id"`
	Version       int64      `json:"version"`
	Type          string     `json:"type"`
	Source        string     `json:"source"`
	StartDateTime *time.Time `json:"startDateTime"`
	EndDateTime   *time.Time `json:"endDateTime"`
	// Implausible marks a duration over MaxPlausibleDuration.
	Implausible  bool     `json:"implausibleDuration,omitempty"`
	Modalities   []string `json:"modalities"`
	Sessions     int      `json:"sessions"`
	Streams      int      `json:"streams"`
	Participants int      `json:"participants"`
	Partial      bool     `json:"partial,omitempty"`
	// Rating is the worst rating of the call's sessions: good, poor or
	// unavailable; "unrated" for a call stored before it was judged.
	Rating       string `json:"rating"`
	RedIssues    int    `json:"redIssues"`
	YellowIssues int    `json:"yellowIssues"`
	// User is the looked-up user's own verdict, with --user.
	User *UserVerdict `json:"user,omitempty"`
}

// CallRows shapes calls for JSON.
func CallRows(calls []CallLine) []CallRow {
	rows := make([]CallRow, 0, len(calls))
	for _, s := range calls {
		rating := string(s.Rating)
		if rating == "" {
			rating = "unrated"
		}
		modalities := s.Modalities
		if modalities == nil {
			modalities = []string{}
		}
		rows = append(rows, CallRow{
			ID: s.ID, Version: s.Version, Type: s.Type, Source: string(s.Source),
			StartDateTime: timePtr(s.Start), EndDateTime: timePtr(s.End), Implausible: implausible(s.Start, s.End),
			Modalities: modalities, Sessions: s.Sessions, Streams: s.Streams,
			Participants: s.Participants, Partial: s.Partial, Rating: rating,
			RedIssues: s.RedIssues, YellowIssues: s.YellowIssues, User: s.User,
		})
	}
	return rows
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
