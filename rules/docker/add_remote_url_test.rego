package palisade.dockerfile.add_remote_url_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.add_remote_url

test_url_without_checksum_denied if {
	res := add_remote_url.deny with input as doc(["FROM alpine:3.20", "ADD https://example.com/tool.tar.gz /tmp/"])
	res == {{"msg": "ADD downloads https://example.com/tool.tar.gz without --checksum, so its content is not verified", "startLine": 2, "endLine": 2}}
}

test_checksum_and_local_allowed if {
	count(add_remote_url.deny) == 0 with input as doc([
		"FROM alpine:3.20",
		"ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/",
		"ADD rootfs.tar.gz /",
	])
}

test_git_source_allowed if {
	count(add_remote_url.deny) == 0 with input as doc(["FROM alpine:3.20", "ADD https://github.com/moby/buildkit.git#v0.14.0 /src"])
}
