package lib.docker_test

import data.lib.docker
import data.lib.docker_input.doc

multi := doc([
	"ARG GO_VERSION=1.22",
	"ARG BASE=\"alpine:3.20\"",
	"FROM golang:${GO_VERSION} AS build",
	"RUN go build -o /app .",
	"FROM build AS test",
	"RUN go test ./...",
	"FROM $BASE AS base",
	"USER 0",
	"FROM base",
	"COPY --from=build /app /app",
	"USER app",
	"USER root",
])

test_final_stage if {
	docker.final_stage.index == 3 with input as multi
	docker.final_index == 3 with input as multi
}

test_commands_carry_stage if {
	lines := {[c.startLine, c.stage] | some c in docker.commands} with input as multi
	lines == {[3, 0], [4, 0], [5, 1], [6, 1], [7, 2], [8, 2], [9, 3], [10, 3], [11, 3], [12, 3]}
}

test_all_commands_include_meta_args if {
	count(docker.all_commands) == 12 with input as multi
}

test_meta_args_expand if {
	docker.meta_arg_values == {"GO_VERSION": "1.22", "BASE": "alpine:3.20"} with input as multi
	docker.stage_image(multi.stages[0]) == "golang:1.22" with input as multi
	docker.stage_image(multi.stages[2]) == "alpine:3.20" with input as multi
	docker.expand_meta("x:${NOPE}") == "x:${NOPE}" with input as multi
	docker.expand_meta("x:${GO_VERSION:-1}") == "x:${GO_VERSION:-1}" with input as multi
}

test_meta_arg_redefined_last_wins if {
	d := doc(["ARG V=1", "ARG V=2", "ARG W", "FROM alpine:$V"])
	docker.meta_arg_values == {"V": "2"} with input as d
	docker.stage_image(d.stages[0]) == "alpine:2" with input as d
}

test_stage_parents if {
	docker.stage_parent(multi.stages[1]) == 0 with input as multi
	not docker.stage_parent(multi.stages[0]) with input as multi
	docker.is_stage_ref(multi.stages[3]) with input as multi
	docker.external_image(multi.stages[2]) with input as multi
}

test_shipped_stages if {
	docker.shipped_indexes == {2, 3} with input as multi
	lines := {c.startLine | some c in docker.shipped_commands} with input as multi
	lines == {7, 8, 9, 10, 11, 12}
}

test_image_user_is_last_user_of_shipped_stages if {
	docker.image_user.startLine == 12 with input as multi
	docker.stage_user(2).startLine == 8 with input as multi
	not docker.stage_user(0) with input as multi
}

test_image_user_undefined_without_user if {
	not docker.image_user with input as doc(["FROM alpine:3.20", "RUN true"])
}

test_image_parts if {
	docker.image_parts("alpine") == {"name": "alpine", "tag": "", "digest": ""}
	docker.image_parts("alpine:3.20") == {"name": "alpine", "tag": "3.20", "digest": ""}
	docker.image_parts("localhost:5000/team/app") == {"name": "localhost:5000/team/app", "tag": "", "digest": ""}
	docker.image_parts("localhost:5000/app:1@sha256:ab") == {"name": "localhost:5000/app", "tag": "1", "digest": "sha256:ab"}
	docker.image_parts("gcr.io/distroless/static@sha256:ab") == {"name": "gcr.io/distroless/static", "tag": "", "digest": "sha256:ab"}
}

test_env_and_arg_pairs if {
	d := doc(["FROM alpine:3.20", "ENV A=1 B=two", "ARG X=1 Y"])
	docker.env_pairs(d.stages[0].commands[1]) == [["A", "1"], ["B", "two"]]
	docker.arg_pairs(d.stages[0].commands[2]) == [["X", "1"], ["Y", null]]
}

test_flags_and_mounts if {
	d := doc(["FROM alpine:3.20", "RUN --mount=type=cache,target=/var/cache/apk/ --network=none apk add curl"])
	c := d.stages[0].commands[1]
	docker.flag_value(c, "network") == "none"
	docker.has_flag(c, "mount")
	not docker.has_flag(c, "security")
	docker.cache_mount(c, "/var/cache/apk")
	docker.cache_mount(c, "/var/cache/apk/x")
	not docker.cache_mount(c, "/var/cache")
}

test_pipelines if {
	ps := docker.pipelines("apt-get update && apt-get install -y curl \\\n  | tee x; echo done || true\nsudo -E FOO=1 /usr/bin/pip install x")
	[[p.name | some p in pl] | some pl in ps] == [["apt-get"], ["apt-get", "tee"], ["echo"], ["true"], ["pip"]]
	ps[4][0].prefix == ["sudo", "-E", "FOO=1"]
	ps[4][0].args == ["install", "x"]
}

test_shell_command_groups if {
	sh := docker.shell_command(" (cd /src ")
	sh.name == "cd"
	sh.subshell
	docker.shell_command("{ echo hi; }").name == "echo"
	docker.shell_command("then apt-get install -y x").name == "apt-get"
	not docker.shell_command("FOO=bar")
}

test_run_line_exec_form if {
	d := doc(["FROM alpine:3.20", "RUN [\"/bin/sh\", \"-c\", \"apk add curl\"]", "RUN [\"apk\", \"add\", \"curl\"]"])
	docker.run_line(d.stages[0].commands[1]) == "apk add curl"
	docker.run_line(d.stages[0].commands[2]) == "apk add curl"
}

test_runs_include_heredocs if {
	d := doc(["FROM alpine:3.20", ["RUN <<EOF", "apk add curl\nrm -rf /tmp/x\n"]])
	some r in docker.runs with input as d
	[sh.name | some sh in r.commands] == ["<<EOF", "apk", "rm"]
	[sh.name | some sh in r.line_commands] == ["<<EOF"]
}

test_verbs_and_options if {
	sh := docker.shell_command("apt-get -o Dpkg::Options::=--force-confold install -y --no-install-recommends curl")
	docker.verb(sh) == "install"
	docker.has_opt(sh, "--no-install-recommends")
	docker.has_short(sh, "y")
	docker.positional(sh) == ["Dpkg::Options::=--force-confold", "install", "curl"]
	docker.is_pip(docker.shell_command("python3 -m pip install x"))
	docker.is_pip(docker.shell_command("pip3.12 install x"))
	not docker.is_pip(docker.shell_command("pipx install x"))
}

test_removes if {
	cmds := docker.shell_commands("apt-get update && rm -rf /var/lib/apt/lists/*")
	docker.removes(cmds, "/var/lib/apt/lists")
	not docker.removes(cmds, "/var/cache/apk")
}

test_copy_sources if {
	d := doc(["FROM alpine:3.20", "COPY --chown=1:1 a b /dst/", "COPY <<EOF /x"])
	docker.copy_sources(d.stages[0].commands[1]) == ["a", "b"]
	docker.copy_sources(d.stages[0].commands[2]) == []
}

test_result if {
	c := {"startLine": 3, "endLine": 5}
	docker.result(c, "m") == {"msg": "m", "startLine": 3, "endLine": 5}
}
