// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * Palisade's runtime probe. Tracepoints only (no kprobes: many kernels,
 * ours included, are built without them). Events go to user space through
 * one ring buffer; an event that does not fit is counted, never lost
 * silently. Only processes outside the host's mount namespace (containers)
 * are reported unless host_mode is set.
 */
#include "kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "probe.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by the loader before the programs load. */
volatile const __u64 host_mntns = 0;
volatile const __u32 host_mode = 0;
volatile const __u32 self_tgid = 0;
/* User space is woken once this much is queued; below it, it polls. Waking
 * the reader for every event costs the traced workload far more (a context
 * switch, often a cross-CPU interrupt) than the event itself. */
volatile const __u64 wakeup_bytes = 65536;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} events SEC(".maps");

/* drops[0]: events the ring buffer had no room for. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* File prefixes: the value says which opens below the prefix are reported
 * (PREFIX_ALL, PREFIX_WRITES or PREFIX_SKIP); the longest prefix wins, so
 * "/etc/ld.so.cache" can be carved out of "/etc/". */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 256);
	__type(key, struct prefix_key);
	__type(value, __u8);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} prefixes SEC(".maps");

struct scratch {
	struct prefix_key key;
	char path[PATH_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

#define AF_INET 2
#define AF_INET6 10
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define AT_FDCWD -100

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&drops, &zero);
	if (n)
		*n += 1;
}

static __always_inline void submit(void *e)
{
	__u64 queued = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	bpf_ringbuf_submit(e, queued >= wakeup_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
}

static __always_inline bool wanted(struct task_struct *t)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (tgid == self_tgid)
		return false;
	if (host_mode)
		return true;
	__u64 mntns = BPF_CORE_READ(t, nsproxy, mnt_ns, ns.inum);
	/* A task without an nsproxy is exiting; judge it by what we know. */
	return mntns != 0 && mntns != host_mntns;
}

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	struct kernfs_node___old *old = (void *)kn;
	return BPF_CORE_READ(old, parent);
}

static __always_inline void read_cgroup(struct task_struct *t, struct header *h)
{
	struct cgroup *cg = BPF_CORE_READ(t, cgroups, dfl_cgrp);
	int level = BPF_CORE_READ(cg, level);
	if (level == 0 && bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id)) {
		/* cgroup v1 or hybrid: containers live in the v1 hierarchies. */
		int id = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
		struct css_set *cs = BPF_CORE_READ(t, cgroups);
		struct cgroup_subsys_state *css = NULL;
		if (id >= 0 && id < 12)
			bpf_probe_read_kernel(&css, sizeof(css), &cs->subsys[id]);
		if (css)
			cg = BPF_CORE_READ(css, cgroup);
	}
	struct kernfs_node *kn = BPF_CORE_READ(cg, kn);
	if (!kn)
		return;
	bpf_probe_read_kernel_str(h->cg_leaf, sizeof(h->cg_leaf), BPF_CORE_READ(kn, name));
	struct kernfs_node *parent = kn_parent(kn);
	if (parent)
		bpf_probe_read_kernel_str(h->cg_parent, sizeof(h->cg_parent), BPF_CORE_READ(parent, name));
}

static __always_inline __u32 ns_pid(struct task_struct *t)
{
	struct pid *p = BPF_CORE_READ(t, thread_pid);
	if (!p)
		return 0;
	unsigned int level = BPF_CORE_READ(p, level);
	struct upid up = {};
	bpf_probe_read_kernel(&up, sizeof(up), &p->numbers[level & 31]);
	return up.nr;
}

static __always_inline void fill(struct header *h, struct task_struct *t, __u32 type)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 ug = bpf_get_current_uid_gid();
	h->ts = bpf_ktime_get_boot_ns();
	h->cgroup_id = bpf_get_current_cgroup_id();
	h->mntns = BPF_CORE_READ(t, nsproxy, mnt_ns, ns.inum);
	h->type = type;
	h->pid = id >> 32;
	h->tid = (__u32)id;
	h->ppid = BPF_CORE_READ(t, real_parent, tgid);
	h->uid = (__u32)ug;
	h->gid = ug >> 32;
	h->nspid = ns_pid(t);
	h->pad = 0;
	bpf_get_current_comm(h->comm, sizeof(h->comm));
	h->cg_parent[0] = 0;
	h->cg_leaf[0] = 0;
	read_cgroup(t, h);
}

static __always_inline struct file *fd_file(struct task_struct *t, int fd)
{
	if (fd < 0)
		return NULL;
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	if (!fdt)
		return NULL;
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	if ((unsigned int)fd >= max)
		return NULL;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline bool is_socket(struct file *f)
{
	if (!f)
		return false;
	umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
	return (mode & S_IFMT) == S_IFSOCK;
}

static __always_inline struct sock *fd_sock(struct task_struct *t, int fd)
{
	struct file *f = fd_file(t, fd);
	if (!is_socket(f))
		return NULL;
	struct socket *s = BPF_CORE_READ(f, private_data);
	if (!s)
		return NULL;
	return BPF_CORE_READ(s, sk);
}

/* A TCP/UDP socket (a reverse shell's stdin), not a Unix one (Node.js,
 * systemd and others hand children Unix socket pairs as stdio). */
static __always_inline bool is_inet_socket(struct file *f)
{
	if (!is_socket(f))
		return false;
	struct socket *s = BPF_CORE_READ(f, private_data);
	if (!s)
		return false;
	__u16 family = BPF_CORE_READ(s, sk, __sk_common.skc_family);
	return family == AF_INET || family == AF_INET6;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if (!wanted(t))
		return 0;
	struct exec_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}
	fill(&e->h, t, EV_EXEC);
	e->filename[0] = 0;
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), BPF_CORE_READ(bprm, filename));
	unsigned long start = BPF_CORE_READ(t, mm, arg_start);
	unsigned long end = BPF_CORE_READ(t, mm, arg_end);
	unsigned long n = end - start;
	if (end <= start)
		n = 0;
	if (n > ARGS_LEN - 1)
		n = ARGS_LEN - 1;
	n &= ARGS_LEN - 1;
	e->args_len = 0;
	if (n > 0 && bpf_probe_read_user(e->args, n, (void *)start) == 0)
		e->args_len = n;
	e->stdin_sock = is_inet_socket(fd_file(t, 0));
	e->stdout_sock = is_inet_socket(fd_file(t, 1));
	submit(e);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int handle_exit(struct trace_event_raw_sched_process_template *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	if ((__u32)id != (id >> 32))
		return 0; /* a thread, not the whole process */
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if (!wanted(t))
		return 0;
	struct exit_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}
	fill(&e->h, t, EV_EXIT);
	e->exit_code = BPF_CORE_READ(t, exit_code);
	submit(e);
	return 0;
}

/* emit_sock reports a socket: the local or the peer's address, and the local
 * or the peer's port (accept: who connected, to which of our ports). */
static __always_inline int emit_sock(struct task_struct *t, struct sock *sk, __u32 type, bool local_addr, bool local_port)
{
	if (!sk)
		return 0;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	struct net_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}
	fill(&e->h, t, type);
	e->family = family;
	e->protocol = BPF_CORE_READ(sk, sk_protocol);
	e->pad = 0;
	__builtin_memset(e->addr, 0, sizeof(e->addr));
	if (local_port)
		e->port = BPF_CORE_READ(sk, __sk_common.skc_num);
	else
		e->port = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (local_addr) {
		if (family == AF_INET)
			bpf_core_read(e->addr, 4, &sk->__sk_common.skc_rcv_saddr);
		else
			bpf_core_read(e->addr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
	} else {
		if (family == AF_INET)
			bpf_core_read(e->addr, 4, &sk->__sk_common.skc_daddr);
		else
			bpf_core_read(e->addr, 16, &sk->__sk_common.skc_v6_daddr);
	}
	submit(e);
	return 0;
}

struct sockaddr_in46 {
	__u16 family;
	__be16 port;
	__u32 flowinfo_or_addr4;
	__u8 addr6[16];
};

SEC("tracepoint/syscalls/sys_enter_connect")
int handle_connect(struct trace_event_raw_sys_enter *ctx)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if (!wanted(t))
		return 0;
	struct sockaddr_in46 sa = {};
	if (bpf_probe_read_user(&sa, sizeof(sa), (void *)ctx->args[1]) != 0) {
		/* an IPv4 sockaddr may sit at the very end of a mapping */
		if (bpf_probe_read_user(&sa, 8, (void *)ctx->args[1]) != 0)
			return 0;
	}
	if (sa.family != AF_INET && sa.family != AF_INET6)
		return 0;
	struct net_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}
	fill(&e->h, t, EV_CONNECT);
	e->family = sa.family;
	e->port = __builtin_bswap16(sa.port);
	e->pad = 0;
	struct sock *sk = fd_sock(t, (int)ctx->args[0]);
	e->protocol = sk ? BPF_CORE_READ(sk, sk_protocol) : 0;
	__builtin_memset(e->addr, 0, sizeof(e->addr));
	if (sa.family == AF_INET)
		__builtin_memcpy(e->addr, &sa.flowinfo_or_addr4, 4);
	else
		__builtin_memcpy(e->addr, sa.addr6, 16);
	submit(e);
	return 0;
}

static __always_inline int accepted(struct trace_event_raw_sys_exit *ctx)
{
	long fd = ctx->ret;
	if (fd < 0)
		return 0;
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if (!wanted(t))
		return 0;
	return emit_sock(t, fd_sock(t, (int)fd), EV_ACCEPT, false, true);
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int handle_accept4(struct trace_event_raw_sys_exit *ctx) { return accepted(ctx); }

SEC("tracepoint/syscalls/sys_exit_accept")
int handle_accept(struct trace_event_raw_sys_exit *ctx) { return accepted(ctx); }

/* listen(2): the socket is normally bound by now, so its local address is known. */
SEC("tracepoint/syscalls/sys_enter_listen")
int handle_listen(struct trace_event_raw_sys_enter *ctx)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if (!wanted(t))
		return 0;
	return emit_sock(t, fd_sock(t, (int)ctx->args[0]), EV_LISTEN, true, true);
}

static __always_inline bool proc_mem(const char *p, long n)
{
	/* "/proc/<pid>/mem": n counts the terminating NUL. */
	if (n < 11 || n > PATH_LEN)
		return false;
	if (p[0] != '/' || p[1] != 'p' || p[2] != 'r' || p[3] != 'o' || p[4] != 'c' || p[5] != '/')
		return false;
	long i = (n - 5) & (PATH_LEN - 1);
	if (i + 4 >= PATH_LEN)
		return false;
	return p[i] == '/' && p[i + 1] == 'm' && p[i + 2] == 'e' && p[i + 3] == 'm';
}

static __always_inline int opened(const char *upath, __u32 flags)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if (!wanted(t))
		return 0;
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_map, &zero);
	if (!s)
		return 0;
	long n = bpf_probe_read_user_str(s->path, sizeof(s->path), upath);
	if (n <= 1 || s->path[0] != '/')
		return 0; /* relative paths are not resolved in the kernel */
	if (!proc_mem(s->path, n)) {
		__builtin_memset(s->key.data, 0, sizeof(s->key.data));
		bpf_probe_read_kernel(s->key.data, sizeof(s->key.data), s->path);
		s->key.prefixlen = (n - 1 < PREFIX_LEN ? n - 1 : PREFIX_LEN) * 8;
		__u8 *want = bpf_map_lookup_elem(&prefixes, &s->key);
		if (!want || *want == PREFIX_SKIP)
			return 0;
		if (*want == PREFIX_WRITES && !(flags & OPEN_WRITE_FLAGS))
			return 0;
	}
	struct open_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}
	fill(&e->h, t, EV_OPEN);
	e->flags = flags;
	e->pad = 0;
	bpf_probe_read_kernel_str(e->path, sizeof(e->path), s->path);
	submit(e);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int handle_openat(struct trace_event_raw_sys_enter *ctx)
{
	return opened((const char *)ctx->args[1], (__u32)ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_openat2")
int handle_openat2(struct trace_event_raw_sys_enter *ctx)
{
	__u64 flags = 0;
	bpf_probe_read_user(&flags, sizeof(flags), (void *)ctx->args[2]);
	return opened((const char *)ctx->args[1], (__u32)flags);
}

SEC("tracepoint/syscalls/sys_enter_open")
int handle_open(struct trace_event_raw_sys_enter *ctx)
{
	return opened((const char *)ctx->args[0], (__u32)ctx->args[1]);
}

static __always_inline int cred(__u32 type, __s64 r, __s64 eu, __s64 su, __u64 eff, __u64 perm, __u64 ns)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if (!wanted(t))
		return 0;
	struct cred_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop();
		return 0;
	}
	fill(&e->h, t, type);
	e->ruid = r;
	e->euid = eu;
	e->suid = su;
	e->cap_effective = eff;
	e->cap_permitted = perm;
	e->ns_flags = ns;
	submit(e);
	return 0;
}

/* uid arguments are 32-bit; (uid_t)-1 means "unchanged". */
static __always_inline __s64 uid_arg(unsigned long v)
{
	__u32 u = (__u32)v;
	return u == 0xffffffff ? -1 : (__s64)u;
}

SEC("tracepoint/syscalls/sys_enter_setuid")
int handle_setuid(struct trace_event_raw_sys_enter *ctx)
{
	return cred(EV_SETUID, -1, uid_arg(ctx->args[0]), -1, 0, 0, 0);
}

SEC("tracepoint/syscalls/sys_enter_setreuid")
int handle_setreuid(struct trace_event_raw_sys_enter *ctx)
{
	return cred(EV_SETUID, uid_arg(ctx->args[0]), uid_arg(ctx->args[1]), -1, 0, 0, 0);
}

SEC("tracepoint/syscalls/sys_enter_setresuid")
int handle_setresuid(struct trace_event_raw_sys_enter *ctx)
{
	return cred(EV_SETUID, uid_arg(ctx->args[0]), uid_arg(ctx->args[1]), uid_arg(ctx->args[2]), 0, 0, 0);
}

struct cap_data {
	__u32 effective, permitted, inheritable;
};

SEC("tracepoint/syscalls/sys_enter_capset")
int handle_capset(struct trace_event_raw_sys_enter *ctx)
{
	struct cap_data d[2] = {};
	if (bpf_probe_read_user(d, sizeof(d), (void *)ctx->args[1]) != 0 &&
	    bpf_probe_read_user(d, sizeof(d[0]), (void *)ctx->args[1]) != 0)
		return 0;
	__u64 eff = (__u64)d[1].effective << 32 | d[0].effective;
	__u64 perm = (__u64)d[1].permitted << 32 | d[0].permitted;
	return cred(EV_CAPSET, -1, -1, -1, eff, perm, 0);
}

SEC("tracepoint/syscalls/sys_enter_setns")
int handle_setns(struct trace_event_raw_sys_enter *ctx)
{
	return cred(EV_SETNS, -1, -1, -1, 0, 0, ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_enter_unshare")
int handle_unshare(struct trace_event_raw_sys_enter *ctx)
{
	return cred(EV_UNSHARE, -1, -1, -1, 0, 0, ctx->args[0]);
}
