// Package policy is Palisade's rules engine: it loads Rego rule modules (OPA
// v1 syntax) with their METADATA once per process, checks the metadata,
// prepares one query per kind of input, and evaluates documents against the
// rules that apply to them, in parallel when asked.
package policy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/palisadesec/palisade/pkg/finding"
)

// Inputs a rule can declare in custom.input.
const (
	InputKubernetes    = "kubernetes"
	InputKubernetesSet = "kubernetes_set"
	InputDockerfile    = "dockerfile"
	// InputRuntime rules judge one enriched runtime event (see
	// RuntimeEvaluator and rules/README.md).
	InputRuntime = "runtime"
)

// WorkloadKinds are the kinds `kinds: [workload]` stands for.
var WorkloadKinds = []string{"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "PodTemplate"}

// Rule is one rule module's metadata.
type Rule struct {
	ID          string           `json:"id"`
	Title       string           `json:"title"`
	Description string           `json:"description"`
	Severity    finding.Severity `json:"severity"`
	Remediation string           `json:"remediation"`
	Input       string           `json:"input"`
	Kinds       []string         `json:"kinds,omitempty"`
	Events      []string         `json:"events,omitempty"` // runtime event types the rule looks at; none means all
	Compliance  []string         `json:"compliance,omitempty"`
	References  []string         `json:"references,omitempty"`
	// Package is the Rego package, e.g. data.palisade.kubernetes.privileged.
	Package string `json:"package"`
	// File is where the module was loaded from; Bundled says it ships with Palisade.
	File    string `json:"file"`
	Bundled bool   `json:"bundled"`

	kinds  map[string]bool
	events map[string]bool
}

// AppliesTo reports whether a kubernetes rule evaluates objects of kind.
func (r *Rule) AppliesTo(kind string) bool {
	return len(r.kinds) == 0 || r.kinds[kind]
}

// AppliesToEvent reports whether a runtime rule evaluates events of type t.
func (r *Rule) AppliesToEvent(t string) bool {
	return r.Input == InputRuntime && (len(r.events) == 0 || r.events[t])
}

// Source is a tree of Rego files: the bundled rules or a --rules directory.
type Source struct {
	// Name prefixes file names in messages (a directory path).
	Name string
	FS   fs.FS
	// Bundled marks the rules shipped with Palisade.
	Bundled bool
}

// LoadError is a rule that does not parse, compile or carry valid metadata.
type LoadError struct{ Msgs []string }

func (e *LoadError) Error() string {
	if len(e.Msgs) == 1 {
		return "loading rules: " + e.Msgs[0]
	}
	return fmt.Sprintf("loading rules: %s (and %d more)", e.Msgs[0], len(e.Msgs)-1)
}

// Option configures an Engine.
type Option func(*Engine)

// WithTimeout bounds the evaluation of one document (default 10s), so a
// hostile or runaway rule cannot stall a scan.
func WithTimeout(d time.Duration) Option { return func(e *Engine) { e.timeout = d } }

// Engine holds compiled rules and prepared queries; it is safe for
// concurrent use.
type Engine struct {
	compiler *ast.Compiler
	rules    []*Rule
	timeout  time.Duration

	mu      sync.Mutex
	queries map[string]*prepared
}

type prepared struct {
	once  sync.Once
	rules []*Rule
	pq    rego.PreparedEvalQuery
	err   error
}

// Load parses and compiles every .rego file of the sources (tests and
// testdata left out), and checks each rule's metadata.
func Load(ctx context.Context, sources []Source, opts ...Option) (*Engine, error) {
	modules, err := ParseSources(sources, false)
	if err != nil {
		return nil, err
	}
	c, err := Compile(modules)
	if err != nil {
		return nil, err
	}
	e := &Engine{compiler: c, timeout: 10 * time.Second, queries: map[string]*prepared{}}
	for _, o := range opts {
		o(e)
	}
	bundled := map[string]bool{}
	for _, s := range sources {
		if s.Bundled {
			bundled[s.Name] = true
		}
	}
	if e.rules, err = rulesOf(modules, bundled); err != nil {
		return nil, err
	}
	return e, nil
}

// ParseSources parses the .rego files of sources; withTests keeps
// *_test.rego files. Files are parsed in parallel.
func ParseSources(sources []Source, withTests bool) (map[string]*ast.Module, error) {
	type file struct {
		name string
		data []byte
		mod  *ast.Module
		msgs []string
	}
	var files []*file
	for _, s := range sources {
		err := fs.WalkDir(s.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
					return fs.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".rego") || (!withTests && strings.HasSuffix(p, "_test.rego")) {
				return nil
			}
			data, err := readBounded(s.FS, p)
			if err != nil {
				return err
			}
			files = append(files, &file{name: path.Join(s.Name, p), data: data})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading rules from %s: %w", s.Name, err)
		}
	}
	next := make(chan *file)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				m, err := ast.ParseModuleWithOpts(f.name, string(f.data), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
				if err != nil {
					f.msgs = astErrors(err)
					continue
				}
				f.mod = m
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	modules := map[string]*ast.Module{}
	var msgs []string
	for _, f := range files {
		msgs = append(msgs, f.msgs...)
		if f.mod != nil {
			modules[f.name] = f.mod
		}
	}
	if len(msgs) > 0 {
		return nil, &LoadError{Msgs: msgs}
	}
	return modules, nil
}

const maxRuleFile = 4 << 20

func readBounded(fsys fs.FS, p string) ([]byte, error) {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxRuleFile {
		return nil, fmt.Errorf("%s: rule file larger than %d MiB", p, maxRuleFile>>20)
	}
	return fs.ReadFile(fsys, p)
}

// Capabilities are OPA's built-ins minus those that reach the network or
// the host: rules judge the documents they are given, nothing else. Built
// once; callers must not modify it.
var Capabilities = sync.OnceValue(func() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	denied := map[string]bool{"http.send": true, "net.lookup_ip_addr": true, "opa.runtime": true, "trace": true}
	caps.Builtins = slices.DeleteFunc(slices.Clone(caps.Builtins), func(b *ast.Builtin) bool { return denied[b.Name] })
	caps.AllowNet = []string{}
	return caps
})

// newCompiler is the compiler every rule set is built with.
func newCompiler() *ast.Compiler {
	return ast.NewCompiler().WithCapabilities(Capabilities()).WithEnablePrintStatements(false)
}

// Compile compiles modules with Palisade's capabilities.
func Compile(modules map[string]*ast.Module) (*ast.Compiler, error) {
	c := newCompiler()
	c.Compile(modules)
	if c.Failed() {
		return nil, &LoadError{Msgs: astErrors(c.Errors)}
	}
	return c, nil
}

func astErrors(err error) []string {
	var errs ast.Errors
	if !errors.As(err, &errs) {
		return []string{err.Error()}
	}
	var out []string
	for _, e := range errs {
		msg := e.Message
		if e.Location != nil {
			msg = fmt.Sprintf("%s:%d: %s", e.Location.File, e.Location.Row, e.Message)
		}
		out = append(out, msg)
	}
	return out
}

var validInputs = map[string]string{
	InputKubernetes:    "data.palisade.kubernetes.",
	InputKubernetesSet: "data.palisade.kubernetes_set.",
	InputDockerfile:    "data.palisade.dockerfile.",
	InputRuntime:       "data.palisade.runtime.",
}

// rulesOf reads the package METADATA of every module under data.palisade.
func rulesOf(modules map[string]*ast.Module, bundled map[string]bool) ([]*Rule, error) {
	var msgs []string
	seen := map[string]string{}
	var rules []*Rule
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		m := modules[name]
		pkg := m.Package.Path.String()
		if !strings.HasPrefix(pkg, "data.palisade.") {
			continue
		}
		loc := fmt.Sprintf("%s:%d", name, m.Package.Location.Row)
		var ann *ast.Annotations
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				ann = a
			}
		}
		if ann == nil {
			msgs = append(msgs, loc+": rule module has no METADATA block with package scope")
			continue
		}
		r, err := ruleFromAnnotations(ann)
		if err != nil {
			msgs = append(msgs, fmt.Sprintf("%s: %v", loc, err))
			continue
		}
		if prefix := validInputs[r.Input]; !strings.HasPrefix(pkg+".", prefix) || pkg+"." == prefix {
			msgs = append(msgs, fmt.Sprintf("%s: a rule with input %q must be in a package under %s", loc, r.Input, strings.TrimSuffix(prefix, ".")))
			continue
		}
		if !hasDeny(m) {
			msgs = append(msgs, loc+": rule module defines no `deny` rule")
			continue
		}
		if prev, dup := seen[r.ID]; dup {
			msgs = append(msgs, fmt.Sprintf("%s: rule ID %s is already used by %s", loc, r.ID, prev))
			continue
		}
		seen[r.ID] = loc
		r.Package, r.File = pkg, name
		for b := range bundled {
			if strings.HasPrefix(name, b+"/") || name == b {
				r.Bundled = true
			}
		}
		if r.ID != "" && strings.HasPrefix(r.ID, "PAL-") && !r.Bundled {
			msgs = append(msgs, fmt.Sprintf("%s: rule ID %s: the PAL- prefix is reserved for bundled rules", loc, r.ID))
			continue
		}
		rules = append(rules, r)
	}
	if len(msgs) > 0 {
		return nil, &LoadError{Msgs: msgs}
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, nil
}

func hasDeny(m *ast.Module) bool {
	for _, r := range m.Rules {
		if r.Head.Name.String() == "deny" || (len(r.Head.Reference) > 0 && r.Head.Reference[0].Value.Compare(ast.Var("deny")) == 0) {
			return true
		}
	}
	return false
}

func ruleFromAnnotations(a *ast.Annotations) (*Rule, error) {
	r := &Rule{Title: strings.TrimSpace(a.Title), Description: strings.TrimSpace(a.Description)}
	str := func(k string) string {
		s, _ := a.Custom[k].(string)
		return strings.TrimSpace(s)
	}
	list := func(k string) ([]string, error) {
		v, ok := a.Custom[k]
		if !ok {
			return nil, nil
		}
		items, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("custom.%s must be a list of strings", k)
		}
		var out []string
		for _, it := range items {
			s, ok := it.(string)
			if !ok {
				return nil, fmt.Errorf("custom.%s must be a list of strings", k)
			}
			out = append(out, s)
		}
		return out, nil
	}
	r.ID, r.Remediation, r.Input = str("id"), str("remediation"), str("input")
	var missing []string
	for k, v := range map[string]string{"title": r.Title, "description": r.Description, "custom.id": r.ID, "custom.severity": str("severity"), "custom.input": r.Input, "custom.remediation": r.Remediation} {
		if v == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("METADATA lacks %s", strings.Join(missing, ", "))
	}
	sev, err := finding.ParseSeverity(str("severity"))
	if err != nil || sev == finding.SeverityUnknown {
		return nil, fmt.Errorf("custom.severity %q: want CRITICAL, HIGH, MEDIUM or LOW", str("severity"))
	}
	r.Severity = sev
	if _, ok := validInputs[r.Input]; !ok {
		return nil, fmt.Errorf("custom.input %q: want kubernetes, kubernetes_set, dockerfile or runtime", r.Input)
	}
	if r.Kinds, err = list("kinds"); err != nil {
		return nil, err
	}
	if r.Compliance, err = list("compliance"); err != nil {
		return nil, err
	}
	if r.Events, err = list("events"); err != nil {
		return nil, err
	}
	if len(r.Events) > 0 {
		if r.Input != InputRuntime {
			return nil, errors.New("custom.events applies to input runtime only")
		}
		r.events = map[string]bool{}
		for _, ev := range r.Events {
			if !slices.Contains(EventTypes, ev) {
				return nil, fmt.Errorf("custom.events: unknown event type %q; want one of %s", ev, strings.Join(EventTypes, ", "))
			}
			r.events[ev] = true
		}
	}
	if len(r.Kinds) > 0 {
		if r.Input != InputKubernetes {
			return nil, errors.New("custom.kinds applies to input kubernetes only")
		}
		r.kinds = map[string]bool{}
		for _, k := range r.Kinds {
			if k == "workload" {
				for _, w := range WorkloadKinds {
					r.kinds[w] = true
				}
				continue
			}
			r.kinds[k] = true
		}
	}
	for _, rr := range a.RelatedResources {
		if rr.Ref.String() != "" {
			r.References = append(r.References, rr.Ref.String())
		}
	}
	return r, nil
}

// Rules lists the loaded rules ordered by ID.
func (e *Engine) Rules() []*Rule { return e.rules }

// Rule returns the rule with the given ID.
func (e *Engine) Rule(id string) (*Rule, bool) {
	for _, r := range e.rules {
		if strings.EqualFold(r.ID, id) {
			return r, true
		}
	}
	return nil, false
}

// Match is one element of a rule's deny set.
type Match struct {
	Rule *Rule
	Msg  string
	// Path is the field path inside the object (kubernetes inputs).
	Path []any
	// Object is the index of the object in a kubernetes_set input; -1 otherwise.
	Object int
	// StartLine and EndLine are set by dockerfile rules.
	StartLine, EndLine int
}

// Eval evaluates the rules of one input type against a document. kind
// selects kubernetes rules by object kind and runtime rules by event type
// (RuntimeEvaluator is the fast path for those); other inputs ignore it.
// When a rule fails at run time (a conflict, a type error), the others'
// matches are still returned with an error naming the failing rule.
func (e *Engine) Eval(ctx context.Context, input, kind string, doc map[string]any) ([]Match, error) {
	p := e.prepare(ctx, input, kind)
	if p.err != nil {
		return nil, p.err
	}
	if len(p.rules) == 0 {
		return nil, nil
	}
	v, err := ast.InterfaceToValue(doc)
	if err != nil {
		return nil, fmt.Errorf("converting input: %w", err)
	}
	return e.evalValue(ctx, p, input, v)
}

// evalValue evaluates a prepared query that has rules against a converted
// input.
func (e *Engine) evalValue(ctx context.Context, p *prepared, input string, v ast.Value) ([]Match, error) {
	timeout := e.timeout
	if input == InputKubernetesSet {
		// One evaluation covers a whole namespace.
		timeout *= 6
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rs, err := p.pq.Eval(ctx, rego.EvalParsedInput(v))
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("evaluating rules: %w (limit %s)", ctx.Err(), timeout)
		}
		return e.oneByOne(ctx, p.rules, v)
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, nil
	}
	sets, _ := rs[0].Expressions[0].Value.([]any)
	var out []Match
	for i, s := range sets {
		if i >= len(p.rules) {
			break
		}
		out = append(out, matches(p.rules[i], s)...)
	}
	return out, nil
}

func matches(r *Rule, set any) []Match {
	items, _ := set.([]any)
	out := make([]Match, 0, len(items))
	for _, it := range items {
		out = append(out, toMatch(r, it))
	}
	return out
}

// oneByOne evaluates rules separately after a combined evaluation failed,
// so that the failing rule is named and the others still report.
func (e *Engine) oneByOne(ctx context.Context, rules []*Rule, v ast.Value) ([]Match, error) {
	var out []Match
	var errs []string
	for _, r := range rules {
		rs, err := rego.New(rego.Query(r.Package+".deny"), rego.Compiler(e.compiler), rego.ParsedInput(v), rego.Capabilities(Capabilities())).Eval(ctx)
		if err != nil {
			errs = append(errs, fmt.Sprintf("rule %s (%s): %s", r.ID, r.File, oneLine(err)))
			continue
		}
		if len(rs) > 0 && len(rs[0].Expressions) > 0 {
			out = append(out, matches(r, rs[0].Expressions[0].Value)...)
		}
	}
	if len(errs) == 0 {
		return out, nil
	}
	return out, errors.New(strings.Join(errs, "; "))
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

func (e *Engine) prepare(ctx context.Context, input, kind string) *prepared {
	if input != InputKubernetes && input != InputRuntime {
		kind = ""
	}
	key := input + "\x00" + kind
	e.mu.Lock()
	p, ok := e.queries[key]
	if !ok {
		p = &prepared{}
		e.queries[key] = p
	}
	e.mu.Unlock()
	p.once.Do(func() {
		var refs []string
		for _, r := range e.rules {
			if r.Input == input && (input != InputKubernetes || r.AppliesTo(kind)) && (input != InputRuntime || r.AppliesToEvent(kind)) {
				p.rules = append(p.rules, r)
				refs = append(refs, r.Package+".deny")
			}
		}
		if len(refs) == 0 {
			return
		}
		q := "[" + strings.Join(refs, ", ") + "]"
		p.pq, p.err = rego.New(rego.Query(q), rego.Compiler(e.compiler), rego.Capabilities(Capabilities())).PrepareForEval(ctx)
	})
	return p
}

func toMatch(r *Rule, v any) Match {
	m := Match{Rule: r, Object: -1}
	switch x := v.(type) {
	case string:
		m.Msg = x
	case map[string]any:
		m.Msg, _ = x["msg"].(string)
		if p, ok := x["path"].([]any); ok {
			m.Path = p
		}
		if i, ok := intOf(x["object"]); ok {
			m.Object = i
		}
		m.StartLine, _ = intOf(x["startLine"])
		m.EndLine, _ = intOf(x["endLine"])
	default:
		m.Msg = fmt.Sprint(v)
	}
	if m.Msg == "" {
		m.Msg = r.Title
	}
	return m
}

func intOf(v any) (int, bool) {
	switch n := v.(type) {
	case interface{ Int64() (int64, error) }:
		i, err := n.Int64()
		return int(i), err == nil
	case float64:
		return int(n), true
	case int:
		return n, true
	}
	return 0, false
}
