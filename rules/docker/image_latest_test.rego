package palisade.dockerfile.image_latest_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.image_latest

test_no_tag_and_latest_denied if {
	d := doc(["FROM golang AS build", "FROM alpine:latest", "FROM localhost:5000/team/app"])
	{r.startLine | some r in image_latest.deny} == {1, 2, 3} with input as d
}

test_meta_arg_expanded if {
	d := doc(["ARG TAG=latest", "FROM alpine:${TAG}"])
	{r.startLine | some r in image_latest.deny} == {2} with input as d
}

test_pinned_scratch_stage_and_variable_allowed if {
	count(image_latest.deny) == 0 with input as doc([
		"ARG BASE",
		"FROM golang:1.22 AS build",
		"FROM build AS test",
		"FROM ${BASE} AS other",
		"FROM gcr.io/distroless/static@sha256:0d2a4e2b1e26b8b1f3c7a5f1f1f7a4f3c3e1f0e3c4a1b2c3d4e5f60718293a4b",
		"FROM scratch",
	])
}
