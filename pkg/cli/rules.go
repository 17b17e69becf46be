package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/rules"
)

// RulesOptions are the flags of `palisade rules`.
type RulesOptions struct {
	rulesOptions
	Format  string
	Input   string
	Verbose bool
	Timeout time.Duration
}

func newRulesCmd(s Streams) *cobra.Command {
	o := &RulesOptions{}
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List, show and test the Rego rules scan config uses",
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the bundled rules and those of --rules directories",
		Example: `  palisade rules list
  palisade rules list --input dockerfile
  palisade rules list --rules ./policies --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runRulesList(cmd.Context(), s, o) },
	}
	list.Flags().StringVarP(&o.Format, "format", "f", "table", "output format: table or json")
	list.Flags().StringVar(&o.Input, "input", "", "only rules for this input: kubernetes, kubernetes_set, dockerfile or runtime")
	show := &cobra.Command{
		Use:     "show ID",
		Short:   "Show one rule's metadata and Rego source",
		Example: `  palisade rules show PAL-K8S-001`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRulesShow(cmd.Context(), s, o, args[0])
		},
	}
	test := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the Rego test_ rules of rule directories (the bundled rules without DIR)",
		Long: `Run the test_ rules of Rego files under each DIR with OPA's tester. The
bundled helpers (data.lib.kubernetes, data.lib.docker) and rules are loaded
too, so tests may import them. Rule modules in DIR must carry valid METADATA,
as for --rules. Exit code 1 when a test fails, 2 when a file does not load.`,
		Example: `  palisade rules test ./policies
  palisade rules test`,
		RunE: func(cmd *cobra.Command, args []string) error { return runRulesTest(cmd.Context(), s, o, args) },
	}
	test.Flags().BoolVarP(&o.Verbose, "verbose", "v", false, "print every test, not only failures")
	test.Flags().DurationVar(&o.Timeout, "timeout", 30*time.Second, "time limit for one test")
	for _, c := range []*cobra.Command{list, show} {
		o.rulesOptions.addFlags(c)
	}
	cmd.AddCommand(list, show, test)
	return cmd
}

func runRulesList(ctx context.Context, s Streams, o *RulesOptions) error {
	e, err := o.engine(ctx)
	if err != nil {
		return err
	}
	var rs []*policy.Rule
	for _, r := range e.Rules() {
		if o.Input == "" || r.Input == o.Input {
			rs = append(rs, r)
		}
	}
	switch strings.ToLower(o.Format) {
	case "json":
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		if rs == nil {
			rs = []*policy.Rule{}
		}
		return enc.Encode(rs)
	case "table":
		tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSEVERITY\tINPUT\tTITLE")
		for _, r := range rs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Input, r.Title)
		}
		return tw.Flush()
	}
	return fmt.Errorf("--format %q: want table or json", o.Format)
}

func runRulesShow(ctx context.Context, s Streams, o *RulesOptions, id string) error {
	e, err := o.engine(ctx)
	if err != nil {
		return err
	}
	r, ok := e.Rule(id)
	if !ok {
		return fmt.Errorf("no rule %s (see palisade rules list)", id)
	}
	w := s.Out
	fmt.Fprintf(w, "%s  %s\n\n", r.ID, r.Title)
	fmt.Fprintf(w, "Severity:    %s\nInput:       %s\n", r.Severity, r.Input)
	if len(r.Events) > 0 {
		fmt.Fprintf(w, "Events:      %s\n", strings.Join(r.Events, ", "))
	}
	if len(r.Kinds) > 0 {
		fmt.Fprintf(w, "Kinds:       %s\n", strings.Join(r.Kinds, ", "))
	}
	fmt.Fprintf(w, "Package:     %s\nFile:        %s\n", r.Package, r.File)
	if len(r.Compliance) > 0 {
		fmt.Fprintf(w, "Compliance:  %s\n", strings.Join(r.Compliance, ", "))
	}
	fmt.Fprintf(w, "\n%s\n\nRemediation: %s\n", r.Description, r.Remediation)
	for _, ref := range r.References {
		fmt.Fprintf(w, "See:         %s\n", ref)
	}
	src, err := ruleSource(o, r)
	if err == nil {
		fmt.Fprintf(w, "\n%s", src)
	}
	return nil
}

// ruleSource reads a rule's Rego from the tree it was loaded from.
func ruleSource(o *RulesOptions, r *policy.Rule) ([]byte, error) {
	if r.Bundled {
		b, err := fs.ReadFile(rules.FS(), strings.TrimPrefix(r.File, "rules/"))
		return b, err
	}
	for _, d := range o.RuleDirs {
		prefix := filepath.ToSlash(filepath.Clean(d)) + "/"
		if strings.HasPrefix(r.File, prefix) {
			return os.ReadFile(filepath.Join(d, filepath.FromSlash(strings.TrimPrefix(r.File, prefix))))
		}
	}
	return nil, os.ErrNotExist
}

func runRulesTest(ctx context.Context, s Streams, o *RulesOptions, dirs []string) error {
	o.RuleDirs = dirs
	src, err := o.sources()
	if err != nil {
		return err
	}
	if _, err := policy.Load(ctx, src); err != nil {
		return err
	}
	res, err := policy.RunTests(ctx, src, len(dirs) == 0, o.Timeout)
	if err != nil {
		return err
	}
	return printTests(s.Out, res, o.Verbose)
}

func printTests(w io.Writer, res []policy.TestResult, verbose bool) error {
	pass, fail, skip := 0, 0, 0
	for _, r := range res {
		switch {
		case r.Skip:
			skip++
		case r.Pass:
			pass++
		default:
			fail++
		}
		if verbose || (!r.Pass && !r.Skip) {
			status := "PASS"
			if r.Skip {
				status = "SKIP"
			} else if !r.Pass {
				status = "FAIL"
			}
			line := fmt.Sprintf("%s %s:%d: %s.%s", status, r.File, r.Row, r.Package, r.Name)
			if r.Err != "" {
				line += ": " + r.Err
			}
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", pass, fail, skip)
	if len(res) == 0 {
		return fmt.Errorf("no test_ rules found")
	}
	if fail > 0 {
		return ErrFindings
	}
	return nil
}

// rulesOptions selects the rules: bundled plus --rules directories.
type rulesOptions struct {
	RuleDirs []string
}

func (o *rulesOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&o.RuleDirs, "rules", nil, "directory of custom Rego rules to load besides the bundled ones (repeatable)")
}

func (o *rulesOptions) sources() ([]policy.Source, error) {
	src := []policy.Source{{Name: "rules", FS: rules.FS(), Bundled: true}}
	for _, d := range o.RuleDirs {
		st, err := os.Stat(d)
		if err != nil {
			return nil, fmt.Errorf("--rules %s: %w", d, unwrapPath(err))
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("--rules %s: not a directory", d)
		}
		src = append(src, policy.Source{Name: filepath.ToSlash(filepath.Clean(d)), FS: os.DirFS(d)})
	}
	return src, nil
}

func (o *rulesOptions) engine(ctx context.Context) (*policy.Engine, error) {
	src, err := o.sources()
	if err != nil {
		return nil, err
	}
	return policy.Load(ctx, src)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
