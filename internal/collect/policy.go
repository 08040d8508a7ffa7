package collect

import (
	"fmt"
	"time"
)

// Policy is when to fetch a noted record and how to retry.
type Policy struct {
	// FirstDelay is how long after a "created" notice the record is
	// fetched: its first version, soon.
	FirstDelay time.Duration
	// Quiet is how long after an "updated" notice: later versions are
	// fetched once the record has had no other notice for this long.
	Quiet time.Duration
	// MaxWait bounds how long after its first notice a record is
	// fetched, however often notices push it back: a record updated
	// more often than Quiet (a long meeting) is still fetched, then again
	// once quiet. Zero for no bound.
	MaxWait time.Duration
	// RetryMin and RetryMax bound the wait after a failed fetch, doubled
	// at each attempt.
	RetryMin, RetryMax time.Duration
	// NotYetMade is how long a record Graph does not have (404) is asked
	// for again: Graph may announce a record before it serves it, but
	// keeps none past 30 days.
	NotYetMade time.Duration
}

// DefaultPolicy fetches a first version after a minute and later ones
// after ten quiet minutes, or an hour after the first notice of a record
// that keeps changing.
var DefaultPolicy = Policy{
	FirstDelay: time.Minute, Quiet: 10 * time.Minute, MaxWait: time.Hour,
	RetryMin: 30 * time.Second, RetryMax: 30 * time.Minute, NotYetMade: 3 * time.Hour,
}

// Validate reports a policy that cannot work.
func (p Policy) Validate() error {
	switch {
	case p.FirstDelay < 0 || p.Quiet < 0 || p.MaxWait < 0:
		return fmt.Errorf("collect: delays must not be negative (first %v, quiet %v, longest %v)", p.FirstDelay, p.Quiet, p.MaxWait)
	case p.MaxWait > 0 && p.MaxWait < max(p.FirstDelay, p.Quiet):
		return fmt.Errorf("collect: the longest wait (%v) must be at least the first and the quiet ones (%v, %v), or 0 for none", p.MaxWait, p.FirstDelay, p.Quiet)
	case p.RetryMin <= 0 || p.RetryMax < p.RetryMin:
		return fmt.Errorf("collect: retry waits must be positive, the longest no shorter than the shortest (%v, %v)", p.RetryMin, p.RetryMax)
	case p.NotYetMade <= 0:
		return fmt.Errorf("collect: the time to ask again for a record not yet made must be positive")
	}
	return nil
}

// due is when a record noticed at noted for change is fetched.
func (p Policy) due(change string, noted time.Time) time.Time {
	if change == "created" {
		return noted.Add(p.FirstDelay)
	}
	return noted.Add(p.Quiet)
}

// retryAfter is the wait after the attempts-th failure (1 for the
// first), at least what Graph asked for.
func (p Policy) retryAfter(attempts int, asked time.Duration) time.Duration {
	d := p.RetryMin
	for i := 1; i < attempts && d < p.RetryMax; i++ {
		d *= 2
	}
	return max(min(d, p.RetryMax), asked)
}
