package enrich

import (
	"strings"
	"testing"
)

func FuzzParseCgroupPath(f *testing.F) {
	for _, s := range []string{
		"pod" + uid1 + "/" + id1,
		"/kubepods/burstable/pod" + uid1 + "/" + id1,
		"kubepods-burstable-pod" + strings.ReplaceAll(uid2, "-", "_") + ".slice/cri-containerd-" + id2 + ".scope",
		"kubepods-besteffort-pod" + strings.ReplaceAll(uid3, "-", "_") + ".slice/crio-conmon-" + id3 + ".scope",
		"/system.slice/docker-" + id6 + ".scope",
		"/docker/" + id7,
		"/kubepods/pod" + uid1 + "/x/y",
		id1,
		"/",
		"",
		"//pod/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		ref, ok := ParseCgroupPath(p)
		if !ok {
			if ref != (ContainerRef{}) {
				t.Fatalf("not a container but %+v", ref)
			}
			return
		}
		if ref.ID == "" || !strings.Contains(p, ref.ID) {
			t.Fatalf("ID %q not in %q", ref.ID, p)
		}
		if ref.PodUID != "" && !validPodUID(ref.PodUID) {
			t.Fatalf("pod UID %q", ref.PodUID)
		}
	})
}

func FuzzParseProcCgroup(f *testing.F) {
	for _, s := range []string{
		"12:memory:/kubepods/burstable/pod" + uid1 + "/" + id1 + "\n1:name=systemd:/\n",
		"0::/kubepods.slice/kubepods-pod" + strings.ReplaceAll(uid1, "-", "_") + ".slice/cri-containerd-" + id2 + ".scope\n",
		"10:cpu,cpuacct:/a:b:c\n0::/\n",
		"",
		"\n\n",
		"x:y",
		"0::",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, err := ParseProcCgroup(data)
		if err != nil {
			if lines != nil {
				t.Fatal("lines with an error")
			}
			return
		}
		if len(lines) == 0 || len(lines) > maxProcCgroupLines {
			t.Fatalf("%d lines", len(lines))
		}
		for _, l := range lines {
			if l.HierarchyID < 0 || !strings.HasPrefix(l.Path, "/") {
				t.Fatalf("bad line %+v", l)
			}
			ParseCgroupPath(l.Path)
		}
	})
}
