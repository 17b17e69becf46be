package k8s

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func kubeconfig(current string, contexts ...string) string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: Config\n")
	if current != "" {
		b.WriteString("current-context: " + current + "\n")
	}
	b.WriteString("contexts:\n")
	for _, c := range contexts {
		b.WriteString("- name: " + c + "\n  context: {cluster: " + c + ", user: " + c + "}\n")
	}
	b.WriteString("clusters:\n")
	for i, c := range contexts {
		b.WriteString("- name: " + c + "\n  cluster: {server: \"https://127.0.0.1:" + string(rune('1'+i)) + "443\"}\n")
	}
	b.WriteString("users:\n")
	for _, c := range contexts {
		b.WriteString("- name: " + c + "\n  user: {token: t-" + c + "}\n")
	}
	return b.String()
}

func write(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func names(ts []Target) string {
	var out []string
	for _, t := range ts {
		s := t.Context + "=" + t.Name
		if t.Err != nil {
			s += "!"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestTargets(t *testing.T) {
	a := write(t, "a", kubeconfig("dev", "dev", "prod"))
	b := write(t, "b", kubeconfig("", "staging"))
	for _, c := range []struct {
		name string
		env  string
		o    KubeconfigOptions
		want string
		err  string
	}{
		{name: "current context", o: KubeconfigOptions{Kubeconfig: a}, want: "dev=dev"},
		{name: "contexts in order, deduplicated", o: KubeconfigOptions{Kubeconfig: a, Contexts: []string{"prod", "dev", "prod"}}, want: "prod=prod dev=dev"},
		{name: "all contexts", o: KubeconfigOptions{Kubeconfig: a, All: true}, want: "dev=dev prod=prod"},
		{name: "unknown context is a failed target", o: KubeconfigOptions{Kubeconfig: a, Contexts: []string{"dev", "nope"}}, want: "dev=dev nope=nope!"},
		{name: "KUBECONFIG merges files", env: a + string(os.PathListSeparator) + b, o: KubeconfigOptions{All: true}, want: "dev=dev prod=prod staging=staging"},
		{name: "one cluster name", o: KubeconfigOptions{Kubeconfig: a, ClusterNames: []string{"production"}, Contexts: []string{"prod"}}, want: "prod=production"},
		{name: "pairs", o: KubeconfigOptions{Kubeconfig: a, All: true, ClusterNames: []string{"prod=production"}}, want: "dev=dev prod=production"},
		{name: "bare name with two contexts", o: KubeconfigOptions{Kubeconfig: a, All: true, ClusterNames: []string{"x"}}, err: "CONTEXT=NAME"},
		{name: "name for a context not scanned", o: KubeconfigOptions{Kubeconfig: a, ClusterNames: []string{"prod=x"}}, err: "not a context being scanned"},
		{name: "all and context", o: KubeconfigOptions{Kubeconfig: a, All: true, Contexts: []string{"dev"}}, err: "cannot be used together"},
		{name: "no current context", o: KubeconfigOptions{Kubeconfig: b}, err: "no current-context"},
		{name: "missing file", o: KubeconfigOptions{Kubeconfig: filepath.Join(t.TempDir(), "nope")}, err: "reading kubeconfig"},
		{name: "in-cluster with a kubeconfig", o: KubeconfigOptions{Kubeconfig: a, InCluster: true}, err: "--in-cluster cannot be used"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("KUBECONFIG", c.env)
			t.Setenv("HOME", t.TempDir())
			ts, err := Targets(c.o)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := names(ts); got != c.want {
				t.Fatalf("targets %q, want %q", got, c.want)
			}
			for _, tg := range ts {
				if tg.Err == nil && (tg.Config == nil || tg.Config.BearerToken != "t-"+tg.Context || tg.Server == "") {
					t.Errorf("%s: config %+v server %q", tg.Context, tg.Config, tg.Server)
				}
			}
		})
	}
}

// FuzzTargets: any kubeconfig bytes give targets or an error, never a panic.
func FuzzTargets(f *testing.F) {
	f.Add([]byte(kubeconfig("dev", "dev", "prod")))
	f.Add([]byte("apiVersion: v1\nkind: Config\ncontexts: [{name: x, context: {cluster: y}}]\ncurrent-context: x\n"))
	f.Add([]byte("{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		p := filepath.Join(t.TempDir(), "kc")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, o := range []KubeconfigOptions{{Kubeconfig: p}, {Kubeconfig: p, All: true}} {
			ts, err := Targets(o)
			if err == nil && len(ts) == 0 {
				t.Fatal("no targets and no error")
			}
		}
	})
}
