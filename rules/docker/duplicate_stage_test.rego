package palisade.dockerfile.duplicate_stage_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.duplicate_stage

test_duplicate_denied if {
	res := duplicate_stage.deny with input as doc(["FROM golang:1.22 AS build", "FROM golang:1.22 AS Build", "FROM alpine:3.20"])
	res == {{"msg": "Stage name \"build\" is already used by the stage on line 1", "startLine": 2, "endLine": 2}}
}

test_unique_allowed if {
	count(duplicate_stage.deny) == 0 with input as doc(["FROM golang:1.22 AS build", "FROM alpine:3.20", "FROM alpine:3.20"])
}
