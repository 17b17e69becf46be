// Package report renders a finding.Report for people and machines: a
// terminal table for humans, the JSON report contract as-is for scripts,
// SARIF 2.1.0 for code-scanning services such as GitHub, JUnit XML for CI
// test views and CycloneDX or SPDX SBOMs. Writers never sort or
// filter: the caller decides what is in the report and in which order, so the
// same report always renders to the same bytes.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/palisadesec/palisade/pkg/finding"
)

// Writer renders a report to w.
type Writer interface {
	Write(w io.Writer, r *finding.Report) error
}

const (
	defaultWidth = 120
	// minWidth is the narrowest table that still has room for one character
	// per column of the widest table, borders and padding included.
	minWidth = 40
)

type options struct {
	color bool
	width int
}

// Option configures a Writer made by New.
type Option func(*options)

// WithColor turns ANSI colours in the table format on or off. Default: false,
// so that output piped to a file or CI log holds no escape sequences; the
// caller decides whether its output is a colour terminal. Other formats ignore
// it.
func WithColor(on bool) Option {
	return func(o *options) { o.color = on }
}

// WithWidth sets the terminal width in columns that the table format must fit
// in. Default: 120. Zero or a negative value means the default; values below
// 40 are raised to 40. Other formats ignore it.
func WithWidth(cols int) Option {
	return func(o *options) {
		switch {
		case cols <= 0:
			o.width = defaultWidth
		case cols < minWidth:
			o.width = minWidth
		default:
			o.width = cols
		}
	}
}

// Formats lists the format names New accepts.
func Formats() []string {
	return []string{"table", "json", "sarif", "cyclonedx", "spdx-json", "junit"}
}

// New returns the writer for format: "table", "json", "sarif", "cyclonedx"
// (CycloneDX 1.6 JSON), "spdx-json" (SPDX 2.3 JSON) or "junit" (JUnit XML
// for CI test views), in any case.
func New(format string, opts ...Option) (Writer, error) {
	o := options{width: defaultWidth}
	for _, opt := range opts {
		opt(&o)
	}
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "table":
		return tableWriter{o: o}, nil
	case "json":
		return jsonWriter{}, nil
	case "sarif":
		return sarifWriter{}, nil
	case "cyclonedx":
		return newCycloneDX(), nil
	case "spdx-json":
		return newSPDX(), nil
	case "junit":
		return junitWriter{}, nil
	}
	return nil, fmt.Errorf("unknown report format %q (valid formats: %s)", format, strings.Join(Formats(), ", "))
}

// errNilReport is returned by every writer given a nil report, which would
// otherwise render as an empty but valid-looking document.
var errNilReport = fmt.Errorf("report: nil report")
