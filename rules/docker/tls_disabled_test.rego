package palisade.dockerfile.tls_disabled_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.tls_disabled

test_insecure_denied if {
	d := doc([
		"FROM debian:12",
		"RUN curl -fsSLk https://example.com/a -o a",
		"RUN wget --no-check-certificate https://example.com/b",
		"RUN git -c http.sslVerify=false clone https://git.example.com/x.git",
		"RUN pip install --trusted-host pypi.internal -r req.txt",
		"ENV NODE_TLS_REJECT_UNAUTHORIZED=0",
		"RUN npm config set strict-ssl false",
		"RUN GIT_SSL_NO_VERIFY=1 git clone https://git.example.com/y.git",
	])
	{r.startLine | some r in tls_disabled.deny} == {2, 3, 4, 5, 6, 7, 8} with input as d
}

test_one_finding_per_instruction if {
	d := doc(["FROM debian:12", "RUN curl -k https://a -o a && wget --no-check-certificate https://b"])
	res := tls_disabled.deny with input as d
	res == {{"msg": "RUN disables TLS certificate verification (curl --insecure)", "startLine": 2, "endLine": 2}}
}

test_secure_allowed if {
	count(tls_disabled.deny) == 0 with input as doc([
		"FROM debian:12",
		"RUN curl -fsSL https://example.com/a -o a",
		"ENV NODE_TLS_REJECT_UNAUTHORIZED=1 GIT_SSL_NO_VERIFY=false",
		"RUN git config --global http.sslVerify true",
	])
}
