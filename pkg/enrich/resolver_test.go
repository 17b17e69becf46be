package enrich

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

// indexWith is a PodIndex fed the pods directly, as its informer would:
// the API path is TestPodIndex's.
func indexWith(pods ...*corev1.Pod) *PodIndex {
	x := NewPodIndex(nil, "alpha", "node-1")
	for _, p := range pods {
		x.upsert(p)
	}
	return x
}

func runningPod(name, uid, appID string) *corev1.Pod {
	p := podOn(name, "node-1")
	p.UID = types.UID(uid)
	if appID != "" {
		p.Status = status(name, appID, "")
	}
	return p
}

func TestResolver(t *testing.T) {
	u2 := strings.ReplaceAll(uid2, "-", "_")
	ctx := context.Background()

	t.Run("pod index", func(t *testing.T) {
		x := indexWith(runningPod("web-1", uid1, id1))
		r := NewResolver("alpha", "node-1", x, nil)
		tail := "pod" + uid1 + "/" + id1
		w, ok := r.Resolve(ctx, tail, 0, "")
		if !ok || w.Pod != "web-1" || w.Container != "app" || w.Cluster != "alpha" || w.Node != "node-1" || w.ImageDigest == "" {
			t.Fatalf("Resolve = %+v, %v", w, ok)
		}
		// Cached: the index is not asked again.
		x.mu.Lock()
		clear(x.containers)
		x.mu.Unlock()
		if w, ok := r.Resolve(ctx, tail, 0, ""); !ok || w.Pod != "web-1" {
			t.Errorf("cached Resolve = %+v, %v", w, ok)
		}
	})

	t.Run("CRI when the index does not know", func(t *testing.T) {
		rt := &fakeRuntime{containers: map[string]*runtimeapi.ContainerStatus{
			id2: kubeletContainer(id2, "shop", "fresh", uid2, "app"),
		}}
		c, err := NewCRIIndex(serveCRI(t, rt), "alpha", "node-1")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		r := NewResolver("alpha", "node-1", indexWith(), c)
		w, ok := r.Resolve(ctx, "kubepods-burstable-pod"+u2+".slice/cri-containerd-"+id2+".scope", 0, "")
		if !ok || w.Pod != "fresh" || w.Namespace != "shop" || w.Runtime != RuntimeContainerd || w.Node != "node-1" {
			t.Errorf("Resolve = %+v, %v", w, ok)
		}
	})

	t.Run("pod known, container not yet", func(t *testing.T) {
		x := indexWith(runningPod("web-2", uid2, ""))
		r := NewResolver("alpha", "node-1", x, nil)
		r.retry = 50 * time.Millisecond
		tail := "kubepods-burstable-pod" + u2 + ".slice/cri-containerd-" + id2 + ".scope"
		w, ok := r.Resolve(ctx, tail, 0, "")
		want := Workload{Cluster: "alpha", Node: "node-1", Namespace: "shop", Pod: "web-2", PodUID: uid2, ContainerID: id2, Runtime: RuntimeContainerd}
		if !ok || !sameWorkload(w, want) {
			t.Fatalf("Resolve = %+v, %v\nwant %+v", w, ok, want)
		}
		x.upsert(runningPod("web-2", uid2, id2)) // the kubelet reports the container
		if w, _ := r.Resolve(ctx, tail, 0, ""); w.Container != "" {
			t.Errorf("re-resolved before the retry delay: %+v", w)
		}
		time.Sleep(60 * time.Millisecond)
		if w, _ := r.Resolve(ctx, tail, 0, ""); w.Container != "app" {
			t.Errorf("not re-resolved after the retry delay: %+v", w)
		}
	})

	t.Run("no sources", func(t *testing.T) {
		r := NewResolver("c", "n", nil, nil)
		w, ok := r.Resolve(ctx, "/docker/"+id7, 0, "")
		want := Workload{Cluster: "c", Node: "n", ContainerID: id7, Runtime: RuntimeDocker}
		if !ok || !sameWorkload(w, want) {
			t.Errorf("Resolve = %+v, %v", w, ok)
		}
	})

	t.Run("not containers", func(t *testing.T) {
		r := NewResolver("c", "n", indexWith(), nil)
		for _, tail := range []string{"system.slice/sshd.service", "kubepods-besteffort-pod" + u2 + ".slice/crio-conmon-" + id3 + ".scope", "", "/"} {
			w, ok := r.Resolve(ctx, tail, 0, "")
			if ok || !sameWorkload(w, Workload{Cluster: "c", Node: "n"}) {
				t.Errorf("Resolve(%q) = %+v, %v", tail, w, ok)
			}
		}
	})

	t.Run("proc fallback", func(t *testing.T) {
		// A hybrid host: the probe's tail is the runtime's service, the v1
		// hierarchies name the container.
		root := procRootWith(t, map[int]string{100: "hybrid-cgroupfs.cgroup", 101: "hybrid-host.cgroup"})
		x := indexWith(runningPod("web-5", uid2, id5))
		r := NewResolver("alpha", "node-1", x, nil)
		tail := "system.slice/containerd.service"
		if w, ok := r.Resolve(ctx, tail, 100, root); !ok || w.Pod != "web-5" || w.ContainerID != id5 {
			t.Errorf("pid 100: %+v, %v", w, ok)
		}
		if w, ok := r.Resolve(ctx, tail, 101, root); ok {
			t.Errorf("pid 101 (host): %+v", w)
		}
		if _, ok := r.Resolve(ctx, tail, 102, root); ok {
			t.Error("pid 102 (gone) is a container")
		}
		// Cached per pid.
		if w, ok := r.Resolve(ctx, tail, 100, t.TempDir()); !ok || w.Pod != "web-5" {
			t.Errorf("pid 100, cached: %+v, %v", w, ok)
		}
	})

	t.Run("bounded cache", func(t *testing.T) {
		r := NewResolver("c", "n", nil, nil)
		for i := range 3 * resolverCacheMax {
			r.Resolve(ctx, "/docker/"+hexID(strconv.Itoa(i)), 0, "")
		}
		if n := len(r.cache); n > resolverCacheMax {
			t.Errorf("%d entries", n)
		}
	})
}

func BenchmarkResolveCached(b *testing.B) {
	x := indexWith(runningPod("web-1", uid1, id1))
	r := NewResolver("alpha", "node-1", x, nil)
	tail := "kubepods-burstable-pod" + strings.ReplaceAll(uid1, "-", "_") + ".slice/cri-containerd-" + id1 + ".scope"
	ctx := context.Background()
	if w, ok := r.Resolve(ctx, tail, 0, ""); !ok || w.Pod != "web-1" {
		b.Fatalf("%+v", w)
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.Resolve(ctx, tail, 0, "")
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				r.Resolve(ctx, tail, 0, "")
			}
		})
	})
}

// The uncached path, for comparison: parse, index lookup, store.
func BenchmarkResolveUncached(b *testing.B) {
	x := indexWith(runningPod("web-1", uid1, id1))
	tail := "kubepods-burstable-pod" + strings.ReplaceAll(uid1, "-", "_") + ".slice/cri-containerd-" + id1 + ".scope"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r := NewResolver("alpha", "node-1", x, nil)
		r.Resolve(ctx, tail, 0, "")
	}
}
