# METADATA
# title: npm install used instead of npm ci
# description: >-
#   npm install resolves dependencies afresh and may rewrite package-lock.json, so the image can get
#   different (possibly compromised) versions than the ones reviewed and locked. npm ci installs
#   exactly what the lock file lists and fails when it does not match package.json. Only npm
#   install without package names is reported (installing a named tool is a different use).
# related_resources:
# - https://docs.npmjs.com/cli/commands/npm-ci
# custom:
#   id: PAL-DF-029
#   severity: LOW
#   input: dockerfile
#   remediation: Copy package.json and package-lock.json, then run npm ci (add --omit=dev for production images).
package palisade.dockerfile.npm_install

import data.lib.docker

_lockless(sh) if {
	sh.name == "npm"
	docker.positional(sh) in [["install"], ["i"]]
	not "-g" in sh.args
	not "--global" in sh.args
}

deny contains res if {
	some r in docker.runs
	count([sh | some sh in r.commands; _lockless(sh)]) > 0
	res := docker.result(r.cmd, "RUN installs dependencies with npm install instead of npm ci")
}
