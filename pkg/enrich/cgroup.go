package enrich

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Runtime names in ContainerRef.Runtime and Workload.Runtime.
const (
	RuntimeContainerd = "containerd"
	RuntimeCRIO       = "cri-o"
	RuntimeDocker     = "docker"
	RuntimePodman     = "podman"
)

// ContainerRef is what a cgroup path says about the container a process
// runs in.
type ContainerRef struct {
	Runtime string // RuntimeContainerd, RuntimeCRIO, RuntimeDocker, RuntimePodman, or "" when the path does not say
	ID      string // the runtime's container ID (64 hex for all of the above)
	PodUID  string // with dashes, "" when the path names no pod
}

// Bounds on /proc/PID/cgroup: a real one has a line per v1 hierarchy (a
// dozen or so) of at most a few hundred bytes.
const (
	maxProcCgroupBytes = 64 << 10
	maxProcCgroupLines = 256
)

// The longest segment worth looking at: a systemd scope of a 64-hex ID
// with its prefix is ~90 bytes; pod slices with a QoS class ~80.
const maxSegment = 255

// ParseCgroupPath finds the container in a cgroup path: a full path
// ("/kubepods/burstable/pod<uid>/<id>"), or its tail as an eBPF probe
// reads it in the kernel ("<parent>/<leaf>"), or only the leaf. It
// recognises kubelet's cgroupfs layout (pod<uid>/<id>), its systemd layout
// (kubepods-<qos>-pod<uid_with_underscores>.slice/cri-containerd-<id>.scope,
// crio-<id>.scope, docker-<id>.scope), plain Docker (/docker/<id>,
// docker-<id>.scope), Podman (libpod-<id>.scope) and any segment that is a
// 64-hex ID (containerd outside Kubernetes: /<namespace>/<id>). Segments
// below the container (a nested cgroup such as init.scope) are skipped.
// A conmon scope (crio-conmon-<id>.scope, libpod-conmon-<id>.scope) holds
// the runtime's monitor, not the container: false.
func ParseCgroupPath(p string) (ContainerRef, bool) {
	p = strings.TrimSuffix(strings.TrimSpace(p), " (deleted)")
	var ref ContainerRef
	found := false
	// Walk from the leaf up: the deepest container segment wins, and the pod
	// is looked for only above it.
	for end := len(p); end > 0; {
		start := strings.LastIndexByte(p[:end], '/') + 1
		seg := p[start:end]
		end = start - 1
		if seg == "" || len(seg) > maxSegment {
			continue
		}
		if !found {
			rt, id, kind := containerSegment(seg)
			switch kind {
			case segConmon:
				return ContainerRef{}, false
			case segContainer:
				ref.Runtime, ref.ID, found = rt, id, true
				continue
			}
			// In kubelet's cgroupfs layout the child of pod<uid> is the
			// container whatever its ID looks like (pod<uid> is below
			// kubepods, or the first segment of a tail).
			if uid, ok := podSegment(seg); ok && strings.HasPrefix(seg, "pod") && start+len(seg) < len(p) &&
				(start == 0 || strings.Contains(p[:start], "kubepods")) {
				leaf := p[start+len(seg)+1:]
				if i := strings.IndexByte(leaf, '/'); i >= 0 {
					leaf = leaf[:i]
				}
				if validRuntimeID(leaf) {
					return ContainerRef{ID: leaf, PodUID: uid}, true
				}
			}
			continue
		}
		if uid, ok := podSegment(seg); ok {
			ref.PodUID = uid
			break
		}
		if ref.Runtime == "" && seg == "docker" {
			ref.Runtime = RuntimeDocker
		}
	}
	return ref, found
}

type segKind int

const (
	segOther segKind = iota
	segContainer
	segConmon
)

// Scope prefixes, longest first so that "crio-conmon-" wins over "crio-".
var scopePrefixes = []struct {
	prefix, runtime string
	conmon          bool
}{
	{"cri-containerd-", RuntimeContainerd, false},
	{"crio-conmon-", "", true},
	{"crio-", RuntimeCRIO, false},
	{"libpod-conmon-", "", true},
	{"libpod-", RuntimePodman, false},
	{"docker-", RuntimeDocker, false},
}

// containerSegment tells whether one path segment names a container.
func containerSegment(seg string) (runtime, id string, kind segKind) {
	s := strings.TrimSuffix(seg, ".scope")
	for _, sp := range scopePrefixes {
		rest, ok := strings.CutPrefix(s, sp.prefix)
		if !ok || !isHex64(rest) {
			continue
		}
		if sp.conmon {
			return "", "", segConmon
		}
		return sp.runtime, rest, segContainer
	}
	if isHex64(seg) {
		return "", seg, segContainer
	}
	return "", "", segOther
}

// podSegment recognises "pod<uid>" (cgroupfs) and
// "kubepods[-<qos>]-pod<uid_with_underscores>.slice" (systemd).
func podSegment(seg string) (string, bool) {
	var uid string
	if rest, ok := strings.CutPrefix(seg, "pod"); ok {
		uid = rest
	} else if strings.HasPrefix(seg, "kubepods") && strings.HasSuffix(seg, ".slice") {
		s := strings.TrimSuffix(seg, ".slice")
		i := strings.LastIndex(s, "-pod")
		if i < 0 {
			return "", false
		}
		uid = strings.ReplaceAll(s[i+len("-pod"):], "_", "-")
	} else {
		return "", false
	}
	if !validPodUID(uid) {
		return "", false
	}
	return uid, true
}

// validPodUID accepts UUIDs and the 32-hex config hashes of static pods:
// lower-case hex and dashes.
func validPodUID(s string) bool {
	if len(s) < 8 || len(s) > 64 {
		return false
	}
	hexDigits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
			hexDigits++
		case c == '-':
		default:
			return false
		}
	}
	return hexDigits >= 8
}

// validRuntimeID accepts what a runtime could use as a container ID below
// a pod cgroup: 1..128 of [A-Za-z0-9_.-], not "." or "..".
func validRuntimeID(s string) bool {
	if s == "" || len(s) > 128 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// CgroupLine is one line of /proc/PID/cgroup.
type CgroupLine struct {
	HierarchyID int      // 0 for the cgroup v2 unified hierarchy
	Controllers []string // nil for v2; v1 named hierarchies as "name=systemd"
	Path        string
}

// Unified reports whether the line is the cgroup v2 one ("0::/...").
func (l CgroupLine) Unified() bool { return l.HierarchyID == 0 && len(l.Controllers) == 0 }

// ParseProcCgroup parses /proc/PID/cgroup in any of its forms: cgroup v1
// ("4:memory:/kubepods/..."), v2 ("0::/...") or a hybrid of both. It
// refuses more than 64 KiB or 256 lines, and names the line of any
// malformed one.
func ParseProcCgroup(data []byte) ([]CgroupLine, error) {
	if len(data) > maxProcCgroupBytes {
		return nil, fmt.Errorf("cgroup file of %d bytes, more than the %d expected", len(data), maxProcCgroupBytes)
	}
	var out []CgroupLine
	for n := 1; len(data) > 0; n++ {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte{'\n'})
		if len(line) == 0 && len(data) == 0 {
			break // the final newline
		}
		if n > maxProcCgroupLines {
			return nil, fmt.Errorf("cgroup file of more than %d lines", maxProcCgroupLines)
		}
		l, err := parseCgroupLine(string(line))
		if err != nil {
			return nil, fmt.Errorf("cgroup line %d: %w", n, err)
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, errors.New("empty cgroup file")
	}
	return out, nil
}

func parseCgroupLine(s string) (CgroupLine, error) {
	// The path is last and may itself hold colons.
	idStr, rest, ok1 := strings.Cut(s, ":")
	ctrls, path, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 {
		return CgroupLine{}, fmt.Errorf("%q: want hierarchy-ID:controllers:path", truncate(s))
	}
	id, err := strconv.Atoi(idStr)
	if err != nil || id < 0 {
		return CgroupLine{}, fmt.Errorf("%q: bad hierarchy ID %q", truncate(s), truncate(idStr))
	}
	if !strings.HasPrefix(path, "/") {
		return CgroupLine{}, fmt.Errorf("%q: path does not start with /", truncate(s))
	}
	l := CgroupLine{HierarchyID: id, Path: path}
	if ctrls != "" {
		l.Controllers = strings.Split(ctrls, ",")
	} else if id != 0 {
		return CgroupLine{}, fmt.Errorf("%q: v1 hierarchy %d without controllers", truncate(s), id)
	}
	return l, nil
}

func truncate(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// v1 controllers in the order ContainerOfProc tries them: those every
// container runtime puts each container in first.
var v1Preference = []string{"memory", "pids", "cpu", "cpuacct", "name=systemd", "devices", "blkio"}

// ContainerOfProc finds the container of a process from
// procRoot/PID/cgroup (procRoot is "/proc" on a host, or where the host's
// /proc is mounted in a container). It prefers the cgroup v2 line when it
// names a container, then the v1 hierarchies (memory, pids, cpu, ...,
// name=systemd, then the others): the first that names one. It also
// returns the path it used. A process in no container (a host daemon) is
// not an error: the ref's ID is empty and the path is the v2 (or first)
// one.
func ContainerOfProc(procRoot string, pid int) (ContainerRef, string, error) {
	if pid <= 0 {
		return ContainerRef{}, "", fmt.Errorf("invalid pid %d", pid)
	}
	file := filepath.Join(procRoot, strconv.Itoa(pid), "cgroup")
	f, err := os.Open(file)
	if err != nil {
		return ContainerRef{}, "", err // the *PathError names the file
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxProcCgroupBytes+1))
	if err != nil {
		return ContainerRef{}, "", fmt.Errorf("reading %s: %w", file, err)
	}
	lines, err := ParseProcCgroup(data)
	if err != nil {
		return ContainerRef{}, "", fmt.Errorf("%s: %w", file, err)
	}
	ordered := make([]*CgroupLine, 0, len(lines))
	for i := range lines {
		if lines[i].Unified() {
			ordered = append(ordered, &lines[i])
		}
	}
	fallback := lines[0].Path
	if len(ordered) > 0 {
		fallback = ordered[0].Path
	}
	used := make([]bool, len(lines))
	for _, want := range v1Preference {
		for i := range lines {
			if !used[i] && hasController(lines[i], want) {
				used[i] = true
				ordered = append(ordered, &lines[i])
			}
		}
	}
	for i := range lines {
		if !used[i] && !lines[i].Unified() {
			ordered = append(ordered, &lines[i])
		}
	}
	for _, l := range ordered {
		if ref, ok := ParseCgroupPath(l.Path); ok {
			return ref, l.Path, nil
		}
	}
	return ContainerRef{}, fallback, nil
}

func hasController(l CgroupLine, c string) bool {
	for _, x := range l.Controllers {
		if x == c {
			return true
		}
	}
	return false
}
