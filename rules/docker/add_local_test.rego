package palisade.dockerfile.add_local_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.add_local

test_local_denied if {
	{r.startLine | some r in add_local.deny} == {2} with input as doc(["FROM alpine:3.20", "ADD app.conf /etc/app/", "ADD --chown=1:1 rootfs.tar.gz /"])
}

test_heredoc_denied if {
	count(add_local.deny) == 1 with input as doc(["FROM alpine:3.20", ["ADD <<EOF /etc/motd", "hi\n"]])
}

test_archives_urls_and_copy_allowed if {
	count(add_local.deny) == 0 with input as doc([
		"FROM alpine:3.20",
		"ADD rootfs.tar.xz /",
		"ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.bin /a.bin",
		"ADD git@github.com:moby/buildkit.git /src",
		"ADD ${ARCHIVE} /opt/",
		"COPY app.conf /etc/app/",
	])
}
