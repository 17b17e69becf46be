package k8stest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/util/retry"
)

// FieldManager is the server-side apply field manager of Apply.
const FieldManager = "k8stest"

// NodeName is the node MarkRunning binds pods to (no Node object exists
// unless a test applies one).
const NodeName = "k8stest-node"

type mapper struct {
	*restmapper.DeferredDiscoveryRESTMapper
	dyn dynamic.Interface
}

func (e *Env) mapper(t testing.TB, ctxName string) *mapper {
	t.Helper()
	cfg := e.RESTConfig(t, ctxName)
	e.mu.Lock()
	defer e.mu.Unlock()
	if m, ok := e.mappers[ctxName]; ok {
		return m
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatalf("k8stest: discovery for %s: %v", ctxName, err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatalf("k8stest: dynamic client for %s: %v", ctxName, err)
	}
	m := &mapper{restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc)), dyn}
	e.mappers[ctxName] = m
	return m
}

// Apply creates or updates objects (server-side apply, forced, as
// FieldManager) through the API with the given context's credentials, in
// order, and returns them as the server stored them. Typed objects need no
// TypeMeta when client-go's scheme knows them; other objects (CRs) must be
// *unstructured.Unstructured with apiVersion and kind. Namespaced objects
// without a namespace go to "default". Applying a Namespace also creates its
// "default" ServiceAccount, which a controller manager would (pods are
// rejected without it). The status of objects is not written: see
// SetPodStatus.
func (e *Env) Apply(t testing.TB, ctxName string, objs ...runtime.Object) []*unstructured.Unstructured {
	t.Helper()
	m := e.mapper(t, ctxName)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out := make([]*unstructured.Unstructured, 0, len(objs))
	for _, obj := range objs {
		u, err := toUnstructured(obj)
		if err != nil {
			t.Fatalf("k8stest: apply: %v", err)
		}
		got, err := m.apply(ctx, u)
		if err != nil {
			t.Fatalf("k8stest: apply %s %s on %s: %v", u.GetKind(), objName(u), ctxName, err)
		}
		if got.GetKind() == "Namespace" && got.GetAPIVersion() == "v1" {
			if err := ensureDefaultServiceAccount(ctx, e.Client(t, ctxName), got.GetName()); err != nil {
				t.Fatalf("k8stest: %v", err)
			}
		}
		out = append(out, got)
	}
	return out
}

// ApplyYAML applies the objects of a multi-document YAML (or JSON) manifest,
// like Apply. Lists (kind: List) are expanded.
func (e *Env) ApplyYAML(t testing.TB, ctxName, manifest string) []*unstructured.Unstructured {
	t.Helper()
	objs, err := DecodeYAML(manifest)
	if err != nil {
		t.Fatalf("k8stest: %v", err)
	}
	return e.Apply(t, ctxName, objs...)
}

// DecodeYAML decodes a multi-document YAML or JSON manifest into objects.
func DecodeYAML(manifest string) ([]runtime.Object, error) {
	dec := utilyaml.NewYAMLOrJSONDecoder(strings.NewReader(manifest), 4096)
	var objs []runtime.Object
	for i := 0; ; i++ {
		u := &unstructured.Unstructured{}
		if err := dec.Decode(&u.Object); err != nil {
			if errors.Is(err, io.EOF) {
				return objs, nil
			}
			return nil, fmt.Errorf("manifest document %d: %w", i, err)
		}
		if len(u.Object) == 0 {
			continue
		}
		if u.IsList() {
			l, err := u.ToList()
			if err != nil {
				return nil, fmt.Errorf("manifest document %d: %w", i, err)
			}
			for j := range l.Items {
				objs = append(objs, &l.Items[j])
			}
			continue
		}
		objs = append(objs, u)
	}
}

// CreateNamespace applies a namespace (and its default ServiceAccount).
func (e *Env) CreateNamespace(t testing.TB, ctxName, name string) {
	t.Helper()
	e.Apply(t, ctxName, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}})
}

func objName(u *unstructured.Unstructured) string {
	if u.GetNamespace() != "" {
		return u.GetNamespace() + "/" + u.GetName()
	}
	return u.GetName()
}

func toUnstructured(obj runtime.Object) (*unstructured.Unstructured, error) {
	var u *unstructured.Unstructured
	if uo, ok := obj.(*unstructured.Unstructured); ok {
		u = uo.DeepCopy()
	} else {
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
		if err != nil {
			return nil, err
		}
		u = &unstructured.Unstructured{Object: m}
		if gvk := obj.GetObjectKind().GroupVersionKind(); gvk.Kind == "" {
			gvks, _, err := scheme.Scheme.ObjectKinds(obj)
			if err != nil || len(gvks) == 0 {
				return nil, fmt.Errorf("%T: unknown kind, set apiVersion and kind: %v", obj, err)
			}
			u.SetGroupVersionKind(gvks[0])
		}
	}
	if u.GetKind() == "" || u.GetAPIVersion() == "" {
		return nil, fmt.Errorf("object %q has no apiVersion or kind", u.GetName())
	}
	// What a typed object always carries but an apply configuration must not.
	delete(u.Object, "status")
	unstructured.RemoveNestedField(u.Object, "metadata", "creationTimestamp")
	unstructured.RemoveNestedField(u.Object, "metadata", "resourceVersion")
	unstructured.RemoveNestedField(u.Object, "metadata", "managedFields")
	unstructured.RemoveNestedField(u.Object, "metadata", "uid")
	dropNulls(u.Object)
	return u, nil
}

// dropNulls removes null map values (typed objects encode empty
// metav1.Time fields, e.g. in pod templates, as null).
func dropNulls(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if val == nil {
				delete(x, k)
				continue
			}
			dropNulls(val)
		}
	case []any:
		for _, val := range x {
			dropNulls(val)
		}
	}
}

func (m *mapper) apply(ctx context.Context, u *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	gvk := u.GroupVersionKind()
	mapping, err := m.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		m.Reset() // a CRD may have been created since discovery was cached
		mapping, err = m.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, err
	}
	var ri dynamic.ResourceInterface = m.dyn.Resource(mapping.Resource)
	if mapping.Scope.Name() == meta.RESTScopeNameNamespace {
		if u.GetNamespace() == "" {
			u.SetNamespace(metav1.NamespaceDefault)
		}
		ri = m.dyn.Resource(mapping.Resource).Namespace(u.GetNamespace())
	} else {
		u.SetNamespace("")
	}
	return ri.Apply(ctx, u.GetName(), u, metav1.ApplyOptions{FieldManager: FieldManager, Force: true})
}

// SetPodStatus replaces a pod's status through the status subresource, as a
// kubelet would, and returns the updated pod. No kubelet runs, so this is how
// a test models running workloads; see RunningStatus and MarkRunning.
func (e *Env) SetPodStatus(t testing.TB, ctxName, ns, name string, status corev1.PodStatus) *corev1.Pod {
	t.Helper()
	cs := e.Client(t, ctxName)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out *corev1.Pod
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		pod, err := cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		pod.Status = *status.DeepCopy()
		out, err = cs.CoreV1().Pods(ns).UpdateStatus(ctx, pod, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatalf("k8stest: setting status of pod %s/%s on %s: %v", ns, name, ctxName, err)
	}
	return out
}

// MarkRunning binds an unscheduled pod to NodeName (as the scheduler would)
// and writes RunningStatus(pod, imageIDs) as its status.
func (e *Env) MarkRunning(t testing.TB, ctxName, ns, name string, imageIDs map[string]string) *corev1.Pod {
	t.Helper()
	cs := e.Client(t, ctxName)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pod, err := cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("k8stest: %v", err)
	}
	if pod.Spec.NodeName == "" {
		b := &corev1.Binding{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
			Target:     corev1.ObjectReference{Kind: "Node", Name: NodeName},
		}
		if err := cs.CoreV1().Pods(ns).Bind(ctx, b, metav1.CreateOptions{}); err != nil {
			t.Fatalf("k8stest: binding pod %s/%s: %v", ns, name, err)
		}
		if pod, err = cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{}); err != nil {
			t.Fatalf("k8stest: %v", err)
		}
	}
	return e.SetPodStatus(t, ctxName, ns, name, RunningStatus(pod, imageIDs))
}

// RunningStatus returns the status a kubelet reports for a pod whose
// containers all run (init containers completed): phase Running, the
// conditions, and a status per container with a deterministic containerID
// (containerd://<sha256 of namespace/pod/container>), the spec's image and
// imageID = imageIDs[container name], or by default
// <image without tag>@sha256:<sha256 of the image reference>.
func RunningStatus(pod *corev1.Pod, imageIDs map[string]string) corev1.PodStatus {
	started := metav1.NewTime(time.Now().Add(-time.Minute).Truncate(time.Second))
	status := corev1.PodStatus{
		Phase:     corev1.PodRunning,
		StartTime: &started,
		HostIP:    "10.0.0.10",
		HostIPs:   []corev1.HostIP{{IP: "10.0.0.10"}},
		PodIP:     "10.244.0.10",
		PodIPs:    []corev1.PodIP{{IP: "10.244.0.10"}},
		QOSClass:  pod.Status.QOSClass, // set at creation and immutable
	}
	for _, ct := range []corev1.PodConditionType{corev1.PodScheduled, corev1.PodInitialized, corev1.ContainersReady, corev1.PodReady} {
		status.Conditions = append(status.Conditions, corev1.PodCondition{Type: ct, Status: corev1.ConditionTrue, LastTransitionTime: started})
	}
	cs := func(c corev1.Container) corev1.ContainerStatus {
		id := imageIDs[c.Name]
		if id == "" {
			id = imageRepo(c.Image) + "@sha256:" + sha(c.Image)
		}
		return corev1.ContainerStatus{
			Name:        c.Name,
			Image:       c.Image,
			ImageID:     id,
			ContainerID: "containerd://" + sha(pod.Namespace+"/"+pod.Name+"/"+c.Name),
		}
	}
	for _, c := range pod.Spec.InitContainers {
		s := cs(c)
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways { // sidecar
			s.Ready = true
			s.Started = ptr(true)
			s.State.Running = &corev1.ContainerStateRunning{StartedAt: started}
			status.InitContainerStatuses = append(status.InitContainerStatuses, s)
			continue
		}
		s.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: started, FinishedAt: started, ContainerID: s.ContainerID}
		status.InitContainerStatuses = append(status.InitContainerStatuses, s)
	}
	for _, c := range pod.Spec.Containers {
		s := cs(c)
		s.Ready = true
		s.Started = ptr(true)
		s.State.Running = &corev1.ContainerStateRunning{StartedAt: started}
		status.ContainerStatuses = append(status.ContainerStatuses, s)
	}
	return status
}

func ptr[T any](v T) *T { return &v }

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// imageRepo strips the tag and digest of an image reference.
func imageRepo(ref string) string {
	if i := strings.Index(ref, "@"); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		ref = ref[:i]
	}
	return ref
}
