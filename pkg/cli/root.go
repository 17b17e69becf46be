// Package cli is the cobra command tree of palisade. Each leaf command lives
// in its own file as an Options struct, a newXCmd constructor and a runX
// function; the work itself is done by the domain packages.
package cli

import (
	"errors"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/palisadesec/palisade/pkg/version"
)

// ErrFindings is returned when findings at or above --fail-on were reported.
var ErrFindings = errors.New("findings at or above the --fail-on severity")

// Streams are the process's standard streams.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// terminalWidth returns the column count of a terminal, or 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// NewRoot builds the whole command tree.
func NewRoot(s Streams) *cobra.Command {
	v, _, _ := version.Info()
	root := &cobra.Command{
		Use:   "palisade",
		Short: "Secure containers and Kubernetes: vulnerabilities, misconfigurations, runtime",
		Long: `Palisade scans container images for vulnerable OS packages against the
trivy-db vulnerability database, works offline, and reports as a table, JSON
or SARIF. Exit codes: 0 no finding at or above --fail-on, 1 findings at or
above --fail-on, 2 error.`,
		Version:       v,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetVersionTemplate("{{.Version}}\n")
	root.AddCommand(newScanCmd(s), newRuntimeCmd(s), newReportCmd(s), newComplianceCmd(s), newRulesCmd(s), newTrustCmd(s), newDBCmd(s), newCacheCmd(s), newVersionCmd(s))
	return root
}

func newScanCmd(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scan",
		Short: "Scan a target",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newScanImageCmd(s), newScanFSCmd(s), newScanRootfsCmd(s), newScanSBOMCmd(s), newScanConfigCmd(s), newScanClusterCmd(s), newScanNodeCmd(s))
	return cmd
}
