package enrich

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/palisadesec/palisade/pkg/k8s/k8stest"
)

func hexID(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", timeout, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// runIndex runs x until the test ends, and checks that Run returns when
// its context is cancelled.
func runIndex(t *testing.T, x *PodIndex) context.CancelFunc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- x.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("Run did not return 15 s after its context was cancelled")
		}
	})
	return cancel
}

func podOn(name, node string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", Labels: map[string]string{"app": "web", "pod": name}},
		Spec: corev1.PodSpec{
			NodeName:       node,
			InitContainers: []corev1.Container{{Name: "migrate", Image: "ghcr.io/acme/migrate:v2"}},
			Containers: []corev1.Container{
				{Name: "app", Image: "nginx:1.27"},
				{Name: "proxy", Image: "quay.io/acme/proxy@sha256:" + hexID("proxy-manifest")},
			},
		},
	}
}

// status is what a kubelet would write: containerIDs of three runtimes'
// spellings and imageIDs in the forms runtimes report.
func status(pod string, appID string, lastAppID string) corev1.PodStatus {
	now := metav1.NewTime(time.Now().Truncate(time.Second))
	app := corev1.ContainerStatus{
		Name: "app", Image: "docker.io/library/nginx:1.27",
		ImageID:     "docker-pullable://nginx@sha256:" + hexID("nginx-manifest"),
		ContainerID: "containerd://" + appID,
		State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
		Ready:       true,
	}
	if lastAppID != "" {
		app.RestartCount = 1
		app.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, StartedAt: now, FinishedAt: now, ContainerID: "containerd://" + lastAppID}
	}
	return corev1.PodStatus{
		Phase: corev1.PodRunning,
		InitContainerStatuses: []corev1.ContainerStatus{{
			Name: "migrate", Image: "ghcr.io/acme/migrate:v2",
			ImageID:     "ghcr.io/acme/migrate@sha256:" + hexID("migrate-manifest"),
			ContainerID: "containerd://" + hexID(pod+"/migrate"),
			State:       corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: now, FinishedAt: now}},
		}},
		ContainerStatuses: []corev1.ContainerStatus{app, {
			Name: "proxy", Image: "quay.io/acme/proxy@sha256:" + hexID("proxy-manifest"),
			ImageID:     "sha256:" + hexID("proxy-config"),
			ContainerID: "containerd://" + hexID(pod+"/proxy"),
			State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
		}},
	}
}

// One pair of API servers for all PodIndex tests: starting them costs
// seconds.
func TestPodIndex(t *testing.T) {
	env := k8stest.Start(t)
	t.Run("workloads", func(t *testing.T) { testPodIndexWorkloads(t, env) })
	t.Run("grace expires", func(t *testing.T) { testPodIndexGraceExpires(t, env) })
	t.Run("unreachable", func(t *testing.T) { testPodIndexUnreachable(t, env) })
	t.Run("run once", func(t *testing.T) { testPodIndexRunOnce(t, env) })
}

func testPodIndexWorkloads(t *testing.T, env *k8stest.Env) {
	cs := env.Client(t, k8stest.ContextAlpha)
	env.CreateNamespace(t, k8stest.ContextAlpha, "shop")
	objs := env.Apply(t, k8stest.ContextAlpha, podOn("web-1", "node-1"), podOn("web-2", "node-2"))
	uid1, uid2 := string(objs[0].GetUID()), string(objs[1].GetUID())
	app1, app2 := hexID("web-1/app"), hexID("web-2/app")
	env.SetPodStatus(t, k8stest.ContextAlpha, "shop", "web-1", status("web-1", app1, ""))
	env.SetPodStatus(t, k8stest.ContextAlpha, "shop", "web-2", status("web-2", app2, ""))

	x := NewPodIndex(cs, "alpha", "node-1")
	runIndex(t, x)
	all := NewPodIndex(cs, "alpha", "")
	runIndex(t, all)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if !x.WaitSynced(ctx) || !all.WaitSynced(ctx) {
		t.Fatalf("not synced: %v, %v", x.Err(), all.Err())
	}
	if x.Err() != nil {
		t.Errorf("Err after sync: %v", x.Err())
	}

	t.Run("node-1 only", func(t *testing.T) {
		w, ok := x.Lookup(app1)
		want := Workload{
			Cluster: "alpha", Node: "node-1", Namespace: "shop", Pod: "web-1", PodUID: uid1,
			Container: "app", ContainerID: app1, Runtime: RuntimeContainerd,
			Image: "nginx:1.27", Repository: "index.docker.io/library/nginx",
			ImageDigest: "sha256:" + hexID("nginx-manifest"),
		}
		if !ok || !sameWorkload(w, want) || w.Labels["pod"] != "web-1" {
			t.Errorf("Lookup(app of web-1) = %+v, %v\nwant %+v", w, ok, want)
		}
		if w, ok := x.Lookup(app2); ok {
			t.Errorf("node-1's index resolves node-2's container: %+v", w)
		}
		if _, _, ok := x.LookupPod(uid2); ok {
			t.Error("node-1's index knows node-2's pod")
		}
		if ns, name, ok := x.LookupPod(uid1); !ok || ns != "shop" || name != "web-1" {
			t.Errorf("LookupPod = %s, %s, %v", ns, name, ok)
		}
		if _, ok := x.Lookup("containerd://" + app1); ok {
			t.Error("Lookup takes bare IDs only")
		}
		if w, ok := all.Lookup(app2); !ok || w.Node != "node-2" {
			t.Errorf("index of all nodes: Lookup(app of web-2) = %+v, %v", w, ok)
		}
	})

	t.Run("resolver", func(t *testing.T) {
		r := NewResolver("alpha", "node-1", x, nil)
		tail := "kubepods-besteffort-pod" + strings.ReplaceAll(uid1, "-", "_") + ".slice/cri-containerd-" + app1 + ".scope"
		if w, ok := r.Resolve(ctx, tail, 0, ""); !ok || w.Pod != "web-1" || w.Container != "app" || w.Node != "node-1" {
			t.Errorf("Resolve = %+v, %v", w, ok)
		}
	})

	t.Run("init container and digest-pinned image", func(t *testing.T) {
		w, ok := x.Lookup(hexID("web-1/migrate"))
		if !ok || w.Container != "migrate" || w.Repository != "ghcr.io/acme/migrate" || w.ImageDigest != "sha256:"+hexID("migrate-manifest") {
			t.Errorf("init container: %+v, %v", w, ok)
		}
		w, ok = x.Lookup(hexID("web-1/proxy"))
		// The status imageID is a config digest here ("sha256:..." alone), as
		// some runtimes report it; it is what the status says.
		if !ok || w.Image != "quay.io/acme/proxy@sha256:"+hexID("proxy-manifest") || w.Repository != "quay.io/acme/proxy" || w.ImageDigest != "sha256:"+hexID("proxy-config") {
			t.Errorf("proxy: %+v, %v", w, ok)
		}
	})

	t.Run("ephemeral container", func(t *testing.T) {
		pod, err := cs.CoreV1().Pods("shop").Get(ctx, "web-1", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		pod.Spec.EphemeralContainers = append(pod.Spec.EphemeralContainers, corev1.EphemeralContainer{
			EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debug", Image: "busybox:1.36", TerminationMessagePolicy: corev1.TerminationMessageReadFile, ImagePullPolicy: corev1.PullIfNotPresent},
		})
		if _, err := cs.CoreV1().Pods("shop").UpdateEphemeralContainers(ctx, "web-1", pod, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		st := status("web-1", app1, "")
		dbg := hexID("web-1/debug")
		st.EphemeralContainerStatuses = []corev1.ContainerStatus{{
			Name: "debug", Image: "docker.io/library/busybox:1.36", ImageID: "docker.io/library/busybox@sha256:" + hexID("busybox"),
			ContainerID: "cri-o://" + dbg,
		}}
		env.SetPodStatus(t, k8stest.ContextAlpha, "shop", "web-1", st)
		eventually(t, 10*time.Second, "ephemeral container resolves", func() bool { _, ok := x.Lookup(dbg); return ok })
		w, _ := x.Lookup(dbg)
		if w.Container != "debug" || w.Runtime != RuntimeCRIO || w.Image != "busybox:1.36" || w.Repository != "index.docker.io/library/busybox" {
			t.Errorf("ephemeral: %+v", w)
		}
	})

	t.Run("restart", func(t *testing.T) {
		newApp := hexID("web-1/app/restarted")
		env.SetPodStatus(t, k8stest.ContextAlpha, "shop", "web-1", status("web-1", newApp, app1))
		eventually(t, 10*time.Second, "the restarted container resolves", func() bool { _, ok := x.Lookup(newApp); return ok })
		if w, ok := x.Lookup(app1); !ok || w.Pod != "web-1" {
			t.Errorf("the container before the restart no longer resolves during the grace period: %+v, %v", w, ok)
		}
		// The next status no longer names the old container: still in grace.
		env.SetPodStatus(t, k8stest.ContextAlpha, "shop", "web-1", status("web-1", newApp, ""))
		time.Sleep(200 * time.Millisecond)
		if _, ok := x.Lookup(app1); !ok {
			t.Error("old container dropped before its grace period ended")
		}
	})

	t.Run("pod without status", func(t *testing.T) {
		objs := env.Apply(t, k8stest.ContextAlpha, podOn("web-3", "node-1"))
		uid := string(objs[0].GetUID())
		eventually(t, 10*time.Second, "LookupPod of a pod without status", func() bool {
			ns, name, ok := x.LookupPod(uid)
			return ok && ns == "shop" && name == "web-3"
		})
	})

	t.Run("deleted pod within grace", func(t *testing.T) {
		if err := cs.CoreV1().Pods("shop").Delete(ctx, "web-1", metav1.DeleteOptions{GracePeriodSeconds: new(int64)}); err != nil {
			t.Fatal(err)
		}
		eventually(t, 10*time.Second, "the index sees the deletion", func() bool {
			x.mu.RLock()
			defer x.mu.RUnlock()
			p := x.pods[uid1]
			return p != nil && !p.expires.IsZero()
		})
		if w, ok := x.Lookup(hexID("web-1/app/restarted")); !ok || w.Pod != "web-1" {
			t.Errorf("deleted pod's container: %+v, %v", w, ok)
		}
		if _, _, ok := x.LookupPod(uid1); !ok {
			t.Error("deleted pod's UID no longer resolves during grace")
		}
	})
}

func sameWorkload(a, b Workload) bool {
	a.Labels, b.Labels = nil, nil
	return reflect.DeepEqual(a, b)
}

// With a short grace, deleted pods stop resolving and are purged.
func testPodIndexGraceExpires(t *testing.T, env *k8stest.Env) {
	cs := env.Client(t, k8stest.ContextBeta)
	env.CreateNamespace(t, k8stest.ContextBeta, "shop")
	objs := env.Apply(t, k8stest.ContextBeta, podOn("db", "node-1"))
	uid := string(objs[0].GetUID())
	app := hexID("db/app")
	env.SetPodStatus(t, k8stest.ContextBeta, "shop", "db", status("db", app, ""))

	const grace = 2 * time.Second
	x := NewPodIndex(cs, "beta", "node-1", WithDeleteGrace(grace))
	runIndex(t, x)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if !x.WaitSynced(ctx) {
		t.Fatal(x.Err())
	}
	if _, ok := x.Lookup(app); !ok {
		t.Fatal("container does not resolve")
	}
	deleted := time.Now()
	if err := cs.CoreV1().Pods("shop").Delete(ctx, "db", metav1.DeleteOptions{GracePeriodSeconds: new(int64)}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "deleted container stops resolving", func() bool { _, ok := x.Lookup(app); return !ok })
	if d := time.Since(deleted); d < grace-100*time.Millisecond {
		t.Errorf("stopped resolving %s after the deletion, before the %s grace", d, grace)
	}
	if _, _, ok := x.LookupPod(uid); ok {
		t.Error("deleted pod still resolves after grace")
	}
	eventually(t, 5*time.Second, "janitor purges", func() bool {
		x.mu.RLock()
		defer x.mu.RUnlock()
		return len(x.containers) == 0 && len(x.pods) == 0
	})
}

// An API server where nothing listens, and a user who may list but not
// watch pods: Err says why, nothing resolves, nothing panics, Run returns.
func testPodIndexUnreachable(t *testing.T, env *k8stest.Env) {
	for _, name := range []string{k8stest.ContextDown, k8stest.ContextAlphaRestricted} {
		t.Run(name, func(t *testing.T) {
			x := NewPodIndex(env.Client(t, name), name, "node-1")
			cancel := runIndex(t, x)
			defer cancel()
			eventually(t, 20*time.Second, "Err reports the failure", func() bool { return x.Err() != nil })
			t.Logf("Err: %v", x.Err())
			if _, ok := x.Lookup(hexID("anything")); ok {
				t.Error("Lookup found something")
			}
			if name == k8stest.ContextDown {
				short, stop := context.WithTimeout(context.Background(), 300*time.Millisecond)
				defer stop()
				if x.WaitSynced(short) {
					t.Error("synced with an unreachable API")
				}
			}
		})
	}
	x := NewPodIndex(nil, "none", "")
	if err := x.Run(context.Background()); err == nil {
		t.Error("Run without a client: no error")
	}
}

func testPodIndexRunOnce(t *testing.T, env *k8stest.Env) {
	x := NewPodIndex(env.Client(t, k8stest.ContextAlpha), "alpha", "")
	runIndex(t, x)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if !x.WaitSynced(ctx) {
		t.Fatal(x.Err())
	}
	if err := x.Run(ctx); err == nil {
		t.Error("second Run: no error")
	}
}

// A container replaced by a restart resolves for the grace period, and
// later updates of the pod (whose lastState still names it) do not bring
// it back once purged.
func TestPodIndexRetired(t *testing.T) {
	x := NewPodIndex(nil, "alpha", "node-1", WithDeleteGrace(time.Minute))
	pod := podOn("web-1", "node-1")
	pod.UID = "5f1c9a52-8b0e-4d3f-9a61-2c7e4b8d1f03"
	oldID, newID := hexID("old"), hexID("new")
	pod.Status = status("web-1", oldID, "")
	x.upsert(pod)
	restarted := pod.DeepCopy()
	restarted.Status = status("web-1", newID, oldID)
	x.upsert(restarted)
	for _, id := range []string{oldID, newID} {
		if _, ok := x.Lookup(id); !ok {
			t.Fatalf("%s does not resolve", id)
		}
	}
	x.purge(time.Now().Add(2 * time.Minute))
	if _, ok := x.Lookup(oldID); ok {
		t.Error("old container resolves after its grace")
	}
	x.upsert(restarted.DeepCopy())
	if _, ok := x.Lookup(oldID); ok {
		t.Error("old container brought back by a later update")
	}
	if _, ok := x.Lookup(newID); !ok {
		t.Error("current container purged")
	}
	// An index that starts after the restart still resolves the old one.
	y := NewPodIndex(nil, "alpha", "node-1")
	y.upsert(restarted)
	if _, ok := y.Lookup(oldID); !ok {
		t.Error("fresh index: old container does not resolve")
	}
	// Deleted pods and tombstones.
	y.remove(cache.DeletedFinalStateUnknown{Key: "shop/web-1", Obj: restarted})
	y.mu.RLock()
	deleted := !y.pods[string(pod.UID)].expires.IsZero()
	y.mu.RUnlock()
	if !deleted {
		t.Error("tombstone not handled")
	}
	y.remove("not a pod")
	y.upsert("not a pod")
}
