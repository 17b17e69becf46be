package scan

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/iac"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/trust"
)

// ConfigScanner evaluates configuration documents against the rules engine.
type ConfigScanner struct {
	cluster      map[string]any
	engine       *policy.Engine
	engErr       error
	ready        chan struct{} // closed once engine (or engErr) is set
	parallel     int
	trust        *trust.Policy
	trustCluster string
}

// ConfigOption configures a ConfigScanner.
type ConfigOption func(*ConfigScanner)

// WithConfigParallel sets how many documents are evaluated at once (default:
// the number of CPUs).
func WithConfigParallel(n int) ConfigOption { return func(s *ConfigScanner) { s.parallel = n } }

// WithCluster tells cross-object rules which cluster manifests are meant
// for (input.cluster: {"name", "version"}); default: none, and rules about
// the cluster itself stay silent. Live cluster scans set it themselves.
func WithCluster(name, version string) ConfigOption {
	return func(s *ConfigScanner) { s.cluster = map[string]any{"name": name, "version": version} }
}

// clusterFile is where a finding on the cluster itself points: nowhere for
// a live cluster, the first file of a manifest scan.
func clusterFile(f iac.File) string {
	if f.Type == "cluster" {
		return ""
	}
	return f.Path
}

// WithTrust judges the images of workloads against a trust policy (default:
// none). Manifests are judged as running in cluster (which may be empty:
// then only groups not scoped to clusters apply); live clusters as
// themselves.
func WithTrust(p *trust.Policy, cluster string) ConfigOption {
	return func(s *ConfigScanner) { s.trust, s.trustCluster = p, cluster }
}

// NewConfigScanner returns a scanner over a loaded engine.
func NewConfigScanner(e *policy.Engine, opts ...ConfigOption) *ConfigScanner {
	s := newConfigScanner(opts)
	s.engine = e
	close(s.ready)
	return s
}

// NewConfigScannerLoading returns a scanner whose engine load is still
// building (parsing and compiling rules), in the background: ScanPaths
// reads and parses configuration meanwhile.
func NewConfigScannerLoading(load func() (*policy.Engine, error), opts ...ConfigOption) *ConfigScanner {
	s := newConfigScanner(opts)
	go func() {
		s.engine, s.engErr = load()
		close(s.ready)
	}()
	return s
}

func newConfigScanner(opts []ConfigOption) *ConfigScanner {
	s := &ConfigScanner{ready: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	if s.parallel <= 0 {
		s.parallel = runtime.GOMAXPROCS(0)
	}
	return s
}

// Engine waits for the scanner's engine.
func (s *ConfigScanner) Engine() (*policy.Engine, error) {
	<-s.ready
	return s.engine, s.engErr
}

// engineReady reports whether the engine is loaded (false while it is
// still building, or if it failed).
func (s *ConfigScanner) engineReady() bool {
	select {
	case <-s.ready:
		return s.engErr == nil
	default:
		return false
	}
}

type docRef struct{ file, doc int }

// Scan evaluates every document of files and returns one result per file, in
// the order given. Per-document rules run in parallel; kubernetes_set rules
// then run over all Kubernetes objects of the scan. Rule errors are reported
// in the result of the file they concern; the rest of the scan goes on.
func (s *ConfigScanner) Scan(ctx context.Context, files []iac.File) ([]finding.Result, error) {
	if _, err := s.Engine(); err != nil {
		return nil, err
	}
	results := make([]finding.Result, len(files))
	// Files are evaluated in parallel; a few files (a chart) have their
	// documents evaluated in parallel instead.
	perFile := 1
	if len(files) < s.parallel {
		perFile = s.parallel
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(s.parallel, max(len(files), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = s.evalFile(ctx, &files[i], perFile)
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return s.finish(ctx, files, results), nil
}

// ScanPaths loads the configuration under paths (see iac.Load) and scans it
// like Scan, evaluating each file's per-document rules as soon as the file
// is parsed (files parsed while the engine is still being built wait for
// it). Evaluated documents are compacted (positions are re-read from the
// file if a cross-object finding needs them), so memory holds the objects
// the cross-object rules need rather than every parse tree. It returns the
// loaded files with the results; the error is the engine's.
func (s *ConfigScanner) ScanPaths(ctx context.Context, paths []string, opts ...iac.LoadOption) ([]iac.File, []finding.Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// A broken rule set ends the scan: stop loading.
		if _, err := s.Engine(); err != nil {
			cancel()
		}
	}()
	var mu sync.Mutex
	done := map[string]finding.Result{}
	visit := func(f *iac.File) {
		if !s.engineReady() {
			return
		}
		// Single files come from the loader's parallel workers; a chart
		// or Kustomize build is loaded alone, its documents evaluated in
		// parallel.
		workers := 1
		if f.Type == "helm" || f.Type == "kustomize" {
			workers = s.parallel
		}
		r := s.evalFile(ctx, f, workers)
		f.Compact()
		mu.Lock()
		done[f.Path] = r
		mu.Unlock()
	}
	files := iac.Load(ctx, paths, append(opts, iac.WithVisit(visit))...)
	if _, err := s.Engine(); err != nil {
		return nil, nil, err
	}
	results := make([]finding.Result, len(files))
	var left []int
	for i, f := range files {
		if r, ok := done[f.Path]; ok {
			results[i] = r
			delete(done, f.Path)
		} else {
			left = append(left, i)
		}
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(s.parallel, len(left)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = s.evalFile(ctx, &files[i], 1)
				files[i].Compact()
			}
		}()
	}
	for _, i := range left {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return files, s.finish(ctx, files, results), nil
}

// evalFile evaluates the per-document rules on one file's documents (in
// parallel when it has several) and returns its result without the
// cross-object findings.
func (s *ConfigScanner) evalFile(ctx context.Context, f *iac.File, workers int) finding.Result {
	res := finding.Result{Target: f.Path, Kind: finding.KindConfig, Findings: []finding.Finding{}, Metadata: map[string]any{"type": f.Type}}
	for _, e := range f.Errors {
		res.Errors = append(res.Errors, e.Error())
	}
	if f.Err != nil {
		res.Errors = append(res.Errors, f.Err.Error())
	}
	matches := make([][]policy.Match, len(f.Docs))
	errs := make([]error, len(f.Docs))
	eval := func(k int) {
		d := &f.Docs[k]
		kind := ""
		if d.Resource != nil {
			kind = d.Resource.Kind
		}
		matches[k], errs[k] = s.engine.Eval(ctx, string(d.Type), kind, d.Value)
	}
	if n := min(workers, len(f.Docs)); n <= 1 {
		for k := range f.Docs {
			if ctx.Err() == nil {
				eval(k)
			}
		}
	} else {
		jobs := make(chan int)
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range jobs {
					eval(k)
				}
			}()
		}
		for k := range f.Docs {
			if ctx.Err() != nil {
				break
			}
			jobs <- k
		}
		close(jobs)
		wg.Wait()
	}
	for k := range f.Docs {
		d := &f.Docs[k]
		if errs[k] != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("%s:%d: %v", d.File, d.StartLine, errs[k]))
		}
		for _, m := range matches[k] {
			addMatch(&res, d, m)
		}
		if s.trust != nil && d.Type == iac.Kubernetes && f.Type != "cluster" {
			for _, m := range trust.Findings(s.trust, s.trustCluster, []map[string]any{d.Value}) {
				addFinding(&res, d, m.Finding(), m.Path, 0, 0)
			}
		}
	}
	return res
}

// finish adds the cross-object findings and sorts each result.
func (s *ConfigScanner) finish(ctx context.Context, files []iac.File, results []finding.Result) []finding.Result {
	return s.finishCluster(ctx, files, results, s.cluster)
}

// finishCluster is finish with the cross-object rules told which cluster
// the objects run in (input.cluster: name and version), or nil.
func (s *ConfigScanner) finishCluster(ctx context.Context, files []iac.File, results []finding.Result, cluster map[string]any) []finding.Result {
	var refs []docRef
	for i, f := range files {
		for j := range f.Docs {
			refs = append(refs, docRef{i, j})
		}
	}
	s.scanSets(ctx, files, refs, results, cluster)
	for i := range results {
		results[i].Sort()
	}
	return results
}

// clusterScoped are the built-in kinds (and well-known custom ones) that
// live outside namespaces.
var clusterScoped = map[string]bool{
	"GlobalNetworkPolicy": true, "CiliumClusterwideNetworkPolicy": true, "AdminNetworkPolicy": true,
	"BaselineAdminNetworkPolicy": true, "ClusterNetworkPolicy": true,
	"Namespace": true, "Node": true, "PersistentVolume": true, "ClusterRole": true, "ClusterRoleBinding": true,
	"StorageClass": true, "CustomResourceDefinition": true, "ValidatingWebhookConfiguration": true,
	"MutatingWebhookConfiguration": true, "ValidatingAdmissionPolicy": true, "ValidatingAdmissionPolicyBinding": true,
	"PriorityClass": true, "IngressClass": true, "RuntimeClass": true, "APIService": true, "CSIDriver": true,
	"CSINode": true, "VolumeAttachment": true, "CertificateSigningRequest": true, "PodSecurityPolicy": true,
}

// namespaceOf returns the namespace an object belongs to, "" for
// cluster-scoped kinds; a Namespace object belongs to itself.
func namespaceOf(r *finding.Resource) string {
	switch {
	case r == nil:
		return "default"
	case r.Kind == "Namespace":
		return r.Name
	case clusterScoped[r.Kind]:
		return ""
	case r.Namespace == "":
		return "default"
	}
	return r.Namespace
}

// scanSets runs the cross-object rules once per namespace, over the
// namespace's objects plus the cluster-scoped objects they refer to (the
// ClusterRoles its RoleBindings name, the ClusterRoleBindings that bind its
// service accounts or any group, the ClusterRoles those name and aggregate,
// cluster-wide network policies), then once over every cluster-scoped
// object. Their cost so grows with namespace size rather than with the
// number of namespaces times the cluster-wide objects. Findings seen from
// several partitions are reported once.
func (s *ConfigScanner) scanSets(ctx context.Context, files []iac.File, refs []docRef, results []finding.Result, cluster map[string]any) {
	var global []docRef
	byNS := map[string][]docRef{}
	var order []string
	for _, r := range refs {
		d := &files[r.file].Docs[r.doc]
		if d.Type != iac.Kubernetes {
			continue
		}
		ns := namespaceOf(d.Resource)
		if ns == "" && d.Resource.Kind != "Namespace" {
			global = append(global, r)
			continue
		}
		if _, ok := byNS[ns]; !ok {
			order = append(order, ns)
		}
		byNS[ns] = append(byNS[ns], r)
	}
	type part struct {
		refs []docRef
		ms   []policy.Match
		err  error
	}
	g := newGlobals(files, global)
	parts := make([]part, len(order), len(order)+1)
	for i, ns := range order {
		parts[i].refs = append(append([]docRef(nil), byNS[ns]...), g.referenced(ns, byNS[ns])...)
	}
	if len(global) > 0 {
		parts = append(parts, part{refs: global})
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(s.parallel, len(parts)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				objs := make([]any, len(parts[i].refs))
				for k, r := range parts[i].refs {
					objs[k] = files[r.file].Docs[r.doc].Value
				}
				in := map[string]any{"objects": objs}
				if cluster != nil {
					in["cluster"] = cluster
				}
				parts[i].ms, parts[i].err = s.engine.Eval(ctx, policy.InputKubernetesSet, "", in)
			}
		}()
	}
	for i := range parts {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	// Compacted documents re-read their files for positions: do it for
	// every document concerned, in parallel, before placing findings.
	var docs []*iac.Document
	have := map[*iac.Document]bool{}
	for _, p := range parts {
		for _, m := range p.ms {
			if m.Object >= 0 && m.Object < len(p.refs) {
				r := p.refs[m.Object]
				if d := &files[r.file].Docs[r.doc]; !have[d] {
					have[d] = true
					docs = append(docs, d)
				}
			}
		}
	}
	Parallel(len(docs), s.parallel, func(i int) { docs[i].Preload() })
	seen := map[string]bool{}
	reported := false
	for _, p := range parts {
		if p.err != nil && !reported {
			r := p.refs[0]
			results[r.file].Errors = append(results[r.file].Errors, "cross-object rules: "+p.err.Error())
			reported = true
		}
		for _, m := range p.ms {
			if m.Object < 0 && cluster != nil && len(p.refs) > 0 {
				// A finding on the cluster itself (its version, say):
				// reported once, on no object.
				key := m.Rule.ID + "\x00cluster\x00" + m.Msg
				if !seen[key] {
					seen[key] = true
					r := p.refs[0]
					addFinding(&results[r.file], &iac.Document{File: clusterFile(files[r.file])}, MisconfigFinding(m.Rule, m.Msg), nil, 0, 0)
				}
				continue
			}
			if m.Object < 0 || m.Object >= len(p.refs) {
				continue
			}
			r := p.refs[m.Object]
			key := fmt.Sprintf("%s\x00%d\x00%d\x00%v\x00%s", m.Rule.ID, r.file, r.doc, m.Path, m.Msg)
			if seen[key] {
				continue
			}
			seen[key] = true
			addMatch(&results[r.file], &files[r.file].Docs[r.doc], m)
		}
	}
}

// addMatch turns a rule match into a finding of res, or a suppressed one.
func addMatch(res *finding.Result, d *iac.Document, m policy.Match) {
	addFinding(res, d, MisconfigFinding(m.Rule, m.Msg), m.Path, m.StartLine, m.EndLine)
}

// addFinding places a finding of document d (at path, or at the lines
// given) and adds it to res, or to its suppressed findings.
func addFinding(res *finding.Result, d *iac.Document, f finding.Finding, path []any, start, end int) {
	if start <= 0 {
		start, end = d.Locate(path)
	}
	if d.File != "" {
		f.Location = &finding.Location{Path: d.File, StartLine: start, EndLine: max(end, start)}
	}
	// Findings of one object share its Resource (and a rule's findings its
	// compliance and reference lists): a large scan holds many of them.
	f.Resource = d.Resource
	for _, ig := range d.Ignores {
		if ig.Suppresses(f.ID, start) {
			kind := finding.SuppressComment
			if ig.Source == "annotation" {
				kind = finding.SuppressAnnotation
			}
			where := " in " + d.File
			if d.File == "" && d.Resource != nil {
				where = " on " + d.Resource.Kind + " " + d.Resource.Namespace + "/" + d.Resource.Name
			}
			f.Suppression = &finding.Suppression{Kind: kind, Justification: ig.Source + where}
			res.Suppressed = append(res.Suppressed, f)
			return
		}
	}
	res.Findings = append(res.Findings, f)
}

// MisconfigFinding builds the finding of a rule match without location.
func MisconfigFinding(r *policy.Rule, msg string) finding.Finding {
	return finding.Finding{
		ID:          r.ID,
		Type:        finding.TypeMisconfiguration,
		Severity:    r.Severity,
		Title:       r.Title,
		Message:     msg,
		Description: r.Description,
		Remediation: r.Remediation,
		Compliance:  r.Compliance,
		References:  r.References,
	}
}

// Parallel runs fn(0..n-1) with at most workers calls at once.
func Parallel(n, workers int, fn func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(max(workers, 1), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fn(i)
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// clusterwideNetworkPolicies apply in every namespace: each namespace's
// partition sees them.
var clusterwideNetworkPolicies = map[string]bool{
	"GlobalNetworkPolicy": true, "CiliumClusterwideNetworkPolicy": true, "AdminNetworkPolicy": true,
	"BaselineAdminNetworkPolicy": true, "ClusterNetworkPolicy": true,
}

// globals picks the cluster-scoped objects a namespace's objects refer to.
type globals struct {
	files        []iac.File
	clusterRoles map[string]docRef
	roleNames    []string // in scan order
	bindings     []docRef // ClusterRoleBindings
	always       []docRef
}

func newGlobals(files []iac.File, global []docRef) *globals {
	g := &globals{files: files, clusterRoles: map[string]docRef{}}
	for _, r := range global {
		d := &files[r.file].Docs[r.doc]
		switch {
		case d.Resource.Kind == "ClusterRole":
			if _, dup := g.clusterRoles[d.Resource.Name]; !dup {
				g.roleNames = append(g.roleNames, d.Resource.Name)
			}
			g.clusterRoles[d.Resource.Name] = r
		case d.Resource.Kind == "ClusterRoleBinding":
			g.bindings = append(g.bindings, r)
		case clusterwideNetworkPolicies[d.Resource.Kind]:
			g.always = append(g.always, r)
		}
	}
	return g
}

func (g *globals) value(r docRef) map[string]any { return g.files[r.file].Docs[r.doc].Value }

// referenced returns the cluster-scoped objects the objects of namespace ns
// (local) refer to, in scan order.
func (g *globals) referenced(ns string, local []docRef) []docRef {
	out := append([]docRef(nil), g.always...)
	roles := map[string]bool{}
	for _, r := range local {
		v := g.value(r)
		if v["kind"] == "RoleBinding" {
			if ref, _ := v["roleRef"].(map[string]any); ref["kind"] == "ClusterRole" {
				name, _ := ref["name"].(string)
				roles[name] = true
			}
		}
	}
	for _, r := range g.bindings {
		v := g.value(r)
		subjects, _ := v["subjects"].([]any)
		bound := false
		for _, sj := range subjects {
			m, _ := sj.(map[string]any)
			kind, _ := m["kind"].(string)
			sns, _ := m["namespace"].(string)
			if kind == "Group" || (kind == "ServiceAccount" && sns == ns) {
				bound = true
				break
			}
		}
		if bound {
			out = append(out, r)
			if ref, _ := v["roleRef"].(map[string]any); ref["kind"] == "ClusterRole" {
				name, _ := ref["name"].(string)
				roles[name] = true
			}
		}
	}
	// Aggregated ClusterRoles take the rules of the ClusterRoles their
	// selectors match: include those, to a fixed point.
	for changed := true; changed; {
		changed = false
		for name := range roles {
			r, ok := g.clusterRoles[name]
			if !ok {
				continue
			}
			agg, _ := g.value(r)["aggregationRule"].(map[string]any)
			sels, _ := agg["clusterRoleSelectors"].([]any)
			for _, other := range g.roleNames {
				if !roles[other] && selectsAny(sels, g.value(g.clusterRoles[other])) {
					roles[other] = true
					changed = true
				}
			}
		}
	}
	for _, name := range g.roleNames {
		if roles[name] {
			out = append(out, g.clusterRoles[name])
		}
	}
	return out
}

// selectsAny reports whether one of the label selectors may select obj:
// matchLabels are checked; a selector with matchExpressions is taken to
// select everything (the rules evaluate it exactly).
func selectsAny(sels []any, obj map[string]any) bool {
	md, _ := obj["metadata"].(map[string]any)
	labels, _ := md["labels"].(map[string]any)
	for _, s := range sels {
		sel, _ := s.(map[string]any)
		if exprs, _ := sel["matchExpressions"].([]any); len(exprs) > 0 {
			return true
		}
		ml, _ := sel["matchLabels"].(map[string]any)
		if len(ml) == 0 {
			continue
		}
		all := true
		for k, v := range ml {
			if labels[k] != v {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}
