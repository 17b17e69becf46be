package palisade.dockerfile.copy_from_invalid_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.copy_from_invalid

test_self_and_unknown_denied if {
	d := doc([
		"FROM golang:1.22 AS build",
		"COPY --from=build /a /b",
		"COPY --from=0 /a /b",
		"FROM alpine:3.20",
		"COPY --from=bulid /app /app",
		"COPY --from=2 /x /x",
	])
	{r.startLine | some r in copy_from_invalid.deny} == {2, 3, 5, 6} with input as d
}

test_valid_references_allowed if {
	count(copy_from_invalid.deny) == 0 with input as doc([
		"FROM golang:1.22 AS build",
		"FROM alpine:3.20",
		"COPY --from=build /app /app",
		"COPY --from=0 /app /app2",
		"COPY --from=BUILD /app /app3",
		"COPY --from=busybox:1.36 /bin/busybox /bin/",
		"COPY --from=${BUILDER} /x /x",
	])
}
