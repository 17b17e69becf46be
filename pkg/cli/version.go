package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/version"
)

func newVersionCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print version, commit and build date",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			v, c, d := version.Info()
			_, err := fmt.Fprintf(s.Out, "palisade %s\ncommit: %s\nbuilt: %s\ngo: %s %s/%s\n", v, c, d, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
