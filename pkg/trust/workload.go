package trust

import (
	"fmt"
	"strings"

	"github.com/palisadesec/palisade/pkg/finding"
)

// ContainerImage is one container image of a Kubernetes object.
type ContainerImage struct {
	// Container is the container name.
	Container string
	// Field is "containers", "initContainers" or "ephemeralContainers".
	Field string
	// Image is the image field as written.
	Image string
	// Digest is the running digest ("sha256:...") from a Pod's container
	// status imageID, empty when unknown.
	Digest string
	// Path is the field path of the image, such as
	// ["spec","template","spec","containers",0,"image"].
	Path []any
}

// podSpecPaths gives where each workload kind keeps its pod spec.
var podSpecPaths = map[string][]string{
	"Pod":                   {"spec"},
	"Deployment":            {"spec", "template", "spec"},
	"StatefulSet":           {"spec", "template", "spec"},
	"DaemonSet":             {"spec", "template", "spec"},
	"ReplicaSet":            {"spec", "template", "spec"},
	"ReplicationController": {"spec", "template", "spec"},
	"Job":                   {"spec", "template", "spec"},
	"CronJob":               {"spec", "jobTemplate", "spec", "template", "spec"},
	"PodTemplate":           {"template", "spec"},
}

var containerFields = []struct{ field, status string }{
	{"containers", "containerStatuses"},
	{"initContainers", "initContainerStatuses"},
	{"ephemeralContainers", "ephemeralContainerStatuses"},
}

func dig(obj map[string]any, path []string) (map[string]any, bool) {
	cur := obj
	for _, k := range path {
		next, ok := cur[k].(map[string]any)
		if !ok {
			return nil, false
		}
		cur = next
	}
	return cur, true
}

// ContainerImages lists the container images of a workload object: a Pod,
// Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
// Job, CronJob, PodTemplate or any other kind with a pod template at
// spec.template.spec. Containers without an image are skipped. For a Pod,
// Digest is taken from the status of the container with the same name.
func ContainerImages(obj map[string]any) []ContainerImage {
	kind, _ := obj["kind"].(string)
	path, known := podSpecPaths[kind]
	if !known {
		path = podSpecPaths["Deployment"]
	}
	spec, ok := dig(obj, path)
	if !ok {
		return nil
	}
	var digests map[string]map[string]string
	if kind == "Pod" {
		digests = statusDigests(obj)
	}
	var out []ContainerImage
	for _, cf := range containerFields {
		list, _ := spec[cf.field].([]any)
		for i, item := range list {
			c, ok := item.(map[string]any)
			if !ok {
				continue
			}
			image, _ := c["image"].(string)
			if strings.TrimSpace(image) == "" {
				continue
			}
			name, _ := c["name"].(string)
			p := make([]any, 0, len(path)+3)
			for _, s := range path {
				p = append(p, s)
			}
			p = append(p, cf.field, i, "image")
			out = append(out, ContainerImage{
				Container: name,
				Field:     cf.field,
				Image:     image,
				Digest:    digests[cf.status][name],
				Path:      p,
			})
		}
	}
	return out
}

// statusDigests maps status list name -> container name -> running digest.
func statusDigests(obj map[string]any) map[string]map[string]string {
	status, ok := obj["status"].(map[string]any)
	if !ok {
		return nil
	}
	out := map[string]map[string]string{}
	for _, cf := range containerFields {
		list, _ := status[cf.status].([]any)
		for _, item := range list {
			s, ok := item.(map[string]any)
			if !ok {
				continue
			}
			name, _ := s["name"].(string)
			id, _ := s["imageID"].(string)
			if d := ParseImageID(id); d != "" {
				if out[cf.status] == nil {
					out[cf.status] = map[string]string{}
				}
				out[cf.status][name] = d
			}
		}
	}
	return out
}

// PathString renders a field path as "spec.containers[0].image".
func PathString(path []any) string {
	var sb strings.Builder
	for _, s := range path {
		switch v := s.(type) {
		case int:
			fmt.Fprintf(&sb, "[%d]", v)
		default:
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			fmt.Fprint(&sb, v)
		}
	}
	return sb.String()
}

// Match is one container whose image violates the policy.
type Match struct {
	Resource  finding.Resource
	Container string
	// Image is the image as written in the object.
	Image string
	// Digest is the running digest, when known.
	Digest  string
	Path    []any
	Verdict Verdict
}

// Severity maps the effect: block is HIGH, alert is MEDIUM.
func (m Match) Severity() finding.Severity {
	if m.Verdict.Effect == EffectBlock {
		return finding.SeverityHigh
	}
	return finding.SeverityMedium
}

// Finding renders the violation for a report.
func (m Match) Finding() finding.Finding {
	res := m.Resource
	f := finding.Finding{
		ID:       m.Verdict.Rule,
		Type:     finding.TypeTrust,
		Severity: m.Severity(),
		Message:  fmt.Sprintf("container %q (%s): %s", m.Container, PathString(m.Path), m.Verdict.Reason),
		Resource: &res,
	}
	switch m.Verdict.Rule {
	case RuleElsewhere:
		f.Title = "Image trusted only in other clusters or namespaces"
		f.Description = "A trust group lists this image, but the group does not apply to the cluster and namespace the workload runs in."
		f.Remediation = "Run the workload where its image is trusted, or extend the scope of the trust group that lists the image."
	default:
		f.Title = "Image outside trust groups"
		f.Description = "The image is in no trust group of the trust policy that applies to the cluster and namespace the workload runs in."
		f.Remediation = "Use an image from a trust group of this cluster and namespace, or add the image to such a group."
	}
	return f
}

// objects flattens List objects (kind List or *List with items).
func objects(objs []map[string]any, depth int) []map[string]any {
	var out []map[string]any
	for _, o := range objs {
		kind, _ := o["kind"].(string)
		items, isList := o["items"].([]any)
		if isList && strings.HasSuffix(kind, "List") && depth < 4 {
			var sub []map[string]any
			for _, it := range items {
				if m, ok := it.(map[string]any); ok {
					sub = append(sub, m)
				}
			}
			out = append(out, objects(sub, depth+1)...)
			continue
		}
		out = append(out, o)
	}
	return out
}

func resourceOf(obj map[string]any) finding.Resource {
	md, _ := obj["metadata"].(map[string]any)
	r := finding.Resource{}
	r.APIVersion, _ = obj["apiVersion"].(string)
	r.Kind, _ = obj["kind"].(string)
	r.Namespace, _ = md["namespace"].(string)
	r.Name, _ = md["name"].(string)
	return r
}

// namespaceOf is the namespace a workload runs in: "default" when unset.
func namespaceOf(r finding.Resource) string {
	if r.Namespace == "" {
		return "default"
	}
	return r.Namespace
}

// Findings checks every container image of objs, which run in cluster, and
// returns the violations in object and container order.
func Findings(p *Policy, cluster string, objs []map[string]any) []Match {
	var out []Match
	for _, obj := range objects(objs, 0) {
		res := resourceOf(obj)
		for _, ci := range ContainerImages(obj) {
			v := p.Check(cluster, namespaceOf(res), ci.Image, ci.Digest)
			if v.Trusted {
				continue
			}
			out = append(out, Match{Resource: res, Container: ci.Container, Image: ci.Image, Digest: ci.Digest, Path: ci.Path, Verdict: v})
		}
	}
	return out
}
