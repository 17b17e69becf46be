package palisade.dockerfile.sudo_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.sudo

test_sudo_denied if {
	res := sudo.deny with input as doc(["FROM ubuntu:24.04", "USER app", "RUN sudo apt-get update && sudo -E make install"])
	res == {{"msg": "RUN calls sudo (for apt-get, make)", "startLine": 3, "endLine": 3}}
}

test_sudo_in_build_stage_allowed if {
	count(sudo.deny) == 0 with input as doc(["FROM ubuntu:24.04 AS build", "RUN sudo make", "FROM ubuntu:24.04", "RUN apt-get install -y sudoku"])
}
