package app

import (
	"os/exec"
	"strings"
	"testing"
)

func goList(t *testing.T, env []string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", args, err, out)
	}
	return strings.Fields(string(out))
}

// The dependency direction of the design: report writers see only the
// finding schema, never engines or cluster clients.
func TestReportDependsOnlyOnFinding(t *testing.T) {
	for _, dep := range goList(t, nil, "-deps", "github.com/palisadesec/palisade/pkg/report") {
		if strings.HasPrefix(dep, "github.com/palisadesec/palisade/") && dep != "github.com/palisadesec/palisade/pkg/report" && dep != "github.com/palisadesec/palisade/pkg/finding" {
			t.Errorf("pkg/report imports %s", dep)
		}
		for _, banned := range []string{"github.com/open-policy-agent/", "k8s.io/client-go", "github.com/cilium/"} {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("pkg/report depends on %s", dep)
			}
		}
	}
}

// The binary is pure Go: with cgo disabled no package of it is left out for
// want of cgo, and none of its packages has cgo files.
func TestBinaryIsCgoFree(t *testing.T) {
	cgo := goList(t, []string{"CGO_ENABLED=1"}, "-deps", "-f", "{{if .CgoFiles}}{{.ImportPath}}{{end}}", "github.com/palisadesec/palisade/cmd/palisade")
	for _, p := range cgo {
		// The standard library's optional cgo paths (net, os/user) fall back to pure Go.
		if strings.Contains(p, ".") {
			t.Errorf("%s needs cgo", p)
		}
	}
	goList(t, []string{"CGO_ENABLED=0"}, "-deps", "github.com/palisadesec/palisade/cmd/palisade")
}
