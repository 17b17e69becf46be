package k8s

import (
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDeployClusterRoleMatchesResources: the ClusterRole shipped under
// deploy/ grants get and list on exactly what Collect reads, and nothing
// else, so a scan with it assesses everything and cannot change anything.
func TestDeployClusterRoleMatchesResources(t *testing.T) {
	data, err := os.ReadFile("../../deploy/scan-cluster/rbac.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type rule struct {
		APIGroups []string `yaml:"apiGroups"`
		Resources []string `yaml:"resources"`
		Verbs     []string `yaml:"verbs"`
	}
	var role *struct {
		Rules []rule `yaml:"rules"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var obj struct {
			Kind  string `yaml:"kind"`
			Rules []rule `yaml:"rules"`
		}
		if err := dec.Decode(&obj); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if obj.Kind == "ClusterRole" {
			role = &struct {
				Rules []rule `yaml:"rules"`
			}{obj.Rules}
		}
	}
	if role == nil {
		t.Fatal("no ClusterRole in deploy/scan-cluster/rbac.yaml")
	}
	granted := map[string]bool{}
	for _, r := range role.Rules {
		v := slices.Clone(r.Verbs)
		slices.Sort(v)
		if !slices.Equal(v, []string{"get", "list"}) {
			t.Errorf("rule %v grants %v, want exactly get and list", r.Resources, r.Verbs)
		}
		for _, g := range r.APIGroups {
			for _, res := range r.Resources {
				granted[g+"/"+res] = true
			}
		}
	}
	for _, r := range Resources {
		k := r.Group + "/" + r.Resource
		if !granted[k] {
			t.Errorf("ClusterRole does not grant %s", r)
		}
		delete(granted, k)
	}
	for k := range granted {
		t.Errorf("ClusterRole grants %s, which palisade does not read", k)
	}
}
