package enrich

import (
	"context"
	"sync"
	"time"
)

// Resolver cache bounds: a node runs at most a few hundred containers, so
// 4096 cgroups leave room for churn; an entry that is not fully resolved
// (the pod's status does not list the container yet, the API is down) is
// asked again after retryAfter; an answer that came from /proc (keyed by
// pid, which the kernel reuses) is trusted for pidTTL.
const (
	resolverCacheMax = 4096
	retryAfter       = 2 * time.Second
	pidTTL           = 5 * time.Second
)

// Resolver turns the cgroup of a kernel event into a workload: the cgroup
// path names the container, then the PodIndex, then the CRIIndex, says
// whose it is. What it resolved is cached by cgroup, so that the event
// loop's cost for a known container is one map lookup.
type Resolver struct {
	cluster, node string
	pods          *PodIndex
	cri           *CRIIndex
	retry, pidTTL time.Duration // retryAfter and pidTTL; tests shorten them

	mu    sync.RWMutex
	cache map[cacheKey]*resolved
}

// cacheKey is the cgroup tail alone when it names the container (pid 0),
// and the tail with the pid when only /proc/PID/cgroup could tell.
type cacheKey struct {
	tail string
	pid  int
}

type resolved struct {
	w         Workload
	container bool
	complete  bool      // found in the PodIndex or through CRI: final
	needPid   bool      // the tail names no container: ask /proc/PID/cgroup
	recheck   time.Time // when an incomplete or pid-keyed entry is asked again
}

// NewResolver returns a resolver for the workloads of one node. pods and
// cri may each be nil when that source is not available.
func NewResolver(cluster, node string, pods *PodIndex, cri *CRIIndex) *Resolver {
	return &Resolver{
		cluster: cluster, node: node, pods: pods, cri: cri,
		retry: retryAfter, pidTTL: pidTTL,
		cache: map[cacheKey]*resolved{},
	}
}

// Resolve returns the workload of the process whose cgroup path ends in
// cgroupTail (as an eBPF probe reads it: "<parent>/<leaf>") and whether it
// runs in a container at all. When the tail names no container and pid > 0,
// procRoot/PID/cgroup is read instead (a hybrid cgroup host, where the
// probe's hierarchy is not the container's). The workload always carries
// the resolver's cluster and node; of a container that no source knows it
// carries what the cgroup says: container ID, runtime, pod UID, and the pod
// when the PodIndex knows the UID.
func (r *Resolver) Resolve(ctx context.Context, cgroupTail string, pid int, procRoot string) (Workload, bool) {
	key := cacheKey{tail: cgroupTail}
	e, hit := r.cached(key)
	if !hit {
		ref, ok := ParseCgroupPath(cgroupTail)
		if ok {
			return r.resolve(ctx, key, ref, true)
		}
		// Parsing a tail gives the same answer every time: remember that
		// this one needs /proc, so that host processes skip the parse.
		e = &resolved{w: r.base(), needPid: true}
		r.store(key, e)
	}
	if !e.needPid {
		return e.w, e.container
	}
	if pid <= 0 {
		return e.w, false
	}
	key.pid = pid
	if e, ok := r.cached(key); ok {
		return e.w, e.container
	}
	ref, _, err := ContainerOfProc(procRoot, pid)
	return r.resolve(ctx, key, ref, err == nil && ref.ID != "")
}

// resolve asks the sources about a container (when the cgroup names one)
// and caches the answer.
func (r *Resolver) resolve(ctx context.Context, key cacheKey, ref ContainerRef, container bool) (Workload, bool) {
	e := &resolved{w: r.base(), container: container}
	if container {
		e.w, e.complete = r.lookup(ctx, ref)
	}
	if !e.complete || key.pid != 0 {
		wait := r.retry
		if e.complete {
			wait = r.pidTTL
		}
		e.recheck = time.Now().Add(wait)
	}
	r.store(key, e)
	return e.w, e.container
}

func (r *Resolver) base() Workload { return Workload{Cluster: r.cluster, Node: r.node} }

func (r *Resolver) cached(key cacheKey) (*resolved, bool) {
	r.mu.RLock()
	e := r.cache[key]
	r.mu.RUnlock()
	if e == nil {
		return nil, false
	}
	if e.recheck.IsZero() || time.Now().Before(e.recheck) {
		return e, true
	}
	return nil, false
}

func (r *Resolver) store(key cacheKey, e *resolved) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.cache[key]; !ok && len(r.cache) >= resolverCacheMax {
		// Drop a quarter, chosen by map order (random), rather than keep
		// recency lists on the hot path: live containers come back at once.
		n := resolverCacheMax / 4
		for k := range r.cache {
			delete(r.cache, k)
			if n--; n == 0 {
				break
			}
		}
	}
	r.cache[key] = e
}

// lookup asks the sources about a container; complete says one knew it.
func (r *Resolver) lookup(ctx context.Context, ref ContainerRef) (Workload, bool) {
	if r.pods != nil {
		if w, ok := r.pods.Lookup(ref.ID); ok {
			return r.fill(w, ref), true
		}
	}
	if r.cri != nil {
		if w, ok := r.cri.Lookup(ctx, ref.ID); ok {
			return r.fill(w, ref), true
		}
	}
	w := r.fill(Workload{ContainerID: ref.ID, Runtime: ref.Runtime, PodUID: ref.PodUID}, ref)
	if r.pods != nil && ref.PodUID != "" {
		w.Namespace, w.Pod, _ = r.pods.LookupPod(ref.PodUID)
	}
	return w, false
}

func (r *Resolver) fill(w Workload, ref ContainerRef) Workload {
	if w.Cluster == "" {
		w.Cluster = r.cluster
	}
	if w.Node == "" {
		w.Node = r.node
	}
	if w.Runtime == "" {
		w.Runtime = ref.Runtime
	}
	if w.PodUID == "" {
		w.PodUID = ref.PodUID
	}
	return w
}
