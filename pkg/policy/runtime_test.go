package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"
	"testing"

	"github.com/palisadesec/palisade/rules"
)

func runtimeRule(id, pkg, events, body string) string {
	ev := ""
	if events != "" {
		ev = "#   events: [" + events + "]\n"
	}
	return "# METADATA\n# title: " + id + "\n# description: D\n# custom:\n#   id: " + id + "\n#   severity: HIGH\n#   input: runtime\n" + ev +
		"#   remediation: R\npackage palisade.runtime." + pkg + "\n\n" + body + "\n"
}

// Rules of the tests: one for exec only, one for every event type, one
// that would show a pid if it were given one.
var runtimeRules = map[string]string{
	"shell.rego": runtimeRule("T-SH", "shell", "exec", `deny contains {"msg": sprintf("shell %s in %s", [input.process.path, input.container.name])} if input.process.name == "sh"`),
	"any.rego":   runtimeRule("T-ANY", "any", "", `deny contains sprintf("event %s", [input.event.type]) if input.host == true`),
	"pid.rego":   runtimeRule("T-PID", "pid", "exec, open", `deny contains sprintf("pid %v", [input.process.pid]) if input.process.pid`),
}

func runtimeEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := Load(context.Background(), src(runtimeRules))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func execInput(pid int, name string) map[string]any {
	return map[string]any{
		"event":     map[string]any{"type": "exec", "time": fmt.Sprintf("2025-01-01T00:00:%02dZ", pid%60)},
		"process":   map[string]any{"pid": pid, "ppid": pid - 1, "path": "/bin/" + name, "name": name, "args": []any{name}},
		"ancestors": []any{map[string]any{"pid": pid - 1, "path": "/usr/bin/python3", "name": "python3"}},
		"container": map[string]any{"name": "web"},
		"host":      false,
	}
}

func TestRuntimeRuleEvents(t *testing.T) {
	e := runtimeEngine(t)
	sh, _ := e.Rule("T-SH")
	anyRule, _ := e.Rule("T-ANY")
	if !sh.AppliesToEvent("exec") || sh.AppliesToEvent("open") || len(sh.Events) != 1 {
		t.Errorf("exec-only rule: %+v", sh)
	}
	if !anyRule.AppliesToEvent("unshare") || anyRule.Events != nil {
		t.Errorf("rule without events: %+v", anyRule)
	}
	goodKinds, _ := Load(context.Background(), src(map[string]string{"a.rego": goodRule}))
	if r := goodKinds.Rules()[0]; r.AppliesToEvent("exec") {
		t.Error("a kubernetes rule applies to runtime events")
	}
	for name, c := range map[string]struct{ file, want string }{
		"unknown event":    {runtimeRule("T-1", "a", "exec, fork", "deny contains 1 if true"), `custom.events: unknown event type "fork"`},
		"events elsewhere": {strings.Replace(runtimeRule("T-1", "a", "exec", "deny contains 1 if true"), "input: runtime", "input: kubernetes", 1), "custom.events applies to input runtime only"},
		"wrong package":    {strings.Replace(runtimeRule("T-1", "a", "", "deny contains 1 if true"), "palisade.runtime.a", "palisade.kubernetes.a", 1), "must be in a package under data.palisade.runtime"},
		"not a list":       {strings.Replace(runtimeRule("T-1", "a", "", "deny contains 1 if true"), "#   remediation", "#   events: exec\n#   remediation", 1), "custom.events must be a list"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(context.Background(), src(map[string]string{"a.rego": c.file}))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func ids(ms []Match) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Rule.ID+": "+m.Msg)
	}
	return strings.Join(out, "; ")
}

func TestRuntimeEvaluator(t *testing.T) {
	ctx := context.Background()
	r := NewRuntimeEvaluator(runtimeEngine(t))

	// Only the exec rules and the rule without events run; the pid never
	// reaches the rules.
	ms, err := r.Eval(ctx, "exec", execInput(100, "sh"))
	if err != nil || ids(ms) != "T-SH: shell /bin/sh in web" {
		t.Fatalf("exec: %q %v", ids(ms), err)
	}
	host := map[string]any{"event": map[string]any{"type": "connect", "time": 1}, "host": true, "process": map[string]any{"pid": 7, "name": "sh"}}
	if ms, err := r.Eval(ctx, "connect", host); err != nil || ids(ms) != "T-ANY: event connect" {
		t.Fatalf("connect: %q %v", ids(ms), err)
	}

	// The same exec from other pids at other times is answered from the cache.
	for pid := 200; pid < 210; pid++ {
		ms, err := r.Eval(ctx, "exec", execInput(pid, "sh"))
		if err != nil || ids(ms) != "T-SH: shell /bin/sh in web" {
			t.Fatalf("pid %d: %q %v", pid, ids(ms), err)
		}
		ms[0].Msg = "changed by the caller"
	}
	if evals, hits := r.Stats(); evals != 12 || hits != 10 {
		t.Errorf("Stats() = %d evals, %d hits; want 12, 10", evals, hits)
	}
	// A different process is not.
	if ms, _ := r.Eval(ctx, "exec", execInput(300, "ls")); len(ms) != 0 {
		t.Errorf("ls: %q", ids(ms))
	}
	if _, hits := r.Stats(); hits != 10 {
		t.Errorf("ls was a cache hit")
	}
	// The caller's input is left alone.
	in := execInput(400, "sh")
	r.Eval(ctx, "exec", in)
	if in["process"].(map[string]any)["pid"] != 400 || in["event"].(map[string]any)["time"] == nil {
		t.Errorf("input modified: %v", in)
	}

	for name, c := range map[string]struct {
		typ  string
		in   map[string]any
		want string
	}{
		"unknown type":   {"fork", execInput(1, "sh"), `runtime event type "fork"`},
		"type mismatch":  {"open", execInput(1, "sh"), `event.type is "exec", want "open"`},
		"no event":       {"exec", map[string]any{}, "event.type is missing"},
		"too deep":       {"exec", deep(40), "nested deeper than 32 levels"},
		"not json":       {"exec", map[string]any{"event": map[string]any{"type": "exec"}, "x": func() {}}, "func()"},
		"not a json num": {"exec", map[string]any{"event": map[string]any{"type": "exec"}, "x": 0.0 / zero()}, "is not JSON"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := r.Eval(ctx, c.typ, c.in); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func zero() float64 { return 0 }

func deep(n int) map[string]any {
	m := map[string]any{"event": map[string]any{"type": "exec"}}
	cur := m
	for range n {
		next := map[string]any{}
		cur["x"] = next
		cur = next
	}
	return m
}

func TestRuntimeEvaluatorWithoutCache(t *testing.T) {
	r := NewRuntimeEvaluator(runtimeEngine(t), WithCacheSize(0))
	for pid := range 3 {
		if ms, err := r.Eval(context.Background(), "exec", execInput(pid+10, "sh")); err != nil || len(ms) != 1 {
			t.Fatalf("%q %v", ids(ms), err)
		}
	}
	if evals, hits := r.Stats(); evals != 3 || hits != 0 {
		t.Errorf("Stats() = %d, %d", evals, hits)
	}
}

func TestRuntimeCacheIsBounded(t *testing.T) {
	r := NewRuntimeEvaluator(runtimeEngine(t), WithCacheSize(8))
	for i := range 100 {
		r.Eval(context.Background(), "exec", execInput(1, fmt.Sprintf("p%d", i)))
	}
	if n := len(r.cur) + len(r.old); n > 8 {
		t.Errorf("cache holds %d entries, bound 8", n)
	}
	// The most recent input is still there.
	r.Eval(context.Background(), "exec", execInput(2, "p99"))
	if _, hits := r.Stats(); hits != 1 {
		t.Errorf("recent input not cached: %d hits", hits)
	}
}

// TestRuntimeHashIsCanonical: what the rules see decides the key, not how
// the caller built the map.
func TestRuntimeHashIsCanonical(t *testing.T) {
	r := NewRuntimeEvaluator(runtimeEngine(t))
	key := func(v map[string]any) uint64 {
		k, err := r.hash(v)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	var fromJSON map[string]any
	json.Unmarshal([]byte(`{"network": {"port": 443, "address": "10.0.0.1"}, "process": {"args": ["a", "b"], "uid": 0}}`), &fromJSON)
	same := []map[string]any{
		{"process": map[string]any{"uid": 0, "args": []any{"a", "b"}}, "network": map[string]any{"address": "10.0.0.1", "port": 443}},
		{"network": map[string]any{"port": uint16(443), "address": "10.0.0.1", "pid": 9}, "process": map[string]any{"args": []string{"a", "b"}, "uid": uint32(0), "ppid": 3}},
		{"network": map[string]any{"port": 443.0, "address": "10.0.0.1"}, "process": map[string]any{"args": []any{"a", "b"}, "uid": json.Number("0")}, "time": "now"},
		fromJSON,
	}
	for i, m := range same[1:] {
		if key(m) != key(same[0]) {
			t.Errorf("input %d hashes differently from input 0", i+1)
		}
	}
	different := []map[string]any{
		{"process": map[string]any{"uid": 0, "args": []any{"ab"}}, "network": map[string]any{"address": "10.0.0.1", "port": 443}},
		{"process": map[string]any{"uid": 0, "args": []any{"a", "b"}}, "network": map[string]any{"address": "10.0.0.1", "port": "443"}},
		{"process": map[string]any{"uid": 0, "args": []any{"a", "b"}}, "network": map[string]any{"address": "10.0.0.1", "port": 443.5}},
		{"process": map[string]any{"uid": 0, "args": []any{"a", "b"}}, "network": map[string]any{"address": "10.0.0.1", "port": 443, "x": nil}},
		{"process": map[string]any{"uid": 0, "args": []any{"a", "b"}}},
	}
	seen := map[uint64]int{key(same[0]): -1}
	for i, m := range different {
		k := key(m)
		if j, dup := seen[k]; dup {
			t.Errorf("inputs %d and %d share a key", i, j)
		}
		seen[k] = i
	}
}

// TestRuntimeEvaluatorConcurrent is for -race: the per-type queries and the
// cache are shared.
func TestRuntimeEvaluatorConcurrent(t *testing.T) {
	r := NewRuntimeEvaluator(runtimeEngine(t), WithCacheSize(16))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				name := []string{"sh", "ls", "cat"}[(g+i)%3]
				ms, err := r.Eval(context.Background(), "exec", execInput(i, name))
				if err != nil || (name == "sh") != (len(ms) == 1) {
					t.Errorf("%s: %q %v", name, ids(ms), err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// benchInput is what the watch loop builds for an exec in a Kubernetes pod.
func benchInput(pid int, arg string) map[string]any {
	anc := func(pid int, path, comm string) map[string]any {
		return map[string]any{"pid": uint32(pid), "path": path, "name": path[strings.LastIndex(path, "/")+1:], "comm": comm}
	}
	ancestors := []any{anc(pid-1, "/bin/dash", "sh"), anc(pid-2, "/usr/local/bin/python3.12", "gunicorn"), anc(pid-3, "/usr/local/bin/python3.12", "gunicorn")}
	return map[string]any{
		"event": map[string]any{"type": "exec"},
		"process": map[string]any{
			"pid": uint32(pid), "ppid": uint32(pid - 1), "uid": uint32(1000), "gid": uint32(1000), "comm": "curl",
			"path": "/usr/bin/curl", "name": "curl", "args": []any{"curl", "-fsS", arg},
			"cmdline": "curl -fsS " + arg, "stdinSocket": false, "stdoutSocket": false, "entrypoint": false,
		},
		"parent":     ancestors[0],
		"ancestors":  ancestors,
		"host":       false,
		"kubernetes": map[string]any{"cluster": "prod", "node": "node-3", "namespace": "shop", "pod": "api-7d9f8b-x2k4q"},
		"container": map[string]any{
			"id": "9b1c2d3e4f5a6b7c8d9e", "runtime": "containerd", "name": "api", "image": "ghcr.io/acme/api:2.4.1",
			"repository": "ghcr.io/acme/api", "imageDigest": "sha256:4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b",
		},
		"model": map[string]any{"state": "active", "knownProcess": true, "knownFile": false, "knownDestination": false, "knownListen": false},
	}
}

func bundledRuntime(b *testing.B, opts ...RuntimeOption) *RuntimeEvaluator {
	e, err := Load(context.Background(), []Source{{Name: "rules", FS: rules.FS(), Bundled: true}})
	if err != nil {
		b.Fatal(err)
	}
	return NewRuntimeEvaluator(e, opts...)
}

// BenchmarkRuntimeEvalCached is the watch loop's common case: an exec seen
// before, from another pid.
func BenchmarkRuntimeEvalCached(b *testing.B) {
	r := bundledRuntime(b)
	ctx := context.Background()
	inputs := make([]map[string]any, 64)
	for i := range inputs {
		inputs[i] = benchInput(1000+i, "http://localhost:8080/healthz")
	}
	if _, err := r.Eval(ctx, "exec", inputs[0]); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := r.Eval(ctx, "exec", inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
	if _, hits := r.Stats(); hits == 0 {
		b.Fatal("no cache hits")
	}
}

// BenchmarkRuntimeEvalMiss is an exec never seen before: every bundled exec
// rule runs.
func BenchmarkRuntimeEvalMiss(b *testing.B) {
	r := bundledRuntime(b)
	ctx := context.Background()
	inputs := make([]map[string]any, 4096)
	for i := range inputs {
		inputs[i] = benchInput(1000, fmt.Sprintf("http://10.0.0.%d:8080/x", i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// A fresh cache per round of inputs keeps every call a miss.
		if i%len(inputs) == 0 {
			b.StopTimer()
			r = NewRuntimeEvaluator(r.e)
			b.StartTimer()
		}
		if _, err := r.Eval(ctx, "exec", inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRuntimeHash is the cost of the cache key alone.
func BenchmarkRuntimeHash(b *testing.B) {
	in := benchInput(1000, "http://localhost:8080/healthz")
	seed := maphash.MakeSeed()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := hashValue(seed, in, 0); err != nil {
			b.Fatal(err)
		}
	}
}
