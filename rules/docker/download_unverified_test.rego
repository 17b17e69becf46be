package palisade.dockerfile.download_unverified_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.download_unverified

test_unverified_denied if {
	d := doc([
		"FROM debian:12",
		"RUN curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl && chmod +x /usr/local/bin/kubectl",
		"RUN wget https://example.com/tool.tgz && tar xzf tool.tgz",
		"RUN curl -fsSL https://example.com/node.tar.xz | tar -xJ -C /usr/local",
	])
	{r.startLine | some r in download_unverified.deny} == {2, 3, 4} with input as d
}

test_verified_and_keys_allowed if {
	count(download_unverified.deny) == 0 with input as doc([
		"FROM debian:12",
		"RUN curl -fsSLO https://example.com/tool.tgz && echo \"abc  tool.tgz\" | sha256sum -c - && tar xzf tool.tgz",
		"RUN curl -fsSL https://example.com/key.gpg -o /usr/share/keyrings/example.gpg",
		"RUN wget -qO- https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg",
		"RUN curl -fsSL https://example.com/install.sh | sh",
		"RUN curl -fsS http://localhost:8080/health",
	])
}
