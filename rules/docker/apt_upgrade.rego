# METADATA
# title: apt-get upgrade or dist-upgrade in the image build
# description: >-
#   Upgrading every package inside the build makes the image content depend on the day it was built
#   and can pull in major changes unnoticed; packages that the base image's maintainers did not
#   test together end up in production. Security fixes are better taken by rebuilding on an updated,
#   pinned base image. Checked in the stages that end up in the image.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#apt-get
# custom:
#   id: PAL-DF-012
#   severity: LOW
#   input: dockerfile
#   remediation: >-
#     Remove apt-get upgrade/dist-upgrade; update the base image instead, or upgrade only the named
#     packages that need a fix (apt-get install --only-upgrade PACKAGE).
package palisade.dockerfile.apt_upgrade

import data.lib.docker

deny contains res if {
	some r in docker.shipped_runs
	verbs := [v | some sh in r.commands; sh.name in {"apt-get", "apt"}; v := docker.verb(sh); v in {"upgrade", "dist-upgrade", "full-upgrade"}]
	count(verbs) > 0
	res := docker.result(r.cmd, sprintf("RUN upgrades all packages with apt-get %s", [verbs[0]]))
}
