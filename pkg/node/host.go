package node

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// Bounds on what is read from the host.
const (
	maxFileSize    = 4 << 20 // config files, manifests, passwd
	maxCmdlineSize = 1 << 20
	maxPids        = 100_000
	maxWalk        = 10_000 // entries of a recursive file check
	maxLinks       = 40
)

// host reads a node's files under a root directory. Paths given to its
// methods are host paths ("/etc/kubernetes/admin.conf"); symbolic links are
// resolved inside the root, so an absolute link target never escapes it.
type host struct {
	root   string
	users  map[uint32]string
	groups map[uint32]string
}

func newHost(root string) *host {
	h := &host{root: root}
	h.users = h.readIDNames("/etc/passwd")
	h.groups = h.readIDNames("/etc/group")
	return h
}

// resolve maps a host path to a real path under the root, following
// symbolic links the way the host would but clamped to the root.
func (h *host) resolve(p string) (string, error) {
	p = path.Clean("/" + p)
	if h.root == "/" || h.root == "" {
		return p, nil
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	cur := "/"
	links := 0
	for i := 0; i < len(parts); i++ {
		part := parts[i]
		if part == "" || part == "." {
			continue
		}
		if part == ".." {
			cur = path.Dir(cur)
			continue
		}
		next := path.Join(cur, part)
		fi, err := os.Lstat(filepath.Join(h.root, filepath.FromSlash(next)))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				// The rest cannot be resolved; callers get ErrNotExist from it.
				return filepath.Join(h.root, filepath.FromSlash(path.Join(append([]string{next}, parts[i+1:]...)...))), nil
			}
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			cur = next
			continue
		}
		links++
		if links > maxLinks {
			return "", fmt.Errorf("%s: too many levels of symbolic links", p)
		}
		target, err := os.Readlink(filepath.Join(h.root, filepath.FromSlash(next)))
		if err != nil {
			return "", err
		}
		rest := parts[i+1:]
		if strings.HasPrefix(target, "/") {
			cur = "/"
		}
		parts = append(strings.Split(strings.TrimPrefix(target, "/"), "/"), rest...)
		i = -1
	}
	return filepath.Join(h.root, filepath.FromSlash(cur)), nil
}

// readFile reads a host file of at most limit bytes.
func (h *host) readFile(p string, limit int64) ([]byte, error) {
	real, err := h.resolve(p)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, hostErr(p, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", p, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", p, limit)
	}
	return b, nil
}

// stat follows symbolic links (inside the root), like the CIS audits'
// stat(1) of the named file.
func (h *host) stat(p string) (fs.FileInfo, error) {
	real, err := h.resolve(p)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(real)
	if err != nil {
		return nil, hostErr(p, err)
	}
	return fi, nil
}

// glob expands a host path pattern, returning host paths.
func (h *host) glob(pattern string) ([]string, error) {
	dir, pat := path.Split(path.Clean(pattern))
	real, err := h.resolve(dir)
	if err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(real)
	if err != nil {
		return nil, hostErr(dir, err)
	}
	var out []string
	for _, e := range ents {
		if ok, _ := path.Match(pat, e.Name()); ok {
			out = append(out, path.Join(dir, e.Name()))
		}
	}
	return out, nil
}

// hostErr replaces the real (root-prefixed) path in an error by the host path.
func hostErr(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: p, Err: pe.Err}
	}
	return err
}

// readIDNames reads name:x:id:... lines of /etc/passwd or /etc/group.
func (h *host) readIDNames(p string) map[uint32]string {
	m := map[uint32]string{}
	b, err := h.readFile(p, maxFileSize)
	if err != nil {
		return m
	}
	s := bufio.NewScanner(bytes.NewReader(b))
	for s.Scan() {
		f := strings.Split(s.Text(), ":")
		if len(f) < 3 || strings.HasPrefix(f[0], "#") {
			continue
		}
		id, err := strconv.ParseUint(f[2], 10, 32)
		if err != nil {
			continue
		}
		if _, dup := m[uint32(id)]; !dup {
			m[uint32(id)] = f[0]
		}
	}
	return m
}

func (h *host) userName(uid uint32) string {
	if n, ok := h.users[uid]; ok {
		return n
	}
	return strconv.FormatUint(uint64(uid), 10)
}

func (h *host) groupName(gid uint32) string {
	if n, ok := h.groups[gid]; ok {
		return n
	}
	return strconv.FormatUint(uint64(gid), 10)
}

// instance is one running (or statically declared) component.
type instance struct {
	Component string
	PID       int    // 0 for a manifest
	Source    string // "/proc/123/cmdline" or the manifest path
	Flags     flagSet
}

// binaries maps executable base names to components.
var binaries = map[string]string{
	"kube-apiserver":          "apiserver",
	"apiserver":               "apiserver",
	"kube-controller-manager": "controller-manager",
	"controller-manager":      "controller-manager",
	"kube-scheduler":          "scheduler",
	"scheduler":               "scheduler",
	"etcd":                    "etcd",
	"kubelet":                 "kubelet",
	"kube-proxy":              "proxy",
	"proxy":                   "proxy",
}

// componentOf returns the component an argv runs and its arguments. Short
// names (apiserver, proxy, ...) count only as hyperkube sub-commands.
func componentOf(argv []string) (string, []string) {
	if len(argv) == 0 {
		return "", nil
	}
	base := path.Base(argv[0])
	if base == "hyperkube" && len(argv) > 1 {
		if c, ok := binaries[argv[1]]; ok {
			return c, argv[2:]
		}
		return "", nil
	}
	if c, ok := binaries[base]; ok && (strings.Contains(base, "kube") || base == "etcd") {
		return c, argv[1:]
	}
	return "", nil
}

// processes finds component processes under root/proc, in pid order.
func (h *host) processes(ctx context.Context) ([]instance, error) {
	real, err := h.resolve("/proc")
	if err != nil {
		return nil, err
	}
	d, err := os.Open(real)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, hostErr("/proc", err)
	}
	defer d.Close()
	var pids []int
	for len(pids) < maxPids {
		names, err := d.Readdirnames(1024)
		for _, n := range names {
			if pid, err := strconv.Atoi(n); err == nil && pid > 0 {
				pids = append(pids, pid)
			}
		}
		if err != nil {
			break
		}
	}
	if len(pids) > maxPids {
		pids = pids[:maxPids]
	}
	slices.Sort(pids)
	var out []instance
	for _, pid := range pids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		src := "/proc/" + strconv.Itoa(pid) + "/cmdline"
		b, err := readBounded(filepath.Join(real, strconv.Itoa(pid), "cmdline"), maxCmdlineSize)
		if err != nil || len(b) == 0 {
			continue // exited, a kernel thread, or not ours to read
		}
		comp, args := componentOf(parseCmdline(b))
		if comp == "" {
			continue
		}
		out = append(out, instance{Component: comp, PID: pid, Source: src, Flags: parseFlags(args)})
	}
	return out, nil
}

func readBounded(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// parseCmdline splits a /proc/PID/cmdline. A process that rewrote its argv
// into one space-separated string is split on white space.
func parseCmdline(b []byte) []string {
	b = bytes.TrimRight(b, "\x00")
	if len(b) == 0 {
		return nil
	}
	parts := strings.Split(string(b), "\x00")
	if len(parts) == 1 && strings.ContainsAny(parts[0], " \t") {
		return strings.Fields(parts[0])
	}
	return parts
}

// manifests reads the static pod manifests of a directory: each container
// whose command runs a component gives an instance.
func (h *host) manifests(dir string) ([]instance, []string) {
	files, err := h.glob(path.Join(dir, "*"))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, []string{fmt.Sprintf("listing static pod manifests: %v", err)}
	}
	var out []instance
	var errs []string
	for _, p := range files {
		ext := path.Ext(p)
		if ext != ".yaml" && ext != ".yml" && ext != ".json" && ext != ".manifest" {
			continue
		}
		b, err := h.readFile(p, maxFileSize)
		if err != nil {
			errs = append(errs, fmt.Sprintf("reading static pod manifest: %v", err))
			continue
		}
		var pod corev1.Pod
		if err := yaml.Unmarshal(b, &pod); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", p, err))
			continue
		}
		for _, c := range pod.Spec.Containers {
			argv := append(slices.Clone(c.Command), c.Args...)
			comp, args := componentOf(argv)
			if comp == "" {
				continue
			}
			out = append(out, instance{Component: comp, Source: p, Flags: parseFlags(args)})
		}
	}
	return out, errs
}

// imageVersion returns "1.30" from an image such as
// registry.k8s.io/kube-apiserver:v1.30.2.
func imageVersion(image string) string {
	i := strings.LastIndexByte(image, ':')
	if i < 0 || strings.Contains(image[i:], "/") {
		return ""
	}
	return majorMinor(image[i+1:])
}

// majorMinor returns "1.30" from "v1.30.2-eks-1234", or "".
func majorMinor(v string) string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return ""
	}
	minor := parts[1]
	if j := strings.IndexFunc(minor, func(r rune) bool { return r < '0' || r > '9' }); j >= 0 {
		minor = minor[:j]
	}
	if _, err := strconv.Atoi(parts[0]); err != nil || minor == "" {
		return ""
	}
	return parts[0] + "." + minor
}

// manifestVersion finds the Kubernetes version from the image tag of the
// API server (or any control plane component) static pod.
func (h *host) manifestVersion(dir string) string {
	files, err := h.glob(path.Join(dir, "*.yaml"))
	if err != nil {
		return ""
	}
	for _, p := range files {
		b, err := h.readFile(p, maxFileSize)
		if err != nil {
			continue
		}
		var pod corev1.Pod
		if yaml.Unmarshal(b, &pod) != nil {
			continue
		}
		for _, c := range pod.Spec.Containers {
			if strings.Contains(c.Image, "kube-apiserver") || strings.Contains(c.Image, "kube-controller-manager") || strings.Contains(c.Image, "kube-scheduler") {
				if v := imageVersion(c.Image); v != "" {
					return v
				}
			}
		}
	}
	return ""
}
