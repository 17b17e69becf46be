package trust

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Rule IDs of trust findings.
const (
	// RuleOutside: the image is in no trust group that applies to the
	// workload's cluster and namespace, nor in any other group.
	RuleOutside = "PAL-TRUST-001"
	// RuleElsewhere: a trust group trusts the image, but not in the
	// workload's cluster and namespace.
	RuleElsewhere = "PAL-TRUST-002"
)

// Verdict is the outcome of checking one image.
type Verdict struct {
	// Image is the normalised image reference (the input when it does not parse).
	Image string
	// Judged is false when no group applies to the cluster and namespace and
	// the policy does not require one; such an image is Trusted.
	Judged bool
	// Trusted is true when there is nothing to report.
	Trusted bool
	// Rule is RuleOutside or RuleElsewhere for an untrusted image.
	Rule string
	// Effect of the violation; empty when Trusted.
	Effect Effect
	// Groups are the groups that apply to the cluster and namespace: those
	// considered.
	Groups []string
	// Matched are the groups that trust the image: among Groups when
	// Trusted, outside them for RuleElsewhere.
	Matched []string
	// Reason explains the verdict in one line.
	Reason string
}

func matchAny(globs []string, v string) bool {
	if len(globs) == 0 {
		return true
	}
	for _, g := range globs {
		if doublestar.MatchUnvalidated(g, v) {
			return true
		}
	}
	return false
}

func (g *compiledGroup) applies(cluster, namespace string) bool {
	return matchAny(g.clusters, cluster) && matchAny(g.namespaces, namespace)
}

// trusts reports whether a pattern of the group matches the image; with
// specific set, the universal pattern "**" does not count.
func (g *compiledGroup) trusts(img Image, digest string, specific bool) bool {
	for _, p := range g.patterns {
		if specific && p.universal {
			continue
		}
		if p.match(img, digest) {
			return true
		}
	}
	return false
}

func (p *Policy) get() (*compiled, error) {
	if p.compiled != nil {
		return p.compiled, nil
	}
	return p.compile(nil)
}

// Check decides whether image may run in namespace of cluster. digest is the
// running digest when known, as "sha256:..." or any imageID form accepted by
// ParseImageID; it lets a tag-pinned image match a digest pattern. A policy
// built in code that does not validate fails closed: every image is
// untrusted with effect block and the reason names the policy error.
func (p *Policy) Check(cluster, namespace, image, digest string) Verdict {
	v := Verdict{Image: strings.TrimSpace(image)}
	c, err := p.get()
	if err != nil {
		v.Judged, v.Rule, v.Effect = true, RuleOutside, EffectBlock
		v.Reason = "invalid trust policy: " + err.Error()
		return v
	}
	var applying []*compiledGroup
	effect := Effect("")
	for i := range c.groups {
		g := &c.groups[i]
		if g.applies(cluster, namespace) {
			applying = append(applying, g)
			v.Groups = append(v.Groups, g.name)
			effect = stricter(effect, g.effect)
		}
	}
	img, err := ParseImage(image)
	if err == nil {
		v.Image = img.String()
	}
	if len(applying) == 0 && !c.requireGroup {
		v.Trusted = true
		v.Reason = fmt.Sprintf("no trust group applies to %s", where(cluster, namespace))
		return v
	}
	if effect == "" {
		effect = c.defaultEffect
	}
	v.Judged = true
	if err != nil {
		v.Rule, v.Effect = RuleOutside, effect
		v.Reason = fmt.Sprintf("invalid image reference: %v", err)
		return v
	}
	running := ParseImageID(digest)
	for _, g := range applying {
		if g.trusts(img, running, false) {
			v.Matched = append(v.Matched, g.name)
		}
	}
	if len(v.Matched) > 0 {
		v.Trusted = true
		v.Reason = fmt.Sprintf("image %q is trusted by group %s in %s", v.Image, quoteList(v.Matched), where(cluster, namespace))
		return v
	}
	v.Effect = effect
	var elsewhere []string
	for i := range c.groups {
		g := &c.groups[i]
		if !g.applies(cluster, namespace) && g.trusts(img, running, true) {
			v.Matched = append(v.Matched, g.name)
			elsewhere = append(elsewhere, fmt.Sprintf("%s, %s (group %q)", scope("clusters", "every cluster", g.clusters), scope("namespaces", "every namespace", g.namespaces), g.name))
		}
	}
	if len(elsewhere) > 0 {
		v.Rule = RuleElsewhere
		v.Reason = fmt.Sprintf("image %q is trusted only in %s; not in %s", v.Image, strings.Join(elsewhere, "; "), where(cluster, namespace))
		return v
	}
	v.Rule = RuleOutside
	if len(applying) == 0 {
		v.Reason = fmt.Sprintf("image %q is in no trust group and no group applies to %s (requireGroup)", v.Image, where(cluster, namespace))
	} else {
		v.Reason = fmt.Sprintf("image %q is in no trust group for %s (groups considered: %s)", v.Image, where(cluster, namespace), quoteList(v.Groups))
	}
	return v
}

func where(cluster, namespace string) string {
	return fmt.Sprintf("cluster %q namespace %q", cluster, namespace)
}

func scope(what, every string, globs []string) string {
	if len(globs) == 0 {
		return every
	}
	return what + " [" + strings.Join(globs, ", ") + "]"
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
