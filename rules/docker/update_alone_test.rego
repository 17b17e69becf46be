package palisade.dockerfile.update_alone_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.update_alone

test_update_alone_denied if {
	d := doc(["FROM debian:12", "RUN apt-get update", "RUN apt-get install -y curl", "RUN apk update"])
	{r.startLine | some r in update_alone.deny} == {2, 4} with input as d
}

test_update_with_install_allowed if {
	count(update_alone.deny) == 0 with input as doc([
		"FROM debian:12",
		"RUN apt-get update && apt-get -y install curl",
		"RUN apk update && apk upgrade",
	])
}
