package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		if !sub.Hidden && sub.Name() != "help" {
			walk(sub, fn)
		}
	}
}

// The README must document every command and every flag that exists.
func TestREADMEDocumentsEveryCommandAndFlag(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(readme)
	root := NewRoot(Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	root.InitDefaultCompletionCmd()
	walk(root, func(c *cobra.Command) {
		path := c.CommandPath()
		if c.HasParent() && c.Runnable() && !c.HasSubCommands() {
			heading := "`" + path
			if c.Parent().Name() == "completion" {
				heading = "`" + c.Parent().CommandPath()
			}
			if !strings.Contains(doc, heading) {
				t.Errorf("README does not document %q", path)
			}
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Name == "help" || f.Hidden {
				return
			}
			if !strings.Contains(doc, "--"+f.Name) {
				t.Errorf("README does not document %s --%s", path, f.Name)
			}
		})
	})
}

// The committed completion scripts must match what the binary generates.
func TestCompletionsDoNotDrift(t *testing.T) {
	for shell, file := range map[string]string{"bash": "palisade.bash", "zsh": "palisade.zsh", "fish": "palisade.fish", "powershell": "palisade.ps1"} {
		var out bytes.Buffer
		root := NewRoot(Streams{Out: &out, Err: &bytes.Buffer{}})
		root.SetArgs([]string{"completion", shell})
		if err := root.Execute(); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "completions", file))
		if err != nil {
			t.Fatalf("%v (run make completions)", err)
		}
		if out.String() != string(want) {
			t.Errorf("completions/%s is stale: run make completions", file)
		}
	}
}
