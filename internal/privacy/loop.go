package privacy

import (
	"context"
	"time"
)

// Loop runs the scrubber now and then every interval until ctx is done,
// logging failures rather than stopping: a failed run is retried at the
// next tick. Runs start every interval, as a ticker's ticks would: a
// long run shortens the wait after it rather than pushing every later
// run back, and one longer than the interval is followed at once.
func (s *Scrubber) Loop(ctx context.Context, every time.Duration) {
	for {
		started := s.now()
		if _, err := s.Run(ctx); err != nil && ctx.Err() == nil && s.Logger != nil {
			s.Logger.Error("retention run failed", "error", err)
		}
		wait := max(every-s.now().Sub(started), 0)
		select {
		case <-ctx.Done():
			return
		case <-s.after(wait):
		}
	}
}

func (s *Scrubber) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Scrubber) after(d time.Duration) <-chan time.Time {
	if s.After != nil {
		return s.After(d)
	}
	return time.After(d)
}
