package palisade.runtime.kernel_tunable_write_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.lib.runtime_input.shell_parent
import data.palisade.runtime.kernel_tunable_write as rule

open(path, write) := event("open", object.union(object.union(as_proc("/bin/sh", ["sh", "-c", "echo x > file"]), shell_parent), {"file": {"path": path, "write": write, "flags": 577}}))

test_core_pattern_denied if {
	some r in rule.deny with input as open("/proc/sys/kernel/core_pattern", true)
	r.msg == "/bin/sh in container \"web\" (image nginx:1.27) opened /proc/sys/kernel/core_pattern for writing, started by /bin/sh: sh -c echo x > file"
}

test_release_agent_denied if {
	count(rule.deny) == 1 with input as open("/sys/fs/cgroup/rdma/release_agent", true)
	count(rule.deny) == 1 with input as open("/sys/fs/cgroup/x/notify_on_release", true)
}

test_reads_allowed if {
	count(rule.deny) == 0 with input as open("/proc/sys/net/core/somaxconn", false)
}

test_other_cgroup_files_allowed if {
	count(rule.deny) == 0 with input as open("/sys/fs/cgroup/memory.high", true)
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(open("/proc/sys/vm/drop_caches", true))
}
