package cli

import (
	"fmt"
	"hash/crc32"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/secret"
)

// scannerOptions choose what a scan looks for.
type scannerOptions struct {
	Scanners     []string
	SecretConfig string
}

func (o *scannerOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringSliceVar(&o.Scanners, "scanners", []string{"vuln", "secret"}, "what to look for: vuln (vulnerable packages), secret (credentials in files)")
	f.StringVar(&o.SecretConfig, "secret-config", "", "YAML file adding secret rules or allow rules, or disabling built-in ones")
}

func (o *scannerOptions) validate() error {
	if len(o.Scanners) == 0 {
		return fmt.Errorf("--scanners: name at least one of vuln, secret")
	}
	for _, s := range o.Scanners {
		if s != "vuln" && s != "secret" {
			return fmt.Errorf("--scanners: unknown scanner %q (want vuln, secret)", s)
		}
	}
	return nil
}

func (o *scannerOptions) vuln() bool   { return slices.Contains(o.Scanners, "vuln") }
func (o *scannerOptions) secret() bool { return slices.Contains(o.Scanners, "secret") }

// secretScanner builds the secret scanner and the version that feeds the
// layer cache key (so changing the config invalidates cached layers).
func (o *scannerOptions) secretScanner() (*secret.Scanner, int, error) {
	if !o.secret() {
		return nil, 0, nil
	}
	var cfg *secret.Config
	version := 0
	if o.SecretConfig != "" {
		raw, err := os.ReadFile(o.SecretConfig)
		if err != nil {
			return nil, 0, fmt.Errorf("--secret-config: %w", err)
		}
		if cfg, err = secret.LoadConfig(o.SecretConfig); err != nil {
			return nil, 0, err
		}
		version = int(crc32.ChecksumIEEE(raw) & 0x7fffffff)
	}
	sc, err := secret.New(cfg)
	if err != nil {
		return nil, 0, err
	}
	return sc, version, nil
}

// analyzers returns base plus the secret analyzer when secrets are scanned;
// without the vuln scanner, package analyzers are not run at all.
func (o *scannerOptions) analyzers(base []analyzer.Analyzer, sc *secret.Scanner, version int) []analyzer.Analyzer {
	var out []analyzer.Analyzer
	if o.vuln() {
		out = append(out, base...)
	}
	if sc != nil {
		out = append(out, analyzer.Secrets(sc, version))
	}
	return out
}
