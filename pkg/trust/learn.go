package trust

import (
	"slices"
	"strings"
)

// Learn writes a policy that trusts the images running now in cluster: one
// group per image prefix (registry and the repository's parent path, e.g.
// registry.example.com/team/*), named after the prefix, scoped to cluster
// (every cluster when cluster is empty) and the namespaces where the images
// run, with effect alert. Images that do not parse are skipped. Groups are
// sorted by name, namespaces by value.
func Learn(cluster string, objs []map[string]any) *Policy {
	type acc struct {
		pattern    string
		namespaces map[string]bool
	}
	groups := map[string]*acc{}
	for _, obj := range objects(objs, 0) {
		ns := namespaceOf(resourceOf(obj))
		for _, ci := range ContainerImages(obj) {
			img, err := ParseImage(ci.Image)
			if err != nil {
				continue
			}
			name, pat := prefixOf(img)
			a := groups[name]
			if a == nil {
				a = &acc{pattern: pat, namespaces: map[string]bool{}}
				groups[name] = a
			}
			a.namespaces[ns] = true
		}
	}
	p := &Policy{APIVersion: APIVersion, Kind: Kind, DefaultEffect: EffectAlert, Groups: []Group{}}
	for name, a := range groups {
		g := Group{Name: name, Images: []string{a.pattern}, Effect: EffectAlert}
		if cluster != "" {
			g.Clusters = []string{escapeGlob(cluster)}
		}
		for ns := range a.namespaces {
			g.Namespaces = append(g.Namespaces, escapeGlob(ns))
		}
		slices.Sort(g.Namespaces)
		p.Groups = append(p.Groups, g)
	}
	slices.SortFunc(p.Groups, func(a, b Group) int { return strings.Compare(a.Name, b.Name) })
	if c, err := p.compile(nil); err == nil {
		p.compiled = c
	}
	return p
}

// prefixOf returns the group name and pattern of an image's prefix:
// registry.example.com/team/app gives "registry.example.com/team" and
// "registry.example.com/team/*".
func prefixOf(img Image) (name, pattern string) {
	name = img.Registry
	if i := strings.LastIndexByte(img.Repository, '/'); i >= 0 {
		name += "/" + img.Repository[:i]
	}
	return name, escapeGlob(name) + "/*"
}

// Merge unions two policies. Same-named groups get the union of their
// images, clusters and namespaces (an empty list, meaning every, absorbs the
// other) and the stricter effect; other groups are kept, a's first, then
// b's. Every group's effect is written out, so a group keeps the effect it
// had under its own policy's defaultEffect. The policy settings are combined the strict way: requireGroup if
// either requires it, defaultEffect block if either blocks. The inputs are
// not modified.
func Merge(a, b *Policy) *Policy {
	out := &Policy{APIVersion: APIVersion, Kind: Kind, Groups: []Group{}}
	index := map[string]int{}
	for _, p := range []*Policy{a, b} {
		if p == nil {
			continue
		}
		out.RequireGroup = out.RequireGroup || p.RequireGroup
		out.DefaultEffect = mergeDefault(out.DefaultEffect, p.DefaultEffect)
		for _, g := range p.Groups {
			i, ok := index[g.Name]
			if !ok {
				index[g.Name] = len(out.Groups)
				out.Groups = append(out.Groups, Group{
					Name:       g.Name,
					Images:     slices.Clone(g.Images),
					Clusters:   slices.Clone(g.Clusters),
					Namespaces: slices.Clone(g.Namespaces),
					Effect:     effective(p, g),
				})
				continue
			}
			m := &out.Groups[i]
			m.Images = union(m.Images, g.Images)
			m.Clusters = unionScope(m.Clusters, g.Clusters)
			m.Namespaces = unionScope(m.Namespaces, g.Namespaces)
			m.Effect = stricter(m.Effect, effective(p, g))
		}
	}
	if c, err := out.compile(nil); err == nil {
		out.compiled = c
	}
	return out
}

// effective is the effect of g in p, making defaultEffect explicit.
func effective(p *Policy, g Group) Effect {
	switch {
	case g.Effect != "":
		return g.Effect
	case p.DefaultEffect != "":
		return p.DefaultEffect
	}
	return EffectAlert
}

// mergeDefault keeps an unset defaultEffect unset (alert) unless one side
// sets it.
func mergeDefault(a, b Effect) Effect {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return stricter(a, b)
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// unionScope unions scope lists where empty means every.
func unionScope(a, b []string) []string {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	out := union(a, b)
	slices.Sort(out)
	return out
}
