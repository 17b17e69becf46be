package palisade.dockerfile.root_user_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.root_user

test_no_user_denied if {
	res := root_user.deny with input as doc(["FROM alpine:3.20", "RUN apk add --no-cache curl"])
	res == {{"msg": "The final stage 0 (FROM alpine:3.20) sets no USER, so the container runs as root unless the base image sets another user", "startLine": 1, "endLine": 1}}
}

test_last_user_root_denied if {
	res := root_user.deny with input as doc(["FROM alpine:3.20", "USER app", "RUN true", "USER root:root"])
	{r.startLine | some r in res} == {4}
}

test_user_in_parent_stage_counts if {
	d := doc(["FROM alpine:3.20 AS base", "USER 0", "FROM base"])
	{r.startLine | some r in root_user.deny} == {2} with input as d
}

test_build_stage_user_ignored if {
	d := doc(["FROM golang:1.22 AS build", "USER nobody", "FROM alpine:3.20", "COPY --from=build /app /app"])
	{r.startLine | some r in root_user.deny} == {3} with input as d
}

test_non_root_user_allowed if {
	count(root_user.deny) == 0 with input as doc(["FROM alpine:3.20", "USER root", "RUN apk add --no-cache curl", "USER 10001:10001"])
}

test_nonroot_base_allowed if {
	count(root_user.deny) == 0 with input as doc(["FROM gcr.io/distroless/static-debian12:nonroot", "COPY app /app"])
}
