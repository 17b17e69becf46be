/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/* Event layout shared with the Go decoder (pkg/probe/decode.go). */
#ifndef PALISADE_PROBE_H
#define PALISADE_PROBE_H

#define EV_EXEC 1
#define EV_EXIT 2
#define EV_CONNECT 3
#define EV_ACCEPT 4
#define EV_LISTEN 5
#define EV_OPEN 6
#define EV_SETUID 7
#define EV_CAPSET 8
#define EV_SETNS 9
#define EV_UNSHARE 10

#define COMM_LEN 16
#define CG_PARENT_LEN 96
#define CG_LEAF_LEN 128
#define PATH_LEN 256
#define ARGS_LEN 512
#define PREFIX_LEN 64

/* Values of the prefixes map. */
#define PREFIX_SKIP 0
#define PREFIX_ALL 1
#define PREFIX_WRITES 2
/* O_WRONLY | O_RDWR | O_CREAT | O_TRUNC */
#define OPEN_WRITE_FLAGS 0x243

/* Every event starts with this header (little endian, natural alignment). */
struct header {
	__u64 ts;        /* bpf_ktime_get_boot_ns */
	__u64 cgroup_id; /* bpf_get_current_cgroup_id (cgroup v2 id) */
	__u64 mntns;     /* mount namespace inode */
	__u32 type;
	__u32 pid; /* thread group id */
	__u32 tid;
	__u32 ppid;
	__u32 uid;
	__u32 gid;
	__u32 nspid; /* pid in the process's own pid namespace (1: a container's first process) */
	__u32 pad;
	char comm[COMM_LEN];
	char cg_parent[CG_PARENT_LEN];
	char cg_leaf[CG_LEAF_LEN];
};

struct exec_event {
	struct header h;
	__u32 args_len; /* bytes of argv copied into args (NUL separated) */
	__u8 stdin_sock;
	__u8 stdout_sock;
	__u8 pad[2];
	char filename[PATH_LEN];
	char args[ARGS_LEN];
};

struct exit_event {
	struct header h;
	__s32 exit_code; /* raw wait status */
	__u32 pad;
};

struct net_event {
	struct header h;
	__u16 family;   /* AF_INET 2, AF_INET6 10 */
	__u16 protocol; /* IPPROTO_TCP 6, IPPROTO_UDP 17 */
	__u16 port;     /* host byte order */
	__u16 pad;
	__u8 addr[16];  /* IPv4 in the first 4 bytes */
};

struct open_event {
	struct header h;
	__u32 flags;
	__u32 pad;
	char path[PATH_LEN];
};

struct cred_event {
	struct header h;
	__s64 ruid, euid, suid;
	__u64 cap_effective, cap_permitted;
	__u64 ns_flags;
};

struct prefix_key {
	__u32 prefixlen; /* in bits */
	char data[PREFIX_LEN];
};

/* The Go decoder reads these offsets; keep them in step (decode.go). */
#define OFF(t, f) __builtin_offsetof(struct t, f)
_Static_assert(sizeof(struct header) == 296, "header size");
_Static_assert(OFF(header, comm) == 56 && OFF(header, cg_parent) == 72 && OFF(header, cg_leaf) == 168, "header layout");
_Static_assert(sizeof(struct exec_event) == 1072 && OFF(exec_event, filename) == 304 && OFF(exec_event, args) == 560, "exec layout");
_Static_assert(sizeof(struct exit_event) == 304, "exit layout");
_Static_assert(sizeof(struct net_event) == 320 && OFF(net_event, addr) == 304, "net layout");
_Static_assert(sizeof(struct open_event) == 560 && OFF(open_event, path) == 304, "open layout");
_Static_assert(sizeof(struct cred_event) == 344 && OFF(cred_event, ns_flags) == 336, "cred layout");

#endif
