package palisade.dockerfile.ssh_server_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.ssh_server

test_ssh_server_denied if {
	d := doc([
		"FROM debian:12",
		"RUN apt-get update && apt-get install -y --no-install-recommends openssh-server=1:9.2p1-2",
		"RUN apk add --no-cache dropbear",
	])
	{r.startLine | some r in ssh_server.deny} == {2, 3} with input as d
}

test_client_allowed if {
	count(ssh_server.deny) == 0 with input as doc([
		"FROM debian:12",
		"RUN apt-get update && apt-get install -y --no-install-recommends openssh-client git",
		"RUN apk add --no-cache openssh-client",
	])
}
