package model

// OwnVerdict is how one person's own sessions of a call went: those they
// are the caller or the callee of. A help desk asks about the caller on
// the line, whose meeting may be poor because of somebody else's setup
// failure: the call's rating and issues count every session, these only
// the person's. The zero OwnVerdict is a person with no session of their
// own (an organizer who did not join, a participant listed only).
type OwnVerdict struct {
	Sessions int
	// Rating is the worst rating of the sessions, "" with none.
	Rating                  Rating
	RedIssues, YellowIssues int
}

// OwnVerdicts are the verdicts of the people of c, in People's
// order.
func OwnVerdicts(c *Call) ([]Person, []OwnVerdict) {
	people, own := PeopleSessions(c)
	out := make([]OwnVerdict, len(people))
	for i, idx := range own {
		v := &out[i]
		for _, si := range idx {
			s := c.Sessions[si]
			v.Sessions++
			v.Rating = Worse(v.Rating, s.Rating)
			for _, is := range s.Issues {
				switch is.Severity {
				case SeverityRed:
					v.RedIssues++
				case SeverityYellow:
					v.YellowIssues++
				}
			}
		}
	}
	return people, out
}
