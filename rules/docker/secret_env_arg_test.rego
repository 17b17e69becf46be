package palisade.dockerfile.secret_env_arg_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.secret_env_arg

test_secrets_denied if {
	d := doc([
		"ARG NPM_TOKEN",
		"FROM node:20",
		"ENV DB_PASSWORD=hunter2 APP_ENV=prod",
		"ARG AWS_SECRET_ACCESS_KEY=abc",
		"ENV DATABASE_URL=postgres://app:s3cret@db:5432/app",
		"ENV API_KEY $API_KEY",
	])
	{r.startLine | some r in secret_env_arg.deny} == {1, 3, 4, 5, 6} with input as d
}

test_message_names_variables if {
	d := doc(["FROM node:20", "ENV DB_PASSWORD=x GITHUB_TOKEN=y NODE_ENV=production"])
	{r.msg | some r in secret_env_arg.deny} == {"ENV DB_PASSWORD, GITHUB_TOKEN may hold a secret, which stays readable in the image"} with input as d
}

test_non_secrets_allowed if {
	count(secret_env_arg.deny) == 0 with input as doc([
		"FROM python:3.12",
		"ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
		"ENV DB_PASSWORD_FILE=/run/secrets/db_password",
		"ENV PASSWORD_MIN_LENGTH=12 USE_TOKEN=true",
		"ENV SECRET_KEY=",
		"ARG TOKEN_URL=https://auth.example.com/token",
		"ENV PWD=/app",
		"ENV DATABASE_URL=postgres://db:5432/app",
	])
}
