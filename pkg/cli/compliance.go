package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/compliance"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/version"
)

// ComplianceOptions are the flags of `palisade compliance`.
type ComplianceOptions struct {
	rulesOptions
	Frameworks     []string
	FrameworkFiles []string
	Format         string
	Output         string
	FailOnControl  bool
}

// maxReportSize bounds one report file read by `palisade compliance`.
const maxReportSize = 512 << 20

func newComplianceCmd(s Streams) *cobra.Command {
	o := &ComplianceOptions{}
	cmd := &cobra.Command{
		Use:   "compliance REPORT.json...",
		Short: "Assess palisade JSON reports against compliance frameworks",
		Long: `Read palisade JSON reports (scan image, config, cluster, node, runtime report),
merge their results and assess each framework per cluster. A control is PASS
only when a result that evaluates one of its rules is present and none of
them failed; without such evidence it is NOT ASSESSED. Bundled frameworks: ` + strings.Join(compliance.Bundled(), ", ") + `.`,
		Example: `  palisade compliance --framework cis-k8s-1.10 cluster.json nodes.json
  palisade compliance --framework nist-800-190 --framework pci-dss-4.0 --format json -o compliance.json *.json
  palisade compliance --framework-file ./our-controls.yaml --rules ./policies report.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runCompliance(cmd.Context(), s, o, args) },
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.Frameworks, "framework", nil, "bundled framework to assess (repeatable): "+strings.Join(compliance.Bundled(), ", "))
	f.StringArrayVar(&o.FrameworkFiles, "framework-file", nil, "framework file to assess (repeatable; format: rules/compliance/README.md)")
	f.StringVarP(&o.Format, "format", "f", "table", "output format: table, json or sarif")
	f.StringVarP(&o.Output, "output", "o", "", "write the assessment to this file instead of stdout")
	f.BoolVar(&o.FailOnControl, "fail-on-control", false, "exit with code 1 when any control FAILs")
	o.rulesOptions.addFlags(cmd)
	return cmd
}

func runCompliance(ctx context.Context, s Streams, o *ComplianceOptions, args []string) error {
	if !validFormat(o.Format) {
		return fmt.Errorf("--format %q: want table, json or sarif", o.Format)
	}
	if len(o.Frameworks) == 0 && len(o.FrameworkFiles) == 0 {
		return errors.New("name at least one --framework or --framework-file")
	}
	fws, catalog, err := complianceSetup(ctx, o.Frameworks, o.FrameworkFiles, o.rulesOptions)
	if err != nil {
		return err
	}

	merged := &finding.Report{Results: []finding.Result{}}
	var readErrs []error
	for _, p := range args {
		rep, err := readReport(p)
		if err != nil {
			readErrs = append(readErrs, err)
			continue
		}
		merged.Results = append(merged.Results, rep.Results...)
	}
	as := compliance.AssessAll(fws, merged, catalog)

	var w io.Writer = s.Out
	var file *os.File
	if o.Output != "" {
		if err := os.MkdirAll(filepath.Dir(o.Output), 0o755); err != nil {
			return fmt.Errorf("creating output directory: %w", err)
		}
		if file, err = os.Create(o.Output); err != nil {
			return fmt.Errorf("creating output file: %w", err)
		}
		defer file.Close()
		w = file
	}
	if err := compliance.Write(w, o.Format, as, version.Version); err != nil {
		return fmt.Errorf("writing assessment: %w", err)
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return fmt.Errorf("writing assessment: %w", err)
		}
	}
	if len(readErrs) > 0 {
		// One line for every unreadable file; the others were assessed.
		msgs := make([]string, len(readErrs))
		for i, e := range readErrs {
			msgs[i] = e.Error()
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	if o.FailOnControl {
		for _, a := range as {
			if a.Failed() {
				return ErrFindings
			}
		}
	}
	return nil
}

func validFormat(f string) bool {
	for _, x := range compliance.Formats() {
		if strings.EqualFold(f, x) {
			return true
		}
	}
	return false
}

// readReport reads one palisade JSON report, bounded.
func readReport(p string) (*finding.Report, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", p, unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxReportSize+1))
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", p, err)
	}
	if len(data) > maxReportSize {
		return nil, fmt.Errorf("report %s: larger than %d bytes", p, maxReportSize)
	}
	var rep finding.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("report %s: not a palisade JSON report: %s", p, strings.Join(strings.Fields(err.Error()), " "))
	}
	if rep.SchemaVersion != finding.SchemaVersion {
		return nil, fmt.Errorf("report %s: schemaVersion %d, want %d (a palisade --format json report)", p, rep.SchemaVersion, finding.SchemaVersion)
	}
	return &rep, nil
}

// complianceSetup loads the named bundled frameworks and framework files,
// and the rule catalog (bundled rules plus --rules directories) that says
// which rules exist and what they apply to.
func complianceSetup(ctx context.Context, names, files []string, ro rulesOptions) ([]*compliance.Framework, compliance.Catalog, error) {
	var fws []*compliance.Framework
	for _, n := range names {
		fw, err := compliance.Load(n)
		if err != nil {
			return nil, compliance.Catalog{}, fmt.Errorf("--framework: %w", err)
		}
		fws = append(fws, fw)
	}
	for _, p := range files {
		fw, err := compliance.LoadFile(p)
		if err != nil {
			return nil, compliance.Catalog{}, err
		}
		fws = append(fws, fw)
	}
	e, err := ro.engine(ctx)
	if err != nil {
		return nil, compliance.Catalog{}, err
	}
	infos := make([]compliance.RuleInfo, 0, len(e.Rules()))
	for _, r := range e.Rules() {
		infos = append(infos, compliance.RuleInfo{ID: r.ID, Input: r.Input, Compliance: r.Compliance})
	}
	return fws, compliance.NewCatalog(infos...), nil
}

// complianceSummaries assesses rep against the frameworks for --compliance
// on a scan: per framework and cluster, the counts, the pass rate and the
// failing controls (palisade compliance gives the whole assessment).
func complianceSummaries(ctx context.Context, names []string, rep *finding.Report) ([]finding.ComplianceSummary, error) {
	fws, catalog, err := complianceSetup(ctx, names, nil, rulesOptions{})
	if err != nil {
		return nil, err
	}
	var out []finding.ComplianceSummary
	for _, a := range compliance.AssessAll(fws, rep, catalog) {
		sum := finding.ComplianceSummary{Framework: a.Framework, Cluster: a.Cluster, Counts: map[string]int{}, PassRate: a.PassRate}
		for st, n := range a.Counts {
			sum.Counts[string(st)] = n
		}
		for _, c := range a.Controls {
			if c.Status != compliance.StatusFail {
				continue
			}
			fc := finding.FailingControl{ID: c.ID}
			for _, f := range c.Failing {
				where := f.Resource
				if where == "" {
					where = f.Location
				}
				if where == "" {
					where = f.Target
				}
				fc.Resources = append(fc.Resources, where+" ("+f.Rule+")")
			}
			sum.Failing = append(sum.Failing, fc)
		}
		out = append(out, sum)
	}
	return out, nil
}
