package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// The DaemonSet in deploy/ must run flags that exist, and its ClusterRole
// must grant exactly what the pod index uses.
func TestRuntimeDaemonSet(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "deploy", "runtime", "daemonset.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	var rules []any
	for _, doc := range strings.Split(string(data), "\n---") {
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(doc), &obj); err != nil {
			t.Fatal(err)
		}
		switch obj["kind"] {
		case "DaemonSet":
			spec := obj["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
			if spec["hostPID"] != true {
				t.Error("the DaemonSet needs hostPID")
			}
			c := spec["containers"].([]any)[0].(map[string]any)
			for _, a := range c["args"].([]any) {
				args = append(args, a.(string))
			}
		case "ClusterRole":
			rules = obj["rules"].([]any)
		}
	}
	if len(args) < 2 || args[0] != "runtime" || args[1] != "watch" {
		t.Fatalf("DaemonSet args %v", args)
	}
	expanded := regexp.MustCompile(`\$\([A-Z_]+\)`).ReplaceAllString(strings.Join(args[2:], "\x00"), "x")
	cmd := newRuntimeWatchCmd(Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	if err := cmd.ParseFlags(strings.Split(expanded, "\x00")); err != nil {
		t.Errorf("DaemonSet args do not parse: %v", err)
	}
	if len(rules) != 1 {
		t.Fatalf("ClusterRole rules %v", rules)
	}
	r := rules[0].(map[string]any)
	got, _ := yaml.Marshal(r)
	want := "apiGroups:\n- \"\"\nresources:\n- pods\nverbs:\n- get\n- list\n- watch\n"
	if string(got) != want {
		t.Errorf("ClusterRole grants\n%s\nwant\n%s", got, want)
	}
}
