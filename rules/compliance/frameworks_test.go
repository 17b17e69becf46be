package frameworks_test

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/compliance"
	"github.com/palisadesec/palisade/pkg/node"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/rules"
	frameworks "github.com/palisadesec/palisade/rules/compliance"
)

func TestFS(t *testing.T) {
	names, err := fs.Glob(frameworks.FS(), "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 7 {
		t.Errorf("embedded %d framework files, want 7: %v", len(names), names)
	}
}

// TestMappingsFollowTags keeps the framework files and the compliance tags
// of the bundled rules (as the policy engine reads them) and of the node
// checks from drifting apart: every tag "<framework>:<control>" naming a
// bundled framework names a control of it that lists the rule, and every
// rule a bundled framework lists exists.
func TestMappingsFollowTags(t *testing.T) {
	e, err := policy.Load(context.Background(), []policy.Source{{Name: "rules", FS: rules.FS(), Bundled: true}})
	if err != nil {
		t.Fatal(err)
	}
	nr, err := node.Run(context.Background(), node.Options{Root: t.TempDir(), Benchmark: "cis-1.10"})
	if err != nil {
		t.Fatal(err)
	}
	type tagged struct{ id, tag string }
	var all []tagged
	known := map[string]bool{}
	for _, r := range e.Rules() {
		known[r.ID] = true
		for _, tg := range r.Compliance {
			all = append(all, tagged{r.ID, tg})
		}
	}
	// The runtime model deviations are built in, not Rego rules.
	for _, id := range []string{"PAL-RT-100", "PAL-RT-101", "PAL-RT-102", "PAL-RT-103"} {
		known[id] = true
		if _, ok := compliance.NewCatalog().Rule(id); !ok {
			t.Errorf("the catalog lacks the built-in %s", id)
		}
	}
	for _, c := range nr.Results {
		id := node.FindingID(nr.Benchmark, c.ID)
		known[id] = true
		for _, tg := range c.Compliance {
			all = append(all, tagged{id, tg})
		}
	}
	fws := map[string]*compliance.Framework{}
	for _, n := range compliance.Bundled() {
		fw, err := compliance.Load(n)
		if err != nil {
			t.Fatal(err)
		}
		fws[n] = fw
		for _, c := range fw.Controls {
			for _, id := range c.Rules {
				if !known[id] {
					t.Errorf("%s control %s lists %s, which is no bundled rule or cis-1.10 node check", n, c.ID, id)
				}
			}
		}
	}
	for _, x := range all {
		name, ctl, ok := strings.Cut(x.tag, ":")
		fw := fws[name]
		if !ok || fw == nil {
			continue // pss and other tags with no framework file
		}
		i := slices.IndexFunc(fw.Controls, func(c compliance.Control) bool { return c.ID == ctl })
		if i < 0 {
			t.Errorf("%s is tagged %s, but %s.yaml has no control %s", x.id, x.tag, name, ctl)
			continue
		}
		if !slices.Contains(fw.Controls[i].Rules, x.id) {
			t.Errorf("%s is tagged %s, but control %s of %s.yaml does not list it", x.id, x.tag, ctl, name)
		}
	}
	// Every cis-1.10 node check is a control of cis-k8s-1.10.
	k8s := fws["cis-k8s-1.10"]
	for _, c := range nr.Results {
		if !slices.ContainsFunc(k8s.Controls, func(x compliance.Control) bool { return x.ID == c.ID }) {
			t.Errorf("node check %s has no control in cis-k8s-1.10.yaml", c.ID)
		}
	}
}
