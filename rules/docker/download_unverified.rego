# METADATA
# title: Download not verified with a checksum or signature
# description: >-
#   A RUN saves or unpacks a file fetched with curl or wget but never checks it (sha256sum -c, gpg
#   --verify, cosign verify...). Whatever the server returns that day, tampered or not, goes into
#   the image. Downloads piped into a shell are reported by PAL-DF-008; signing keys, signatures and
#   checksum files themselves are not reported.
# related_resources:
# - https://docs.docker.com/build/building/best-practices/#add-or-copy
# custom:
#   id: PAL-DF-031
#   severity: LOW
#   input: dockerfile
#   remediation: >-
#     Pin the expected digest and check it in the same RUN (echo "<sha256>  file" | sha256sum -c -),
#     verify a signature, or use ADD --checksum.
#   compliance:
#   - cis-docker-1.6:4.11
#   - nist-800-190:4.1.3
package palisade.dockerfile.download_unverified

import data.lib.docker

_extractors := {"tar", "unzip", "gunzip", "bsdtar", "xz", "unxz", "zstd", "bunzip2", "dpkg", "rpm", "cpio", "funzip", "7z", "install"}

_interpreters := {"sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node", "php"}

_verifiers := {
	"sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "shasum", "md5sum", "b2sum", "cksum",
	"gpg", "gpgv", "gpg2", "cosign", "minisign", "signify", "slsa-verifier", "sigstore",
}

# Keys, signatures and checksum files are trust material, not artifacts.
_trust_material(a) if regex.match(`(?i)(\.gpg|\.asc|\.pub|\.key|\.sig|\.sha(1|256|512)(sum)?|sums(\.txt)?|checksums?(\.txt)?|keyring|/etc/apt/|keys?/|gpg-?key)(\s|$|['"])`, a.text)

_to_dev_null(a) if regex.match(`(^|\s)(-[A-Za-z]*o\s*|--output[= ]|-O\s*|--output-document[= ]|>\s*)/dev/null`, a.text)

_curl_saves(a) if {
	some x in a.args
	x in {"-o", "-O", "--output", "--remote-name", "--remote-name-all"}
}

_curl_saves(a) if {
	some x in a.args
	regex.match(`^-[A-Za-z]*[oO][A-Za-z]*$`, x)
}

_curl_saves(a) if {
	some x in a.args
	startswith(x, "--output=")
}

_curl_saves(a) if regex.match(`(^|\s)>{1,2}\s*[^&\s]`, a.text)

_wget_stdout(a) if regex.match(`(^|\s)(-[A-Za-z]*O\s*-|--output-document[= ]-)(\s|$)`, a.text)

_saves(p, i) if {
	a := p[i]
	a.name == "curl"
	_curl_saves(a)
}

_saves(p, i) if {
	a := p[i]
	a.name == "wget"
	not _wget_stdout(a)
	not "--spider" in a.args
}

_saves(p, i) if {
	docker.is_download(p[i])
	some j, b in p
	j > i
	b.name in _extractors
}

_into_interpreter(p, i) if {
	some j, b in p
	j > i
	b.name in _interpreters
}

_downloads(r) := [a.name |
	some p in r.pipelines
	some i, a in p
	docker.is_download(a)
	_saves(p, i)
	not _into_interpreter(p, i)
	not _trust_material(a)
	not _to_dev_null(a)
]

_verifies(r) if {
	some sh in r.commands
	sh.name in _verifiers
}

_verifies(r) if regex.match(`(?i)openssl\s+(dgst|sha256)|checksum|--verify`, r.script)

deny contains res if {
	some r in docker.runs
	names := _downloads(r)
	count(names) > 0
	not _verifies(r)
	res := docker.result(r.cmd, sprintf("RUN downloads a file with %s without verifying a checksum or signature", [names[0]]))
}
