package compliance

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/node"
)

// Status is the outcome of one control.
type Status string

// Control outcomes.
const (
	StatusPass        Status = "PASS"
	StatusFail        Status = "FAIL"
	StatusManual      Status = "MANUAL"
	StatusNotAssessed Status = "NOT ASSESSED"
)

// Statuses lists the outcomes in report order.
func Statuses() []Status {
	return []Status{StatusFail, StatusPass, StatusManual, StatusNotAssessed}
}

// Rule inputs, as in pkg/policy (custom.input of a rule's METADATA).
const (
	InputKubernetes    = "kubernetes"
	InputKubernetesSet = "kubernetes_set"
	InputDockerfile    = "dockerfile"
	InputRuntime       = "runtime"
)

// RuleInfo is what the assessment needs to know of one rule.
type RuleInfo struct {
	ID         string
	Input      string
	Compliance []string
}

// Catalog tells which rules exist, what they are evaluated on and which
// controls their compliance tags name. Node checks are not in it: a node
// result's metadata lists the checks it ran.
type Catalog struct {
	rules map[string]RuleInfo
	byTag map[string][]string
}

// builtinRules are detections that are not Rego rules: the runtime model
// deviations of pkg/watch (kept in step with its table).
var builtinRules = []RuleInfo{
	{ID: "PAL-RT-100", Input: InputRuntime, Compliance: []string{"nist-800-190:4.4.4", "pci-dss-4.0:11.5.1"}},
	{ID: "PAL-RT-101", Input: InputRuntime, Compliance: []string{"nist-800-190:4.4.4", "pci-dss-4.0:11.5.1"}},
	{ID: "PAL-RT-102", Input: InputRuntime, Compliance: []string{"nist-800-190:4.4.4", "pci-dss-4.0:11.5.1"}},
	{ID: "PAL-RT-103", Input: InputRuntime, Compliance: []string{"nist-800-190:4.4.4", "pci-dss-4.0:11.5.1"}},
}

// NewCatalog returns a catalog of rules (built from policy.Engine.Rules():
// bundled and --rules) plus the built-in runtime model deviations.
func NewCatalog(rules ...RuleInfo) Catalog {
	c := Catalog{rules: map[string]RuleInfo{}, byTag: map[string][]string{}}
	for _, r := range append(slices.Clone(builtinRules), rules...) {
		if _, dup := c.rules[r.ID]; dup {
			continue
		}
		c.rules[r.ID] = r
		for _, t := range r.Compliance {
			c.byTag[t] = append(c.byTag[t], r.ID)
		}
	}
	return c
}

// Rule returns a rule of the catalog.
func (c Catalog) Rule(id string) (RuleInfo, bool) {
	r, ok := c.rules[id]
	return r, ok
}

// Failing is one finding that fails a control.
type Failing struct {
	Target string       `json:"target"`
	Kind   finding.Kind `json:"kind"`
	Rule   string       `json:"rule"`
	// Resource is namespace/Kind/name of a Kubernetes object.
	Resource string `json:"resource,omitempty"`
	// Location is path[:line] in a file.
	Location string           `json:"location,omitempty"`
	Severity finding.Severity `json:"severity"`
	Message  string           `json:"message"`
}

// ControlResult is the outcome of one control.
type ControlResult struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Status  Status    `json:"status"`
	Failing []Failing `json:"failing,omitempty"`
	// Evidence names the rules and checks that assessed the control and the
	// results that evaluated them: "PAL-K8S-001 (cluster 1, config 2)".
	Evidence []string `json:"evidence,omitempty"`
}

// Assessment is one framework assessed over the results of one cluster.
type Assessment struct {
	Framework string `json:"framework"`
	Title     string `json:"title"`
	Version   string `json:"version"`
	// Cluster is empty for results of no cluster (images, config files).
	Cluster  string          `json:"cluster"`
	Controls []ControlResult `json:"controls"`
	Counts   map[Status]int  `json:"counts"`
	// PassRate is PASS / (PASS + FAIL) in percent; 0 when nothing was
	// assessed.
	PassRate float64 `json:"passRate"`
}

// Failed reports whether any control failed.
func (a Assessment) Failed() bool { return a.Counts[StatusFail] > 0 }

// Assessed is the number of controls that passed or failed.
func (a Assessment) Assessed() int { return a.Counts[StatusPass] + a.Counts[StatusFail] }

// AssessAll assesses rep against each framework: what the scans call for
// `--compliance NAME` and what `palisade compliance` prints.
func AssessAll(fws []*Framework, rep *finding.Report, catalog Catalog) []Assessment {
	var out []Assessment
	for _, fw := range fws {
		out = append(out, Assess(fw, rep, catalog)...)
	}
	return out
}

// Assess assesses rep against fw, one assessment per cluster of the report
// in name order ("" first: results of no cluster).
func Assess(fw *Framework, rep *finding.Report, catalog Catalog) []Assessment {
	groups := map[string][]*finding.Result{}
	for i := range rep.Results {
		r := &rep.Results[i]
		groups[r.Cluster] = append(groups[r.Cluster], r)
	}
	if len(groups) == 0 {
		groups[""] = nil
	}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]Assessment, 0, len(names))
	for _, n := range names {
		out = append(out, assessGroup(fw, n, groups[n], catalog))
	}
	return out
}

// evidence classes: what kind of result evaluates what kind of rule.
const (
	classKubernetes = iota
	classKubernetesSet
	classDockerfile
	classRuntime
	classVulns
	classSecrets
	nClasses
)

var inputClass = map[string]int{
	InputKubernetes: classKubernetes, InputKubernetesSet: classKubernetesSet,
	InputDockerfile: classDockerfile, InputRuntime: classRuntime,
}

// group is the index of one cluster's results.
type group struct {
	// classes counts, per evidence class, the results by kind that
	// evaluate it.
	classes [nClasses]map[finding.Kind]int
	summary [nClasses]string
	// failing per finding ID and per compliance tag.
	byID    map[string][]*Failing
	byTag   map[string][]*Failing
	vulns   []*vulnRef
	secrets []*Failing
	// node checks: finding ID -> statuses seen, and tag -> finding IDs.
	checks    map[string]map[string]int
	checkTags map[string][]string
}

type vulnRef struct {
	res *finding.Result
	f   *finding.Finding
}

// ImageConfigRulesKey is the image result metadata key a scan sets to true
// when it evaluated the dockerfile rules on the image configuration, which
// makes the image count as evidence for them.
const ImageConfigRulesKey = "imageConfigRules"

// classesOf says which evidence classes a result provides. A result that
// has errors and no finding at all is taken to have assessed nothing.
func classesOf(r *finding.Result) []int {
	if len(r.Errors) > 0 && len(r.Findings) == 0 && len(r.Suppressed) == 0 {
		return nil
	}
	switch r.Kind {
	case finding.KindConfig:
		if isDockerfile(r) {
			return []int{classDockerfile}
		}
		return []int{classKubernetes, classKubernetesSet}
	case finding.KindCluster:
		return []int{classKubernetes, classKubernetesSet}
	case finding.KindImage:
		if b, _ := r.Metadata[ImageConfigRulesKey].(bool); b {
			return []int{classVulns, classSecrets, classDockerfile}
		}
		return []int{classVulns, classSecrets}
	case finding.KindFilesystem:
		return []int{classVulns, classSecrets}
	case finding.KindSBOM:
		return []int{classVulns}
	case finding.KindRuntime:
		return []int{classRuntime}
	}
	return nil
}

func isDockerfile(r *finding.Result) bool {
	if t, ok := r.Metadata["type"].(string); ok {
		return t == InputDockerfile
	}
	b := strings.ToLower(path.Base(r.Target))
	return strings.Contains(b, "dockerfile") || strings.Contains(b, "containerfile")
}

func newGroup(results []*finding.Result) *group {
	g := &group{byID: map[string][]*Failing{}, byTag: map[string][]*Failing{}, checks: map[string]map[string]int{}, checkTags: map[string][]string{}}
	for i := range g.classes {
		g.classes[i] = map[finding.Kind]int{}
	}
	for _, r := range results {
		for _, c := range classesOf(r) {
			g.classes[c][r.Kind]++
		}
		if r.Kind == finding.KindNode {
			g.addChecks(r)
		}
		for i := range r.Findings {
			f := &r.Findings[i]
			switch {
			case f.Type == finding.TypeVulnerability:
				g.vulns = append(g.vulns, &vulnRef{r, f})
				continue
			case r.Kind == finding.KindNode && (f.Status == node.FindingManual || f.Status == node.FindingUnverified):
				// A WARN check decides nothing.
				continue
			}
			fl := new(Failing)
			*fl = failingOf(r, f)
			if f.Type == finding.TypeSecret {
				g.secrets = append(g.secrets, fl)
			}
			g.byID[f.ID] = append(g.byID[f.ID], fl)
			for _, t := range f.Compliance {
				g.byTag[t] = append(g.byTag[t], fl)
			}
		}
	}
	for c := range g.summary {
		g.summary[c] = g.summarize(c)
	}
	return g
}

// addChecks indexes the checks a node result lists in its metadata
// (pkg/node Report.Result), whatever their outcome.
func (g *group) addChecks(r *finding.Result) {
	bench, _ := r.Metadata["benchmark"].(string)
	var list []map[string]any
	switch v := r.Metadata["checks"].(type) {
	case []map[string]any:
		list = v
	case []any:
		for _, x := range v {
			if m, ok := x.(map[string]any); ok {
				list = append(list, m)
			}
		}
	}
	for _, m := range list {
		id, _ := m["id"].(string)
		st, _ := m["status"].(string)
		if id == "" || bench == "" {
			continue
		}
		fid := node.FindingID(bench, id)
		if g.checks[fid] == nil {
			g.checks[fid] = map[string]int{}
			for _, t := range stringsOf(m["compliance"]) {
				g.checkTags[t] = append(g.checkTags[t], fid)
			}
		}
		g.checks[fid][st]++
	}
}

func stringsOf(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func failingOf(r *finding.Result, f *finding.Finding) Failing {
	fl := Failing{Target: r.Target, Kind: r.Kind, Rule: f.ID, Severity: f.Severity, Message: f.Message}
	if fl.Message == "" {
		fl.Message = f.Title
	}
	if f.Resource != nil {
		fl.Resource = strings.Trim(f.Resource.Namespace+"/"+f.Resource.Kind+"/"+f.Resource.Name, "/")
	}
	if f.Location != nil && f.Location.Path != "" {
		fl.Location = f.Location.Path
		if f.Location.StartLine > 0 {
			fl.Location += fmt.Sprintf(":%d", f.Location.StartLine)
		}
	}
	return fl
}

func (g *group) classSummary(c int) string { return g.summary[c] }

func (g *group) summarize(c int) string {
	m := g.classes[c]
	if len(m) == 0 {
		return ""
	}
	kinds := make([]string, 0, len(m))
	for k, n := range m {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(kinds)
	return strings.Join(kinds, ", ")
}

func assessGroup(fw *Framework, cluster string, results []*finding.Result, cat Catalog) Assessment {
	g := newGroup(results)
	a := Assessment{Framework: fw.Name, Title: fw.Title, Version: fw.Version, Cluster: cluster, Counts: map[Status]int{}}
	for _, s := range Statuses() {
		a.Counts[s] = 0
	}
	for _, c := range fw.Controls {
		cr := g.assessControl(fw.Name, c, cat)
		a.Counts[cr.Status]++
		a.Controls = append(a.Controls, cr)
	}
	if n := a.Assessed(); n > 0 {
		a.PassRate = float64(int(float64(a.Counts[StatusPass])/float64(n)*1000+0.5)) / 10
	}
	return a
}

func (g *group) assessControl(fwName string, c Control, cat Catalog) ControlResult {
	cr := ControlResult{ID: c.ID, Title: c.Title}
	tag := fwName + ":" + c.ID
	rules := slices.Clone(c.Rules)
	rules = append(rules, cat.byTag[tag]...)
	rules = append(rules, g.checkTags[tag]...)
	slices.Sort(rules)
	rules = slices.Compact(rules)

	assessed, warned := false, false
	var failing []*Failing
	for _, id := range rules {
		failing = append(failing, g.byID[id]...)
		if st, ok := g.checks[id]; ok {
			ran := st["PASS"] + st["FAIL"]
			if ran > 0 {
				assessed = true
				cr.Evidence = append(cr.Evidence, fmt.Sprintf("%s (node %d)", id, ran))
			} else if st["WARN"] > 0 {
				warned = true
			}
			continue
		}
		if r, ok := cat.rules[id]; ok {
			if cl, ok := inputClass[r.Input]; ok {
				if s := g.classSummary(cl); s != "" {
					assessed = true
					cr.Evidence = append(cr.Evidence, id+" ("+s+")")
				}
			}
		}
	}
	// Findings tagged with the control count even when neither the
	// framework nor the catalog names their rule (custom rules).
	for _, fl := range g.byTag[tag] {
		if _, listed := slices.BinarySearch(rules, fl.Rule); !listed {
			failing = append(failing, fl)
		}
	}
	if v := c.Vulnerabilities; v != nil {
		if s := g.classSummary(classVulns); s != "" {
			assessed = true
			cr.Evidence = append(cr.Evidence, fmt.Sprintf("vulnerabilities >= %s (%s)", v.Severity, s))
		}
		for _, fl := range g.vulnFailing(v) {
			failing = append(failing, &fl)
		}
	}
	if c.Secrets {
		if s := g.classSummary(classSecrets); s != "" {
			assessed = true
			cr.Evidence = append(cr.Evidence, "secrets ("+s+")")
		}
		failing = append(failing, g.secrets...)
	}
	cr.Failing = sortFailing(failing)
	switch {
	case len(cr.Failing) > 0:
		cr.Status = StatusFail
	case assessed:
		cr.Status = StatusPass
	case c.Manual || warned:
		cr.Status = StatusManual
	default:
		cr.Status = StatusNotAssessed
	}
	return cr
}

// vulnFailing gives one Failing per result with vulnerabilities at or above
// the severity (fixable ones only unless IncludeUnfixed): listing every CVE
// would drown the control.
func (g *group) vulnFailing(v *VulnerabilityEvidence) []Failing {
	type acc struct {
		res *finding.Result
		ids []string
		max finding.Severity
	}
	var order []*acc
	byRes := map[*finding.Result]*acc{}
	for _, ref := range g.vulns {
		f := ref.f
		if f.Severity < v.Severity || (!v.IncludeUnfixed && (f.Package == nil || f.Package.FixedVersion == "")) {
			continue
		}
		a := byRes[ref.res]
		if a == nil {
			a = &acc{res: ref.res}
			byRes[ref.res] = a
			order = append(order, a)
		}
		a.ids = append(a.ids, f.ID)
		a.max = max(a.max, f.Severity)
	}
	out := make([]Failing, 0, len(order))
	for _, a := range order {
		slices.Sort(a.ids)
		ids := slices.Compact(a.ids)
		what := "vulnerabilit"
		if !v.IncludeUnfixed {
			what = "fixable " + what
		}
		if len(ids) == 1 {
			what += "y"
		} else {
			what += "ies"
		}
		msg := fmt.Sprintf("%d %s at or above %s: %s", len(ids), what, v.Severity, strings.Join(ids[:min(len(ids), 5)], ", "))
		if len(ids) > 5 {
			msg += fmt.Sprintf(" and %d more", len(ids)-5)
		}
		out = append(out, Failing{Target: a.res.Target, Kind: a.res.Kind, Rule: "vulnerabilities", Severity: a.max, Message: msg})
	}
	return out
}

// sortFailing orders failing findings and drops duplicates (a finding
// reached both by ID and by tag).
func sortFailing(fs []*Failing) []Failing {
	if len(fs) == 0 {
		return nil
	}
	slices.SortFunc(fs, compareFailing)
	out := make([]Failing, 0, len(fs))
	for i, f := range fs {
		if i > 0 && (f == fs[i-1] || *f == *fs[i-1]) {
			continue
		}
		out = append(out, *f)
	}
	return out
}

func compareFailing(a, b *Failing) int {
	// Short-circuit: most pairs differ in target or resource.
	if c := strings.Compare(a.Target, b.Target); c != 0 {
		return c
	}
	if c := strings.Compare(a.Resource, b.Resource); c != 0 {
		return c
	}
	if c := strings.Compare(a.Location, b.Location); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := strings.Compare(a.Message, b.Message); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
		return c
	}
	return cmp.Compare(a.Kind, b.Kind)
}
