package palisade.dockerfile.http_download_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.http_download

test_http_denied if {
	d := doc([
		"FROM debian:12",
		"RUN curl -fsSLo /tmp/a http://example.com/a",
		"RUN pip install --index-url=http://pypi.internal/simple flask",
		"ADD http://example.com/b.tgz /tmp/",
	])
	{r.startLine | some r in http_download.deny} == {2, 3, 4} with input as d
}

test_https_and_local_allowed if {
	count(http_download.deny) == 0 with input as doc([
		"FROM debian:12",
		"RUN curl -fsSLo /tmp/a https://example.com/a",
		"RUN curl -f http://localhost:8080/ready",
		"RUN echo \"deb http://deb.debian.org/debian bookworm main\" > /etc/apt/sources.list",
	])
}
