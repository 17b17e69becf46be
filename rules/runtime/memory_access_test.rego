package palisade.runtime.memory_access_test

import data.lib.runtime_input.as_proc
import data.lib.runtime_input.event
import data.lib.runtime_input.host
import data.palisade.runtime.memory_access as rule

open(path, write) := event("open", object.union(as_proc("/usr/bin/python3", ["python3", "dump.py"]), {"file": {"path": path, "write": write, "flags": 0}}))

test_other_process_memory_denied if {
	some r in rule.deny with input as open("/proc/1/mem", false)
	r.msg == "/usr/bin/python3 in container \"web\" (image nginx:1.27) opened /proc/1/mem for reading, started by /usr/sbin/nginx: python3 dump.py"
}

test_own_memory_write_denied if {
	count(rule.deny) == 1 with input as open("/proc/self/mem", true)
	count(rule.deny) == 1 with input as open("/proc/12/task/13/mem", true)
}

test_kernel_memory_denied_on_the_host_too if {
	count(rule.deny) == 1 with input as open("/proc/kcore", false)
	count(rule.deny) == 1 with input as host(open("/dev/mem", false))
}

test_other_proc_files_allowed if {
	count(rule.deny) == 0 with input as open("/proc/1/maps", false)
	count(rule.deny) == 0 with input as open("/proc/self/memory", false)
}

test_host_process_memory_allowed if {
	count(rule.deny) == 0 with input as host(open("/proc/1/mem", false))
}
