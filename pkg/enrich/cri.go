package enrich

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

// The labels the kubelet puts on every container it creates through CRI.
const (
	criLabelPodName       = "io.kubernetes.pod.name"
	criLabelPodNamespace  = "io.kubernetes.pod.namespace"
	criLabelPodUID        = "io.kubernetes.pod.uid"
	criLabelContainerName = "io.kubernetes.container.name"
)

// Bounds of the CRI cache: containers found are kept for criHitTTL (their
// identity never changes, but the map must not grow with every container
// the node ever ran), misses for criMissTTL (the container may be being
// created), and at most criCacheMax entries.
const (
	criHitTTL   = 10 * time.Minute
	criMissTTL  = 2 * time.Second
	criCacheMax = 4096
	criTimeout  = 2 * time.Second
)

// CRIIndex asks the node's container runtime (containerd, CRI-O,
// cri-dockerd) about containers through its CRI socket: the source for
// containers the API server does not show yet, or when it is unreachable.
type CRIIndex struct {
	cluster, node string
	runtime       string
	conn          *grpc.ClientConn
	rs            runtimeapi.RuntimeServiceClient

	mu    sync.Mutex
	cache map[string]criResult
}

type criResult struct {
	w       Workload
	ok      bool
	expires time.Time
}

// DefaultCRISockets lists where container runtimes put their CRI socket,
// in the order to try them. Callers use the ones that exist.
func DefaultCRISockets() []string {
	return []string{
		"/run/containerd/containerd.sock",
		"/run/crio/crio.sock",
		"/var/run/crio/crio.sock",
		"/run/k3s/containerd/containerd.sock",
		"/var/run/cri-dockerd.sock",
		"/run/cri-dockerd.sock",
	}
}

// NewCRIIndex connects to a CRI runtime's unix socket. The connection is
// made lazily by gRPC; a missing socket is reported here.
func NewCRIIndex(socket, cluster, node string) (*CRIIndex, error) {
	if _, err := os.Stat(socket); err != nil {
		return nil, fmt.Errorf("CRI socket: %w", err)
	}
	conn, err := grpc.NewClient("unix://"+socket, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("CRI socket %s: %w", socket, err)
	}
	return &CRIIndex{
		cluster: cluster,
		node:    node,
		runtime: runtimeOfSocket(socket),
		conn:    conn,
		rs:      runtimeapi.NewRuntimeServiceClient(conn),
		cache:   map[string]criResult{},
	}, nil
}

func runtimeOfSocket(socket string) string {
	switch {
	case strings.Contains(socket, "containerd"):
		return RuntimeContainerd
	case strings.Contains(socket, "crio"):
		return RuntimeCRIO
	case strings.Contains(socket, "docker"):
		return RuntimeDocker
	}
	return ""
}

// Lookup asks the runtime for a container's status (not verbose) and reads
// the pod from the kubelet's labels. Answers, found or not, are cached.
// A container without those labels (not created by a kubelet) is not
// found.
func (c *CRIIndex) Lookup(ctx context.Context, containerID string) (Workload, bool) {
	now := time.Now()
	c.mu.Lock()
	r, hit := c.cache[containerID]
	c.mu.Unlock()
	if hit && now.Before(r.expires) {
		return r.w, r.ok
	}
	ctx, cancel := context.WithTimeout(ctx, criTimeout)
	defer cancel()
	resp, err := c.rs.ContainerStatus(ctx, &runtimeapi.ContainerStatusRequest{ContainerId: containerID})
	r = criResult{expires: now.Add(criMissTTL)}
	if err == nil && resp.GetStatus() != nil {
		r.w, r.ok = c.workload(containerID, resp.GetStatus())
		if r.ok {
			r.expires = now.Add(criHitTTL)
		}
	}
	if err != nil && ctx.Err() != nil {
		return Workload{}, false // our deadline, not the runtime's answer: do not cache
	}
	c.mu.Lock()
	if len(c.cache) >= criCacheMax {
		for id, e := range c.cache {
			if now.After(e.expires) {
				delete(c.cache, id)
			}
		}
		if len(c.cache) >= criCacheMax {
			clear(c.cache)
		}
	}
	c.cache[containerID] = r
	c.mu.Unlock()
	return r.w, r.ok
}

func (c *CRIIndex) workload(id string, st *runtimeapi.ContainerStatus) (Workload, bool) {
	l := st.GetLabels()
	if l[criLabelPodName] == "" || l[criLabelPodNamespace] == "" {
		return Workload{}, false
	}
	w := Workload{
		Cluster:     c.cluster,
		Node:        c.node,
		Namespace:   l[criLabelPodNamespace],
		Pod:         l[criLabelPodName],
		PodUID:      l[criLabelPodUID],
		Container:   l[criLabelContainerName],
		ContainerID: id,
		Runtime:     c.runtime,
	}
	if w.Container == "" {
		w.Container = st.GetMetadata().GetName()
	}
	// UserSpecifiedImage is what the pod spec says; Image is often the
	// runtime's resolved name or image ID.
	w.Image = st.GetImage().GetUserSpecifiedImage()
	if w.Image == "" {
		w.Image = st.GetImage().GetImage()
	}
	w.Repository = repository(w.Image)
	// ImageRef is what the kubelet reports as the status's imageID.
	if w.ImageDigest = digestOf(st.GetImageRef()); w.ImageDigest == "" {
		w.ImageDigest = digestOf(w.Image)
	}
	return w, true
}

// Close closes the connection to the runtime.
func (c *CRIIndex) Close() error { return c.conn.Close() }
