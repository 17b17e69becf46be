// Package radar merges palisade JSON reports (any mix of cluster, image,
// node, runtime and config results, from any number of runs) into one view
// per cluster and renders it as Markdown for pull requests and CI job
// summaries, as one self-contained HTML file, as text or as JSON.
//
// Every result is filed under its cluster; results without one go under
// "(no cluster)". Findings on a namespaced resource are also filed under
// that namespace and resource ("workload"); cluster-scoped resources under
// the namespace "(cluster-scoped)".
//
// Risk score: the sum over findings of a severity weight, the weights of
// the cluster table writer (report.RiskScore): CRITICAL 10, HIGH 5,
// MEDIUM 2, LOW 1, UNKNOWN 0. A workload's score sums its findings, a
// namespace's the findings on its resources, an image's its
// vulnerabilities, and a cluster's every finding of every result filed
// under it (cluster, image, node, runtime and config results alike), so
// a score is comparable only between items of the same level.
package radar

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/report"
)

// NoCluster names the group of results that carry no cluster.
const NoCluster = "(no cluster)"

// ClusterScoped names the group of findings on resources without a namespace.
const ClusterScoped = "(cluster-scoped)"

// weights are report.RiskScore's per-severity weights, read once so that
// the table writer stays their single source.
var weights = func() [finding.SeverityCritical + 1]int {
	var w [finding.SeverityCritical + 1]int
	for _, s := range finding.AllSeverities() {
		w[s] = report.RiskScore([]finding.Finding{{Severity: s}})
	}
	return w
}()

func weight(s finding.Severity) int {
	if s < 0 || int(s) >= len(weights) {
		return 0
	}
	return weights[s]
}

// Counts holds a number of findings per severity.
type Counts map[finding.Severity]int

// Total is the number of findings counted.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// View is the merged, per-cluster picture of a set of reports.
type View struct {
	Generated time.Time `json:"generated"`
	// ReportCreated is the creation time of the newest report merged.
	ReportCreated time.Time `json:"reportCreated,omitzero"`
	Severity      Counts    `json:"severity"`
	RiskScore     int       `json:"riskScore"`
	Clusters      []Cluster `json:"clusters"`
}

// Cluster is everything known about one cluster.
type Cluster struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	// Targets lists the results filed under the cluster as "kind: target".
	Targets         []string           `json:"targets"`
	Severity        Counts             `json:"severity"`
	Findings        int                `json:"findings"`
	RiskScore       int                `json:"riskScore"`
	Namespaces      []Namespace        `json:"namespaces,omitempty"`
	Images          []Image            `json:"images,omitempty"`
	Exposed         []string           `json:"exposed,omitempty"`
	Privileged      []string           `json:"privileged,omitempty"`
	TrustViolations []TrustViolation   `json:"trustViolations,omitempty"`
	RuntimeAlerts   int                `json:"runtimeAlerts"`
	Connections     []Edge             `json:"connections,omitempty"`
	Nodes           []NodeSummary      `json:"nodes,omitempty"`
	Compliance      map[string]float64 `json:"compliance,omitempty"`
	// Errors are what the scans could not assess.
	Errors []string `json:"errors,omitempty"`
}

// Namespace groups the findings on one namespace's resources.
type Namespace struct {
	Name      string     `json:"name"`
	Severity  Counts     `json:"severity"`
	RiskScore int        `json:"riskScore"`
	Findings  int        `json:"findings"`
	Workloads []Workload `json:"workloads"`
}

// Workload is one resource with findings.
type Workload struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Severity  Counts `json:"severity"`
	RiskScore int    `json:"riskScore"`
	Findings  int    `json:"findings"`
}

// Image summarises the vulnerabilities of one image result.
type Image struct {
	Name            string `json:"name"`
	Severity        Counts `json:"severity"`
	RiskScore       int    `json:"riskScore"`
	Vulnerabilities int    `json:"vulnerabilities"`
	// Fixable counts vulnerabilities with a fixed version.
	Fixable int `json:"fixable"`
	// FixableCritical counts CRITICAL vulnerabilities with a fixed version.
	FixableCritical int `json:"fixableCritical"`
}

// TrustViolation is a workload running an image its trust group does not allow.
type TrustViolation struct {
	ID        string           `json:"id"`
	Severity  finding.Severity `json:"severity"`
	Kind      string           `json:"kind,omitempty"`
	Namespace string           `json:"namespace,omitempty"`
	Name      string           `json:"name,omitempty"`
	Message   string           `json:"message,omitempty"`
}

// Edge is an outbound connection seen at runtime, from "ns/pod" to
// "address:port".
type Edge struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Protocol string `json:"protocol,omitempty"`
}

// NodeSummary is one node's benchmark outcome.
type NodeSummary struct {
	Name          string `json:"name"`
	Benchmark     string `json:"benchmark,omitempty"`
	Pass          int    `json:"pass"`
	Fail          int    `json:"fail"`
	Warn          int    `json:"warn"`
	NotApplicable int    `json:"notApplicable"`
	Severity      Counts `json:"severity"`
}

// ComplianceFunc fills a cluster's compliance pass rates (framework name to
// a rate in [0,1]) from the results filed under it.
type ComplianceFunc func(cluster string, results []finding.Result) map[string]float64

// Option configures Build.
type Option func(*options)

type options struct {
	compliance ComplianceFunc
}

// WithCompliance sets the function that fills Cluster.Compliance. By
// default it is left empty.
func WithCompliance(f ComplianceFunc) Option { return func(o *options) { o.compliance = f } }

type wlKey struct{ ns, kind, name string }

type clusterAcc struct {
	c         Cluster
	results   []finding.Result
	workloads map[wlKey]*Workload
	exposed   map[string]bool
	priv      map[string]bool
	edges     map[Edge]bool
	errs      map[string]bool
	targets   map[string]bool
}

// Build files every result of rep under its cluster. now stamps the view.
func Build(rep *finding.Report, now time.Time, opts ...Option) *View {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	v := &View{Generated: now.UTC().Truncate(time.Second), Severity: Counts{}, Clusters: []Cluster{}}
	if rep == nil {
		return v
	}
	v.ReportCreated = rep.CreatedAt
	accs := map[string]*clusterAcc{}
	for i := range rep.Results {
		res := &rep.Results[i]
		name := strings.TrimSpace(res.Cluster)
		if name == "" {
			name = NoCluster
		}
		a := accs[name]
		if a == nil {
			a = &clusterAcc{c: Cluster{Name: name, Severity: Counts{}}, workloads: map[wlKey]*Workload{},
				exposed: map[string]bool{}, priv: map[string]bool{}, edges: map[Edge]bool{}, errs: map[string]bool{}, targets: map[string]bool{}}
			accs[name] = a
		}
		a.add(res, o.compliance != nil)
	}
	for _, a := range accs {
		c := a.finish()
		if o.compliance != nil {
			c.Compliance = o.compliance(c.Name, a.results)
		}
		for s, n := range c.Severity {
			v.Severity[s] += n
		}
		v.RiskScore += c.RiskScore
		v.Clusters = append(v.Clusters, c)
	}
	slices.SortFunc(v.Clusters, func(a, b Cluster) int {
		if (a.Name == NoCluster) != (b.Name == NoCluster) {
			if a.Name == NoCluster {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return v
}

func (a *clusterAcc) add(res *finding.Result, keep bool) {
	if keep {
		a.results = append(a.results, *res)
	}
	a.targets[string(res.Kind)+": "+res.Target] = true
	for _, e := range res.Errors {
		a.errs[res.Target+": "+e] = true
	}
	for _, f := range res.Findings {
		a.c.Severity[f.Severity]++
		a.c.Findings++
		a.c.RiskScore += weight(f.Severity)
		if f.Type == finding.TypeTrust {
			tv := TrustViolation{ID: f.ID, Severity: f.Severity, Message: cmp.Or(f.Message, f.Title)}
			if r := f.Resource; r != nil {
				tv.Kind, tv.Namespace, tv.Name = r.Kind, r.Namespace, r.Name
			}
			a.c.TrustViolations = append(a.c.TrustViolations, tv)
		}
		if r := f.Resource; r != nil && (r.Name != "" || r.Kind != "") {
			k := wlKey{cmp.Or(r.Namespace, ClusterScoped), r.Kind, r.Name}
			w := a.workloads[k]
			if w == nil {
				w = &Workload{Kind: r.Kind, Name: r.Name, Severity: Counts{}}
				a.workloads[k] = w
			}
			w.Severity[f.Severity]++
			w.Findings++
			w.RiskScore += weight(f.Severity)
		}
	}
	md := res.Metadata
	switch res.Kind {
	case finding.KindCluster:
		if ver, ok := md["version"].(string); ok && a.c.Version == "" {
			a.c.Version = ver
		}
		for _, s := range report.MetadataStrings(md["exposed"]) {
			a.exposed[s] = true
		}
		for _, s := range report.MetadataStrings(md["privileged"]) {
			a.priv[s] = true
		}
	case finding.KindImage, finding.KindSBOM:
		img := Image{Name: res.Target, Severity: Counts{}}
		for _, f := range res.Findings {
			if f.Type != finding.TypeVulnerability {
				continue
			}
			img.Vulnerabilities++
			img.Severity[f.Severity]++
			img.RiskScore += weight(f.Severity)
			if f.Package != nil && f.Package.FixedVersion != "" {
				img.Fixable++
				if f.Severity == finding.SeverityCritical {
					img.FixableCritical++
				}
			}
		}
		a.c.Images = append(a.c.Images, img)
	case finding.KindNode:
		n := NodeSummary{Name: res.Target, Severity: Counts{}}
		n.Benchmark, _ = md["benchmark"].(string)
		counts := intsOf(md["counts"])
		n.Pass, n.Fail, n.Warn, n.NotApplicable = counts["PASS"], counts["FAIL"], counts["WARN"], counts["NOT_APPLICABLE"]
		for _, f := range res.Findings {
			n.Severity[f.Severity]++
		}
		a.c.Nodes = append(a.c.Nodes, n)
	case finding.KindRuntime:
		if n, ok := intOf(md["alerts"]); ok {
			a.c.RuntimeAlerts += n
		} else {
			a.c.RuntimeAlerts += len(res.Findings)
		}
		for _, s := range report.MetadataStrings(md["connections"]) {
			if e, ok := ParseEdge(s); ok {
				a.edges[e] = true
			}
		}
	}
}

func (a *clusterAcc) finish() Cluster {
	c := a.c
	c.Targets = sortedSet(a.targets)
	c.Exposed = sortedSet(a.exposed)
	c.Privileged = sortedSet(a.priv)
	c.Errors = sortedSet(a.errs)
	for e := range a.edges {
		c.Connections = append(c.Connections, e)
	}
	slices.SortFunc(c.Connections, func(x, y Edge) int {
		return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To), cmp.Compare(x.Protocol, y.Protocol))
	})
	nss := map[string]*Namespace{}
	for k, w := range a.workloads {
		ns := nss[k.ns]
		if ns == nil {
			ns = &Namespace{Name: k.ns, Severity: Counts{}}
			nss[k.ns] = ns
		}
		for s, n := range w.Severity {
			ns.Severity[s] += n
		}
		ns.Findings += w.Findings
		ns.RiskScore += w.RiskScore
		ns.Workloads = append(ns.Workloads, *w)
	}
	for _, ns := range nss {
		slices.SortFunc(ns.Workloads, func(x, y Workload) int {
			return cmp.Or(cmp.Compare(y.RiskScore, x.RiskScore), cmp.Compare(y.Findings, x.Findings), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Name, y.Name))
		})
		c.Namespaces = append(c.Namespaces, *ns)
	}
	slices.SortFunc(c.Namespaces, func(x, y Namespace) int {
		return cmp.Or(cmp.Compare(y.RiskScore, x.RiskScore), cmp.Compare(y.Findings, x.Findings), cmp.Compare(x.Name, y.Name))
	})
	// Images may appear in several results (one per report merged): keep
	// each name once, the last one read.
	imgs := map[string]Image{}
	for _, im := range c.Images {
		imgs[im.Name] = im
	}
	c.Images = c.Images[:0]
	for _, im := range imgs {
		c.Images = append(c.Images, im)
	}
	slices.SortFunc(c.Images, func(x, y Image) int {
		return cmp.Or(cmp.Compare(y.FixableCritical, x.FixableCritical), cmp.Compare(y.RiskScore, x.RiskScore), cmp.Compare(x.Name, y.Name))
	})
	nodes := map[string]NodeSummary{}
	for _, n := range c.Nodes {
		nodes[n.Name] = n
	}
	c.Nodes = c.Nodes[:0]
	for _, n := range nodes {
		c.Nodes = append(c.Nodes, n)
	}
	slices.SortFunc(c.Nodes, func(x, y NodeSummary) int { return cmp.Compare(x.Name, y.Name) })
	slices.SortFunc(c.TrustViolations, func(x, y TrustViolation) int {
		return cmp.Or(cmp.Compare(y.Severity, x.Severity), cmp.Compare(x.Namespace, y.Namespace), cmp.Compare(x.Kind, y.Kind),
			cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID), cmp.Compare(x.Message, y.Message))
	})
	c.TrustViolations = slices.Compact(c.TrustViolations)
	if len(c.Images) == 0 {
		c.Images = nil
	}
	if len(c.Nodes) == 0 {
		c.Nodes = nil
	}
	return c
}

// ParseEdge reads a runtime connection as the runtime report writes it:
// "ns/pod -> 1.2.3.4:443/tcp".
func ParseEdge(s string) (Edge, bool) {
	from, to, ok := strings.Cut(s, " -> ")
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if !ok || from == "" || to == "" {
		return Edge{}, false
	}
	e := Edge{From: from, To: to}
	if i := strings.LastIndexByte(to, '/'); i > 0 {
		e.To, e.Protocol = to[:i], to[i+1:]
	}
	return e, true
}

func sortedSet(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func intOf(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case float64:
		if x >= 0 && x < 1<<53 {
			return int(x), true
		}
	}
	return 0, false
}

func intsOf(v any) map[string]int {
	out := map[string]int{}
	switch x := v.(type) {
	case map[string]int:
		return x
	case map[string]any:
		for k, e := range x {
			if n, ok := intOf(e); ok {
				out[k] = n
			}
		}
	}
	return out
}

// label names a workload "Kind/name".
func (w Workload) label() string {
	if w.Kind == "" {
		return w.Name
	}
	return w.Kind + "/" + w.Name
}

func (c Counts) String() string {
	var parts []string
	for _, s := range finding.AllSeverities() {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[s], s))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func sortRanked(all []rankedWorkload) {
	slices.SortFunc(all, func(x, y rankedWorkload) int {
		return cmp.Or(cmp.Compare(y.RiskScore, x.RiskScore), cmp.Compare(y.Findings, x.Findings), cmp.Compare(x.Namespace, y.Namespace),
			cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Name, y.Name))
	})
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
