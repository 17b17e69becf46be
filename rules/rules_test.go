package rules_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/palisadesec/palisade/pkg/iac"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/scan"
	"github.com/palisadesec/palisade/rules"
)

func bundled() []policy.Source {
	return []policy.Source{{Name: "rules", FS: rules.FS(), Bundled: true}}
}

func engine(t *testing.T) *policy.Engine {
	t.Helper()
	e, err := policy.Load(context.Background(), bundled())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestRegoUnitTests runs every `test_` rule of the bundled rules with OPA's
// tester.
func TestRegoUnitTests(t *testing.T) {
	res, err := policy.RunTests(context.Background(), bundled(), true, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 {
		t.Fatal("no Rego tests found")
	}
	for _, r := range res {
		if !r.Pass && !r.Skip {
			t.Errorf("%s:%d: %s.%s: %s", r.File, r.Row, r.Package, r.Name, r.Err)
		}
	}
}

// TestEveryRuleHasRegoTests checks that each rule module has a test file
// with at least two test rules (one denial, one pass, by convention).
func TestEveryRuleHasRegoTests(t *testing.T) {
	for _, r := range engine(t).Rules() {
		testFile := strings.TrimSuffix(strings.TrimPrefix(r.File, "rules/"), ".rego") + "_test.rego"
		data, err := fs.ReadFile(rules.FS(), testFile)
		if err != nil {
			t.Errorf("%s: no test file %s", r.ID, testFile)
			continue
		}
		if n := regexp.MustCompile(`(?m)^test_`).FindAll(data, -1); len(n) < 2 {
			t.Errorf("%s: %s has %d test rules, want at least 2", r.ID, testFile, len(n))
		}
	}
}

var (
	wantRe        = regexp.MustCompile(`#\s*want\s+((?:[A-Z]+-[A-Z0-9]+-[0-9]+[ ,]*)+)`)
	wantClusterRe = regexp.MustCompile(`#\s*want-cluster\s+((?:[A-Z]+-[A-Z0-9]+-[0-9]+[ ,]*)+)`)
	clusterVerRe  = regexp.MustCompile(`^#\s*cluster-version:\s*(\S+)\s*$`)
)

// wanted reads the `# want ID` markers of a fixture: for YAML the marker's
// own line, for a Dockerfile the next instruction's first line. A
// `# want-cluster ID` marker, anywhere, wants one finding on the cluster
// itself, which has no line: line 0.
func wanted(data []byte, docker bool) map[string][]int {
	out := map[string][]int{}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		line := i + 1
		m := wantRe.FindStringSubmatch(l)
		if m == nil {
			if m = wantClusterRe.FindStringSubmatch(l); m == nil {
				continue
			}
			line = 0
		} else if docker {
			line = 0
			for j := i + 1; j < len(lines); j++ {
				if t := strings.TrimSpace(lines[j]); t != "" && !strings.HasPrefix(t, "#") {
					line = j + 1
					break
				}
			}
		}
		for _, id := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ' ' || r == ',' }) {
			out[id] = append(out[id], line)
		}
	}
	return out
}

func loadFixture(t *testing.T, path string) []iac.File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := iac.File{Path: path, Type: "kubernetes"}
	if strings.HasSuffix(path, ".Dockerfile") {
		f.Type = "dockerfile"
		d, err := iac.ParseDockerfile(path, data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		f.Docs = []iac.Document{d}
		return []iac.File{f}
	}
	docs, errs, err := iac.ParseKubernetes(path, data)
	if err != nil || len(errs) > 0 {
		t.Fatalf("%s: %v %v", path, err, errs)
	}
	f.Docs = docs
	return []iac.File{f}
}

// TestFixtures scans each rule's fail and pass fixtures with the real
// loader and engine: the fail fixture must raise the rule exactly on the
// marked lines, the pass fixture must not raise it. A fixture whose first
// line is `# cluster-version: v1.28.3` is scanned as the manifests of a
// cluster of that version (input.cluster of cross-object rules).
func TestFixtures(t *testing.T) {
	e := engine(t)
	sc := scan.NewConfigScanner(e)
	scanner := func(data []byte) *scan.ConfigScanner {
		first, _, _ := strings.Cut(string(data), "\n")
		if m := clusterVerRe.FindStringSubmatch(strings.TrimSpace(first)); m != nil {
			return scan.NewConfigScanner(e, scan.WithCluster("fixture", m[1]))
		}
		return sc
	}
	rt := policy.NewRuntimeEvaluator(e)
	for _, r := range e.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			if r.Input == policy.InputRuntime {
				runtimeFixtures(t, rt, r)
				return
			}
			dir := filepath.Join("kubernetes", "testdata", r.ID)
			ext := ".yaml"
			if r.Input == policy.InputDockerfile {
				dir, ext = filepath.Join("docker", "testdata", r.ID), ".Dockerfile"
			}
			failPath, passPath := filepath.Join(dir, "fail"+ext), filepath.Join(dir, "pass"+ext)
			data, err := os.ReadFile(failPath)
			if err != nil {
				t.Fatalf("no failing fixture: %v", err)
			}
			want := wanted(data, ext == ".Dockerfile")[r.ID]
			if len(want) == 0 {
				t.Fatalf("%s has no `# want %s` marker", failPath, r.ID)
			}
			got := linesOf(t, scanner(data), failPath, r.ID)
			sort.Ints(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %s found on lines %v, want %v", failPath, r.ID, got, want)
			}
			pass, err := os.ReadFile(passPath)
			if err != nil {
				t.Fatalf("no passing fixture: %v", err)
			}
			if got := linesOf(t, scanner(pass), passPath, r.ID); len(got) > 0 {
				t.Errorf("%s: %s raised on lines %v", passPath, r.ID, got)
			}
		})
	}
}

// runtimeFixtures evaluates the events of a runtime rule's fixtures
// (runtime/testdata/ID/fail.json and pass.json, each a JSON array of rule
// inputs) with the runtime evaluator: every event of fail.json must raise
// the rule once, no event of pass.json may raise it.
func runtimeFixtures(t *testing.T, rt *policy.RuntimeEvaluator, r *policy.Rule) {
	t.Helper()
	for _, name := range []string{"fail.json", "pass.json"} {
		path := filepath.Join("runtime", "testdata", r.ID, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("no fixture: %v", err)
		}
		var events []map[string]any
		if err := json.Unmarshal(data, &events); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(events) == 0 {
			t.Fatalf("%s has no events", path)
		}
		for i, ev := range events {
			typ, _ := ev["event"].(map[string]any)["type"].(string)
			ms, err := rt.Eval(context.Background(), typ, ev)
			if err != nil {
				t.Fatalf("%s: event %d: %v", path, i, err)
			}
			n := 0
			for _, m := range ms {
				if m.Rule.ID == r.ID {
					n++
				}
			}
			if want := map[string]int{"fail.json": 1, "pass.json": 0}[name]; n != want {
				t.Errorf("%s: event %d (%s) raised %s %d times, want %d", path, i, typ, r.ID, n, want)
			}
		}
	}
}

func linesOf(t *testing.T, sc *scan.ConfigScanner, path, id string) []int {
	t.Helper()
	var lines []int
	results, err := sc.Scan(context.Background(), loadFixture(t, path))
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range results {
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %v", path, res.Errors)
		}
		for _, f := range res.Findings {
			if f.ID != id {
				continue
			}
			line := 0 // a finding on the cluster itself
			if f.Location != nil {
				line = f.Location.StartLine
			}
			lines = append(lines, line)
		}
	}
	sort.Ints(lines)
	return lines
}

// TestMetadata checks what the metadata schema cannot: unique titles and
// known compliance prefixes.
func TestMetadata(t *testing.T) {
	prefixes := []string{"cis-k8s-1.10:", "cis-docker-1.6:", "pss:", "nsa-cisa-1.2:", "nist-800-190:", "pci-dss-4.0:"}
	titles := map[string]string{}
	for _, r := range engine(t).Rules() {
		if prev, ok := titles[r.Title]; ok {
			t.Errorf("%s and %s share the title %q", prev, r.ID, r.Title)
		}
		titles[r.Title] = r.ID
		if len(r.References) == 0 {
			t.Errorf("%s: no related_resources", r.ID)
		}
		// Runtime rules run on every event of the types they list: listing
		// none would put them on the hot path of every event.
		if r.Input == policy.InputRuntime && len(r.Events) == 0 {
			t.Errorf("%s: a bundled runtime rule must list custom.events", r.ID)
		}
		for _, c := range r.Compliance {
			if !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(c, p) }) {
				t.Errorf("%s: unknown compliance identifier %q", r.ID, c)
			}
		}
	}
}
