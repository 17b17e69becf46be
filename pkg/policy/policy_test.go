package policy

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const goodRule = `# METADATA
# title: Kind is Pod
# description: Fires on every Pod.
# custom:
#   id: T-001
#   severity: HIGH
#   input: kubernetes
#   kinds: [Pod]
#   remediation: None.
#   compliance: [pss:baseline]
package palisade.kubernetes.t001

deny contains {"msg": "a pod", "path": ["spec", "containers", 0]} if input.kind == "Pod"
`

func src(files map[string]string) []Source {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return []Source{{Name: "custom", FS: m}}
}

func TestLoadAndEval(t *testing.T) {
	e, err := Load(context.Background(), src(map[string]string{"good.rego": goodRule, "good_test.rego": "package x_test\n\ntest_x if true\n", "testdata/ignored.rego": "not rego"}))
	if err != nil {
		t.Fatal(err)
	}
	r, ok := e.Rule("t-001")
	if !ok || r.Title != "Kind is Pod" || r.Severity.String() != "HIGH" || !r.AppliesTo("Pod") || r.AppliesTo("Service") || r.Compliance[0] != "pss:baseline" {
		t.Fatalf("rule %+v", r)
	}
	ms, err := e.Eval(context.Background(), InputKubernetes, "Pod", map[string]any{"kind": "Pod"})
	if err != nil || len(ms) != 1 || ms[0].Msg != "a pod" || len(ms[0].Path) != 3 || ms[0].Object != -1 {
		t.Fatalf("matches %+v err %v", ms, err)
	}
	if ms, _ := e.Eval(context.Background(), InputKubernetes, "Service", map[string]any{"kind": "Pod"}); len(ms) != 0 {
		t.Errorf("rule for Pods ran on a Service: %+v", ms)
	}
}

func TestLoadErrors(t *testing.T) {
	meta := func(id, sev, input string) string {
		return "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: " + id + "\n#   severity: " + sev + "\n#   input: " + input + "\n#   remediation: R\n"
	}
	for name, c := range map[string]struct {
		files map[string]string
		want  string
	}{
		"syntax":         {map[string]string{"a.rego": goodRule + "\ndeny contains x if {\n"}, "custom/a.rego:"},
		"type":           {map[string]string{"a.rego": goodRule + "\ndeny contains x if { x := 1 + \"a\" }\n"}, "custom/a.rego:15: plus: invalid argument"},
		"no metadata":    {map[string]string{"a.rego": "package palisade.kubernetes.a\n\ndeny contains 1 if true\n"}, "no METADATA"},
		"missing fields": {map[string]string{"a.rego": "# METADATA\n# title: T\npackage palisade.kubernetes.a\n\ndeny contains 1 if true\n"}, "METADATA lacks custom.id, custom.input, custom.remediation, custom.severity, description"},
		"bad severity":   {map[string]string{"a.rego": meta("T-1", "SEVERE", "kubernetes") + "package palisade.kubernetes.a\n\ndeny contains 1 if true\n"}, "custom.severity"},
		"wrong package":  {map[string]string{"a.rego": meta("T-1", "LOW", "dockerfile") + "package palisade.kubernetes.a\n\ndeny contains 1 if true\n"}, "must be in a package under data.palisade.dockerfile"},
		"reserved id":    {map[string]string{"a.rego": meta("PAL-K8S-001", "LOW", "kubernetes") + "package palisade.kubernetes.a\n\ndeny contains 1 if true\n"}, "PAL- prefix is reserved"},
		"duplicate id":   {map[string]string{"a.rego": goodRule, "b.rego": strings.Replace(goodRule, "t001", "t002", 1)}, "T-001 is already used"},
		"no deny":        {map[string]string{"a.rego": meta("T-1", "LOW", "kubernetes") + "package palisade.kubernetes.a\n\nallow if true\n"}, "no `deny` rule"},
		"network":        {map[string]string{"a.rego": meta("T-1", "LOW", "kubernetes") + "package palisade.kubernetes.a\n\ndeny contains 1 if http.send({\"method\": \"GET\", \"url\": \"http://x\"})\n"}, "undefined function http.send"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(context.Background(), src(c.files))
			var le *LoadError
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if !asLoadError(err, &le) {
				t.Errorf("%T is not a *LoadError", err)
			}
		})
	}
}

func asLoadError(err error, le **LoadError) bool {
	l, ok := err.(*LoadError)
	*le = l
	return ok
}

// A rule failing at run time is named; the other rules still report.
func TestEvalIsolatesFailingRule(t *testing.T) {
	bad := strings.NewReplacer("T-001", "T-002", "t001", "t002", "Kind is Pod", "Conflict").Replace(goodRule)
	bad = strings.Replace(bad, `deny contains {"msg": "a pod", "path": ["spec", "containers", 0]} if input.kind == "Pod"`, "v := 1 if true\n\nv := 2 if true\n\ndeny contains \"x\" if v", 1)
	e, err := Load(context.Background(), src(map[string]string{"good.rego": goodRule, "bad.rego": bad}))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := e.Eval(context.Background(), InputKubernetes, "Pod", map[string]any{"kind": "Pod"})
	if err == nil || !strings.Contains(err.Error(), "rule T-002 (custom/bad.rego)") {
		t.Errorf("error %v does not name the failing rule", err)
	}
	if len(ms) != 1 || ms[0].Rule.ID != "T-001" {
		t.Errorf("matches of the good rule lost: %+v", ms)
	}
}

// A rule that runs for too long is stopped.
func TestEvalTimeout(t *testing.T) {
	slow := strings.NewReplacer("T-001", "T-003", "t001", "t003", "Kind is Pod", "Slow").Replace(goodRule)
	slow = strings.Replace(slow, `deny contains {"msg": "a pod", "path": ["spec", "containers", 0]} if input.kind == "Pod"`, "deny contains x if {\n\tsome x in numbers.range(1, 100000000)\n\tx < 0\n}", 1)
	e, err := Load(context.Background(), src(map[string]string{"slow.rego": slow}), WithTimeout(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = e.Eval(context.Background(), InputKubernetes, "Pod", map[string]any{"kind": "Pod"})
	if err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("timeout not honoured: %s", d)
	}
}

func TestRunTests(t *testing.T) {
	s := src(map[string]string{
		"good.rego":      goodRule,
		"good_test.rego": "package palisade.kubernetes.t001_test\n\nimport data.palisade.kubernetes.t001\n\ntest_pod if count(t001.deny) == 1 with input as {\"kind\": \"Pod\"}\n\ntest_wrong if count(t001.deny) == 2 with input as {\"kind\": \"Pod\"}\n",
	})
	res, err := RunTests(context.Background(), s, false, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || !res[0].Pass || res[1].Pass || res[1].Name != "test_wrong" || res[1].File != "custom/good_test.rego" {
		t.Fatalf("results %+v", res)
	}
}
