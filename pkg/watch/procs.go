package watch

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"

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
	// gone remembers pids /proc did not have, so a dead parent is not
	// looked up again for every event of its children.
	gone map[uint32]struct{}
}

func newProcTable(root string, max int) *procTable {
	return &procTable{root: root, max: max, procs: map[uint32]*proc{}, gone: map[uint32]struct{}{}}
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
	if _, ok := t.gone[pid]; ok {
		return nil
	}
	p := &proc{pid: pid}
	if !t.fromProc(p) {
		if len(t.gone) >= t.max {
			clear(t.gone)
		}
		t.gone[pid] = struct{}{}
		return nil
	}
	if len(t.procs) >= t.max {
		t.evict()
	}
	t.procs[pid] = p
	return p
}

func (t *procTable) parentPath(p *proc) string {
	if pp := t.get(p.ppid); pp != nil {
		return pp.path
	}
	return ""
}

// ancestors returns up to n ancestors of p, nearest first.
func (t *procTable) ancestors(p *proc, n int) []*proc {
	var out []*proc
	seen := map[uint32]bool{p.pid: true}
	for cur := p; len(out) < n && cur.ppid != 0 && !seen[cur.ppid]; {
		pp := t.get(cur.ppid)
		if pp == nil {
			break
		}
		seen[pp.pid] = true
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
func (t *procTable) scan() []*proc {
	entries, err := os.ReadDir(t.root)
	if err != nil {
		return nil
	}
	var out []*proc
	for _, e := range entries {
		n, err := strconv.ParseUint(e.Name(), 10, 32)
		if err != nil || len(t.procs) >= t.max {
			continue
		}
		if p := t.get(uint32(n)); p != nil {
			out = append(out, p)
		}
	}
	return out
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
