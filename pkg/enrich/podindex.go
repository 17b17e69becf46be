package enrich

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

// DefaultDeleteGrace is how long a PodIndex still resolves the containers
// of a deleted pod, or a container replaced by a restart: events from a
// dying container arrive after the API has forgotten it.
const DefaultDeleteGrace = 2 * time.Minute

// PodIndex maps container IDs and pod UIDs to workloads, kept current by a
// list and watch of pods on the API server. Lookups are safe from any
// goroutine and cost a map lookup under a read lock.
type PodIndex struct {
	client        kubernetes.Interface
	cluster, node string
	grace         time.Duration

	mu         sync.RWMutex
	containers map[string]*containerEntry // by bare container ID
	pods       map[string]*podEntry       // by pod UID

	err     atomic.Pointer[error]
	started atomic.Bool
	synced  chan struct{}
}

type containerEntry struct {
	w       Workload
	expires time.Time // zero while the container is in its pod's status
}

type podEntry struct {
	namespace, name string
	ids             []string  // container IDs the pod's status names
	retired         []string  // IDs its status names as before a restart
	expires         time.Time // zero until the pod is deleted
}

// PodIndexOption configures a PodIndex.
type PodIndexOption func(*PodIndex)

// WithDeleteGrace sets how long deleted pods and replaced containers still
// resolve (default DefaultDeleteGrace).
func WithDeleteGrace(d time.Duration) PodIndexOption {
	return func(x *PodIndex) {
		if d >= 0 {
			x.grace = d
		}
	}
}

// NewPodIndex returns an index of the pods of one node (all pods when node
// is ""), to be filled by Run. cluster and node name the workloads it
// returns.
func NewPodIndex(client kubernetes.Interface, cluster, node string, opts ...PodIndexOption) *PodIndex {
	x := &PodIndex{
		client:     client,
		cluster:    cluster,
		node:       node,
		grace:      DefaultDeleteGrace,
		containers: map[string]*containerEntry{},
		pods:       map[string]*podEntry{},
		synced:     make(chan struct{}),
	}
	for _, o := range opts {
		o(x)
	}
	return x
}

// Run lists and watches the pods until ctx is done, then returns nil.
// When the API server is unreachable it retries with client-go's backoff
// (up to ~30 s between attempts) and Err says why. It may be called once.
func (x *PodIndex) Run(ctx context.Context) error {
	if x.client == nil {
		return errors.New("pod index without a Kubernetes client")
	}
	if !x.started.CompareAndSwap(false, true) {
		return errors.New("pod index already running")
	}
	selector := func(o *metav1.ListOptions) {
		if x.node != "" {
			o.FieldSelector = fields.OneTermEqualSelector("spec.nodeName", x.node).String()
		}
	}
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			selector(&o)
			l, err := x.client.CoreV1().Pods(metav1.NamespaceAll).List(ctx, o)
			x.setErr(err)
			return l, err
		},
		WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			selector(&o)
			w, err := x.client.CoreV1().Pods(metav1.NamespaceAll).Watch(ctx, o)
			x.setErr(err)
			return w, err
		},
	}
	inf := cache.NewSharedIndexInformerWithOptions(lw, &corev1.Pod{}, cache.SharedIndexInformerOptions{})
	// Neither call fails before the informer runs.
	_ = inf.SetTransform(slimPod)
	_ = inf.SetWatchErrorHandlerWithContext(func(_ context.Context, _ *cache.Reflector, err error) {
		// A watch that ends or expires is routine: the reflector resumes.
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || apierrors.IsResourceExpired(err) || apierrors.IsGone(err) {
			return
		}
		x.setErr(err)
	})
	reg, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj any) { x.upsert(obj) },
		UpdateFunc: func(_, obj any) { x.upsert(obj) },
		DeleteFunc: func(obj any) { x.remove(obj) },
	})
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); x.janitor(ctx) }()
	go func() {
		defer wg.Done()
		// Poll rather than cache.WaitForCacheSync, which logs.
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for !reg.HasSynced() {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
		close(x.synced)
	}()
	inf.RunWithContext(ctx)
	wg.Wait()
	return nil
}

// WaitSynced waits until the index holds the pods of a first complete list
// (true) or ctx is done (false).
func (x *PodIndex) WaitSynced(ctx context.Context) bool {
	select {
	case <-x.synced:
		return true
	case <-ctx.Done():
		return false
	}
}

// Err returns the error of the last failed list or watch, nil once one
// succeeds again: "API unreachable: <Err>".
func (x *PodIndex) Err() error {
	if p := x.err.Load(); p != nil {
		return *p
	}
	return nil
}

func (x *PodIndex) setErr(err error) {
	if err == nil {
		if x.err.Load() != nil {
			x.err.Store(nil)
		}
		return
	}
	x.err.Store(&err)
}

// Lookup returns the workload of a container by its bare ID (no
// "containerd://"), including init and ephemeral containers, and those of
// pods deleted or restarted within the grace period.
func (x *PodIndex) Lookup(containerID string) (Workload, bool) {
	x.mu.RLock()
	e := x.containers[containerID]
	x.mu.RUnlock()
	if e == nil || (!e.expires.IsZero() && time.Now().After(e.expires)) {
		return Workload{}, false
	}
	return e.w, true
}

// LookupPod returns the namespace and name of a pod by UID, which a cgroup
// path names even before the pod's status lists the container.
func (x *PodIndex) LookupPod(uid string) (namespace, name string, ok bool) {
	x.mu.RLock()
	p := x.pods[uid]
	x.mu.RUnlock()
	if p == nil || (!p.expires.IsZero() && time.Now().After(p.expires)) {
		return "", "", false
	}
	return p.namespace, p.name, true
}

func (x *PodIndex) upsert(obj any) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return
	}
	uid := string(pod.UID)
	current, retired := x.workloads(pod)
	now := time.Now()
	x.mu.Lock()
	defer x.mu.Unlock()
	old := x.pods[uid]
	ids := make([]string, 0, len(current))
	for _, w := range current {
		x.containers[w.ContainerID] = &containerEntry{w: w}
		ids = append(ids, w.ContainerID)
	}
	// A restarted container's old ID is in lastState: it still resolves
	// for the grace period from when the index first saw it retired, and
	// is not brought back by later updates once purged.
	var retiredIDs []string
	for _, w := range retired {
		retiredIDs = append(retiredIDs, w.ContainerID)
		if contains(ids, w.ContainerID) || (old != nil && contains(old.retired, w.ContainerID)) {
			continue
		}
		if e := x.containers[w.ContainerID]; e != nil {
			if e.expires.IsZero() {
				e.expires = now.Add(x.grace)
			}
			continue
		}
		x.containers[w.ContainerID] = &containerEntry{w: w, expires: now.Add(x.grace)}
	}
	if old != nil {
		for _, id := range old.ids {
			if e := x.containers[id]; e != nil && e.expires.IsZero() && !contains(ids, id) {
				e.expires = now.Add(x.grace)
			}
		}
	}
	x.pods[uid] = &podEntry{namespace: pod.Namespace, name: pod.Name, ids: ids, retired: retiredIDs}
}

func (x *PodIndex) remove(obj any) {
	if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = d.Obj
	}
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return
	}
	expires := time.Now().Add(x.grace)
	x.mu.Lock()
	defer x.mu.Unlock()
	p := x.pods[string(pod.UID)]
	if p == nil {
		return
	}
	p.expires = expires
	for _, id := range p.ids {
		if e := x.containers[id]; e != nil && e.expires.IsZero() {
			e.expires = expires
		}
	}
}

// janitor drops what expired, so that memory follows the live pods.
func (x *PodIndex) janitor(ctx context.Context) {
	every := min(max(x.grace/2, time.Second), time.Minute)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			x.purge(now)
		}
	}
}

func (x *PodIndex) purge(now time.Time) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for id, e := range x.containers {
		if !e.expires.IsZero() && now.After(e.expires) {
			delete(x.containers, id)
		}
	}
	for uid, p := range x.pods {
		if !p.expires.IsZero() && now.After(p.expires) {
			delete(x.pods, uid)
		}
	}
}

// workloads returns the workloads of the containers a pod's status names
// (current) and of those it names only as the previous instance of a
// restarted container (retired).
func (x *PodIndex) workloads(pod *corev1.Pod) (current, retired []Workload) {
	images := map[string]string{}
	for _, c := range pod.Spec.InitContainers {
		images[c.Name] = c.Image
	}
	for _, c := range pod.Spec.Containers {
		images[c.Name] = c.Image
	}
	for _, c := range pod.Spec.EphemeralContainers {
		images[c.Name] = c.Image
	}
	node := pod.Spec.NodeName
	if node == "" {
		node = x.node
	}
	base := Workload{
		Cluster:   x.cluster,
		Node:      node,
		Namespace: pod.Namespace,
		Pod:       pod.Name,
		PodUID:    string(pod.UID),
		Labels:    pod.Labels,
	}
	add := func(st corev1.ContainerStatus) {
		w := base
		w.Container = st.Name
		w.Image = images[st.Name]
		if w.Image == "" {
			w.Image = st.Image
		}
		w.Repository = repository(w.Image)
		w.ImageDigest = digestOf(st.ImageID)
		if w.ImageDigest == "" {
			w.ImageDigest = digestOf(w.Image)
		}
		if st.ContainerID != "" {
			w.Runtime, w.ContainerID = splitContainerID(st.ContainerID)
			if w.ContainerID != "" {
				current = append(current, w)
			}
		}
		if t := st.LastTerminationState.Terminated; t != nil && t.ContainerID != "" {
			w.Runtime, w.ContainerID = splitContainerID(t.ContainerID)
			if w.ContainerID != "" {
				retired = append(retired, w)
			}
		}
	}
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses, pod.Status.EphemeralContainerStatuses} {
		for _, st := range list {
			add(st)
		}
	}
	return current, retired
}

// slimPod keeps what workloads needs, so that the informer's store of a
// large cluster costs little memory.
func slimPod(obj any) (any, error) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return obj, nil
	}
	out := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:            pod.Name,
			Namespace:       pod.Namespace,
			UID:             pod.UID,
			ResourceVersion: pod.ResourceVersion,
			Labels:          pod.Labels,
		},
		Spec: corev1.PodSpec{NodeName: pod.Spec.NodeName},
		Status: corev1.PodStatus{
			InitContainerStatuses:      pod.Status.InitContainerStatuses,
			ContainerStatuses:          pod.Status.ContainerStatuses,
			EphemeralContainerStatuses: pod.Status.EphemeralContainerStatuses,
		},
	}
	for _, c := range pod.Spec.InitContainers {
		out.Spec.InitContainers = append(out.Spec.InitContainers, corev1.Container{Name: c.Name, Image: c.Image})
	}
	for _, c := range pod.Spec.Containers {
		out.Spec.Containers = append(out.Spec.Containers, corev1.Container{Name: c.Name, Image: c.Image})
	}
	for _, c := range pod.Spec.EphemeralContainers {
		out.Spec.EphemeralContainers = append(out.Spec.EphemeralContainers, corev1.EphemeralContainer{
			EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: c.Name, Image: c.Image},
		})
	}
	return out, nil
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
