package radar

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/palisadesec/palisade/pkg/finding"
)

// MaxReportBytes bounds how much of one report file Load reads.
const MaxReportBytes = 256 << 20

// Load reads palisade JSON reports and merges their results into one report.
// A file that cannot be read or is not a palisade report yields an error
// naming it; the others are still merged. The merged report carries the
// current schema version, the tool of the first report read and the latest
// creation time of all of them.
func Load(paths ...string) (*finding.Report, []error) {
	merged := &finding.Report{SchemaVersion: finding.SchemaVersion, Results: []finding.Result{}}
	var errs []error
	for _, p := range paths {
		rep, err := loadFile(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
			continue
		}
		Merge(merged, rep)
	}
	return merged, errs
}

// Merge appends src's results to dst and keeps dst's tool (or takes src's
// when dst has none) and the later creation time.
func Merge(dst, src *finding.Report) {
	if dst.Tool.Name == "" {
		dst.Tool = src.Tool
	}
	if src.CreatedAt.After(dst.CreatedAt) {
		dst.CreatedAt = src.CreatedAt
	}
	dst.Results = append(dst.Results, src.Results...)
}

func loadFile(path string) (*finding.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.Unwrap(err) // the path is added by Load
	}
	defer f.Close()
	return Read(f)
}

// ErrTooLarge is returned for a report larger than MaxReportBytes.
var ErrTooLarge = fmt.Errorf("report is larger than %d MiB", MaxReportBytes>>20)

// Read decodes one palisade JSON report, reading at most MaxReportBytes.
func Read(r io.Reader) (*finding.Report, error) { return read(r, MaxReportBytes) }

func read(r io.Reader, limit int64) (*finding.Report, error) {
	lr := &io.LimitedReader{R: r, N: limit + 1}
	dec := json.NewDecoder(bufio.NewReaderSize(lr, 1<<16))
	var rep finding.Report
	if err := dec.Decode(&rep); err != nil {
		if lr.N <= 0 {
			return nil, ErrTooLarge
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("not a palisade JSON report: offset %d: %w", se.Offset, err)
		}
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty file, not a palisade JSON report")
		}
		return nil, fmt.Errorf("not a palisade JSON report: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if lr.N <= 0 {
			return nil, ErrTooLarge
		}
		return nil, errors.New("not a palisade JSON report: data after the report object")
	}
	switch {
	case rep.SchemaVersion == 0:
		return nil, errors.New("not a palisade JSON report: no schemaVersion")
	case rep.SchemaVersion > finding.SchemaVersion:
		return nil, fmt.Errorf("report schemaVersion %d is newer than this palisade understands (%d)", rep.SchemaVersion, finding.SchemaVersion)
	case rep.SchemaVersion < 0:
		return nil, fmt.Errorf("bad schemaVersion %d", rep.SchemaVersion)
	}
	for i := range rep.Results {
		if rep.Results[i].Findings == nil {
			rep.Results[i].Findings = []finding.Finding{}
		}
	}
	return &rep, nil
}
