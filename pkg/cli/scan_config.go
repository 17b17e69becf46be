package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/iac"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/pkg/version"
)

// ScanConfigOptions are the flags of `palisade scan config`.
type ScanConfigOptions struct {
	outputOptions
	rulesOptions
	trustOptions
	skipOptions
	TrustCluster string
	HelmValues   []string
	HelmSet      []string
	Timeout      time.Duration
	Parallel     int
	now          func() time.Time
}

func newScanConfigCmd(s Streams) *cobra.Command {
	o := &ScanConfigOptions{now: time.Now}
	cmd := &cobra.Command{
		Use:     "config PATH...",
		Aliases: []string{"iac"},
		Short:   "Check Kubernetes manifests, Helm charts, Kustomize directories and Dockerfiles against the bundled rules",
		Long: `Check configuration against Palisade's bundled Rego rules (Pod Security
Standards, CIS Kubernetes section 5 and CIS Docker section 4 controls, RBAC,
network exposure, NSA/CISA hardening, Dockerfile practice) and any custom
rules given with --rules.

PATH may be a file or a directory tree. Kubernetes YAML and JSON (several
documents, List kinds, CRDs), Helm charts (a directory with Chart.yaml or a
.tgz archive, rendered offline with the chart's values, --helm-values and
--helm-set), Kustomize directories (built in-process, no plugins) and
Dockerfiles are recognised; other files are skipped. Findings point at the
offending line: for Helm charts, the line of the template; for Kustomize,
the line of the resource file the object came from.

A file that cannot be parsed is reported as an error in the report and on
stderr, and the rest is still scanned; the exit code is 2 only when nothing
could be scanned.`,
		Example: `  palisade scan config deploy/
  palisade scan config --format sarif --output palisade.sarif .
  palisade scan config --helm-set image.tag=1.2.3 charts/web
  palisade scan config --rules ./policies --fail-on HIGH k8s/ Dockerfile`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScanConfig(cmd.Context(), s, o, args)
		},
	}
	o.outputOptions.addFlags(cmd)
	o.rulesOptions.addFlags(cmd)
	o.skipOptions.addFlags(cmd)
	o.trustOptions.addFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.TrustCluster, "trust-cluster", "", "with --trust: judge the manifests as running in this cluster (default: only groups not scoped to clusters apply)")
	f.StringArrayVar(&o.HelmValues, "helm-values", nil, "values file for every Helm chart scanned, like helm template -f (repeatable)")
	f.StringArrayVar(&o.HelmSet, "helm-set", nil, "value for every Helm chart scanned, like helm template --set a.b=c (repeatable)")
	f.DurationVar(&o.Timeout, "timeout", 5*time.Minute, "give up the scan after this long")
	f.IntVar(&o.Parallel, "parallel", 0, "documents evaluated at once (default: number of CPUs)")
	return cmd
}

func runScanConfig(ctx context.Context, s Streams, o *ScanConfigOptions, paths []string) error {
	if err := o.outputOptions.validate(); err != nil {
		return err
	}
	if o.isSBOM() {
		return fmt.Errorf("--format %s: an SBOM lists packages; scan config reports misconfigurations (use table, json, sarif or junit)", o.Format)
	}
	if o.TrustCluster != "" && o.TrustFile == "" {
		return errors.New("--trust-cluster needs --trust")
	}
	if err := o.skipOptions.validate(); err != nil {
		return err
	}
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	// The rules compile while the configuration is read.
	topts, err := o.trustOptions.scanOption(o.TrustCluster)
	if err != nil {
		return err
	}
	sc := scan.NewConfigScannerLoading(func() (*policy.Engine, error) { return o.engine(ctx) }, append(topts, scan.WithConfigParallel(o.Parallel))...)
	files, results, err := sc.ScanPaths(ctx, paths, iac.WithSkip(scan.SkipFunc(o.SkipDirs, o.SkipFiles)), iac.WithHelmValues(o.HelmValues, o.HelmSet))
	if err != nil {
		return err
	}
	ver, _, _ := version.Info()
	rep := finding.New(ver, o.now())
	rep.Results = append(rep.Results, results...)
	scanned := 0
	for _, f := range files {
		scanned += len(f.Docs)
	}
	if scanned > 0 {
		// Per-file errors; when nothing could be scanned the final error
		// names the first of them instead.
		for _, r := range results {
			for _, e := range r.Errors {
				fmt.Fprintf(s.Err, "palisade: %s\n", e)
			}
		}
	}
	var errs []error
	if ctx.Err() != nil {
		errs = append(errs, fmt.Errorf("scan stopped: %w", ctx.Err()))
	} else if scanned == 0 {
		if err := noConfigError(files); err != nil {
			errs = append(errs, err)
		} else {
			fmt.Fprintln(s.Err, "palisade: no Kubernetes manifest, Helm chart, Kustomize directory or Dockerfile found")
		}
	}
	emitErr := o.outputOptions.emit(s, rep, o.now())
	if emitErr != nil && !errors.Is(emitErr, ErrFindings) {
		return emitErr
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return emitErr
}

// noConfigError explains an empty scan by its first file error; nil when
// the paths simply held no configuration (a pre-commit hook given only
// other YAML files is not an error).
func noConfigError(files []iac.File) error {
	var errs []error
	for _, f := range files {
		if f.Err != nil {
			errs = append(errs, f.Err)
		}
		errs = append(errs, f.Errors...)
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("nothing could be scanned: %w", errs[0])
	}
	return fmt.Errorf("nothing could be scanned: %w (and %d more errors in the report)", errs[0], len(errs)-1)
}
