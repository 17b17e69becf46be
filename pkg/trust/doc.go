// Package trust checks the images that Kubernetes workloads run against a
// trust policy: named groups of image patterns, each scoped to clusters and
// namespaces. A workload whose image is outside every group that applies to
// its (cluster, namespace) is a finding of type "trust".
//
// # File format
//
// A trust policy is one YAML document (at most 1 MiB):
//
//	apiVersion: palisade.dev/v1     # required, exactly this value
//	kind: TrustPolicy               # required, exactly this value
//	defaultEffect: alert            # alert (default) or block
//	requireGroup: false             # true: every (cluster, namespace) must be covered by a group
//	groups:
//	  - name: platform              # required, unique, no control characters, at most 253 bytes
//	    images:                     # required, at least one pattern
//	      - "registry.example.com/platform/*"
//	      - "docker.io/library/nginx:1.27*"
//	      - "ghcr.io/acme/api@sha256:<64 hex digits>"
//	    clusters: ["prod-*", "staging"]          # globs; empty or absent = every cluster
//	    namespaces: ["kube-system", "ingress-*"] # globs; empty or absent = every namespace
//	    effect: block               # alert or block; absent = defaultEffect
//
// Parsing is strict: unknown fields, duplicate keys, more than one document,
// a wrong apiVersion or kind, a bad effect, an empty, duplicate or malformed
// group name, a group without images, an invalid glob and an invalid image
// pattern are errors. Each error is one line and names the YAML line, the
// group and the pattern at fault.
//
// # Image references
//
// Images are normalised the way Docker and Kubernetes resolve them, using
// github.com/google/go-containerregistry/pkg/name: a reference without a
// registry is on Docker Hub, a one-segment Docker Hub repository is in
// "library/", and a reference without tag or digest has the tag "latest".
// The Docker Hub host names docker.io, index.docker.io, registry-1.docker.io
// and registry.hub.docker.com are one registry, written index.docker.io in
// normalised names. Registry host names are compared in lower case. So
// "nginx", "docker.io/library/nginx:latest" and
// "index.docker.io/library/nginx" are the same image,
// index.docker.io/library/nginx:latest. A reference with a digest and no tag
// ("nginx@sha256:...") has no tag.
//
// # Image patterns
//
// A pattern is an image reference whose repository and tag may hold globs
// (github.com/bmatcuk/doublestar/v4 syntax): "*" matches within one path
// segment, "**" matches across segments, "?", "[...]" and "{a,b}" work as
// usual and "\" escapes a glob character. Patterns are normalised exactly as
// images are, so "nginx", "docker.io/library/nginx" and
// "index.docker.io/library/nginx" are the same pattern. The first path segment
// of a pattern with more than one segment is its registry when it contains "."
// or ":", is "localhost", or is exactly "*" or "**"; otherwise the pattern is
// on Docker Hub ("bitnami/*" is index.docker.io/bitnami/*). So:
//
//	**                              every image
//	*                               every Docker Hub official image (index.docker.io/library/*)
//	*/app                           repository "app" on any registry (not Docker Hub's library/app)
//	**/app                          repository ending in "/app" on any registry, any depth
//	registry.example.com/**         everything in one registry
//	*.example.com/team/*            one level below team/ in any example.com registry
//	nginx:1.27*                     index.docker.io/library/nginx with a tag starting 1.27
//	ghcr.io/acme/api@sha256:...     exactly this digest of ghcr.io/acme/api
//
// A one-segment pattern containing "." or naming localhost ("quay.io",
// "*.example.com") is an error, as it would name a Docker Hub repository:
// write "quay.io/**".
// Repository patterns must be lower case, as repository names are.
//
// Matching: the pattern's registry/repository glob must match the image's
// normalised registry/repository. Then
//   - a pattern with a digest matches only an image whose reference carries
//     that digest or whose running digest (the Pod's status imageID, passed
//     to Policy.Check) is that digest; a tag in such a pattern is ignored;
//   - a pattern with a tag glob matches only an image with a matching tag;
//     a digest-only reference ("app@sha256:...") has no tag and does not
//     match a tag pattern — use a pattern without tag, or a digest pattern;
//   - a pattern without tag or digest matches every tag and digest.
//
// # Scopes and verdicts
//
// Cluster and namespace globs use the same syntax ("/" separates segments;
// a cluster name such as "arn:aws:eks:...:cluster/prod" needs "**" to span
// the "/"). A group applies to a workload when one of its cluster globs
// matches the cluster name and one of its namespace globs matches the
// namespace (an empty list matches everything, including an empty cluster
// name). A workload without metadata.namespace is in "default".
//
// For each container Policy.Check decides:
//   - no group applies and requireGroup is false: not judged, no finding;
//   - a group that applies matches the image: trusted;
//   - otherwise, when a group that does not apply matches the image with a
//     pattern other than "**" (which trusts everything, and so says nothing
//     about this image): PAL-TRUST-002, "image trusted only elsewhere";
//   - otherwise: PAL-TRUST-001, "image outside trust groups".
//
// The effect of a violation is the strictest effect (block over alert) of
// the groups that apply; when none applies (requireGroup) it is
// defaultEffect. A group without effect has defaultEffect.
//
// # Findings
//
// Findings turns violations into report findings of type "trust":
//
//	PAL-TRUST-001  image outside trust groups               block: HIGH, alert: MEDIUM
//	PAL-TRUST-002  image trusted only in other clusters/ns  block: HIGH, alert: MEDIUM
//
// Each violation names the resource, container, image, the field path of
// the image (["spec","template","spec","containers",0,"image"]) and the
// reason. ContainerImages reads containers, initContainers and
// ephemeralContainers of Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
// ReplicationController, Job, CronJob and PodTemplate objects, of any other
// kind with a pod template at spec.template.spec; for Pods it also reads the
// running digest from status.*ContainerStatuses. Findings and Learn also
// expand List objects (kind List or *List with items).
// A live cluster reports both a Deployment and its Pods, so a violation may
// be reported once per object; callers that want one finding per workload
// should pass only the objects they report on.
//
// # Learning and merging
//
// Learn writes a policy that trusts what runs now: one group per image
// prefix (the repository's parent path, e.g. registry.example.com/team/*),
// named after it, scoped to the cluster and the namespaces where those images
// run, effect alert. Merge unions two policies: same-named groups get the
// union of their images, clusters and namespaces (an empty list, meaning
// every, absorbs the other) and the stricter effect. As scopes are lists, a
// merged group trusts its images in every combination of its clusters and
// namespaces: learning dev/ns-a and prod/ns-b then merging also trusts
// dev/ns-b. Review merged policies before enforcing them.
package trust
