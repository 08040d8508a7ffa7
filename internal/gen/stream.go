package gen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// GraphRecords makes the Teams calls Generate would write with the same
// options, and hands each call's final Graph record to emit, in the
// order of the schedule, without writing files; the building file is
// written to buildings when it is not nil. It is for loading large data
// sets straight into a store (benchmarks), where files would only be
// written to be read again. Every participant is inline, as a collector
// stores a record once it has followed participants_v2@odata.nextLink.
// Options.Bytes counts the bytes handed to emit. The record's bytes are
// reused after emit returns.
func GraphRecords(ctx context.Context, opts Options, buildings io.Writer, emit func(record []byte) error) (res Result, err error) {
	o, err := opts.withDefaults()
	if err != nil {
		return Result{}, err
	}
	g := newOrg(newRNG(o.Seed, streamOrg), o)
	var sh shape
	defer sh.fill(&res)
	if buildings != nil {
		if err := writeBuildingFile(buildings, buildingRows(g.buildings)); err != nil {
			return res, fmt.Errorf("gen: building file: %w", err)
		}
	}
	from := o.End.Add(-time.Duration(o.Days) * 24 * time.Hour)
	tg := &teams{r: newRNG(o.Seed, streamGraph), org: g}
	gl := &graphLines{}
	err = walk(ctx, tg.r, from, o.End, g.bySite, teamsPerHour, func(sl slot) error {
		c := tg.call(sl.at, sl.user)
		rec := gl.render(c, c.versions)[0]
		res.Records++
		res.GraphBytes += int64(len(rec)) + 1
		sh.recordBytes.add(int64(len(rec)) + 1)
		sh.recordSessions.add(int64(len(c.sessions)))
		count(&res, c, o.Progress)
		if err := emit(rec); err != nil {
			return err
		}
		gl.release()
		if o.Bytes > 0 && res.GraphBytes >= o.Bytes {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return res, fmt.Errorf("gen: %w", err)
	}
	return res, nil
}
