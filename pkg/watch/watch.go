// Package watch is the runtime pipeline of `palisade runtime watch`: probe
// events are tied to their container and Kubernetes workload, judged by the
// learned model of (cluster, namespace, image) and by the runtime rules, and
// turned into alerts.
package watch

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/palisadesec/palisade/pkg/baseline"
	"github.com/palisadesec/palisade/pkg/enrich"
	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/policy"
	"github.com/palisadesec/palisade/pkg/probe"
)

// Resolver ties a process to its container and workload (enrich.Resolver).
type Resolver interface {
	Resolve(ctx context.Context, cgroupTail string, pid int, procRoot string) (enrich.Workload, bool)
}

// Config is what a Watcher needs. Models and Rules may be nil.
type Config struct {
	Cluster, Node string
	Resolver      Resolver
	Models        *baseline.Baseline
	Rules         *policy.RuntimeEvaluator
	// Host keeps events of host processes (not in a container).
	Host bool
	// ProcRoot is where the host's /proc is mounted; "/proc" when empty.
	ProcRoot string
	// Repeat is how long an identical alert (same container, rule or
	// behaviour) stays quiet after it was raised; 10 minutes when zero.
	Repeat time.Duration
	// OnModelState, when set, is told when a model changes state (learning,
	// trial, active); from is "" for a model first seen.
	OnModelState func(key baseline.Key, from, to baseline.State)
}

// Watcher turns events into alerts. Handle is called from one goroutine.
type Watcher struct {
	cfg   Config
	procs *procTable
	// recent holds when each alert was last raised, for Repeat.
	recent map[string]time.Time
	// live maps a container's model key to its last sighting.
	live map[baseline.Key]time.Time
	// states is each live model's last known state, for OnModelState.
	states map[baseline.Key]baseline.State
	rules  *ruleCache
	// ruleTypes caches which event types any rule looks at.
	ruleTypes map[probe.Type]bool
	stats     Stats
	mu        sync.Mutex // guards stats for Stats()
}

// Stats counts what a Watcher did.
type Stats struct {
	Events     uint64 `json:"events"`
	Containers uint64 `json:"containerEvents"`
	Ignored    uint64 `json:"ignored"`
	Alerts     uint64 `json:"alerts"`
	Repeated   uint64 `json:"repeatedAlerts"`
	RuleErrors uint64 `json:"ruleErrors"`
	// LastRuleError is the last rule evaluation error, for the log.
	LastRuleError string `json:"lastRuleError,omitempty"`
}

// New returns a Watcher.
func New(cfg Config) *Watcher {
	if cfg.ProcRoot == "" {
		cfg.ProcRoot = "/proc"
	}
	if cfg.Repeat == 0 {
		cfg.Repeat = 10 * time.Minute
	}
	return &Watcher{cfg: cfg, procs: newProcTable(cfg.ProcRoot, 1<<16), recent: map[string]time.Time{}, live: map[baseline.Key]time.Time{}, states: map[baseline.Key]baseline.State{}, rules: newRuleCache(8192), ruleTypes: map[probe.Type]bool{}}
}

// Stats returns the counters so far.
func (w *Watcher) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

// Seed records the processes already running (from ProcRoot), so the
// process tree of later events is complete and their containers count as
// alive for learning.
func (w *Watcher) Seed(ctx context.Context) {
	w.procs.scan()
	w.markRunning(ctx, time.Now())
}

// markRunning marks the models of containers with a running process alive:
// a quiet container still counts towards its model's active time.
func (w *Watcher) markRunning(ctx context.Context, now time.Time) {
	seen := map[string]bool{}
	for _, p := range w.procs.procs {
		if p.cgroup == "" || seen[p.cgroup] {
			continue
		}
		seen[p.cgroup] = true
		if wl, ok := w.cfg.Resolver.Resolve(ctx, p.cgroup, int(p.pid), w.cfg.ProcRoot); ok {
			if wl.Cluster == "" {
				wl.Cluster = w.cfg.Cluster
			}
			if key, ok := modelKey(wl); ok {
				w.live[key] = now
			}
		}
	}
}

// Tick tells the models which containers are still alive (their quiet time
// counts as learning time) and forgets old alert suppressions.
func (w *Watcher) Tick(ctx context.Context, now time.Time) {
	w.markRunning(ctx, now)
	for key, seen := range w.live {
		if now.Sub(seen) > 2*time.Minute {
			delete(w.live, key)
			delete(w.states, key)
			continue
		}
		if w.cfg.Models != nil {
			w.cfg.Models.Alive(key, now)
			if m, ok := w.cfg.Models.Get(key); ok {
				w.noteState(key, m.State)
			}
		}
	}
	for k, t := range w.recent {
		if now.Sub(t) > w.cfg.Repeat {
			delete(w.recent, k)
		}
	}
}

func modelKey(wl enrich.Workload) (baseline.Key, bool) {
	if wl.Repository == "" {
		return baseline.Key{}, false // nothing to key a model on
	}
	return baseline.Key{Cluster: wl.Cluster, Namespace: wl.Namespace, Repository: wl.Repository, Digest: wl.ImageDigest}, true
}

// Handle judges one event and returns the alerts it raised.
func (w *Watcher) Handle(ctx context.Context, ev probe.Event) []Alert {
	w.mu.Lock()
	w.stats.Events++
	w.mu.Unlock()
	p := w.procs.update(ev)
	if ev.Type == probe.Exit {
		defer w.procs.remove(ev.PID)
	}
	if runtimeInit(ev.Comm) {
		// The runtime setting up a process in the container (reading the
		// container's /etc/passwd for its user, say), before the exec of
		// what was asked for: not the workload's behaviour.
		w.count(func(s *Stats) { s.Ignored++ })
		return nil
	}
	wl, inContainer := w.cfg.Resolver.Resolve(ctx, ev.Cgroup, int(ev.PID), w.cfg.ProcRoot)
	if !inContainer && !w.cfg.Host {
		w.count(func(s *Stats) { s.Ignored++ })
		return nil
	}
	if inContainer {
		w.count(func(s *Stats) { s.Containers++ })
	}
	if wl.Cluster == "" {
		wl.Cluster = w.cfg.Cluster
	}
	if wl.Node == "" {
		wl.Node = w.cfg.Node
	}
	key, keyed := modelKey(wl)
	if !inContainer {
		keyed = false
	}
	if keyed {
		w.live[key] = ev.Time
	}
	beh, hasBeh := behaviorOf(ev, p.path, w.procs.parentPath(p))
	state, known := baseline.State(""), false
	if keyed && hasBeh && w.cfg.Models != nil {
		state, known = w.cfg.Models.Lookup(key, beh)
	}
	var alerts []Alert
	anc := w.procs.ancestors(p, 8)
	// Most events raise nothing: build the alert only when one is raised.
	var built *Alert
	base := func() Alert {
		if built == nil {
			a := w.alertBase(ev, p, anc, wl, inContainer)
			built = &a
		}
		return *built
	}
	if w.cfg.Rules != nil && w.applies(ev.Type) {
		kind := baseline.Kind("")
		if hasBeh {
			kind = beh.Kind
		}
		k := w.rules.key(ev, p, anc, wl, inContainer, state, known, kind)
		matches, ok := w.rules.get(k)
		if !ok {
			input := ruleInput(ev, p, anc, wl, inContainer, state, known, beh, hasBeh)
			var err error
			matches, err = w.cfg.Rules.Eval(ctx, ev.Type.String(), input)
			if err != nil {
				w.count(func(s *Stats) { s.RuleErrors++; s.LastRuleError = err.Error() })
			} else {
				w.rules.put(k, matches)
			}
		}
		for _, m := range matches {
			a := base()
			a.Rule = m.Rule.ID
			a.Finding = ruleFinding(m, wl)
			if w.fresh(a, m.Rule.ID+"|"+m.Msg, ev.Time) {
				alerts = append(alerts, a)
			}
		}
	}
	if keyed && hasBeh && w.cfg.Models != nil {
		v := w.cfg.Models.Observe(key, beh, ev.Time)
		w.noteState(key, v.State)
		if v.Deviation {
			a := base()
			a.Model, a.ModelState, a.Behavior = key.String(), string(v.State), beh.String()
			a.Finding = modelFinding(beh, key, v, wl)
			if w.fresh(a, "model|"+beh.String(), ev.Time) {
				alerts = append(alerts, a)
			}
		}
	}
	return alerts
}

// runtimeInit reports whether comm is a container runtime's init stage
// (runc's "runc:[2:INIT]", crun's and youki's setup).
func runtimeInit(comm string) bool {
	return strings.HasPrefix(comm, "runc:[") || comm == "runc:init" || strings.HasPrefix(comm, "crun") || strings.HasPrefix(comm, "youki")
}

func (w *Watcher) noteState(key baseline.Key, st baseline.State) {
	if prev, ok := w.states[key]; ok && prev == st {
		return
	}
	prev := w.states[key]
	w.states[key] = st
	if w.cfg.OnModelState != nil {
		w.cfg.OnModelState(key, prev, st)
	}
}

// applies reports whether any rule looks at events of type t (cached).
func (w *Watcher) applies(t probe.Type) bool {
	if v, ok := w.ruleTypes[t]; ok {
		return v
	}
	v := w.cfg.Rules.Applies(t.String())
	w.ruleTypes[t] = v
	return v
}

func (w *Watcher) count(f func(*Stats)) {
	w.mu.Lock()
	f(&w.stats)
	w.mu.Unlock()
}

// fresh reports whether the alert was not raised for this container in the
// last Repeat, and records it.
func (w *Watcher) fresh(a Alert, what string, now time.Time) bool {
	k := a.ContainerID + "|" + a.Pod + "|" + what
	if a.ContainerID == "" && a.Pod == "" {
		k = fmt.Sprint(a.Process.PID) + "|" + what
	}
	if t, ok := w.recent[k]; ok && now.Sub(t) < w.cfg.Repeat {
		w.count(func(s *Stats) { s.Repeated++ })
		return false
	}
	w.recent[k] = now
	w.count(func(s *Stats) { s.Alerts++ })
	return true
}

func behaviorOf(ev probe.Event, path, parentPath string) (baseline.Behavior, bool) {
	switch ev.Type {
	case probe.Exec:
		return baseline.Process(path, parentPath), true
	case probe.Connect:
		if !ev.Addr.IsValid() {
			return baseline.Behavior{}, false
		}
		return baseline.Outbound(ev.Addr, ev.Port, protoOr(ev.Protocol, "tcp")), true
	case probe.Listen:
		return baseline.Listen(ev.Port, protoOr(ev.Protocol, "tcp")), true
	case probe.Open:
		return baseline.File(ev.Path, ev.Write()), true
	}
	return baseline.Behavior{}, false
}

func protoOr(p, def string) string {
	if p == "" {
		return def
	}
	return p
}

func (w *Watcher) alertBase(ev probe.Event, p *proc, anc []*proc, wl enrich.Workload, inContainer bool) Alert {
	a := Alert{
		Time: ev.Time, Cluster: wl.Cluster, Node: wl.Node, Namespace: wl.Namespace, Pod: wl.Pod,
		Container: wl.Container, ContainerID: wl.ContainerID, Image: wl.Image, ImageDigest: wl.ImageDigest,
		Host:    !inContainer,
		Process: Proc{PID: ev.PID, PPID: ev.PPID, UID: ev.UID, Comm: ev.Comm, Path: p.path, Args: p.args, NSPID: ev.NSPID},
		Event:   EventInfo{Type: ev.Type.String()},
	}
	for _, an := range anc {
		a.Tree = append(a.Tree, Proc{PID: an.pid, PPID: an.ppid, UID: an.uid, Comm: an.comm, Path: an.path, Args: an.args})
	}
	switch ev.Type {
	case probe.Connect, probe.Accept, probe.Listen:
		a.Event.Protocol, a.Event.Port, a.Event.Direction = ev.Protocol, ev.Port, direction(ev.Type)
		if ev.Addr.IsValid() {
			a.Event.Address = ev.Addr.String()
		}
	case probe.Open:
		a.Event.File, a.Event.Write = ev.Path, ev.Write()
	case probe.Setuid:
		a.Event.UIDs = []int64{ev.RUID, ev.EUID, ev.SUID}
	case probe.Capset:
		a.Event.Caps = probe.CapabilityNames(ev.CapEffective)
	case probe.Setns, probe.Unshare:
		a.Event.NS = probe.NamespaceNames(ev.NSFlags)
	}
	return a
}

func direction(t probe.Type) string {
	switch t {
	case probe.Connect:
		return "outbound"
	case probe.Accept:
		return "inbound"
	}
	return "listen"
}

func podResource(wl enrich.Workload) *finding.Resource {
	if wl.Pod == "" {
		return nil
	}
	return &finding.Resource{APIVersion: "v1", Kind: "Pod", Namespace: wl.Namespace, Name: wl.Pod}
}

func ruleFinding(m policy.Match, wl enrich.Workload) finding.Finding {
	r := m.Rule
	return finding.Finding{
		ID: r.ID, Type: finding.TypeBehavior, Severity: r.Severity, Title: r.Title, Message: m.Msg,
		Description: r.Description, Remediation: r.Remediation, Resource: podResource(wl),
		Compliance: r.Compliance, References: r.References,
	}
}

func modelFinding(b baseline.Behavior, key baseline.Key, v baseline.Verdict, wl enrich.Workload) finding.Finding {
	mf := modelFindings[string(b.Kind)]
	msg := fmt.Sprintf("%s %s is not in the model of %s (%s)", b.Kind, b.Value, key.String(), v.State)
	if v.Relearn {
		msg += "; the model kept changing during its trial and went back to learning"
	}
	sev := mf.sev
	if b.Kind == baseline.KindFile && strings.HasPrefix(b.Value, "w ") {
		sev = finding.SeverityHigh
	}
	return finding.Finding{
		ID: mf.id, Type: finding.TypeBehavior, Severity: sev, Title: mf.title, Message: msg,
		Description: mf.desc, Remediation: modelRemediation, Resource: podResource(wl),
		Compliance: []string{"nist-800-190:4.4.4", "pci-dss-4.0:11.5.1"},
	}
}

// ruleInput builds the documented runtime rule input (rules/README.md).
func ruleInput(ev probe.Event, p *proc, anc []*proc, wl enrich.Workload, inContainer bool, state baseline.State, known bool, beh baseline.Behavior, hasBeh bool) map[string]any {
	procDoc := map[string]any{
		"pid": ev.PID, "ppid": ev.PPID, "uid": ev.UID, "gid": ev.GID, "comm": ev.Comm,
		"path": p.path, "name": path.Base(p.path), "args": stringsAny(p.args), "cmdline": strings.Join(p.args, " "),
		"stdinSocket": ev.StdinSocket, "stdoutSocket": ev.StdoutSocket, "entrypoint": inContainer && ev.NSPID == 1,
	}
	if p.path == "" {
		procDoc["name"] = ev.Comm
	}
	in := map[string]any{
		"event":   map[string]any{"type": ev.Type.String()},
		"process": procDoc,
		"host":    !inContainer,
		"kubernetes": map[string]any{
			"cluster": wl.Cluster, "node": wl.Node, "namespace": wl.Namespace, "pod": wl.Pod,
		},
	}
	ancDocs := make([]any, 0, len(anc))
	for i, a := range anc {
		d := map[string]any{"pid": a.pid, "path": a.path, "name": path.Base(a.path), "comm": a.comm}
		if a.path == "" {
			d["name"] = a.comm
		}
		if i == 0 {
			in["parent"] = d
		}
		ancDocs = append(ancDocs, d)
	}
	in["ancestors"] = ancDocs
	if inContainer {
		in["container"] = map[string]any{
			"id": wl.ContainerID, "runtime": wl.Runtime, "name": wl.Container, "image": wl.Image,
			"repository": wl.Repository, "imageDigest": wl.ImageDigest,
		}
	}
	model := map[string]any{"state": "none", "knownProcess": false, "knownFile": false, "knownDestination": false, "knownListen": false}
	if state != "" {
		model["state"] = string(state)
	}
	if hasBeh && known {
		switch beh.Kind {
		case baseline.KindProcess:
			model["knownProcess"] = true
		case baseline.KindFile:
			model["knownFile"] = true
		case baseline.KindOutbound:
			model["knownDestination"] = true
		case baseline.KindListen:
			model["knownListen"] = true
		}
	}
	in["model"] = model
	switch ev.Type {
	case probe.Connect, probe.Accept, probe.Listen:
		addr := ""
		if ev.Addr.IsValid() {
			addr = ev.Addr.String()
		}
		in["network"] = map[string]any{"protocol": protoOr(ev.Protocol, "tcp"), "address": addr, "port": ev.Port, "direction": direction(ev.Type)}
	case probe.Open:
		in["file"] = map[string]any{"path": ev.Path, "write": ev.Write(), "flags": ev.Flags}
	case probe.Setuid, probe.Capset:
		sys := "setuid"
		if ev.Type == probe.Capset {
			sys = "capset"
		} else if ev.RUID != -1 && ev.SUID != -1 {
			sys = "setresuid"
		} else if ev.RUID != -1 {
			sys = "setreuid"
		}
		in["privilege"] = map[string]any{
			"syscall": sys, "ruid": ev.RUID, "euid": ev.EUID, "suid": ev.SUID,
			"capEffective": stringsAny(probe.CapabilityNames(ev.CapEffective)), "capPermitted": stringsAny(probe.CapabilityNames(ev.CapPermitted)),
		}
	case probe.Setns, probe.Unshare:
		in["namespaces"] = map[string]any{"syscall": ev.Type.String(), "flags": stringsAny(probe.NamespaceNames(ev.NSFlags))}
	}
	return in
}

func stringsAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// SortAlerts orders alerts by time, then cluster, namespace, pod and ID.
func SortAlerts(as []Alert) {
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		if !a.Time.Equal(b.Time) {
			return a.Time.Before(b.Time)
		}
		if a.Cluster != b.Cluster {
			return a.Cluster < b.Cluster
		}
		if a.Namespace != b.Namespace {
			return a.Namespace < b.Namespace
		}
		if a.Pod != b.Pod {
			return a.Pod < b.Pod
		}
		return a.Finding.ID < b.Finding.ID
	})
}
