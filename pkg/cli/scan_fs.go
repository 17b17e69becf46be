package cli

import (
	"context"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/analyzer/purl"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/pkg/version"
)

// ScanFSOptions are the flags of `palisade scan fs`.
type ScanFSOptions struct {
	outputOptions
	dbOptions
	scannerOptions
	skipOptions
	ListAllPkgs bool
	Timeout     time.Duration
	Parallel    int
	now         func() time.Time
	// rootfs scans installed software (OS packages included) instead of
	// lock files, and skips the kernel's virtual file systems.
	rootfs bool
}

// rootfsSkipDirs are not descended into when a root file system is
// scanned: virtual and runtime file systems hold no installed software.
var rootfsSkipDirs = []string{"./proc", "./sys", "./dev", "./run", "./tmp", "./var/tmp", "./var/lib/containerd", "./var/lib/docker", "./var/lib/kubelet/pods"}

func newScanRootfsCmd(s Streams) *cobra.Command {
	o := &ScanFSOptions{now: time.Now, rootfs: true}
	cmd := &cobra.Command{
		Use:   "rootfs DIR...",
		Short: "Scan a root file system (a host, a mounted node, an unpacked image) for vulnerable packages",
		Long: `Scan a root file system the way an image is scanned: the OS (os-release), its
package databases (dpkg, apk, rpm) and installed language packages, matched
against the vulnerability database. /proc, /sys, /dev, /run, /tmp, /var/tmp
and container runtimes' storage under DIR are skipped. Secrets are not
searched unless --scanners includes secret.`,
		Example: `  palisade scan rootfs /
  palisade scan rootfs --format json /host`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScanFS(cmd.Context(), s, o, args)
		},
	}
	o.outputOptions.addFlags(cmd)
	o.dbOptions.addFlags(cmd)
	o.scannerOptions.addFlags(cmd)
	o.skipOptions.addFlags(cmd)
	f := cmd.Flags()
	o.Scanners = []string{"vuln"}
	f.Lookup("scanners").DefValue = "[vuln]"
	f.BoolVar(&o.ListAllPkgs, "list-all-pkgs", false, "include every package found in the JSON report, not only vulnerable ones")
	f.DurationVar(&o.Timeout, "timeout", 10*time.Minute, "give up the scan after this long")
	f.IntVar(&o.Parallel, "parallel", 0, "files analysed at once (default: number of CPUs)")
	return cmd
}

func newScanFSCmd(s Streams) *cobra.Command {
	o := &ScanFSOptions{now: time.Now}
	cmd := &cobra.Command{
		Use:     "fs PATH...",
		Aliases: []string{"repo"},
		Short:   "Scan a source tree's lock files and binaries for vulnerable dependencies",
		Long: `Scan directory trees (a checkout before it becomes an image: the pre-commit
and CI use case) for vulnerable language dependencies. Lock files are read
(package-lock.json, yarn.lock, pnpm-lock.yaml, poetry.lock, Pipfile.lock,
uv.lock, requirements.txt, Gemfile.lock, composer.lock, Cargo.lock,
packages.lock.json, *.deps.json), and so are Go and Rust binaries and Java
archives found in the tree. .git, .hg and .svn are always skipped.`,
		Example: `  palisade scan fs .
  palisade scan repo --skip-dirs 'testdata,**/fixtures' --fail-on HIGH .
  palisade scan fs --format sarif --output palisade.sarif src/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScanFS(cmd.Context(), s, o, args)
		},
	}
	o.outputOptions.addFlags(cmd)
	o.dbOptions.addFlags(cmd)
	o.scannerOptions.addFlags(cmd)
	o.skipOptions.addFlags(cmd)
	f := cmd.Flags()
	f.BoolVar(&o.ListAllPkgs, "list-all-pkgs", false, "include every package found in the JSON report, not only vulnerable ones")
	f.DurationVar(&o.Timeout, "timeout", 10*time.Minute, "give up the scan after this long")
	f.IntVar(&o.Parallel, "parallel", 0, "files analysed at once (default: number of CPUs)")
	return cmd
}

func runScanFS(ctx context.Context, s Streams, o *ScanFSOptions, paths []string) error {
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
	if err := o.skipOptions.validate(); err != nil {
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
	opts := []scan.FSOption{}
	if o.vuln() {
		db, err := o.dbOptions.open(ctx, s, cacheDir, o.now())
		if err != nil {
			return err
		}
		defer db.Close()
		opts = append(opts, scan.WithFSDB(db))
	}
	base, skipDirs := analyzer.Filesystem(), o.SkipDirs
	if o.rootfs {
		base, skipDirs = analyzer.Default(), append(append([]string(nil), rootfsSkipDirs...), o.SkipDirs...)
	}
	sc, err := scan.NewFSScanner(o.analyzers(base, secrets, secretVersion), append(opts,
		scan.WithSkipDirs(skipDirs...), scan.WithSkipFiles(o.SkipFiles...),
		scan.WithFSParallel(o.Parallel), scan.WithFSListAllPackages(o.ListAllPkgs || o.isSBOM()), scan.WithFSPURL(purl.For))...)
	if err != nil {
		return err
	}

	ver, _, _ := version.Info()
	rep := finding.New(ver, o.now())
	var errs []error
	for _, p := range paths {
		res, err := sc.Scan(ctx, filepath.Clean(p))
		if err != nil {
			errs = append(errs, err)
			res.Errors = append(res.Errors, err.Error())
		}
		rep.Results = append(rep.Results, res)
	}
	return o.outputOptions.finish(s, rep, errs, o.now())
}

// skipOptions are the --skip-dirs/--skip-files globs of the tree walks.
type skipOptions struct {
	SkipDirs  []string
	SkipFiles []string
}

func (o *skipOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringSliceVar(&o.SkipDirs, "skip-dirs", nil, "directories to skip: globs relative to PATH (** allowed); a pattern without / matches a directory name at any depth")
	f.StringSliceVar(&o.SkipFiles, "skip-files", nil, "files to skip, with the same glob rules as --skip-dirs")
}

func (o *skipOptions) validate() error {
	return scan.ValidatePatterns(append(append([]string(nil), o.SkipDirs...), o.SkipFiles...)...)
}
