package k8s

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// Identity says which cluster a context points at. Two contexts with the
// same UID are the same cluster.
type Identity struct {
	// Name is the cluster's name in reports.
	Name string `json:"name"`
	// Context is the kubeconfig context it was reached through.
	Context string `json:"context"`
	// UID is the UID of the kube-system namespace, stable for the
	// cluster's lifetime.
	UID string `json:"uid,omitempty"`
	// Version is the API server's gitVersion ("v1.34.4").
	Version string `json:"version,omitempty"`
	// Server is the API endpoint.
	Server string `json:"server,omitempty"`
}

// Resource is a kind of object palisade reads.
type Resource struct {
	Group, Version, Resource, Kind string
}

// GVR is the resource's group/version/resource.
func (r Resource) GVR() schema.GroupVersionResource {
	return schema.GroupVersionResource{Group: r.Group, Version: r.Version, Resource: r.Resource}
}

// String is "deployments.apps" or "pods".
func (r Resource) String() string {
	if r.Group == "" {
		return r.Resource
	}
	return r.Resource + "." + r.Group
}

// Resources are what a cluster scan lists: workloads and their pods, the
// objects that expose them, network policies, RBAC, service accounts and
// secrets (their values are dropped as they are read), and namespace-level
// policy objects.
var Resources = []Resource{
	{"", "v1", "namespaces", "Namespace"},
	{"", "v1", "pods", "Pod"},
	{"apps", "v1", "deployments", "Deployment"},
	{"apps", "v1", "statefulsets", "StatefulSet"},
	{"apps", "v1", "daemonsets", "DaemonSet"},
	{"apps", "v1", "replicasets", "ReplicaSet"},
	{"batch", "v1", "jobs", "Job"},
	{"batch", "v1", "cronjobs", "CronJob"},
	{"", "v1", "replicationcontrollers", "ReplicationController"},
	{"", "v1", "services", "Service"},
	{"networking.k8s.io", "v1", "ingresses", "Ingress"},
	{"networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy"},
	{"", "v1", "serviceaccounts", "ServiceAccount"},
	{"", "v1", "secrets", "Secret"},
	{"", "v1", "configmaps", "ConfigMap"},
	{"rbac.authorization.k8s.io", "v1", "roles", "Role"},
	{"rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding"},
	{"rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole"},
	{"rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding"},
	{"", "v1", "limitranges", "LimitRange"},
	{"", "v1", "resourcequotas", "ResourceQuota"},
	{"policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget"},
}

// NotAssessed is a resource that could not be listed, and why: the checks
// that need it are not assessed, never passed.
type NotAssessed struct {
	Resource string `json:"resource"`
	Reason   string `json:"reason"`
}

// Snapshot is what was read of one cluster.
type Snapshot struct {
	Identity Identity
	// Objects are the listed objects as JSON-like values, with apiVersion
	// and kind set, managed fields, last-applied annotations and secret
	// values removed.
	Objects []map[string]any
	// NotAssessed lists the resources that could not be read.
	NotAssessed []NotAssessed
}

// CollectOptions tune collection.
type CollectOptions struct {
	// PageSize is the list page size (default 500).
	PageSize int64
	// Parallel is how many resources are listed at once (default 4).
	Parallel int
	// Timeout bounds each request (default 30s).
	Timeout time.Duration
}

// ErrUnreachable wraps the failure to reach a cluster at all; ErrRefused
// a cluster that refuses the credentials.
var (
	ErrUnreachable = errors.New("cluster unreachable")
	ErrRefused     = errors.New("credentials refused")
)

// Identify reaches the cluster behind t and says which it is. An
// unreachable cluster, or one that refuses the credentials, is an error.
func Identify(ctx context.Context, t Target, o CollectOptions) (Identity, error) {
	if t.Err != nil {
		return Identity{Name: t.Name, Context: t.Context, Server: t.Server}, t.Err
	}
	return identify(ctx, o.config(t), t)
}

func (o *CollectOptions) defaults() {
	if o.PageSize <= 0 {
		o.PageSize = 500
	}
	if o.Parallel <= 0 {
		o.Parallel = 4
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
}

func (o CollectOptions) config(t Target) *rest.Config {
	o.defaults()
	cfg := rest.CopyConfig(t.Config)
	cfg.Timeout = o.Timeout
	if cfg.QPS == 0 {
		cfg.QPS, cfg.Burst = 50, 100
	}
	cfg.UserAgent = "palisade"
	return cfg
}

// Collect reads every resource of the cluster id identified, paged. A
// resource the credentials may not list, or that the server does not
// serve, is recorded in NotAssessed and the others are still read.
func Collect(ctx context.Context, t Target, id Identity, o CollectOptions) (*Snapshot, error) {
	o.defaults()
	cfg := o.config(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("cluster %s: %w", t.Name, err)
	}
	snap := &Snapshot{Identity: id}
	type part struct {
		objs []map[string]any
		na   *NotAssessed
	}
	parts := make([]part, len(Resources))
	// Controllers are read before what they own, so that owned
	// ReplicaSets, Jobs and Pods, which are judged through their
	// controller, can be trimmed as they arrive: memory then grows with
	// the number of workloads more than with the number of pods.
	var ctrlMu sync.Mutex
	controllers := map[ownerKey]bool{}
	stage := func(which func(Resource) bool) {
		var idx []int
		for i, r := range Resources {
			if which(r) {
				idx = append(idx, i)
			}
		}
		jobs := make(chan int)
		var wg sync.WaitGroup
		for range min(o.Parallel, len(idx)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					ctrlMu.Lock()
					read := maps.Clone(controllers)
					ctrlMu.Unlock()
					objs, err := listAll(ctx, dyn, Resources[i], o.PageSize, read)
					if err != nil {
						parts[i].na = &NotAssessed{Resource: Resources[i].String(), Reason: reason(err)}
						continue
					}
					parts[i].objs = objs
				}
			}()
		}
		for _, i := range idx {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		ctrlMu.Lock()
		for _, i := range idx {
			if controllerKinds[Resources[i].Kind] {
				for _, obj := range parts[i].objs {
					controllers[keyOf(obj)] = true
				}
			}
		}
		ctrlMu.Unlock()
	}
	stage(func(r Resource) bool { return r.Kind != "Pod" && r.Kind != "ReplicaSet" && r.Kind != "Job" })
	stage(func(r Resource) bool { return r.Kind == "ReplicaSet" || r.Kind == "Job" })
	stage(func(r Resource) bool { return r.Kind == "Pod" })
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	for _, p := range parts {
		snap.Objects = append(snap.Objects, p.objs...)
		if p.na != nil {
			snap.NotAssessed = append(snap.NotAssessed, *p.na)
		}
	}
	return snap, nil
}

func identify(ctx context.Context, cfg *rest.Config, t Target) (Identity, error) {
	id := Identity{Name: t.Name, Context: t.Context, Server: cfg.Host}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return id, fmt.Errorf("cluster %s: %w", t.Name, err)
	}
	v, err := dc.ServerVersion()
	switch {
	case apierrors.IsUnauthorized(err) || apierrors.IsForbidden(err):
		return id, fmt.Errorf("%s: %w: %s", cfg.Host, ErrRefused, reason(err))
	case err != nil:
		return id, fmt.Errorf("%s: %w: %s", cfg.Host, ErrUnreachable, reason(err))
	}
	id.Version = v.GitVersion
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return id, fmt.Errorf("cluster %s: %w", t.Name, err)
	}
	ns, err := cs.CoreV1().Namespaces().Get(ctx, "kube-system", metav1.GetOptions{})
	switch {
	case err == nil:
		id.UID = string(ns.UID)
	case apierrors.IsUnauthorized(err):
		return id, fmt.Errorf("%s: %w: %s", cfg.Host, ErrRefused, reason(err))
	}
	// Without the right to read kube-system the cluster is still scanned,
	// identified by its endpoint only.
	return id, nil
}

// OwnedKinds maps a kind to the controller kinds through which its objects
// are judged: a Pod run by a ReplicaSet is judged as the ReplicaSet's
// template, itself judged as its Deployment's. Objects so owned, whose
// controller was read, are trimmed as they are listed.
var OwnedKinds = map[string]map[string]bool{
	"Pod":        {"ReplicaSet": true, "StatefulSet": true, "DaemonSet": true, "Job": true, "ReplicationController": true},
	"ReplicaSet": {"Deployment": true},
	"Job":        {"CronJob": true},
}

// controllerKinds are the kinds that own ReplicaSets, Jobs and Pods.
var controllerKinds = func() map[string]bool {
	out := map[string]bool{}
	for _, owners := range OwnedKinds {
		for k := range owners {
			out[k] = true
		}
	}
	return out
}()

type ownerKey struct{ kind, namespace, name string }

func keyOf(obj map[string]any) ownerKey {
	md, _ := obj["metadata"].(map[string]any)
	ns, _ := md["namespace"].(string)
	n, _ := md["name"].(string)
	k, _ := obj["kind"].(string)
	return ownerKey{k, ns, n}
}

// ControllerOf returns the kind and name of an object's controlling owner
// (the ownerReference with controller: true), which lives in the object's
// namespace.
func ControllerOf(obj map[string]any) (kind, name string, ok bool) {
	md, _ := obj["metadata"].(map[string]any)
	refs, _ := md["ownerReferences"].([]any)
	for _, r := range refs {
		m, _ := r.(map[string]any)
		if c, _ := m["controller"].(bool); c {
			kind, _ = m["kind"].(string)
			name, _ = m["name"].(string)
			return kind, name, kind != "" && name != ""
		}
	}
	return "", "", false
}

// trimOwned keeps of an object judged through its controller what is still
// used: its identity and owners, and for pods the containers' names and
// images and what their status says runs (phase, image IDs).
func trimOwned(obj map[string]any) map[string]any {
	md, _ := obj["metadata"].(map[string]any)
	keep := map[string]any{}
	for _, k := range []string{"name", "namespace", "uid", "labels", "ownerReferences"} {
		if v, ok := md[k]; ok {
			keep[k] = v
		}
	}
	out := map[string]any{"apiVersion": obj["apiVersion"], "kind": obj["kind"], "metadata": keep}
	if obj["kind"] != "Pod" {
		return out
	}
	spec, _ := obj["spec"].(map[string]any)
	ts := map[string]any{}
	for _, f := range []string{"initContainers", "containers", "ephemeralContainers"} {
		list, _ := spec[f].([]any)
		var cs []any
		for _, c := range list {
			m, _ := c.(map[string]any)
			cs = append(cs, map[string]any{"name": m["name"], "image": m["image"]})
		}
		if cs != nil {
			ts[f] = cs
		}
	}
	out["spec"] = ts
	status, _ := obj["status"].(map[string]any)
	st := map[string]any{"phase": status["phase"]}
	for _, f := range []string{"initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"} {
		list, _ := status[f].([]any)
		var cs []any
		for _, c := range list {
			m, _ := c.(map[string]any)
			cs = append(cs, map[string]any{"name": m["name"], "image": m["image"], "imageID": m["imageID"]})
		}
		if cs != nil {
			st[f] = cs
		}
	}
	out["status"] = st
	return out
}

// listAll lists one resource across namespaces, page by page. Objects
// whose controller is in owned are trimmed (see trimOwned).
func listAll(ctx context.Context, dyn dynamic.Interface, r Resource, page int64, owned map[ownerKey]bool) ([]map[string]any, error) {
	var out []map[string]any
	cont := ""
	for {
		l, err := dyn.Resource(r.GVR()).List(ctx, metav1.ListOptions{Limit: page, Continue: cont})
		if err != nil {
			return nil, err
		}
		for i := range l.Items {
			obj := l.Items[i].Object
			obj["apiVersion"] = apiVersion(r)
			obj["kind"] = r.Kind
			trim(obj)
			if k, n, ok := ControllerOf(obj); ok && OwnedKinds[r.Kind][k] && owned[ownerKey{k, keyOf(obj).namespace, n}] {
				obj = trimOwned(obj)
			}
			out = append(out, obj)
		}
		cont = l.GetContinue()
		if cont == "" {
			return out, nil
		}
	}
}

func apiVersion(r Resource) string {
	if r.Group == "" {
		return r.Version
	}
	return r.Group + "/" + r.Version
}

// trim drops what no rule reads and memory should not hold: managed
// fields, the last-applied copy of the object, and secret values (keys
// are kept).
func trim(obj map[string]any) {
	if md, ok := obj["metadata"].(map[string]any); ok {
		delete(md, "managedFields")
		if ann, ok := md["annotations"].(map[string]any); ok {
			delete(ann, "kubectl.kubernetes.io/last-applied-configuration")
		}
	}
	if obj["kind"] == "Secret" {
		for _, f := range []string{"data", "stringData"} {
			if m, ok := obj[f].(map[string]any); ok {
				for k := range m {
					m[k] = ""
				}
			}
		}
	}
}

// reason is an API error in one line, without the Go error chain.
func reason(err error) string {
	var se apierrors.APIStatus
	if errors.As(err, &se) {
		st := se.Status()
		if st.Message != "" {
			return strings.ToLower(string(st.Reason)) + ": " + st.Message
		}
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}
