package policy

import (
	"context"
	"sort"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego `test_` rule.
type TestResult struct {
	Package  string
	Name     string
	File     string
	Row      int
	Pass     bool
	Skip     bool
	Err      string
	Duration time.Duration
}

// RunTests runs the `test_` rules of the sources with OPA's tester, each
// bounded by timeout; the tests of bundled sources run only when
// bundledTests is set (their rules and helpers are always loaded, so users'
// tests can import them). Results are ordered by file and line.
func RunTests(ctx context.Context, sources []Source, bundledTests bool, timeout time.Duration) ([]TestResult, error) {
	modules := map[string]*ast.Module{}
	for _, s := range sources {
		ms, err := ParseSources([]Source{s}, bundledTests || !s.Bundled)
		if err != nil {
			return nil, err
		}
		for k, m := range ms {
			modules[k] = m
		}
	}
	r := tester.NewRunner().SetCompiler(newCompiler()).SetStore(inmem.New()).SetModules(modules).SetTimeout(timeout).CapturePrintOutput(true)
	ch, err := r.RunTests(ctx, nil)
	if err != nil {
		if errs := astErrors(err); len(errs) > 0 {
			return nil, &LoadError{Msgs: errs}
		}
		return nil, err
	}
	var out []TestResult
	for res := range ch {
		tr := TestResult{Package: res.Package, Name: res.Name, Pass: res.Pass(), Skip: res.Skip, Duration: res.Duration}
		if res.Location != nil {
			tr.File, tr.Row = res.Location.File, res.Location.Row
		}
		if res.Error != nil {
			tr.Err = oneLine(res.Error)
		} else if res.Fail {
			tr.Err = "test rule is false or undefined"
		}
		out = append(out, tr)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Row < out[j].Row
	})
	return out, nil
}
