// Package app builds the palisade command tree and turns what a command
// returns into the process exit code: 0 clean, 1 findings at or above
// --fail-on, 2 any error, printed as one line on stderr.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/palisadesec/palisade/pkg/cli"
)

// Exit codes of the palisade command.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

// Main runs palisade with args and returns the exit code.
func Main(ctx context.Context, args []string) int {
	return Run(ctx, args, os.Stdin, os.Stdout, os.Stderr)
}

// Run is Main with explicit streams, for tests.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := cli.NewRoot(cli.Streams{In: stdin, Out: stdout, Err: stderr})
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, cli.ErrFindings) {
		return ExitFindings
	}
	fmt.Fprintf(stderr, "palisade: %s\n", oneLine(err.Error()))
	return ExitError
}

// oneLine keeps error output to a single line, whatever a library put in it.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r", " ")
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}
