package palisade.dockerfile.expose_ssh_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.expose_ssh

test_ssh_denied if {
	{r.startLine | some r in expose_ssh.deny} == {2} with input as doc(["FROM ubuntu:24.04", "EXPOSE 80 22/tcp"])
}

test_other_ports_allowed if {
	count(expose_ssh.deny) == 0 with input as doc(["FROM ubuntu:24.04", "EXPOSE 80 443 2222 8022/tcp"])
}
