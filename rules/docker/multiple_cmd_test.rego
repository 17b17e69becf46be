package palisade.dockerfile.multiple_cmd_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.multiple_cmd

test_overridden_denied if {
	d := doc(["FROM alpine:3.20", "CMD [\"a\"]", "ENTRYPOINT [\"x\"]", "CMD [\"b\"]", "CMD [\"c\"]", "ENTRYPOINT [\"y\"]"])
	{r.startLine | some r in multiple_cmd.deny} == {2, 3, 4} with input as d
}

test_one_per_stage_allowed if {
	count(multiple_cmd.deny) == 0 with input as doc(["FROM alpine:3.20 AS a", "CMD [\"a\"]", "FROM alpine:3.20", "CMD [\"b\"]", "ENTRYPOINT [\"c\"]"])
}
