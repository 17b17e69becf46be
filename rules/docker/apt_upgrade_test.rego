package palisade.dockerfile.apt_upgrade_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.apt_upgrade

test_upgrade_denied if {
	d := doc(["FROM debian:12", "RUN apt-get update && apt-get -y dist-upgrade", "RUN apt upgrade -y"])
	{r.startLine | some r in apt_upgrade.deny} == {2, 3} with input as d
}

test_only_upgrade_allowed if {
	count(apt_upgrade.deny) == 0 with input as doc(["FROM debian:12", "RUN apt-get update && apt-get install -y --only-upgrade openssl"])
}
