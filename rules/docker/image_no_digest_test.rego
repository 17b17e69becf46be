package palisade.dockerfile.image_no_digest_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.image_no_digest

test_tag_only_denied if {
	{r.startLine | some r in image_no_digest.deny} == {1} with input as doc(["FROM python:3.12-slim", "FROM scratch"])
}

test_latest_left_to_other_rule if {
	count(image_no_digest.deny) == 0 with input as doc(["FROM python", "FROM python:latest"])
}

test_digest_and_stage_allowed if {
	count(image_no_digest.deny) == 0 with input as doc([
		"FROM python:3.12-slim@sha256:0d2a4e2b1e26b8b1f3c7a5f1f1f7a4f3c3e1f0e3c4a1b2c3d4e5f60718293a4b AS base",
		"FROM base",
	])
}
