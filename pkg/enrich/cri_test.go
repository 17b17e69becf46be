package enrich

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	grpcstatus "google.golang.org/grpc/status"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

// fakeRuntime is a CRI RuntimeService that answers ContainerStatus from a
// map, as containerd does for the containers it has.
type fakeRuntime struct {
	runtimeapi.UnimplementedRuntimeServiceServer
	containers map[string]*runtimeapi.ContainerStatus
	calls      atomic.Int64
}

func (f *fakeRuntime) ContainerStatus(_ context.Context, req *runtimeapi.ContainerStatusRequest) (*runtimeapi.ContainerStatusResponse, error) {
	f.calls.Add(1)
	if req.GetVerbose() {
		return nil, grpcstatus.Error(codes.InvalidArgument, "verbose not expected")
	}
	st, ok := f.containers[req.GetContainerId()]
	if !ok {
		return nil, grpcstatus.Errorf(codes.NotFound, "container %q: not found", req.GetContainerId())
	}
	return &runtimeapi.ContainerStatusResponse{Status: st}, nil
}

// serveCRI serves rt on a unix socket (its path short enough for
// sun_path, which t.TempDir's may not be) and returns the socket.
func serveCRI(t *testing.T, rt *fakeRuntime) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "cri")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "containerd.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	runtimeapi.RegisterRuntimeServiceServer(srv, rt)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)
	return sock
}

func kubeletContainer(id, ns, pod, uid, name string) *runtimeapi.ContainerStatus {
	return &runtimeapi.ContainerStatus{
		Id:       id,
		Metadata: &runtimeapi.ContainerMetadata{Name: name},
		State:    runtimeapi.ContainerState_CONTAINER_RUNNING,
		Image:    &runtimeapi.ImageSpec{Image: "sha256:" + hexID("config"), UserSpecifiedImage: "nginx:1.27"},
		ImageRef: "docker.io/library/nginx@sha256:" + hexID("nginx-manifest"),
		Labels: map[string]string{
			criLabelPodName:       pod,
			criLabelPodNamespace:  ns,
			criLabelPodUID:        uid,
			criLabelContainerName: name,
		},
	}
}

func TestCRIIndex(t *testing.T) {
	app := hexID("cri/app")
	plain := hexID("cri/plain")
	rt := &fakeRuntime{containers: map[string]*runtimeapi.ContainerStatus{
		app:   kubeletContainer(app, "shop", "web-1", uid1, "app"),
		plain: {Id: plain, Image: &runtimeapi.ImageSpec{Image: "busybox"}}, // not the kubelet's
	}}
	sock := serveCRI(t, rt)
	c, err := NewCRIIndex(sock, "alpha", "node-1")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()

	w, ok := c.Lookup(ctx, app)
	want := Workload{
		Cluster: "alpha", Node: "node-1", Namespace: "shop", Pod: "web-1", PodUID: uid1,
		Container: "app", ContainerID: app, Runtime: RuntimeContainerd,
		Image: "nginx:1.27", Repository: "index.docker.io/library/nginx",
		ImageDigest: "sha256:" + hexID("nginx-manifest"),
	}
	if !ok || !sameWorkload(w, want) {
		t.Fatalf("Lookup = %+v, %v\nwant %+v", w, ok, want)
	}
	if _, ok := c.Lookup(ctx, plain); ok {
		t.Error("a container without the kubelet's labels resolves")
	}
	if _, ok := c.Lookup(ctx, hexID("gone")); ok {
		t.Error("an unknown container resolves")
	}
	calls := rt.calls.Load()
	for range 100 {
		c.Lookup(ctx, app)
		c.Lookup(ctx, hexID("gone"))
	}
	if n := rt.calls.Load(); n != calls {
		t.Errorf("%d more ContainerStatus calls for cached answers", n-calls)
	}

	// Without UserSpecifiedImage (older runtimes) the image is the status's.
	old := kubeletContainer(hexID("cri/old"), "shop", "web-1", uid1, "old")
	old.Image = &runtimeapi.ImageSpec{Image: "registry.local:5000/team/app:v1"}
	old.ImageRef = "sha256:" + hexID("app-config")
	rt.containers[old.Id] = old
	if w, ok := c.Lookup(ctx, old.Id); !ok || w.Image != "registry.local:5000/team/app:v1" || w.Repository != "registry.local:5000/team/app" || w.ImageDigest != "sha256:"+hexID("app-config") {
		t.Errorf("older runtime: %+v, %v", w, ok)
	}
}

func TestCRIIndexUnavailable(t *testing.T) {
	if _, err := NewCRIIndex(filepath.Join(t.TempDir(), "none.sock"), "a", "n"); err == nil {
		t.Error("missing socket: no error")
	}
	// A socket whose server went away: lookups fail, quickly, without panic.
	rt := &fakeRuntime{containers: map[string]*runtimeapi.ContainerStatus{}}
	dir, err := os.MkdirTemp("", "cri")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "crio.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	runtimeapi.RegisterRuntimeServiceServer(srv, rt)
	go func() { _ = srv.Serve(l) }()
	c, err := NewCRIIndex(sock, "a", "n")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.runtime != RuntimeCRIO {
		t.Errorf("runtime of %s: %q", sock, c.runtime)
	}
	srv.Stop()
	if _, ok := c.Lookup(context.Background(), hexID("x")); ok {
		t.Error("lookup through a dead socket succeeded")
	}
}

func TestDefaultCRISockets(t *testing.T) {
	for _, s := range DefaultCRISockets() {
		if !filepath.IsAbs(s) || runtimeOfSocket(s) == "" {
			t.Errorf("%q", s)
		}
	}
}
