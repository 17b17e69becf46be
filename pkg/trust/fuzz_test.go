package trust

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that whatever it accepts
// marshals to a document it accepts again (and stably), and that checking
// images against an accepted policy never panics.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("apiVersion: palisade.dev/v1\nkind: TrustPolicy\nrequireGroup: true\ngroups:\n  - {name: a, images: ['**', 'x:1*', 'q.io/*@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'], clusters: ['*'], namespaces: ['{a,b}']}\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte("apiVersion: palisade.dev/v1\nkind: TrustPolicy\ngroups:\n  - name: '\\u0000'\n    images: [x]\n"))
	images := []string{"nginx", "quay.io/a/b:c", "x@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "", "Bad Ref"}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return // keep iterations fast; the size bound itself is unit-tested
		}
		p, err := Parse(data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		out, err := p.Marshal()
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		q, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(Marshal(p)): %v\n%s", err, out)
		}
		again, err := q.Marshal()
		if err != nil || string(again) != string(out) {
			t.Fatalf("Marshal not stable: %v\n%s\n%s", err, out, again)
		}
		first := func(s []string, n int) []string { return s[:min(len(s), n)] }
		for _, img := range images {
			for _, g := range p.Groups[:min(len(p.Groups), 4)] {
				for _, c := range append([]string{""}, first(g.Clusters, 3)...) {
					for _, ns := range append([]string{"default"}, first(g.Namespaces, 3)...) {
						_ = p.Check(c, ns, img, "")
					}
				}
			}
			_ = p.Check("c", "n", img, "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
		}
		_ = Merge(p, q)
	})
}
