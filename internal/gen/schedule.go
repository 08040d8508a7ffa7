package gen

import (
	"context"
	"slices"
	"time"
)

// hourWeight is how busy a working day is at each local hour: nothing at
// night, a morning ramp, a lunch dip, an afternoon peak, a few late calls.
var hourWeight = [24]float64{
	0.01, 0.005, 0.005, 0.005, 0.005, 0.01, 0.03, 0.15,
	0.55, 0.9, 1.0, 0.95, 0.5, 0.8, 1.0, 0.95,
	0.75, 0.4, 0.15, 0.06, 0.04, 0.03, 0.02, 0.01,
}

// weekendShare is how much of a weekday's traffic a weekend day sees.
const weekendShare = 0.05

// activity is how busy people at s are at t, relative to a weekday peak.
func activity(t time.Time, s *site) float64 {
	local := t.In(s.tz)
	w := hourWeight[local.Hour()]
	if !weekday(local) {
		w *= weekendShare
	}
	return w
}

// slot is a call to build: when, and who starts it.
type slot struct {
	at   time.Time
	user *user
}

// walk yields the starts of the calls of the window [from, to) in order,
// an hour at a time: per site, a Poisson number of calls of the site's
// starters at rate perHour (per starter, at a weekday peak), shaped by the
// site's working hours. Only one hour's starts are held at a time.
func walk(ctx context.Context, r *rng, from, to time.Time, starters map[*site][]*user, perHour float64, fn func(slot) error) error {
	var slots []slot
	for h := from.Truncate(time.Hour); h.Before(to); h = h.Add(time.Hour) {
		if err := ctx.Err(); err != nil {
			return err
		}
		slots = slots[:0]
		for _, s := range sites {
			pool := starters[s]
			if len(pool) == 0 {
				continue
			}
			n := r.poisson(perHour * float64(len(pool)) * activity(h, s))
			for range n {
				at := h.Add(time.Duration(r.Int64N(int64(time.Hour))))
				if at.Before(from) || !at.Before(to) {
					continue
				}
				slots = append(slots, slot{at: at, user: pool[r.IntN(len(pool))]})
			}
		}
		slices.SortFunc(slots, func(a, b slot) int {
			if c := a.at.Compare(b.at); c != 0 {
				return c
			}
			return a.user.index - b.user.index
		})
		for _, sl := range slots {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(sl); err != nil {
				return err
			}
		}
	}
	return nil
}
