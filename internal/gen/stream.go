package gen

import (
	"context"
	"fmt"
	"io"
	"time"
)

// GraphRecords makes the Teams calls Generate would write with the same
// options, and hands each call's final Graph record to emit, in the
// order of the schedule, without writing files; the building file is
// written to buildings when it is not nil. It is for loading large data
// sets straight into a store (benchmarks), where files would only be
// written to be read again. The record's bytes are reused after emit
// returns.
func GraphRecords(ctx context.Context, opts Options, buildings io.Writer, emit func(record []byte) error) (Result, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return Result{}, err
	}
	g := newOrg(newRNG(o.Seed, streamOrg), o)
	var res Result
	if buildings != nil {
		if err := writeBuildingFile(buildings, buildingRows(g.buildings)); err != nil {
			return res, fmt.Errorf("gen: building file: %w", err)
		}
	}
	from := o.End.Add(-time.Duration(o.Days) * 24 * time.Hour)
	tg := &teams{r: newRNG(o.Seed, streamGraph), org: g}
	var buf jsonw
	err = walk(ctx, tg.r, from, o.End, g.bySite, teamsPerHour, func(sl slot) error {
		c := tg.call(sl.at, sl.user)
		graphRecord(&buf, c, c.versions)
		res.Records++
		count(&res, c, o.Progress)
		return emit(buf.b)
	})
	if err != nil {
		return res, fmt.Errorf("gen: %w", err)
	}
	return res, nil
}
