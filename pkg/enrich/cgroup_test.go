package enrich

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/palisadesec/palisade/pkg/testenv"
)

const (
	id1 = "d0f631ca1ddba8db3bcfcb9e057cdc98d0379f1bee00e75a545147a27dadd982"
	id2 = "9c0abe51c6e6655d81de2d044d4fb194931f058c0426c67c7285d8f5657ed64a"
	id3 = "7c1c97df17c066924822b0af09a65251554962c61e23329aed04cd19020dc3b8"
	id4 = "0012a3fa000c5dc26ee658c3c58e12cecd58d6455cec3d5621f0c787675b38aa"
	id5 = "d0bf3e6ee1d668de18c9ca200a4f152062f345283ee68cadfe41204f215d75e9"
	id6 = "6db53c9d5a2ca72a85ddf3a681c0d9567899f4c48632a2e9b0beeba0d6938485"
	id7 = "f28d5b0d6f8be0da8446dabe79044cb9ed0ffa3150a003936155409fe778b885"

	uid1 = "5f1c9a52-8b0e-4d3f-9a61-2c7e4b8d1f03"
	uid2 = "0a4d2e6c-31b7-4c59-8f2e-7d9b1a3c5e68"
	uid3 = "e3b9f1d2-6a47-4e8c-b5d0-9c2a7f4e1b36"
)

// procRootWith lays out fixture files as procRoot/<pid>/cgroup.
func procRootWith(t *testing.T, files map[int]string) string {
	t.Helper()
	root := t.TempDir()
	for pid, name := range files {
		data, err := os.ReadFile(filepath.Join("testdata", "cgroup", name))
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(root, strconv.Itoa(pid))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "cgroup"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestContainerOfProcFixtures(t *testing.T) {
	tests := []struct {
		file     string
		want     ContainerRef
		pathHas  string // the path ContainerOfProc says it used contains this
		v1, none bool   // the answer must come from a v1 line; no container
	}{
		{file: "v1-cgroupfs-containerd.cgroup", want: ContainerRef{ID: id1, PodUID: uid1}, pathHas: "/kubepods/burstable/pod" + uid1, v1: true},
		{file: "v2-systemd-containerd.cgroup", want: ContainerRef{Runtime: RuntimeContainerd, ID: id2, PodUID: uid2}, pathHas: "cri-containerd-" + id2},
		{file: "v2-systemd-crio.cgroup", want: ContainerRef{Runtime: RuntimeCRIO, ID: id3, PodUID: uid3}, pathHas: "crio-" + id3},
		{file: "v2-systemd-crio-conmon.cgroup", none: true, pathHas: "crio-conmon-"},
		{file: "v2-systemd-guaranteed-nested.cgroup", want: ContainerRef{Runtime: RuntimeContainerd, ID: id4, PodUID: uid1}, pathHas: "init.scope"},
		{file: "hybrid-cgroupfs.cgroup", want: ContainerRef{ID: id5, PodUID: uid2}, pathHas: "/kubepods/besteffort/pod" + uid2, v1: true},
		{file: "hybrid-systemd-docker.cgroup", want: ContainerRef{Runtime: RuntimeDocker, ID: id6}, pathHas: "docker-" + id6},
		{file: "v1-docker.cgroup", want: ContainerRef{Runtime: RuntimeDocker, ID: id7}, pathHas: "/docker/" + id7, v1: true},
		{file: "v2-host.cgroup", none: true, pathHas: "sshd.service"},
		{file: "hybrid-host.cgroup", none: true, pathHas: "sshd.service"},
	}
	files := map[int]string{}
	for i, tt := range tests {
		files[1000+i] = tt.file
	}
	root := procRootWith(t, files)
	for i, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ref, path, err := ContainerOfProc(root, 1000+i)
			if err != nil {
				t.Fatal(err)
			}
			if tt.none {
				if ref != (ContainerRef{}) {
					t.Errorf("got %+v, want no container", ref)
				}
			} else if ref != tt.want {
				t.Errorf("got %+v, want %+v", ref, tt.want)
			}
			if !strings.Contains(path, tt.pathHas) {
				t.Errorf("path %q does not contain %q", path, tt.pathHas)
			}
			data, _ := os.ReadFile(filepath.Join("testdata", "cgroup", tt.file))
			lines, err := ParseProcCgroup(data)
			if err != nil {
				t.Fatal(err)
			}
			if tt.v1 {
				for _, l := range lines {
					if l.Unified() && l.Path == path {
						t.Errorf("answer came from the v2 line, want a v1 one")
					}
				}
			}
		})
	}
}

// The v2 line wins when it names a container; the v1 lines are asked only
// when it does not (hybrid hosts where 0:: is the runtime's service).
func TestContainerOfProcPrefersV2(t *testing.T) {
	root := t.TempDir()
	data := "4:memory:/docker/" + id7 + "\n0::/system.slice/docker-" + id6 + ".scope\n"
	if err := os.MkdirAll(filepath.Join(root, "7"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "7", "cgroup"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	ref, _, err := ContainerOfProc(root, 7)
	if err != nil || ref.ID != id6 {
		t.Fatalf("got %+v, %v; want the v2 line's %s", ref, err, id6)
	}
}

func TestContainerOfProcErrors(t *testing.T) {
	root := t.TempDir()
	if _, _, err := ContainerOfProc(root, 0); err == nil {
		t.Error("pid 0: no error")
	}
	if _, _, err := ContainerOfProc(root, 42); err == nil || !os.IsNotExist(err) {
		t.Errorf("missing process: got %v, want a not-exist error", err)
	}
	big := filepath.Join(root, "43")
	if err := os.MkdirAll(big, 0o755); err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("0::/"+strings.Repeat("a", 200)+"\n", 400)
	if err := os.WriteFile(filepath.Join(big, "cgroup"), []byte(huge), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ContainerOfProc(root, 43); err == nil || !strings.Contains(err.Error(), "43/cgroup") {
		t.Errorf("oversized file: got %v, want an error naming the file", err)
	}
}

// This machine's own /proc: whatever it is (hybrid here, v2 in CI
// runners), it parses.
func TestContainerOfProcSelf(t *testing.T) {
	if _, err := os.Stat("/proc/self/cgroup"); err != nil {
		testenv.Skip(t, "no /proc/self/cgroup on this machine")
	}
	ref, path, err := ContainerOfProc("/proc", os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(path, "/") {
		t.Errorf("path %q", path)
	}
	t.Logf("this process: %+v in %s", ref, path)
}

func TestParseCgroupPath(t *testing.T) {
	u1 := strings.ReplaceAll(uid1, "-", "_")
	const static = "0f4e9a6b3c2d1e5f8a7b6c5d4e3f2a1b" // a static pod's UID is a config hash
	tests := []struct {
		in   string
		want ContainerRef
		ok   bool
	}{
		// Tails as the probe reads them.
		{"pod" + uid1 + "/" + id1, ContainerRef{ID: id1, PodUID: uid1}, true},
		{"kubepods-burstable-pod" + u1 + ".slice/cri-containerd-" + id2 + ".scope", ContainerRef{RuntimeContainerd, id2, uid1}, true},
		{"kubepods-pod" + u1 + ".slice/cri-containerd-" + id2 + ".scope", ContainerRef{RuntimeContainerd, id2, uid1}, true},
		{"kubepods-besteffort-pod" + u1 + ".slice/crio-" + id3 + ".scope", ContainerRef{RuntimeCRIO, id3, uid1}, true},
		{"kubepods-besteffort-pod" + u1 + ".slice/crio-conmon-" + id3 + ".scope", ContainerRef{}, false},
		{"kubepods-besteffort-pod" + u1 + ".slice/docker-" + id3 + ".scope", ContainerRef{RuntimeDocker, id3, uid1}, true},
		{"cri-containerd-" + id2 + ".scope/init.scope", ContainerRef{RuntimeContainerd, id2, ""}, true},
		{"system.slice/docker-" + id6 + ".scope", ContainerRef{RuntimeDocker, id6, ""}, true},
		{"docker/" + id7, ContainerRef{RuntimeDocker, id7, ""}, true},
		{"user.slice/libpod-" + id7 + ".scope", ContainerRef{RuntimePodman, id7, ""}, true},
		{"user.slice/libpod-conmon-" + id7 + ".scope", ContainerRef{}, false},
		{id1, ContainerRef{ID: id1}, true},
		// Full paths.
		{"/kubepods/burstable/pod" + uid1 + "/" + id1, ContainerRef{ID: id1, PodUID: uid1}, true},
		{"/kubepods/pod" + uid1 + "/" + id1, ContainerRef{ID: id1, PodUID: uid1}, true},
		{"/kubepods/besteffort/pod" + uid1 + "/crio-" + id3, ContainerRef{RuntimeCRIO, id3, uid1}, true},
		{"/kubepods/besteffort/pod" + static + "/" + id1, ContainerRef{ID: id1, PodUID: static}, true},
		{"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + u1 + ".slice/cri-containerd-" + id2 + ".scope", ContainerRef{RuntimeContainerd, id2, uid1}, true},
		{"/k8s.io/" + id5, ContainerRef{ID: id5}, true}, // containerd outside Kubernetes (namespace k8s.io)
		{"/default/" + id5 + "\n", ContainerRef{ID: id5}, true},
		{"/kubepods/burstable/pod" + uid1 + "/" + id1 + " (deleted)", ContainerRef{ID: id1, PodUID: uid1}, true},
		// Another runtime's ID below a cgroupfs pod cgroup.
		{"/kubepods/burstable/pod" + uid1 + "/kata_sandbox-1", ContainerRef{ID: "kata_sandbox-1", PodUID: uid1}, true},
		// Not containers.
		{"/default/my-container", ContainerRef{}, false},
		{"/kubepods/burstable/pod" + uid1, ContainerRef{}, false},
		{"/kubepods/burstable/pod" + uid1 + "/", ContainerRef{}, false},
		{"kubepods-burstable-pod" + u1 + ".slice/unknown.scope", ContainerRef{}, false},
		{"/system.slice/containerd.service", ContainerRef{}, false},
		{"/", ContainerRef{}, false},
		{"", ContainerRef{}, false},
		{strings.ToUpper(id1), ContainerRef{}, false},
		{id1[:63], ContainerRef{}, false},
		{"cri-containerd-" + id2[:60] + ".scope", ContainerRef{}, false},
		{"/podnot-a-uid/" + id1, ContainerRef{ID: id1}, true},
		{"/user.slice/pod12345678/foo", ContainerRef{}, false},
		{"pod" + uid1 + "/kata_sandbox-1", ContainerRef{ID: "kata_sandbox-1", PodUID: uid1}, true},
	}
	for _, tt := range tests {
		got, ok := ParseCgroupPath(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseCgroupPath(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseProcCgroup(t *testing.T) {
	in := "12:memory:/a:b\n1:name=systemd:/x\n0::/kubepods\n"
	got, err := ParseProcCgroup([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d lines", len(got))
	}
	if got[0].HierarchyID != 12 || got[0].Path != "/a:b" || len(got[0].Controllers) != 1 || got[0].Controllers[0] != "memory" || got[0].Unified() {
		t.Errorf("line 1: %+v", got[0])
	}
	if got[1].Controllers[0] != "name=systemd" {
		t.Errorf("line 2: %+v", got[1])
	}
	if !got[2].Unified() || got[2].Path != "/kubepods" || got[2].Controllers != nil {
		t.Errorf("line 3: %+v", got[2])
	}
	c, err := ParseProcCgroup([]byte("10:cpu,cpuacct:/"))
	if err != nil || len(c) != 1 || len(c[0].Controllers) != 2 {
		t.Errorf("no final newline, two controllers: %+v, %v", c, err)
	}
}

func TestParseProcCgroupErrors(t *testing.T) {
	tests := []struct{ in, errHas string }{
		{"", "empty"},
		{"\n", "empty"},
		{"0::/\ngarbage\n", "line 2"},
		{"x::/\n", "hierarchy ID"},
		{"-1::/\n", "hierarchy ID"},
		{"0::relative\n", "does not start with /"},
		{"3::/\n", "without controllers"},
		{"0::/\n\n0::/\n", "line 2"},
		{strings.Repeat("0::/\n", maxProcCgroupLines+1), "lines"},
		{strings.Repeat("a", maxProcCgroupBytes+1), "bytes"},
	}
	for _, tt := range tests {
		_, err := ParseProcCgroup([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.errHas) {
			t.Errorf("ParseProcCgroup(%.40q): error %v, want one with %q", tt.in, err, tt.errHas)
		}
	}
	if _, err := ParseProcCgroup([]byte(strings.Repeat("0::/\n", maxProcCgroupLines))); err != nil {
		t.Errorf("%d lines: %v", maxProcCgroupLines, err)
	}
}
