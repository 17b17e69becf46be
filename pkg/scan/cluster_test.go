package scan_test

import (
	"slices"
	"testing"

	"github.com/palisadesec/palisade/pkg/scan"
)

func obj(kind, ns, name, ownerKind, ownerName string) map[string]any {
	md := map[string]any{"name": name, "namespace": ns}
	if ownerKind != "" {
		md["ownerReferences"] = []any{map[string]any{"kind": ownerKind, "name": ownerName, "controller": true}}
	}
	return map[string]any{"apiVersion": "v1", "kind": kind, "metadata": md}
}

// TestAttributable: objects run by a controller that was read are judged
// through it; one whose controller was not read, or is not a controller
// of its kind, is judged itself.
func TestAttributable(t *testing.T) {
	objs := []map[string]any{
		obj("Deployment", "a", "web", "", ""),
		obj("ReplicaSet", "a", "web-1", "Deployment", "web"),
		obj("Pod", "a", "web-1-x", "ReplicaSet", "web-1"),
		obj("Pod", "a", "orphan", "ReplicaSet", "gone"),
		obj("Pod", "a", "odd", "Deployment", "web"),
		obj("Pod", "b", "web-1-y", "ReplicaSet", "web-1"), // another namespace
		obj("CronJob", "a", "nightly", "", ""),
		obj("Job", "a", "nightly-1", "CronJob", "nightly"),
		obj("Pod", "a", "nightly-1-z", "Job", "nightly-1"),
		obj("Job", "a", "manual", "", ""),
	}
	var got []string
	for _, o := range scan.Attributable(objs) {
		md := o["metadata"].(map[string]any)
		got = append(got, o["kind"].(string)+"/"+md["namespace"].(string)+"/"+md["name"].(string))
	}
	want := []string{"Deployment/a/web", "Pod/a/orphan", "Pod/a/odd", "Pod/b/web-1-y", "CronJob/a/nightly", "Job/a/manual"}
	if !slices.Equal(got, want) {
		t.Errorf("attributable %v, want %v", got, want)
	}
}
