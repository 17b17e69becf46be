package palisade.dockerfile.maintainer_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.maintainer

test_maintainer_denied if {
	{r.startLine | some r in maintainer.deny} == {2} with input as doc(["FROM alpine:3.20", "MAINTAINER Jane <jane@example.com>"])
}

test_label_allowed if {
	count(maintainer.deny) == 0 with input as doc(["FROM alpine:3.20", "LABEL org.opencontainers.image.authors=jane@example.com"])
}
