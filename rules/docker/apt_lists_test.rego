package palisade.dockerfile.apt_lists_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.apt_lists

test_lists_left_denied if {
	{r.startLine | some r in apt_lists.deny} == {2} with input as doc(["FROM debian:12", "RUN apt-get update && apt-get install -y --no-install-recommends curl"])
}

test_removed_allowed if {
	count(apt_lists.deny) == 0 with input as doc(["FROM debian:12", "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"])
}

test_cache_mount_allowed if {
	count(apt_lists.deny) == 0 with input as doc(["FROM debian:12", "RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl"])
}
