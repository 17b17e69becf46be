package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/inventory"
	"github.com/palisadesec/palisade/pkg/sbom"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/pkg/version"
	"github.com/palisadesec/palisade/pkg/vuln"
)

// ScanSBOMOptions are the flags of `palisade scan sbom`.
type ScanSBOMOptions struct {
	outputOptions
	dbOptions
	ListAllPkgs bool
	now         func() time.Time
}

func newScanSBOMCmd(s Streams) *cobra.Command {
	o := &ScanSBOMOptions{now: time.Now}
	cmd := &cobra.Command{
		Use:   "sbom FILE...",
		Short: "Scan an existing CycloneDX or SPDX SBOM for vulnerabilities",
		Long: `Scan software bills of materials (CycloneDX JSON or XML, SPDX 2.x JSON) for
known vulnerabilities: every component with a package URL is matched like a
package found in an image or a source tree. Components without a usable
package URL are counted in the result's errors.`,
		Example: `  palisade scan image --format cyclonedx --output app.cdx.json app:1.0
  palisade scan sbom app.cdx.json --fail-on HIGH`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScanSBOM(cmd.Context(), s, o, args)
		},
	}
	o.outputOptions.addFlags(cmd)
	o.dbOptions.addFlags(cmd)
	cmd.Flags().BoolVar(&o.ListAllPkgs, "list-all-pkgs", false, "include every package of the SBOM in the JSON report, not only vulnerable ones")
	return cmd
}

func runScanSBOM(ctx context.Context, s Streams, o *ScanSBOMOptions, files []string) error {
	if err := o.outputOptions.validate(); err != nil {
		return err
	}
	cacheDir, err := o.cacheDir()
	if err != nil {
		return err
	}
	db, err := o.dbOptions.open(ctx, s, cacheDir, o.now())
	if err != nil {
		return err
	}
	defer db.Close()
	ver, _, _ := version.Info()
	rep := finding.New(ver, o.now())
	var errs []error
	for _, f := range files {
		res, err := scanOneSBOM(db, f, o.ListAllPkgs || o.isSBOM())
		if err != nil {
			errs = append(errs, err)
			res.Errors = append(res.Errors, err.Error())
		}
		rep.Results = append(rep.Results, res)
	}
	return o.outputOptions.finish(s, rep, errs, o.now())
}

func scanOneSBOM(db vuln.DB, file string, listPkgs bool) (finding.Result, error) {
	res := finding.Result{Target: file, Kind: finding.KindSBOM, Findings: []finding.Finding{}}
	f, err := os.Open(file)
	if err != nil {
		return res, fmt.Errorf("reading SBOM: %w", err)
	}
	defer f.Close()
	doc, err := sbom.Decode(f)
	if err != nil {
		return res, fmt.Errorf("%s: %w", file, err)
	}
	r, err := scan.Inventory(db, file, finding.KindSBOM, inventory.Inventory{OS: doc.OS, Packages: doc.Packages}, listPkgs)
	if err != nil {
		return r, fmt.Errorf("%s: %w", file, err)
	}
	if doc.Skipped > 0 {
		r.Errors = append(r.Errors, fmt.Sprintf("%d components have no usable package URL and were not assessed", doc.Skipped))
	}
	if r.Metadata == nil {
		r.Metadata = map[string]any{}
	}
	r.Metadata["format"] = string(doc.Format)
	r.Metadata["specVersion"] = doc.SpecVersion
	if doc.Target != "" {
		r.Metadata["describes"] = doc.Target
	}
	return r, nil
}
