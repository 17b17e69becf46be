package watch

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/palisadesec/palisade/pkg/probe"
)

// proc is what the watcher knows of a live process.
type proc struct {
	pid, ppid, uid uint32
	comm, path     string
	args           []string
	cgroup         string
}

// procTable follows processes through their exec and exit events; a
// process first seen by another event is read from /proc once.
type procTable struct {
	root  string
	max   int
	procs map[uint32]*proc
	// gone remembers pids /proc did not have, for a moment (pids are
	// reused), so a dead parent is not looked up for every event of its
	// children.
	gone map[uint32]time.Time
}

// goneFor is how long a pid missing from /proc is believed gone.
const goneFor = 2 * time.Second

func newProcTable(root string, max int) *procTable {
	return &procTable{root: root, max: max, procs: map[uint32]*proc{}, gone: map[uint32]time.Time{}}
}

// update records what ev says about its process and returns it.
func (t *procTable) update(ev probe.Event) *proc {
	p := t.procs[ev.PID]
	delete(t.gone, ev.PID) // a reused pid
	if ev.Type == probe.Exec || p == nil {
		if p == nil {
			if len(t.procs) >= t.max {
				t.evict()
			}
			p = &proc{pid: ev.PID}
			if ev.Type != probe.Exec {
				t.fromProc(p)
			}
			t.procs[ev.PID] = p
		}
		if ev.Type == probe.Exec {
			p.path, p.args = ev.Path, ev.Args
			if ev.Path == "/proc/self/exe" {
				// A process re-running its own binary (busybox's shell
				// runs applets so): the binary is its parent's, which it
				// was forked from.
				if pp := t.procs[ev.PPID]; pp != nil && pp.path != "" {
					p.path = pp.path
				}
			}
		}
	}
	p.ppid, p.uid, p.comm = ev.PPID, ev.UID, ev.Comm
	if ev.Cgroup != "" && ev.Cgroup != "/" {
		p.cgroup = ev.Cgroup
	}
	return p
}

func (t *procTable) remove(pid uint32) { delete(t.procs, pid) }

// evict drops an arbitrary quarter of the table when it is full (exits
// were missed, or a fork bomb): map order is random enough.
func (t *procTable) evict() {
	n := len(t.procs) / 4
	for pid := range t.procs {
		if n == 0 {
			return
		}
		delete(t.procs, pid)
		n--
	}
}

// get returns the process, reading /proc for one not seen yet.
func (t *procTable) get(pid uint32) *proc {
	if p, ok := t.procs[pid]; ok {
		return p
	}
	if pid == 0 {
		return nil
	}
	now := time.Now()
	if at, ok := t.gone[pid]; ok {
		if now.Sub(at) < goneFor {
			return nil
		}
		delete(t.gone, pid)
	}
	p := &proc{pid: pid}
	if !t.fromProc(p) {
		if len(t.gone) >= t.max {
			clear(t.gone)
		}
		t.gone[pid] = now
		return nil
	}
	if len(t.procs) >= t.max {
		t.evict()
	}
	t.procs[pid] = p
	return p
}

// OutsideParent is the parent of a container process started from outside
// its container: by the container runtime, for the entrypoint or an exec.
// Which runtime process that was (and whether it is still there to be read
// when the event is handled) varies, so models record this instead.
const OutsideParent = "(container runtime)"

// parentPath is the binary of p's parent as models record it: a path for a
// parent in the same container, OutsideParent for one outside it.
func (t *procTable) parentPath(p *proc) string {
	pp := t.procs[p.ppid]
	if pp == nil || pp.cgroup != p.cgroup || p.cgroup == "" {
		return OutsideParent
	}
	return pp.path
}

// ancestors returns up to n ancestors of p, nearest first. A pid seen
// twice (a cycle through reused pids) ends the walk.
func (t *procTable) ancestors(p *proc, n int) []*proc {
	var out []*proc
	for cur := p; len(out) < n && cur.ppid != 0 && cur.ppid != p.pid; {
		pp := t.get(cur.ppid)
		if pp == nil || slices.Contains(out, pp) {
			break
		}
		out = append(out, pp)
		cur = pp
	}
	return out
}

// fromProc fills p from /proc/PID; false when the process is gone.
func (t *procTable) fromProc(p *proc) bool {
	dir := filepath.Join(t.root, strconv.FormatUint(uint64(p.pid), 10))
	status, err := readBounded(filepath.Join(dir, "status"), 8<<10)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(status), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "Name":
			p.comm = v
		case "PPid":
			if n, err := strconv.ParseUint(v, 10, 32); err == nil {
				p.ppid = uint32(n)
			}
		case "Uid":
			if f := strings.Fields(v); len(f) > 1 {
				if n, err := strconv.ParseUint(f[1], 10, 32); err == nil {
					p.uid = uint32(n)
				}
			}
		}
	}
	if exe, err := os.Readlink(filepath.Join(dir, "exe")); err == nil {
		p.path = strings.TrimSuffix(exe, " (deleted)")
	}
	if cmd, err := readBounded(filepath.Join(dir, "cmdline"), 4<<10); err == nil {
		cmd = bytes.TrimRight(cmd, "\x00")
		if len(cmd) > 0 {
			p.args = strings.Split(string(cmd), "\x00")
		}
	}
	if cg, err := readBounded(filepath.Join(dir, "cgroup"), 64<<10); err == nil {
		p.cgroup = cgroupTail(cg)
	}
	return true
}

// cgroupTail picks the most specific cgroup path of /proc/PID/cgroup (the
// v2 line, else the memory controller's) and returns its last two elements,
// as the kernel side reports them.
func cgroupTail(data []byte) string {
	var v2, mem string
	for _, line := range strings.Split(string(data), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			v2 = parts[2]
		case strings.Contains(","+parts[1]+",", ",memory,"):
			mem = parts[2]
		}
	}
	p := v2
	if p == "" || p == "/" {
		p = mem
	}
	p = strings.Trim(p, "/")
	if p == "" {
		return "/"
	}
	elems := strings.Split(p, "/")
	if len(elems) == 1 {
		return "/" + elems[0]
	}
	return strings.Join(elems[len(elems)-2:], "/")
}

// scan reads every process under root (bounded by the table's size).
func (t *procTable) scan() {
	entries, err := os.ReadDir(t.root)
	if err != nil {
		return
	}
	for _, e := range entries {
		n, err := strconv.ParseUint(e.Name(), 10, 32)
		if err != nil || len(t.procs) >= t.max {
			continue
		}
		t.get(uint32(n))
	}
}

func readBounded(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, max)
	n, err := f.Read(buf)
	if n == 0 && err != nil {
		return nil, err
	}
	return buf[:n], nil
}
