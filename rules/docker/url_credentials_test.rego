package palisade.dockerfile.url_credentials_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.url_credentials

test_credentials_denied if {
	d := doc([
		"FROM alpine/git:2.45",
		"RUN git clone https://deploy:ghp_abc123@github.com/acme/app.git /src",
		"RUN git clone https://${GITHUB_TOKEN}@github.com/acme/app.git",
		"ADD https://user:pass@files.example.com/a.tgz /tmp/",
	])
	{r.startLine | some r in url_credentials.deny} == {2, 3, 4} with input as d
}

test_plain_urls_allowed if {
	count(url_credentials.deny) == 0 with input as doc([
		"FROM alpine/git:2.45",
		"RUN git clone https://github.com/acme/app.git /src",
		"RUN git clone git@github.com:acme/app.git",
		"RUN --mount=type=ssh git clone ssh://git@github.com:22/acme/app.git",
	])
}
