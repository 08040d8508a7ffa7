package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/callscope/callscope/internal/store"
)

var _ store.Leader = (*DB)(nil)

// Leading takes a session-level advisory lock per job, held by a
// connection of its own: PostgreSQL releases it when that connection
// ends, however its process ended, and the lead passes to the next
// process that asks.
const (
	// leadPoll is how often a process that does not lead asks again,
	// and how often a leader checks that its connection still holds.
	leadPoll = 2 * time.Second
)

// Lead implements store.Leader.
func (d *DB) Lead(ctx context.Context, job string) (context.Context, func(), error) {
	if err := d.check(); err != nil {
		return nil, nil, err
	}
	if job == "" {
		return nil, nil, errors.New("lead: no job")
	}
	for {
		led, release, ok, err := d.tryLead(ctx, job)
		if err != nil || ok {
			return led, release, err
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(leadPoll):
		}
	}
}

// tryLead takes the job's lock if it is free.
func (d *DB) tryLead(ctx context.Context, job string) (context.Context, func(), bool, error) {
	pc, err := d.pool.Acquire(ctx)
	if err != nil {
		return nil, nil, false, d.wrap("lead "+job, err)
	}
	// The connection leaves the pool: the lock lives as long as it does.
	conn := pc.Hijack()
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtextextended('callscope job ' || $1, 0))`, job).Scan(&ok); err != nil || !ok {
		conn.Close(context.WithoutCancel(ctx))
		if err != nil {
			return nil, nil, false, d.wrap("lead "+job, err)
		}
		return nil, nil, false, nil
	}
	led, lost := context.WithCancel(ctx)
	done := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		t := time.NewTicker(leadPoll)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-led.Done():
				return
			case <-t.C:
				if err := conn.Ping(led); err != nil {
					lost()
					return
				}
			}
		}
	}()
	release := func() {
		close(done)
		<-watched
		lost()
		// Unlocked first, so that the next process can lead as soon as
		// this returns; closing the connection ends its session, which
		// drops the lock too, but the server ends a session in its own
		// time, and on a broken connection the unlock fails anyway.
		ctx, cancel := context.WithTimeout(context.Background(), leadPoll)
		conn.Exec(ctx, `SELECT pg_advisory_unlock(hashtextextended('callscope job ' || $1, 0))`, job)
		cancel()
		conn.Close(context.Background())
	}
	return led, release, true, nil
}
