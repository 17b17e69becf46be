//go:build linux

package probe

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/ringbuf"
	"github.com/cilium/ebpf/rlimit"
	"golang.org/x/sys/unix"
)

// Probe is the loaded and attached probe. Read from one goroutine.
type Probe struct {
	objs   probeObjects
	links  []link.Link
	rd     *ringbuf.Reader
	boot   time.Time
	events atomic.Uint64
	rec    ringbuf.Record
	once   sync.Once
	// deadline is the caller's (SetDeadline); Read polls the ring buffer
	// every pollInterval up to it, since the kernel wakes the reader only
	// once wakeupBytes are queued.
	deadline time.Time
}

const (
	pollInterval = 50 * time.Millisecond
	wakeupBytes  = 64 << 10
)

const tracefs = "/sys/kernel/tracing"

// Load checks that this kernel and process can run the probe, loads the
// programs (CO-RE against the kernel's BTF) and attaches them. Every
// failure is one line that says what is missing.
func Load(opts Options) (*Probe, error) {
	btfPath := opts.BTFPath
	if btfPath == "" {
		btfPath = "/sys/kernel/btf/vmlinux"
	}
	if err := checkPrivileges(); err != nil {
		return nil, err
	}
	var kernel *btf.Spec
	if opts.BTFPath == "" {
		// The library reads the running kernel's BTF itself, lazily.
		if _, err := os.Stat(btfPath); err != nil {
			return nil, btfError(btfPath, err)
		}
	} else {
		var err error
		if kernel, err = loadBTF(btfPath); err != nil {
			return nil, err
		}
	}
	if err := checkLockdown("/sys/kernel/security/lockdown"); err != nil {
		return nil, err
	}
	if err := ensureTracefs(); err != nil {
		return nil, err
	}
	// Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK.
	_ = rlimit.RemoveMemlock()

	spec, err := loadProbe()
	if err != nil {
		return nil, fmt.Errorf("reading the embedded probe: %w", err)
	}
	hostNS, err := hostMountNS()
	if err != nil {
		return nil, err
	}
	consts := map[string]any{"host_mntns": hostNS, "self_tgid": uint32(os.Getpid()), "host_mode": uint32(0), "wakeup_bytes": uint64(wakeupBytes)}
	if opts.Host {
		consts["host_mode"] = uint32(1)
	}
	for name, v := range consts {
		vs, ok := spec.Variables[name]
		if !ok {
			return nil, fmt.Errorf("the embedded probe lacks %s", name)
		}
		if err := vs.Set(v); err != nil {
			return nil, fmt.Errorf("setting %s: %w", name, err)
		}
	}
	if opts.RingBufferSize > 0 {
		n := opts.RingBufferSize
		if n&(n-1) != 0 || n < 4096 {
			return nil, fmt.Errorf("ring buffer size %d must be a power of two of at least 4096", n)
		}
		spec.Maps["events"].MaxEntries = uint32(n)
	}
	p := &Probe{}
	err = spec.LoadAndAssign(&p.objs, &ebpf.CollectionOptions{Programs: ebpf.ProgramOptions{KernelTypes: kernel}})
	if err != nil {
		return nil, loadError(err)
	}
	prefixes := opts.Prefixes
	if len(prefixes) == 0 {
		prefixes = DefaultPrefixes
	}
	if err := p.setPrefixes(prefixes); err != nil {
		p.Close()
		return nil, err
	}
	if err := p.attach(); err != nil {
		p.Close()
		return nil, err
	}
	if p.rd, err = ringbuf.NewReader(p.objs.Events); err != nil {
		p.Close()
		return nil, fmt.Errorf("opening the probe's ring buffer: %w", err)
	}
	p.boot, err = bootTime()
	if err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func (p *Probe) setPrefixes(prefixes []Prefix) error {
	for _, pr := range prefixes {
		if len(pr.Path) == 0 || len(pr.Path) > MaxPrefixLen {
			return fmt.Errorf("file prefix %q: want 1 to %d bytes", pr.Path, MaxPrefixLen)
		}
		var key probePrefixKey
		key.Prefixlen = uint32(len(pr.Path) * 8)
		for i := 0; i < len(pr.Path); i++ {
			key.Data[i] = int8(pr.Path[i])
		}
		if err := p.objs.Prefixes.Put(&key, uint8(pr.Watch)); err != nil {
			return fmt.Errorf("adding file prefix %q: %w", pr.Path, err)
		}
	}
	return nil
}

type tracepoint struct {
	group, name string
	prog        *ebpf.Program
	optional    bool // absent on some architectures or older kernels
}

func (p *Probe) attach() error {
	l, err := link.AttachTracing(link.TracingOptions{Program: p.objs.HandleExec})
	if err != nil {
		return fmt.Errorf("attaching to sched_process_exec: %w", err)
	}
	p.links = append(p.links, l)
	o := &p.objs
	for _, tp := range []tracepoint{
		{"sched", "sched_process_exit", o.HandleExit, false},
		{"syscalls", "sys_enter_connect", o.HandleConnect, false},
		{"syscalls", "sys_exit_accept4", o.HandleAccept4, false},
		{"syscalls", "sys_exit_accept", o.HandleAccept, true},
		{"syscalls", "sys_enter_listen", o.HandleListen, false},
		{"syscalls", "sys_enter_openat", o.HandleOpenat, false},
		{"syscalls", "sys_enter_openat2", o.HandleOpenat2, true},
		{"syscalls", "sys_enter_open", o.HandleOpen, true},
		{"syscalls", "sys_enter_setuid", o.HandleSetuid, false},
		{"syscalls", "sys_enter_setreuid", o.HandleSetreuid, false},
		{"syscalls", "sys_enter_setresuid", o.HandleSetresuid, false},
		{"syscalls", "sys_enter_capset", o.HandleCapset, false},
		{"syscalls", "sys_enter_setns", o.HandleSetns, false},
		{"syscalls", "sys_enter_unshare", o.HandleUnshare, false},
	} {
		l, err := link.Tracepoint(tp.group, tp.name, tp.prog, nil)
		if err != nil {
			if tp.optional && errors.Is(err, os.ErrNotExist) {
				continue
			}
			if errors.Is(err, os.ErrNotExist) && tp.group == "syscalls" {
				return fmt.Errorf("tracepoint %s/%s not found: the probe needs a kernel with syscall tracepoints (CONFIG_FTRACE_SYSCALLS)", tp.group, tp.name)
			}
			return fmt.Errorf("attaching to %s/%s: %w", tp.group, tp.name, err)
		}
		p.links = append(p.links, l)
	}
	return nil
}

// ErrClosed is returned by Read once the probe is closed.
var ErrClosed = errors.New("probe closed")

// Read blocks until the next event. Records that do not decode are counted
// as events and returned as errors; the caller may go on reading.
func (p *Probe) Read() (Event, error) {
	for {
		poll := time.Now().Add(pollInterval)
		if !p.deadline.IsZero() && p.deadline.Before(poll) {
			poll = p.deadline
		}
		p.rd.SetDeadline(poll)
		err := p.rd.ReadInto(&p.rec)
		if err == nil {
			break
		}
		if errors.Is(err, ringbuf.ErrClosed) {
			return Event{}, ErrClosed
		}
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			return Event{}, fmt.Errorf("reading the probe's ring buffer: %w", err)
		}
		if !p.deadline.IsZero() && !time.Now().Before(p.deadline) {
			return Event{}, err
		}
	}
	p.events.Add(1)
	return decode(p.rec.RawSample, p.boot)
}

// SetDeadline makes a blocked Read return os.ErrDeadlineExceeded (wrapped)
// at t; the zero time waits forever.
func (p *Probe) SetDeadline(t time.Time) { p.deadline = t }

// Stats reports events read and events the kernel dropped.
func (p *Probe) Stats() Stats {
	s := Stats{Events: p.events.Load()}
	var perCPU []uint64
	if err := p.objs.Drops.Lookup(uint32(0), &perCPU); err == nil {
		for _, n := range perCPU {
			s.Drops += n
		}
	}
	return s
}

// Close detaches the programs and frees the kernel objects.
func (p *Probe) Close() error {
	p.once.Do(func() {
		for _, l := range p.links {
			_ = l.Close()
		}
		if p.rd != nil {
			_ = p.rd.Close()
		}
		_ = p.objs.Close()
	})
	return nil
}

func loadBTF(path string) (*btf.Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, btfError(path, err)
	}
	defer f.Close()
	spec, err := btf.LoadSplitSpecFromReader(f, nil)
	if err != nil {
		return nil, fmt.Errorf("kernel BTF at %s is unreadable: %v", path, err)
	}
	return spec, nil
}

func btfError(path string, err error) error {
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("kernel BTF not found at %s: the probe needs a kernel built with CONFIG_DEBUG_INFO_BTF=y (Linux 5.8 or newer)", path)
	}
	return fmt.Errorf("reading kernel BTF: %w", err)
}

// capability bits from linux/capability.h
const (
	capSysAdmin = 21
	capPerfmon  = 38
	capBPF      = 39
)

func checkPrivileges() error {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return fmt.Errorf("reading capabilities: %w", err)
	}
	defer f.Close()
	var eff uint64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "CapEff:"); ok {
			eff, err = strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			if err != nil {
				return fmt.Errorf("reading capabilities: %w", err)
			}
		}
	}
	has := func(c uint) bool { return eff&(1<<c) != 0 }
	if has(capSysAdmin) || (has(capBPF) && has(capPerfmon)) {
		return nil
	}
	return errors.New("the runtime probe needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN): run it as root or grant those capabilities")
}

// checkLockdown refuses a kernel in confidentiality lockdown, where BPF may
// not read kernel memory; integrity lockdown does not stop the probe.
func checkLockdown(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil // no lockdown LSM
	}
	if strings.Contains(string(b), "[confidentiality]") {
		return errors.New("the kernel is locked down (confidentiality): eBPF may not read kernel memory, so the probe cannot run")
	}
	return nil
}

func ensureTracefs() error {
	if _, err := os.Stat(tracefs + "/events"); err == nil {
		return nil
	}
	if _, err := os.Stat("/sys/kernel/debug/tracing/events"); err == nil {
		return nil
	}
	if err := unix.Mount("nodev", tracefs, "tracefs", 0, ""); err != nil {
		return fmt.Errorf("tracefs is not mounted and mounting it failed (%v): mount -t tracefs nodev %s", err, tracefs)
	}
	return nil
}

// hostMountNS is init's mount namespace (the probe runs with hostPID), or
// the probe's own where init's cannot be read: then the probe is taken to run
// in the host's mount namespace, and anything that is not a container is
// still recognised in user space by its cgroup.
func hostMountNS() (uint64, error) {
	if ns, err := mountNS("/proc/1/ns/mnt"); err == nil {
		return ns, nil
	}
	ns, err := mountNS("/proc/self/ns/mnt")
	if err != nil {
		return 0, fmt.Errorf("reading the mount namespace: %w", err)
	}
	return ns, nil
}

func mountNS(path string) (uint64, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return 0, err
	}
	return st.Ino, nil
}

// bootTime is the wall-clock time the kernel's boot clock started.
func bootTime() (time.Time, error) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts); err != nil {
		return time.Time{}, fmt.Errorf("reading the boot clock: %w", err)
	}
	return time.Now().Add(-time.Duration(ts.Nano())), nil
}

func loadError(err error) error {
	var ve *ebpf.VerifierError
	if errors.As(err, &ve) {
		return fmt.Errorf("the kernel's verifier refused the probe: %v", oneLine(ve.Error()))
	}
	if errors.Is(err, unix.EPERM) {
		return fmt.Errorf("loading the probe was not permitted (%v): it needs CAP_BPF and CAP_PERFMON, and unprivileged or locked-down kernels refuse it", err)
	}
	return fmt.Errorf("loading the probe: %v", oneLine(err.Error()))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
