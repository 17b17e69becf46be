package palisade.dockerfile.workdir_relative_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.workdir_relative

test_relative_denied if {
	{r.startLine | some r in workdir_relative.deny} == {2} with input as doc(["FROM alpine:3.20", "WORKDIR app", "WORKDIR /srv"])
}

test_absolute_allowed if {
	count(workdir_relative.deny) == 0 with input as doc(["FROM alpine:3.20", "WORKDIR /app", "WORKDIR $HOME/app", "WORKDIR C:\\app", "WORKDIR \"/opt/my app\""])
}
