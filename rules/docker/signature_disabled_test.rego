package palisade.dockerfile.signature_disabled_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.signature_disabled

test_unsigned_denied if {
	d := doc([
		"FROM debian:12",
		"RUN apt-get update && apt-get install -y --allow-unauthenticated --force-yes foo",
		"RUN apk add --allow-untrusted /tmp/x.apk",
		"RUN dnf install -y --nogpgcheck foo",
		"RUN echo \"deb [trusted=yes] http://repo.example.com stable main\" > /etc/apt/sources.list.d/x.list",
		"RUN rpm -i --nosignature foo.rpm",
	])
	{r.startLine | some r in signature_disabled.deny} == {2, 3, 4, 5, 6} with input as d
}

test_signed_allowed if {
	count(signature_disabled.deny) == 0 with input as doc([
		"FROM debian:12",
		"RUN apt-get update && apt-get install -y --no-install-recommends foo",
		"RUN echo \"deb [signed-by=/usr/share/keyrings/x.gpg] https://repo.example.com stable main\" > /etc/apt/sources.list.d/x.list",
		"RUN dnf install -y --setopt=install_weak_deps=False foo",
	])
}
