package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/compliance"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/report"
)

// outputOptions are the reporting flags every scan shares.
type outputOptions struct {
	Format        string
	Output        string
	Severities    []string
	FailOn        string
	IgnoreFile    string
	IgnoreUnfixed bool
	// Compliance names frameworks to summarise the report against.
	Compliance []string
}

const defaultIgnoreFile = ".palisadeignore"

func (o *outputOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&o.Format, "format", "f", "table", "output format: table, json, sarif, junit (JUnit XML), cyclonedx (CycloneDX 1.6 SBOM), spdx-json (SPDX 2.3 SBOM)")
	f.StringVarP(&o.Output, "output", "o", "", "write the report to this file instead of stdout")
	f.StringSliceVarP(&o.Severities, "severity", "s", nil, "only report these severities (comma-separated: CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN)")
	f.StringVar(&o.FailOn, "fail-on", "", "exit with code 1 when a finding at or above this severity is reported")
	f.StringVar(&o.IgnoreFile, "ignorefile", defaultIgnoreFile, "file of finding IDs to ignore (ID [package=NAME] [exp:YYYY-MM-DD] per line)")
	f.BoolVar(&o.IgnoreUnfixed, "ignore-unfixed", false, "do not report vulnerabilities that have no fixed version")
	f.StringArrayVar(&o.Compliance, "compliance", nil, "also assess the results against this compliance framework (repeatable): "+strings.Join(compliance.Bundled(), ", "))
}

// isSBOM reports whether the format is an SBOM, which lists every package
// whether vulnerable or not.
func (o *outputOptions) isSBOM() bool {
	f := strings.ToLower(o.Format)
	return f == "cyclonedx" || f == "spdx-json"
}

// validate checks flag values before any work is done.
func (o *outputOptions) validate() error {
	if _, err := report.New(o.Format); err != nil {
		return err
	}
	if _, err := finding.ParseSeverities(o.Severities); err != nil {
		return fmt.Errorf("--severity: %w", err)
	}
	if o.FailOn != "" {
		if _, err := finding.ParseSeverity(o.FailOn); err != nil {
			return fmt.Errorf("--fail-on: %w", err)
		}
	}
	for _, n := range o.Compliance {
		if _, err := compliance.Load(n); err != nil {
			return fmt.Errorf("--compliance: %w", err)
		}
	}
	return nil
}

func (o *outputOptions) filter(now time.Time) (finding.Filter, error) {
	sevs, err := finding.ParseSeverities(o.Severities)
	if err != nil {
		return finding.Filter{}, err
	}
	ig, err := finding.LoadIgnoreFile(o.IgnoreFile, o.IgnoreFile == defaultIgnoreFile)
	if err != nil {
		return finding.Filter{}, err
	}
	return finding.Filter{Severities: sevs, IgnoreUnfixed: o.IgnoreUnfixed, Ignores: ig, Now: now}, nil
}

// emit filters, sorts and writes the report, then maps findings to the exit
// code. Writing happens even when a scan failed part-way, so that nothing
// already found is lost.
func (o *outputOptions) emit(s Streams, rep *finding.Report, now time.Time) error {
	flt, err := o.filter(now)
	if err != nil {
		return err
	}
	// Compliance looks at every finding: a --severity filter must not turn
	// a failing control into a passing one.
	if len(o.Compliance) > 0 {
		if rep.Compliance, err = complianceSummaries(context.Background(), o.Compliance, rep); err != nil {
			return err
		}
	}
	flt.Apply(rep)
	rep.Sort()
	var w io.Writer = s.Out
	opts := []report.Option{}
	var file *os.File
	if o.Output != "" {
		if err := os.MkdirAll(filepath.Dir(o.Output), 0o755); err != nil {
			return fmt.Errorf("creating output directory: %w", err)
		}
		f, err := os.Create(o.Output)
		if err != nil {
			return fmt.Errorf("creating output file: %w", err)
		}
		defer f.Close()
		w, file = f, f
	} else if isTerminal(s.Out) {
		opts = append(opts, report.WithColor(os.Getenv("NO_COLOR") == ""))
		if width := terminalWidth(s.Out); width > 0 {
			opts = append(opts, report.WithWidth(width))
		}
	}
	wr, err := report.New(o.Format, opts...)
	if err != nil {
		return err
	}
	if err := wr.Write(w, rep); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return fmt.Errorf("writing report: %w", err)
		}
	}
	if o.FailOn != "" {
		min, _ := finding.ParseSeverity(o.FailOn)
		if rep.HasAtLeast(min) {
			return ErrFindings
		}
	}
	return nil
}

// finish writes the report, then decides the exit: a target that could not
// be scanned, then a part of one that could not be assessed (a corrupt
// package database, an unknown OS) are errors, after which findings at or
// above --fail-on are. Writing comes first so that nothing found is lost.
func (o *outputOptions) finish(s Streams, rep *finding.Report, errs []error, now time.Time) error {
	emitErr := o.emit(s, rep, now)
	if emitErr != nil && !errors.Is(emitErr, ErrFindings) {
		return emitErr
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := resultErrors(rep.Results); err != nil {
		return err
	}
	return emitErr
}

func resultErrors(results []finding.Result) error {
	var first string
	n := 0
	for _, r := range results {
		for _, e := range r.Errors {
			if n == 0 {
				first = r.Target + ": " + e
			}
			n++
		}
	}
	switch n {
	case 0:
		return nil
	case 1:
		return errors.New(first)
	default:
		return fmt.Errorf("%s (and %d more errors in the report)", first, n-1)
	}
}
