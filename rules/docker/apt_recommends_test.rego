package palisade.dockerfile.apt_recommends_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.apt_recommends

test_missing_flag_denied if {
	{r.startLine | some r in apt_recommends.deny} == {2} with input as doc(["FROM debian:12", "RUN apt-get update && apt-get install -y curl"])
}

test_flag_present_allowed if {
	count(apt_recommends.deny) == 0 with input as doc(["FROM debian:12", "RUN apt-get update && apt-get install -y --no-install-recommends curl"])
}

test_apt_config_allowed if {
	count(apt_recommends.deny) == 0 with input as doc([
		"FROM debian:12",
		"RUN echo APT::Install-Recommends \"false\"; > /etc/apt/apt.conf.d/99norecommends",
		"RUN apt-get update && apt-get install -y curl",
	])
}

test_build_stage_allowed if {
	count(apt_recommends.deny) == 0 with input as doc(["FROM debian:12 AS build", "RUN apt-get install -y gcc", "FROM scratch"])
}
