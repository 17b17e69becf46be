package lib.runtime_test

import data.lib.runtime
import data.lib.runtime_input.event
import data.lib.runtime_input.exec
import data.lib.runtime_input.host

test_names_of_a_program if {
	runtime.names({"path": "/bin/bash", "name": "bash", "comm": "bash", "args": ["/bin/bash", "x"]}) == {"bash"}
	runtime.names({"path": "/bin/dash", "name": "dash", "comm": "entrypoint.sh", "args": ["/bin/sh", "/entrypoint.sh"]}) == {"dash", "entrypoint.sh"}
}

test_names_of_busybox_applets if {
	runtime.names({"path": "/bin/busybox", "name": "busybox", "comm": "sh", "args": ["/bin/sh", "-c", "id"]}) == {"busybox", "sh"}
	runtime.names({"path": "/bin/busybox", "name": "busybox", "comm": "busybox", "args": ["busybox", "sh"]}) == {"busybox", "sh"}
	runtime.is_shell({"path": "/bin/busybox", "name": "busybox", "comm": "sh", "args": ["sh"]})
	not runtime.is_shell({"path": "/bin/busybox", "name": "busybox", "comm": "ls", "args": ["ls"]})
}

test_names_of_interpreted_scripts if {
	runtime.names({"path": "/usr/local/bin/node", "name": "node", "comm": "npm", "args": ["node", "/usr/local/bin/npm", "install"]}) == {"node", "npm"}
	runtime.names({"path": "/usr/bin/env", "name": "env", "comm": "pip", "args": ["/usr/bin/env", "python3", "/usr/bin/pip", "install", "x"]}) == {"env", "pip"}
	runtime.names({"path": "/usr/bin/python3.12", "name": "python3.12", "comm": "python3", "args": ["python3", "-u", "app.py"]}) == {"python3.12", "python3", "app.py"}
}

test_names_without_a_path if {
	runtime.names({"comm": "dash", "args": []}) == {"dash"}
}

test_in_container if {
	runtime.in_container with input as event("exec", {})
	not runtime.in_container with input as host(event("exec", {}))
}

test_addresses if {
	runtime.internal_address("10.1.2.3")
	runtime.internal_address("::ffff:192.168.1.1")
	runtime.internal_address("fd00::1")
	runtime.public_address("203.0.113.7")
	runtime.public_address("2001:db8::1")
	runtime.public_address("not an address")
	runtime.loopback_address("127.0.0.1")
	not runtime.loopback_address("10.0.0.1")
}

test_messages if {
	runtime.where == "container \"web\" (image nginx:1.27)" with input as exec("/bin/ls", ["ls"], {})
	runtime.where == "the host" with input as host(exec("/bin/ls", ["ls"], {}))
	runtime.command == "ls -l" with input as exec("/bin/ls", ["ls", "-l"], {})
	count(runtime.command) == 203 with input as exec("/bin/echo", ["echo", concat("", [x | some _ in numbers.range(1, 300); x := "a"])], {})
	runtime.parent_desc == "/usr/sbin/nginx" with input as exec("/bin/ls", ["ls"], {})
	runtime.parent_desc == "unknown" with input as object.remove(exec("/bin/ls", ["ls"], {}), ["parent"])
}

test_installing if {
	runtime.installing with input as exec("/usr/bin/dpkg", ["dpkg", "--unpack", "x.deb"], {})
	runtime.installing with input as exec("/sbin/ldconfig", ["ldconfig"], {"ancestors": [{"path": "/bin/sh", "name": "sh", "comm": "sh"}, {"path": "/usr/bin/dpkg", "name": "dpkg", "comm": "dpkg"}]})
	not runtime.installing with input as exec("/sbin/ldconfig", ["ldconfig"], {})
}

test_main_process if {
	runtime.main_process with input as exec("/app", ["/app"], {"process": {"entrypoint": true}})
	runtime.main_process with input as exec("/app", ["/app"], {"parent": {"path": "/sbin/tini", "name": "tini", "comm": "tini"}})
	not runtime.main_process with input as exec("/app", ["/app"], {})
}
