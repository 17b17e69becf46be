// Package node runs the CIS Kubernetes Benchmark checks that can only be made
// on a node — control plane and kubelet flags, the kubelet config file, file
// permissions and owners — against a host root directory ("/" on the node, or
// where a DaemonSet mounts the host). The checks themselves are data, one
// YAML file per benchmark version in rules/node; this package discovers the
// components (processes in /proc, else static pod manifests), evaluates each
// check and reports PASS, FAIL, WARN or NOT_APPLICABLE per check, plus
// findings in the common report schema for what failed or needs review.
package node

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Options says which node to assess and against which benchmark.
type Options struct {
	// Root is the host's root directory; everything (proc, etc, var) is read
	// under it. Default "/".
	Root string
	// Benchmark is one of Benchmarks(). Empty: a managed-platform benchmark
	// when the node shows platform hints and runs no API server (/etc/eks,
	// /home/kubernetes, /etc/kubernetes/azure.json), else the CIS benchmark
	// covering KubeVersion, else the newest CIS benchmark.
	Benchmark string
	// KubeVersion such as "1.30". Empty: taken from the image tag of the
	// control plane static pods when there are any.
	KubeVersion string
	// NodeName and Cluster label the report.
	NodeName, Cluster string
}

// Status is the outcome of one check.
type Status string

// Check outcomes.
const (
	StatusPass Status = "PASS"
	StatusFail Status = "FAIL"
	// StatusWarn: a manual check, or one that could not be decided (an
	// unreadable or malformed file); Expected/Actual say why.
	StatusWarn Status = "WARN"
	// StatusNotApplicable: the component the check is about does not run on
	// this node, or the file it is about does not exist here.
	StatusNotApplicable Status = "NOT_APPLICABLE"
)

// worse orders statuses for "the worst result wins".
func worse(a, b Status) bool { return rank(a) > rank(b) }

func rank(s Status) int {
	switch s {
	case StatusFail:
		return 3
	case StatusWarn:
		return 2
	case StatusPass:
		return 1
	}
	return 0
}

// CheckResult is the outcome of one benchmark check on this node.
type CheckResult struct {
	ID          string   `json:"id"`
	Section     string   `json:"section"`
	Title       string   `json:"title"`
	Component   string   `json:"component"`
	Status      Status   `json:"status"`
	Scored      bool     `json:"scored"`
	Manual      bool     `json:"manual,omitempty"` // no automated audit: always WARN
	Expected    string   `json:"expected,omitempty"`
	Actual      string   `json:"actual,omitempty"`
	Remediation string   `json:"remediation"`
	Compliance  []string `json:"compliance"`
	// Source is where the value came from: "/proc/123/cmdline", a static
	// pod manifest, the kubelet config file or the checked file.
	Source string `json:"source,omitempty"`

	severity string
}

// Report is the assessment of one node.
type Report struct {
	Benchmark   string `json:"benchmark"`
	KubeVersion string `json:"kubeVersion,omitempty"`
	Node        string `json:"node,omitempty"`
	Cluster     string `json:"cluster,omitempty"`
	// Components says how each component was found: "process 123",
	// "processes 123, 456", "manifest /etc/kubernetes/manifests/x.yaml" or
	// "" (not on this node).
	Components map[string]string `json:"components"`
	Results    []CheckResult     `json:"results"`
	Errors     []string          `json:"errors,omitempty"`
}

// Benchmarks lists the bundled benchmark names, sorted.
func Benchmarks() []string {
	bs, err := benchmarks()
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(bs))
	for n := range bs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Counts returns how many checks ended in each status.
func (r *Report) Counts() map[Status]int {
	c := map[Status]int{StatusPass: 0, StatusFail: 0, StatusWarn: 0, StatusNotApplicable: 0}
	for _, x := range r.Results {
		c[x.Status]++
	}
	return c
}

// Run assesses the node under opts.Root. It returns an error only for
// unusable input (a missing root, an unknown benchmark); what cannot be read
// on the node goes to Report.Errors and turns the affected checks to WARN.
func Run(ctx context.Context, opts Options) (*Report, error) {
	bs, err := benchmarks()
	if err != nil {
		return nil, fmt.Errorf("loading node benchmarks: %w", err)
	}
	root := opts.Root
	if root == "" {
		root = "/"
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("node root: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("node root %s: not a directory", root)
	}
	if opts.Benchmark != "" {
		if _, ok := bs[opts.Benchmark]; !ok {
			return nil, fmt.Errorf("unknown benchmark %q (want one of %s)", opts.Benchmark, strings.Join(Benchmarks(), ", "))
		}
	}

	e := &env{h: newHost(root), inst: map[string][]instance{}, kcfg: map[int]*kubeletConfig{}}
	procs, err := e.h.processes(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		e.errorf("listing processes: %v", err)
	}
	for _, p := range procs {
		e.inst[p.Component] = append(e.inst[p.Component], p)
	}
	for i := range e.inst["kubelet"] {
		e.loadKubeletConfig(i)
	}
	manifestDir := e.staticPodDir()
	mans, errs := e.h.manifests(manifestDir)
	for _, m := range errs {
		e.errorf("%s", m)
	}
	for _, m := range mans {
		if len(e.inst[m.Component]) > 0 && e.inst[m.Component][0].PID != 0 {
			continue // the running process is the truth
		}
		e.inst[m.Component] = append(e.inst[m.Component], m)
	}

	rep := &Report{Node: opts.NodeName, Cluster: opts.Cluster, KubeVersion: opts.KubeVersion, Components: map[string]string{}}
	if rep.KubeVersion == "" {
		rep.KubeVersion = e.h.manifestVersion(manifestDir)
	}
	for _, c := range components {
		if c == "control-plane-config" {
			continue
		}
		rep.Components[c] = describe(e.inst[c])
	}
	b := e.chooseBenchmark(bs, opts.Benchmark, rep.KubeVersion)
	rep.Benchmark = b.Name
	for _, c := range b.Checks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rep.Results = append(rep.Results, e.evalCheck(b, c))
	}
	rep.Errors = e.errs
	return rep, nil
}

func describe(is []instance) string {
	if len(is) == 0 {
		return ""
	}
	if is[0].PID == 0 {
		return "manifest " + is[0].Source
	}
	if len(is) == 1 {
		return "process " + strconv.Itoa(is[0].PID)
	}
	pids := make([]string, len(is))
	for i, x := range is {
		pids[i] = strconv.Itoa(x.PID)
	}
	return "processes " + strings.Join(pids, ", ")
}

// staticPodDir is the kubelet's static pod directory: --pod-manifest-path or
// staticPodPath of the first kubelet, else kubeadm's default.
func (e *env) staticPodDir() string {
	if ks := e.inst["kubelet"]; len(ks) > 0 {
		if v, ok := ks[0].Flags.last("--pod-manifest-path"); ok && strings.HasPrefix(v, "/") {
			return v
		}
		if kc := e.kcfg[0]; kc != nil && kc.err == nil {
			if v, ok := lookup(kc.data, "staticPodPath"); ok && strings.HasPrefix(v, "/") {
				return v
			}
		}
	}
	return "/etc/kubernetes/manifests"
}

func (e *env) chooseBenchmark(bs map[string]*benchmark, name, version string) *benchmark {
	if name != "" {
		return bs[name]
	}
	if len(e.inst["apiserver"]) == 0 {
		hints := []struct{ path, platform string }{
			{"/etc/eks", "eks"},
			{"/home/kubernetes/kubelet-config.yaml", "gke"},
			{"/home/kubernetes/bin", "gke"},
			{"/etc/kubernetes/azure.json", "aks"},
		}
		for _, hint := range hints {
			if _, err := e.h.stat(hint.path); err == nil {
				if b := newest(bs, hint.platform); b != nil {
					return b
				}
			}
		}
	}
	cis := newest(bs, "")
	if version == "" {
		return cis
	}
	var oldest *benchmark
	for _, n := range Benchmarks() {
		b := bs[n]
		if b.Platform != "" {
			continue
		}
		if inRange(version, b.Versions) {
			return b
		}
		if oldest == nil || lessVersion(b.Versions.Min, oldest.Versions.Min) {
			oldest = b
		}
	}
	if oldest != nil && lessVersion(version, oldest.Versions.Min) {
		e.errorf("no bundled benchmark covers Kubernetes %s; using %s", version, oldest.Name)
		return oldest
	}
	return cis
}

// newest returns the benchmark of a platform with the highest minimum
// Kubernetes version (then the highest name).
func newest(bs map[string]*benchmark, platform string) *benchmark {
	var best *benchmark
	for _, n := range Benchmarks() {
		b := bs[n]
		if b.Platform != platform {
			continue
		}
		if best == nil || !lessVersion(b.Versions.Min, best.Versions.Min) {
			best = b
		}
	}
	return best
}

func inRange(v string, r versionRange) bool {
	if r.Min != "" && lessVersion(v, r.Min) {
		return false
	}
	if r.Max != "" && lessVersion(r.Max, v) {
		return false
	}
	return true
}

// lessVersion compares "major.minor" versions numerically.
func lessVersion(a, b string) bool {
	pa, pb := strings.Split(majorMinor(a)+".", "."), strings.Split(majorMinor(b)+".", ".")
	for i := 0; i < 2; i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return false
}

// env is the state of one run.
type env struct {
	h    *host
	inst map[string][]instance
	kcfg map[int]*kubeletConfig // by index in inst["kubelet"]
	errs []string
}

func (e *env) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !slices.Contains(e.errs, msg) {
		e.errs = append(e.errs, msg)
	}
}

// kubeletConfig is the config file of one kubelet process.
type kubeletConfig struct {
	path string
	data map[string]any
	err  error
}

func (e *env) loadKubeletConfig(i int) {
	k := e.inst["kubelet"][i]
	p, ok := k.Flags.last("--config")
	if !ok || p == "" {
		return
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // the kubelet's working directory is / under systemd
	}
	kc := &kubeletConfig{path: p}
	e.kcfg[i] = kc
	b, err := e.h.readFile(p, maxFileSize)
	if err != nil {
		kc.err = err
		e.errorf("kubelet config: %v", err)
		return
	}
	kc.data, kc.err = parseKubeletConfig(b)
	if kc.err != nil {
		kc.err = fmt.Errorf("%s: %w", p, kc.err)
		e.errorf("kubelet config %v", kc.err)
	}
}

var errNotExist = fs.ErrNotExist

// componentLabel names a component as people know it.
func componentLabel(c string) string {
	switch c {
	case "apiserver":
		return "kube-apiserver"
	case "controller-manager":
		return "kube-controller-manager"
	case "scheduler":
		return "kube-scheduler"
	case "proxy":
		return "kube-proxy"
	case "control-plane-config":
		return "kube-apiserver"
	}
	return c
}

func isNotExist(err error) bool { return errors.Is(err, errNotExist) }

// hostPathJoin joins a relative flag value to / (components run from /).
func hostPathJoin(p string) string { return path.Clean("/" + p) }
