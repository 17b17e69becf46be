package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/analyzer/purl"
	"github.com/palisadesec/palisade/pkg/cache"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/image"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/pkg/version"
)

// ScanImageOptions are the flags of `palisade scan image`.
type ScanImageOptions struct {
	outputOptions
	dbOptions
	scannerOptions
	Input       string
	Insecure    bool
	Platform    string
	NoDaemon    bool
	ListAllPkgs bool
	Timeout     time.Duration
	Parallel    int
	now         func() time.Time
}

func newScanImageCmd(s Streams) *cobra.Command {
	o := &ScanImageOptions{now: time.Now}
	cmd := &cobra.Command{
		Use:   "image [REF...]",
		Short: "Scan container images for vulnerable OS packages",
		Long: `Scan container images for known vulnerabilities in their OS packages
(dpkg, apk, rpm), matched against the trivy-db vulnerability database.

REF is resolved in a local Docker or Podman daemon first, then in its registry
(credentials from the Docker config and its credential helpers). --input reads
a docker-archive or OCI tarball (gzipped or not) or an OCI layout directory
instead. Per-layer results are cached, so rescans and images sharing base
layers skip the work.`,
		Example: `  palisade scan image alpine:3.19
  palisade scan image --input image.tar --format sarif --output palisade.sarif
  palisade scan image --severity HIGH,CRITICAL --fail-on HIGH registry.example.com/app:1.2`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScanImage(cmd.Context(), s, o, args)
		},
	}
	o.outputOptions.addFlags(cmd)
	o.dbOptions.addFlags(cmd)
	o.scannerOptions.addFlags(cmd)
	f := cmd.Flags()
	f.StringVarP(&o.Input, "input", "i", "", "read the image from a docker-archive or OCI tarball (optionally gzipped) or an OCI layout directory")
	f.BoolVar(&o.Insecure, "insecure", false, "allow plain-HTTP and self-signed registries")
	f.StringVar(&o.Platform, "platform", "", "platform of a multi-platform image, os/arch[/variant] (default: linux and this machine's architecture)")
	f.BoolVar(&o.NoDaemon, "no-daemon", false, "do not look images up in a local Docker or Podman daemon")
	f.BoolVar(&o.ListAllPkgs, "list-all-pkgs", false, "include every package found in the JSON report, not only vulnerable ones")
	f.DurationVar(&o.Timeout, "timeout", 10*time.Minute, "give up the scan after this long")
	f.IntVar(&o.Parallel, "parallel", 0, "layers analysed at once (default: number of CPUs)")
	return cmd
}

func runScanImage(ctx context.Context, s Streams, o *ScanImageOptions, refs []string) error {
	if o.Input == "" && len(refs) == 0 {
		return errors.New("scan image: give an image reference or --input FILE|DIR")
	}
	if o.Input != "" && len(refs) > 0 {
		return errors.New("scan image: give either image references or --input, not both")
	}
	if err := o.outputOptions.validate(); err != nil {
		return err
	}
	if err := o.scannerOptions.validate(); err != nil {
		return err
	}
	secrets, secretVersion, err := o.secretScanner()
	if err != nil {
		return err
	}
	platform, err := image.ParsePlatform(o.Platform)
	if err != nil {
		return err
	}
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	cacheDir, err := o.cacheDir()
	if err != nil {
		return err
	}
	c, err := cache.Open(cacheDir)
	if err != nil {
		return err
	}
	opts := []scan.Option{scan.WithSecrets(secrets)}
	if o.vuln() {
		db, err := o.dbOptions.open(ctx, s, cacheDir, o.now())
		if err != nil {
			return err
		}
		defer db.Close()
		opts = append(opts, scan.WithDB(db))
	}

	var progress = s.Err
	if !isTerminal(s.Err) {
		progress = nil
	}
	sc := scan.NewImageScanner(o.analyzers(analyzer.Default(), secrets, secretVersion), append(opts,
		scan.WithCache(c), scan.WithParallel(o.Parallel),
		scan.WithListAllPackages(o.ListAllPkgs || o.isSBOM()), scan.WithProgress(progress), scan.WithPURL(purl.For))...)

	ver, _, _ := version.Info()
	rep := finding.New(ver, o.now())
	targets := refs
	if o.Input != "" {
		targets = []string{""}
	}
	var errs []error
	for _, ref := range targets {
		res, err := scanOneImage(ctx, sc, o, platform, ref)
		if err != nil {
			errs = append(errs, err)
			res.Errors = append(res.Errors, err.Error())
		}
		rep.Results = append(rep.Results, res)
	}
	return o.outputOptions.finish(s, rep, errs, o.now())
}

func scanOneImage(ctx context.Context, sc *scan.ImageScanner, o *ScanImageOptions, platform *v1.Platform, ref string) (finding.Result, error) {
	target := ref
	if o.Input != "" {
		target = o.Input
	}
	res := finding.Result{Target: target, Kind: finding.KindImage, Findings: []finding.Finding{}}
	opts := []image.Option{image.WithInsecure(o.Insecure), image.WithDaemon(!o.NoDaemon)}
	if platform != nil {
		opts = append(opts, image.WithPlatform(platform))
	}
	if o.Input != "" {
		opts = append(opts, image.WithInput(o.Input))
	}
	im, err := image.Open(ctx, ref, opts...)
	if err != nil {
		return res, err
	}
	defer im.Close()
	r, err := sc.Scan(ctx, im)
	if err != nil {
		return res, fmt.Errorf("%s: %w", target, err)
	}
	r.Target = target
	return r, nil
}
