package palisade.dockerfile.run_insecure_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.run_insecure

test_insecure_denied if {
	{r.startLine | some r in run_insecure.deny} == {2} with input as doc(["FROM alpine:3.20", "RUN --security=insecure mount -t tmpfs none /mnt"])
}

test_sandbox_allowed if {
	count(run_insecure.deny) == 0 with input as doc(["FROM alpine:3.20", "RUN --security=sandbox true", "RUN --network=none true"])
}
