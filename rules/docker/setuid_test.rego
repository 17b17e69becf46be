package palisade.dockerfile.setuid_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.setuid

test_setuid_denied if {
	d := doc(["FROM alpine:3.20", "RUN chmod u+s /usr/bin/tool", "RUN chmod 4755 /bin/x", "COPY --chmod=2755 x /x"])
	{r.startLine | some r in setuid.deny} == {2, 3, 4} with input as d
}

test_removing_bits_allowed if {
	count(setuid.deny) == 0 with input as doc([
		"FROM alpine:3.20",
		"RUN chmod a-s /usr/bin/* && chmod 0755 /bin/x && chmod 1777 /tmp && chmod ug-s /x",
	])
}
