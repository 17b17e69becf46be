package palisade.dockerfile.no_healthcheck_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.no_healthcheck

test_missing_denied if {
	{r.startLine | some r in no_healthcheck.deny} == {3} with input as doc(["FROM golang:1.22 AS build", "HEALTHCHECK CMD true", "FROM alpine:3.20"])
}

test_none_denied if {
	{r.startLine | some r in no_healthcheck.deny} == {3} with input as doc(["FROM nginx:1.27", "HEALTHCHECK CMD curl -f http://localhost/", "HEALTHCHECK NONE"])
}

test_present_allowed if {
	count(no_healthcheck.deny) == 0 with input as doc(["FROM nginx:1.27", "HEALTHCHECK --interval=30s CMD curl -f http://localhost/"])
}

test_inherited_from_parent_stage_allowed if {
	count(no_healthcheck.deny) == 0 with input as doc(["FROM nginx:1.27 AS base", "HEALTHCHECK CMD curl -f http://localhost/", "FROM base"])
}
