package palisade.dockerfile.yum_clean_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.yum_clean

test_no_clean_denied if {
	{r.startLine | some r in yum_clean.deny} == {2} with input as doc(["FROM rockylinux:9", "RUN dnf install -y nginx"])
}

test_clean_allowed if {
	count(yum_clean.deny) == 0 with input as doc([
		"FROM rockylinux:9",
		"RUN dnf install -y nginx && dnf clean all",
		"RUN yum install -y git && rm -rf /var/cache/yum",
		"RUN microdnf install -y jq && microdnf clean all",
	])
}
