package palisade.runtime.package_manager_test

import data.lib.runtime_input.exec
import data.lib.runtime_input.host
import data.palisade.runtime.package_manager as rule

test_apt_get_install_denied if {
	some r in rule.deny with input as exec("/usr/bin/apt-get", ["apt-get", "-y", "install", "curl"], {})
	r.msg == "Package manager /usr/bin/apt-get run in container \"web\" (image nginx:1.27) by /usr/sbin/nginx: apt-get -y install curl"
}

test_apk_add_denied if {
	count(rule.deny) == 1 with input as exec("/sbin/apk", ["apk", "add", "--no-cache", "nmap"], {})
}

test_busybox_free_alpine_apk_update_denied if {
	count(rule.deny) == 1 with input as exec("/sbin/apk", ["apk", "update"], {})
}

test_rpm_upgrade_denied if {
	count(rule.deny) == 1 with input as exec("/usr/bin/rpm", ["rpm", "-Uvh", "x.rpm"], {})
}

test_pip_install_denied if {
	count(rule.deny) == 1 with input as exec("/usr/local/bin/pip3.12", ["pip3", "install", "requests"], {})
}

test_python_m_pip_install_denied if {
	count(rule.deny) == 1 with input as exec("/usr/bin/python3", ["python3", "-m", "pip", "install", "requests"], {})
}

test_npm_install_denied if {
	count(rule.deny) == 1 with input as exec("/usr/local/bin/node", ["npm", "install", "left-pad"], {"process": {"name": "npm"}})
}

test_queries_allowed if {
	count(rule.deny) == 0 with input as exec("/usr/bin/dpkg", ["dpkg", "--print-architecture"], {})
	count(rule.deny) == 0 with input as exec("/usr/bin/rpm", ["rpm", "-qa"], {})
	count(rule.deny) == 0 with input as exec("/sbin/apk", ["apk", "info", "-v"], {})
	count(rule.deny) == 0 with input as exec("/usr/bin/pip", ["pip", "list"], {})
	count(rule.deny) == 0 with input as exec("/usr/bin/python3", ["python3", "-m", "pip", "freeze"], {})
}

test_host_allowed if {
	count(rule.deny) == 0 with input as host(exec("/usr/bin/apt-get", ["apt-get", "install", "curl"], {}))
}
