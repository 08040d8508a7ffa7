package gen

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Generate writes a data set under dir (created if needed):
// buildings.csv, graph/callrecords-NNNN.jsonl.gz (.jsonl with Plain), the
// PSTN and direct-routing usage logs under usage/ and the ACS storage
// export under acs/ (see the package documentation).
// Files of the same names are replaced; other files are left alone, so a
// directory holding an older data set should be emptied first, or ingest
// reads both. Calls are generated and written one at a time, so memory
// does not grow with their number. A cancelled ctx stops it between
// calls.
func Generate(ctx context.Context, dir string, opts Options) (res Result, err error) {
	o, err := opts.withDefaults()
	if err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("gen: %w", err)
	}
	g := newOrg(newRNG(o.Seed, streamOrg), o)
	var sh shape
	defer sh.fill(&res) // on the way out of an error too: what was written
	if err := writeBuildings(dir, g, &res); err != nil {
		return res, fmt.Errorf("gen: %w", err)
	}
	from := o.End.Add(-time.Duration(o.Days) * 24 * time.Hour)
	until := o.End
	if o.Format != FormatACS {
		last, err := generateGraph(ctx, dir, o, g, from, &res, &sh)
		if err != nil {
			return res, fmt.Errorf("gen: %w", err)
		}
		if !last.IsZero() {
			until = last
		}
	}
	if o.Format != FormatGraph {
		if err := generateACS(ctx, dir, o, g, from, until, &res, &sh); err != nil {
			return res, fmt.Errorf("gen: %w", err)
		}
	}
	return res, nil
}

// newUsageRows makes the folder and sinks of the usage logs, which
// draw from a stream of their own: the Graph calls are the same with or
// without them.
func newUsageRows(dir string, o Options, from time.Time, res *Result) (*usageRows, error) {
	udir := filepath.Join(dir, "usage")
	if err := os.MkdirAll(udir, 0o755); err != nil {
		return nil, err
	}
	return &usageRows{r: newRNG(o.Seed, streamUsage), domain: o.Domain, from: from, end: o.End,
		pstn: newUsageSink(udir, "getPstnCalls", "pstnCallLogRow", from, o.End, &res.Files),
		dr:   newUsageSink(udir, "getDirectRoutingCalls", "directRoutingLogRow", from, o.End, &res.Files),
	}, nil
}

// errEnough stops the schedule once Options.Bytes are written.
var errEnough = errors.New("byte target reached")

func writeBuildings(dir string, g *org, res *Result) error {
	path := filepath.Join(dir, "buildings.csv")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	rows := buildingRows(g.buildings)
	if err := errors.Join(writeBuildingFile(f, rows), f.Close()); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	res.Files = append(res.Files, path)
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.building] = true
	}
	res.Buildings = len(seen)
	return nil
}

// generateGraph writes the Teams calls as Graph call records. When it
// stops at Options.Bytes, it returns the start of the last call written.
func generateGraph(ctx context.Context, dir string, o Options, g *org, from time.Time, res *Result, sh *shape) (last time.Time, err error) {
	sink := &graphSink{dir: filepath.Join(dir, "graph"), perFile: o.RecordsPerFile, plain: o.Plain, files: &res.Files}
	if err := os.MkdirAll(sink.dir, 0o755); err != nil {
		return last, err
	}
	defer func() {
		err = errors.Join(err, sink.close())
		res.GraphBytes = sink.bytes
	}()
	ur, err := newUsageRows(dir, o, from, res)
	if err != nil {
		return last, err
	}
	defer func() {
		err = errors.Join(err, ur.pstn.close(), ur.dr.close())
		res.PSTNRows, res.DirectRoutingRows = ur.pstn.rows, ur.dr.rows
	}()
	tg := &teams{r: newRNG(o.Seed, streamGraph), org: g}
	gl := &graphLines{pageSize: participantsPageSize}
	err = walk(ctx, tg.r, from, o.End, g.bySite, teamsPerHour, func(sl slot) error {
		c := tg.call(sl.at, sl.user)
		lines := gl.render(c, 1)
		if err := sink.write(lines, c.versions); err != nil {
			return err
		}
		if err := ur.call(c); err != nil {
			return err
		}
		gl.release()
		res.Records += c.versions
		res.Pages += len(lines) - c.versions
		for _, n := range gl.sizes {
			sh.recordBytes.add(int64(n))
			sh.recordSessions.add(int64(len(c.sessions)))
		}
		count(res, c, o.Progress)
		if o.Bytes > 0 && sink.bytes >= o.Bytes {
			last = sl.at
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	return last, err
}

// generateACS writes the Virtual Visits calls that start no later than
// until as ACS logs.
func generateACS(ctx context.Context, dir string, o Options, g *org, from, until time.Time, res *Result, sh *shape) (err error) {
	sink := &acsSink{root: filepath.Join(dir, "acs"), path: filepath.FromSlash("resourceId=/" + acsResourceID), files: &res.Files}
	defer func() { err = errors.Join(err, sink.close()) }()
	vg := &visits{r: newRNG(o.Seed, streamACS), org: g}
	agents := map[*site][]*user{}
	for _, u := range g.agents {
		agents[u.site] = append(agents[u.site], u)
	}
	// rows counts the summaries and diagnostics of the call being
	// written: the shape of its records, which surveys and media
	// statistics are not part of.
	var rows int64
	aw := &acsWriter{r: vg.r, resource: acsResourceID, emit: func(category string, at time.Time, line []byte) error {
		res.Records++
		res.ACSBytes += int64(len(line)) + 1
		switch category {
		case categorySurvey:
			res.Surveys++
		case categoryMediaStats:
			res.MediaStats++
		default:
			rows++
		}
		return sink.write(category, at, line)
	}}
	err = walk(ctx, vg.r, from, o.End, agents, acsPerHour, func(sl slot) error {
		if sl.at.After(until) {
			return errEnough
		}
		if err := sink.retire(sl.at); err != nil {
			return err
		}
		c := vg.call(sl.at, sl.user)
		rows = 0
		if err := aw.call(c); err != nil {
			return err
		}
		sh.acsRows.add(rows)
		count(res, c, o.Progress)
		if o.Format == FormatACS && o.Bytes > 0 && res.ACSBytes >= o.Bytes {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	return err
}

func count(res *Result, c *call, progress func(int)) {
	sessions, streams := c.counts()
	res.Calls++
	res.Sessions += sessions
	res.Streams += streams
	if progress != nil {
		progress(res.Calls)
	}
}
