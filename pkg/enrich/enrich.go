// Package enrich turns what a kernel event knows about a process (its pid
// and cgroup path) into the Kubernetes workload it belongs to: cluster,
// node, namespace, pod, container, image and image digest. The cgroup path
// gives the container ID and pod UID (ParseCgroupPath, ContainerOfProc); a
// PodIndex fed by a watch on the API server, or a CRIIndex asking the
// node's container runtime, maps the ID to the pod; a Resolver combines
// them behind a cache so that the probe's hot path costs one map lookup.
package enrich

import (
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// Workload is the Kubernetes identity of a container. Fields the sources
// could not tell are empty.
type Workload struct {
	Cluster, Node, Namespace, Pod, PodUID, Container, ContainerID, Runtime string

	Image       string // as in the pod spec (or status), e.g. "nginx:1.27"
	Repository  string // normalised, e.g. "index.docker.io/library/nginx"
	ImageDigest string // "sha256:...", "" when unknown
	// Labels are the pod's labels. The map is shared between lookups:
	// read it, never write it.
	Labels map[string]string
}

// repository normalises an image reference to its repository
// ("nginx:1.27" -> "index.docker.io/library/nginx"), "" when it does not
// parse.
func repository(image string) string {
	if image == "" || strings.HasPrefix(image, "sha256:") {
		return ""
	}
	ref, err := name.ParseReference(image, name.WeakValidation)
	if err != nil {
		return ""
	}
	return ref.Context().Name()
}

// digestOf extracts the digest from the ways runtimes and the kubelet spell
// an image ID: "docker-pullable://repo@sha256:..", "repo@sha256:..",
// "sha256:..". It returns "" for anything else.
func digestOf(imageID string) string {
	s := imageID
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	algo, hex, ok := strings.Cut(s, ":")
	if !ok || !validDigest(algo, hex) {
		return ""
	}
	return s
}

func validDigest(algo, hex string) bool {
	switch algo {
	case "sha256":
		if len(hex) != 64 {
			return false
		}
	case "sha512":
		if len(hex) != 128 {
			return false
		}
	default:
		return false
	}
	for i := 0; i < len(hex); i++ {
		c := hex[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// splitContainerID splits a status containerID ("containerd://<id>") into
// the runtime and the bare ID. A bare ID is returned as is.
func splitContainerID(s string) (runtime, id string) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return "", s
	}
	switch scheme {
	case "containerd":
		return RuntimeContainerd, rest
	case "cri-o":
		return RuntimeCRIO, rest
	case "docker":
		return RuntimeDocker, rest
	}
	return scheme, rest
}
