package palisade.dockerfile.npm_install_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.npm_install

test_npm_install_denied if {
	d := doc(["FROM node:20", "RUN npm install", "RUN npm i --omit=dev"])
	{r.startLine | some r in npm_install.deny} == {2, 3} with input as d
}

test_ci_and_named_packages_allowed if {
	count(npm_install.deny) == 0 with input as doc(["FROM node:20", "RUN npm ci --omit=dev", "RUN npm install -g pnpm@9", "RUN npm install express"])
}
