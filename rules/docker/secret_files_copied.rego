# METADATA
# title: Secret file copied into the image
# description: >-
#   COPY or ADD of files that normally hold credentials (SSH private keys, .env files, private key
#   files, .npmrc, .pypirc, .netrc, .git-credentials, cloud credentials) puts them in a layer. Even
#   if a later instruction deletes them, they stay readable in that layer for anyone who can pull
#   the image or read the build cache.
# related_resources:
# - https://docs.docker.com/build/building/secrets/
# - https://docs.docker.com/build/concepts/context/#dockerignore-files
# custom:
#   id: PAL-DF-028
#   severity: HIGH
#   input: dockerfile
#   remediation: >-
#     Mount build-time secrets with RUN --mount=type=secret (or type=ssh for SSH keys), provide
#     runtime secrets when the container starts, and list secret files in .dockerignore.
#   compliance:
#   - cis-docker-1.6:4.10
#   - nist-800-190:4.1.4
package palisade.dockerfile.secret_files_copied

import data.lib.docker

_names := {
	"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk",
	".env", ".npmrc", ".pypirc", ".netrc", "_netrc", ".git-credentials", ".htpasswd", ".pgpass",
	"credentials.json", "client_secret.json", ".dockercfg", ".ssh", ".aws", ".gnupg",
	"secrets.json", "secrets.yaml", "secrets.yml", "privkey.pem", "key.pem", "private.pem",
}

_base(s) := lower(regex.replace(trim_suffix(s, "/"), `^.*/`, ""))

_secret_file(s) if _base(s) in _names

# .env.production, .env.local ... but not .env.example / .env.sample / .env.template
_secret_file(s) if {
	regex.match(`^\.env\.[a-z0-9_.-]+$`, _base(s))
	not regex.match(`(example|sample|template|dist|defaults?|schema)$`, _base(s))
}

_secret_file(s) if regex.match(`(^|[._-])(private|priv)?[._-]?key\.pem$|[._-]private\.pem$`, _base(s))

_secret_file(s) if regex.match(`\.(p12|pfx|jks|keystore|ppk)$`, _base(s))

# *.key, except GPG/APT repository keys, which are public.
_secret_file(s) if {
	regex.match(`\.key$`, _base(s))
	not regex.match(`gpg|pub|apt|repo|release|archive|signing`, _base(s))
}

_secret_file(s) if contains(s, "/.ssh/")

_secret_file(s) if contains(s, "/.aws/")

_secret_file(s) if regex.match(`(^|/)\.aws/credentials$`, s)

deny contains res if {
	some c in docker.commands
	c.cmd in {"copy", "add"}
	files := [s | some s in docker.copy_sources(c); _secret_file(s)]
	count(files) > 0
	res := docker.result(c, sprintf("%s copies %s into the image; such files usually hold credentials", [upper(c.cmd), concat(", ", files)]))
}
