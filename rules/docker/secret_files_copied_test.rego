package palisade.dockerfile.secret_files_copied_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.secret_files_copied

test_secret_files_denied if {
	d := doc([
		"FROM node:20",
		"COPY id_rsa /root/.ssh/id_rsa",
		"COPY .env ./",
		"COPY .npmrc package.json ./",
		"COPY certs/server.key /etc/ssl/private/",
		"ADD .env.production /app/",
		"COPY --from=build /root/.ssh/ /root/.ssh/",
	])
	{r.startLine | some r in secret_files_copied.deny} == {2, 3, 4, 5, 6, 7} with input as d
}

test_public_files_allowed if {
	count(secret_files_copied.deny) == 0 with input as doc([
		"FROM node:20",
		"COPY id_rsa.pub /root/",
		"COPY .env.example ./",
		"COPY certs/ca.pem /usr/local/share/ca-certificates/",
		"COPY nodesource-repo.gpg.key /usr/share/keyrings/",
		"COPY package.json package-lock.json ./",
	])
}

test_credential_helper_sources_allowed if {
	count(secret_files_copied.deny) == 0 with input as doc(["FROM golang:1.22", "COPY credentials credentials", "COPY cmd/ ./cmd/"])
}

test_aws_credentials_denied if {
	count(secret_files_copied.deny) == 1 with input as doc(["FROM python:3.12", "COPY .aws/credentials /root/.aws/credentials"])
}
