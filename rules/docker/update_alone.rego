# METADATA
# title: Package index update alone in a RUN
# description: >-
#   A RUN that only refreshes the package index (apt-get update, apk update) is cached as its own
#   layer: later builds reuse the old index while a changed install step below it fetches packages
#   against it, installing outdated versions or failing. The update belongs in the same RUN as the
#   install.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#apt-get
# custom:
#   id: PAL-DF-011
#   severity: MEDIUM
#   input: dockerfile
#   remediation: Combine the update with the install in one RUN, e.g. RUN apt-get update && apt-get install -y ...
#   compliance:
#   - cis-docker-1.6:4.7
package palisade.dockerfile.update_alone

import data.lib.docker

_update(sh) if {
	sh.name in {"apt-get", "apt", "apk"}
	docker.verb(sh) == "update"
}

_install(sh) if {
	sh.name in docker.apt_names
	docker.verb(sh) in {"install", "upgrade", "dist-upgrade", "full-upgrade", "reinstall"}
}

_install(sh) if {
	sh.name == "apk"
	docker.verb(sh) in {"add", "upgrade", "fix"}
}

deny contains res if {
	some r in docker.runs
	updates := [sh.name | some sh in r.commands; _update(sh)]
	count(updates) > 0
	count([sh | some sh in r.commands; _install(sh)]) == 0
	res := docker.result(r.cmd, sprintf("RUN calls %s update without installing packages in the same instruction", [updates[0]]))
}
