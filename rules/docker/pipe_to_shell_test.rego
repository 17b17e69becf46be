package palisade.dockerfile.pipe_to_shell_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.pipe_to_shell

test_pipe_denied if {
	d := doc([
		"FROM debian:12",
		"RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -",
		"RUN wget -qO- https://get.example.com | sudo sh -s -- --yes",
		"RUN sh -c \"$(curl -fsSL https://example.com/install.sh)\"",
		"RUN curl -sSL https://install.python-poetry.org | python3 -",
	])
	{r.startLine | some r in pipe_to_shell.deny} == {2, 3, 4, 5} with input as d
}

test_download_to_file_allowed if {
	count(pipe_to_shell.deny) == 0 with input as doc([
		"FROM debian:12",
		"RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh && sha256sum -c sums && sh /tmp/install.sh",
		"RUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt",
		"RUN echo hi | bash",
	])
}
