package palisade.dockerfile.run_cd_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.run_cd

test_cd_denied if {
	res := run_cd.deny with input as doc(["FROM node:20", "RUN cd /app && npm ci"])
	res == {{"msg": "RUN starts with cd /app; use WORKDIR", "startLine": 2, "endLine": 2}}
}

test_subshell_and_heredoc_allowed if {
	count(run_cd.deny) == 0 with input as doc([
		"FROM node:20",
		"RUN (cd /src && make) && make install",
		["RUN <<EOF", "cd /app\nnpm ci\n"],
		"RUN echo cd /app",
	])
}

test_after_set_denied if {
	count(run_cd.deny) == 1 with input as doc(["FROM node:20", "RUN set -eux; cd /app; npm ci"])
}

test_cd_later_in_script_allowed if {
	count(run_cd.deny) == 0 with input as doc(["FROM debian:12", "RUN set -eux; mkdir -p /usr/src/x; tar -xf x.tar -C /usr/src/x; cd /usr/src/x; make"])
}
