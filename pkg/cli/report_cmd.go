package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/compliance"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/radar"
)

// ReportOptions are the flags of `palisade report`.
type ReportOptions struct {
	Format     string
	Output     string
	Compliance []string
	now        func() time.Time
}

func newReportCmd(s Streams) *cobra.Command {
	o := &ReportOptions{now: time.Now}
	cmd := &cobra.Command{
		Use:   "report REPORT.json...",
		Short: "Merge JSON reports into one view per cluster (table, Markdown, HTML, JSON)",
		Long: `Merge palisade JSON reports (scan cluster, image, node, config and runtime
watch, from any number of runs) into one view per cluster: severity counts
and a risk score per cluster, namespace and workload, images with fixable
CRITICAL vulnerabilities, exposed and privileged workloads, trust
violations, node benchmark results and runtime connections. Results without
a cluster are shown under "(no cluster)".

Risk score: the sum over findings of CRITICAL 10, HIGH 5, MEDIUM 2, LOW 1.

Formats: table (a compact text summary), markdown (tables for pull request
comments and CI job summaries), html (one self-contained page with charts
and a network map, nothing loaded from the network) and json (the view).
A file that is not a palisade JSON report is an error (exit 2), after the
others have been merged and written.`,
		Example: `  palisade scan cluster --context prod --format json --output prod.json
  palisade scan image --format json --output app.json app:1.0
  palisade report prod.json app.json
  palisade report --format html --output radar.html *.json
  palisade report --format markdown *.json >> "$GITHUB_STEP_SUMMARY"`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd.Context(), s, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.Format, "format", "f", "table", "output format: "+strings.Join(radar.Formats, ", "))
	f.StringVarP(&o.Output, "output", "o", "", "write the view to this file instead of stdout")
	f.StringArrayVar(&o.Compliance, "compliance", nil, "show each cluster's pass rate of this compliance framework (repeatable): "+strings.Join(compliance.Bundled(), ", "))
	return cmd
}

func runReport(ctx context.Context, s Streams, o *ReportOptions, files []string) error {
	if err := radar.CheckFormat(o.Format); err != nil {
		return fmt.Errorf("--format: %w", err)
	}
	var opts []radar.Option
	if len(o.Compliance) > 0 {
		fws, catalog, err := complianceSetup(ctx, o.Compliance, nil, rulesOptions{})
		if err != nil {
			return err
		}
		opts = append(opts, radar.WithCompliance(func(cluster string, results []finding.Result) map[string]float64 {
			rates := map[string]float64{}
			for _, fw := range fws {
				for _, a := range compliance.Assess(fw, &finding.Report{Results: results}, catalog) {
					if a.Cluster == cluster {
						rates[fw.Name] = a.PassRate / 100 // the view takes a fraction
					}
				}
			}
			return rates
		}))
	}
	rep, errs := radar.Load(files...)
	loadErr := joinLoadErrors(errs)
	if len(errs) == len(files) {
		return loadErr
	}
	v := radar.Build(rep, o.now(), opts...)
	if err := writeView(s, o, v); err != nil {
		return err
	}
	return loadErr
}

func writeView(s Streams, o *ReportOptions, v *radar.View) error {
	if o.Output == "" {
		return v.Write(s.Out, o.Format)
	}
	if err := os.MkdirAll(filepath.Dir(o.Output), 0o755); err != nil {
		return fmt.Errorf("creating output directory: %w", err)
	}
	f, err := os.Create(o.Output)
	if err != nil {
		return fmt.Errorf("creating output file: %w", err)
	}
	if err := v.Write(f, o.Format); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", o.Output, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", o.Output, err)
	}
	return nil
}

// joinLoadErrors makes one line of the files that could not be read.
func joinLoadErrors(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	const shown = 3
	msgs := make([]string, 0, shown)
	for i, e := range errs {
		if i == shown {
			break
		}
		msgs = append(msgs, e.Error())
	}
	more := ""
	if len(errs) > shown {
		more = fmt.Sprintf(" (and %d more)", len(errs)-shown)
	}
	return fmt.Errorf("%d reports could not be read: %s%s", len(errs), strings.Join(msgs, "; "), more)
}
