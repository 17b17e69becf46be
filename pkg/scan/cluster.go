package scan

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/palisadesec/palisade/pkg/finding"
	"github.com/palisadesec/palisade/pkg/iac"
	"github.com/palisadesec/palisade/pkg/k8s"
	"github.com/palisadesec/palisade/pkg/trust"
)

// ScanCluster evaluates the rules on what was read of a live cluster and
// returns the cluster's result: every finding names the object, and the
// result the cluster. Pods and ReplicaSets run by a controller that was
// read are judged through that controller (one finding for a Deployment,
// not one per pod); resources that could not be read are listed in the
// result's errors as not assessed.
func (s *ConfigScanner) ScanCluster(ctx context.Context, snap *k8s.Snapshot) (finding.Result, error) {
	if _, err := s.Engine(); err != nil {
		return finding.Result{}, err
	}
	id := snap.Identity
	f := iac.File{Path: id.Name, Type: "cluster"}
	judged := Attributable(snap.Objects)
	for _, obj := range judged {
		f.Docs = append(f.Docs, iac.ObjectDocument("cluster:"+id.Name, obj))
	}
	res := s.evalFile(ctx, &f, s.parallel)
	if s.trust != nil {
		ignores := map[finding.Resource][]iac.Ignore{}
		for _, d := range f.Docs {
			if len(d.Ignores) > 0 {
				ignores[*d.Resource] = d.Ignores
			}
		}
		for _, tf := range liveTrust(s.trust, id.Name, snap.Objects, judged) {
			d := iac.Document{Resource: tf.Resource, Ignores: ignores[*tf.Resource]}
			addFinding(&res, &d, tf, nil, 0, 0)
		}
	}
	info := map[string]any{"name": id.Name}
	if id.Version != "" {
		info["version"] = id.Version
	}
	res = s.finishCluster(ctx, []iac.File{f}, []finding.Result{res}, info)[0]
	res.Target = id.Name
	res.Kind = finding.KindCluster
	res.Cluster = id.Name
	res.Metadata = map[string]any{
		"context": id.Context,
		"server":  id.Server,
		"objects": len(snap.Objects),
	}
	if id.UID != "" {
		res.Metadata["uid"] = id.UID
	}
	if id.Version != "" {
		res.Metadata["version"] = id.Version
	}
	if len(snap.NotAssessed) > 0 {
		res.Metadata["notAssessed"] = snap.NotAssessed
	}
	if e := Exposed(snap.Objects); len(e) > 0 {
		res.Metadata["exposed"] = e
	}
	if p := privilegedWorkloads(res.Findings); len(p) > 0 {
		res.Metadata["privileged"] = p
	}
	for _, na := range snap.NotAssessed {
		res.Errors = append(res.Errors, fmt.Sprintf("not assessed: %s: %s", na.Resource, na.Reason))
	}
	return res, nil
}

// Attributable leaves out the objects a controller that was read stands
// for: a Deployment's ReplicaSets and their pods, a CronJob's Jobs and
// their pods, and so on. An object whose controller could not be read is
// kept, so that nothing goes unjudged.
func Attributable(objs []map[string]any) []map[string]any {
	type key struct{ kind, ns, name string }
	have := map[key]bool{}
	for _, o := range objs {
		r := iac.ResourceOf(o)
		have[key{r.Kind, r.Namespace, r.Name}] = true
	}
	var out []map[string]any
	for _, o := range objs {
		r := iac.ResourceOf(o)
		if kinds := k8s.OwnedKinds[r.Kind]; kinds != nil {
			if k, n, ok := k8s.ControllerOf(o); ok && kinds[k] && have[key{k, r.Namespace, n}] {
				continue
			}
		}
		out = append(out, o)
	}
	return out
}

// Exposed lists how a cluster is reachable from outside: Services of type
// NodePort or LoadBalancer and Ingresses, as "Service ns/name (LoadBalancer)"
// or "Ingress ns/name (host, ...)".
func Exposed(objs []map[string]any) []string {
	var out []string
	for _, o := range objs {
		r := iac.ResourceOf(o)
		spec, _ := o["spec"].(map[string]any)
		switch r.Kind {
		case "Service":
			if t, _ := spec["type"].(string); t == "NodePort" || t == "LoadBalancer" {
				out = append(out, fmt.Sprintf("Service %s/%s (%s)", r.Namespace, r.Name, t))
			}
		case "Ingress":
			var hosts []string
			rules, _ := spec["rules"].([]any)
			for _, ru := range rules {
				m, _ := ru.(map[string]any)
				if h, _ := m["host"].(string); h != "" {
					hosts = append(hosts, h)
				}
			}
			if len(hosts) == 0 {
				hosts = []string{"*"}
			}
			out = append(out, fmt.Sprintf("Ingress %s/%s (%s)", r.Namespace, r.Name, joinMax(hosts, 3)))
		}
	}
	sort.Strings(out)
	return out
}

func joinMax(s []string, n int) string {
	if len(s) <= n {
		return join(s)
	}
	return fmt.Sprintf("%s and %d more", join(s[:n]), len(s)-n)
}

func join(s []string) string { return strings.Join(s, ", ") }

// privilegeRules are the rules whose findings make a workload privileged:
// privileged containers, host namespaces, sensitive host paths, runtime
// sockets and CAP_SYS_ADMIN.
var privilegeRules = map[string]bool{
	"PAL-K8S-001": true, "PAL-K8S-002": true, "PAL-K8S-003": true, "PAL-K8S-004": true,
	"PAL-K8S-006": true, "PAL-K8S-007": true, "PAL-K8S-010": true,
}

// privilegedWorkloads names the objects with a privilege finding.
func privilegedWorkloads(fs []finding.Finding) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fs {
		if !privilegeRules[f.ID] || f.Resource == nil {
			continue
		}
		n := f.Resource.Kind + " " + f.Resource.Namespace + "/" + f.Resource.Name
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// liveTrust judges the images a cluster runs. Running pods are judged by
// the digest they run (a trust group may pin digests) and their findings
// are attributed to the controller at the top of their owner chain, once
// per container; controllers with no pod read are judged by their
// template.
func liveTrust(p *trust.Policy, cluster string, objs, attributable []map[string]any) []finding.Finding {
	type key struct{ kind, ns, name string }
	top := owners(objs)
	hasPods := map[key]bool{}
	var judged []map[string]any
	for _, o := range objs {
		if iac.ResourceOf(o).Kind == "Pod" {
			t := top(o)
			hasPods[key{t.Kind, t.Namespace, t.Name}] = true
			judged = append(judged, o)
		}
	}
	for _, o := range attributable {
		r := iac.ResourceOf(o)
		if r.Kind != "Pod" && !hasPods[key{r.Kind, r.Namespace, r.Name}] {
			judged = append(judged, o)
		}
	}
	pods := map[key]map[string]any{}
	for _, o := range judged {
		if r := iac.ResourceOf(o); r.Kind == "Pod" {
			pods[key{r.Kind, r.Namespace, r.Name}] = o
		}
	}
	seen := map[string]bool{}
	var out []finding.Finding
	for _, m := range trust.Findings(p, cluster, judged) {
		f := m.Finding()
		owner := m.Resource
		if pod, ok := pods[key{m.Resource.Kind, m.Resource.Namespace, m.Resource.Name}]; ok {
			owner = top(pod)
		}
		if owner != m.Resource {
			f.Resource = &owner
			f.Message = fmt.Sprintf("container %q (pod %s): %s", m.Container, m.Resource.Name, m.Verdict.Reason)
		}
		k := f.ID + "\x00" + owner.Kind + "\x00" + owner.Namespace + "\x00" + owner.Name + "\x00" + m.Container
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

// RunningImage is an image a cluster runs, and where.
type RunningImage struct {
	// Ref is what to pull: repository@digest when the pods' status has
	// the digest, else the image as the pod spec names it.
	Ref string
	// Image is the image as written in the pod spec.
	Image string
	// Digest is the running digest, when known.
	Digest string
	// Namespaces and Workloads ("ns/Kind/name (container c)") run it.
	Namespaces []string
	Workloads  []string
}

// RunningImages lists the images of running pods, once per digest (or
// reference, when no digest is known), with the workloads that run them:
// a pod is named by the controller at the top of its owner chain.
func RunningImages(objs []map[string]any) []RunningImage {
	owner := owners(objs)
	byKey := map[string]*RunningImage{}
	var keys []string
	for _, o := range objs {
		r := iac.ResourceOf(o)
		if r.Kind != "Pod" {
			continue
		}
		status, _ := o["status"].(map[string]any)
		if phase, _ := status["phase"].(string); phase == "Succeeded" || phase == "Failed" {
			continue
		}
		top := owner(o)
		for _, f := range []string{"initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"} {
			list, _ := status[f].([]any)
			for _, c := range list {
				cs, _ := c.(map[string]any)
				img, _ := cs["image"].(string)
				name, _ := cs["name"].(string)
				if img == "" {
					continue
				}
				id, _ := cs["imageID"].(string)
				digest := trust.ParseImageID(id)
				ref, key := img, img
				if digest != "" {
					key = digest
					if repo := repository(img); repo != "" {
						ref = repo + "@" + digest
					}
				}
				ri, ok := byKey[key]
				if !ok {
					ri = &RunningImage{Ref: ref, Image: img, Digest: digest}
					byKey[key] = ri
					keys = append(keys, key)
				}
				ri.Namespaces = appendUnique(ri.Namespaces, r.Namespace)
				ri.Workloads = appendUnique(ri.Workloads, fmt.Sprintf("%s/%s/%s (container %s)", top.Namespace, top.Kind, top.Name, name))
			}
		}
	}
	out := make([]RunningImage, 0, len(keys))
	for _, k := range keys {
		ri := byKey[k]
		sort.Strings(ri.Namespaces)
		sort.Strings(ri.Workloads)
		out = append(out, *ri)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ref < out[j].Ref })
	return out
}

// repository strips the tag or digest of an image reference.
func repository(ref string) string {
	if i := strings.Index(ref, "@"); i >= 0 {
		ref = ref[:i]
	}
	slash := strings.LastIndex(ref, "/")
	if i := strings.LastIndex(ref, ":"); i > slash {
		ref = ref[:i]
	}
	return ref
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// owners returns a function naming the controller at the top of an
// object's owner chain, among the objects read.
func owners(objs []map[string]any) func(map[string]any) finding.Resource {
	type key struct{ kind, ns, name string }
	byKey := map[key]map[string]any{}
	for _, o := range objs {
		r := iac.ResourceOf(o)
		byKey[key{r.Kind, r.Namespace, r.Name}] = o
	}
	return func(o map[string]any) finding.Resource {
		for range 8 {
			r := iac.ResourceOf(o)
			k, n, ok := k8s.ControllerOf(o)
			if !ok {
				break
			}
			next, ok := byKey[key{k, r.Namespace, n}]
			if !ok {
				break
			}
			o = next
		}
		return *iac.ResourceOf(o)
	}
}
