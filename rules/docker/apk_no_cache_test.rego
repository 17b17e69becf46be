package palisade.dockerfile.apk_no_cache_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.apk_no_cache

test_cache_left_denied if {
	{r.startLine | some r in apk_no_cache.deny} == {2} with input as doc(["FROM alpine:3.20", "RUN apk add curl"])
}

test_no_cache_allowed if {
	count(apk_no_cache.deny) == 0 with input as doc([
		"FROM alpine:3.20",
		"RUN apk --no-cache add curl",
		"RUN apk add git && rm -rf /var/cache/apk/*",
		"RUN --mount=type=cache,target=/var/cache/apk apk add jq",
	])
}
