# METADATA
# description: Helpers shared by the Dockerfile rules (input documented in rules/README.md).
package lib.docker

# stages is the list of build stages; the last one is the image that ships.
stages := object.get(input, "stages", [])

final_index := count(stages) - 1

final_stage := stages[final_index]

# commands holds every instruction of every stage, each stage's FROM included.
# c.stage is the index of the stage.
commands contains c if {
	some s in stages
	some c in s.commands
}

# meta_args are the ARG instructions before the first FROM.
meta_args := object.get(input, "args", [])

# all_commands is commands plus the ARGs before the first FROM (stage -1).
all_commands := commands | {c | some c in meta_args}

# result builds a finding pointing at instruction c.
result(c, msg) := {"msg": msg, "startLine": c.startLine, "endLine": c.endLine}

# stage_desc names a stage in messages: `stage "build"` or `stage 0`.
stage_desc(i) := sprintf("stage %q", [stages[i].name]) if stages[i].name != ""

stage_desc(i) := sprintf("stage %d", [i]) if stages[i].name == ""

# ---------------------------------------------------------------------------
# Stages and base images

# meta_arg_values maps the names of the ARGs declared before the first FROM to
# their default values (the last declaration wins); ARGs without a default are
# left out.
meta_arg_values := {name: val |
	some i, p in _meta_pairs
	name := p[0]
	not _redefined_later(i, name)
	val := p[1]
}

_meta_pairs := [[name, val] |
	some a in meta_args
	some kv in a.value
	n := indexof(kv, "=")
	n > 0
	name := substring(kv, 0, n)
	val := unquote(substring(kv, n + 1, -1))
]

_redefined_later(i, name) if {
	some j, q in _meta_pairs
	j > i
	q[0] == name
}

# unquote removes one pair of matching quotes around s.
unquote(s) := substring(s, 1, count(s) - 2) if {
	count(s) >= 2
	some q in ["\"", "'"]
	startswith(s, q)
	endswith(s, q)
}

unquote(s) := s if not _quoted(s)

_quoted(s) if {
	count(s) >= 2
	some q in ["\"", "'"]
	startswith(s, q)
	endswith(s, q)
}

# expand_meta replaces $NAME and ${NAME} of ARGs declared before the first FROM
# with their defaults; what cannot be resolved keeps its `$`.
expand_meta(s) := strings.replace_n(
	{tok: meta_arg_values[name] |
		some tok in regex.find_n(`\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*`, s, -1)
		name := trim_suffix(trim_prefix(trim_prefix(tok, "$"), "{"), "}")
		meta_arg_values[name]
	},
	s,
)

# stage_image is the base image of stage s with the meta ARG defaults expanded.
stage_image(s) := expand_meta(s.image)

# image_resolved holds when the base image has no unresolved variable.
image_resolved(s) if not contains(stage_image(s), "$")

# stage_parent is the index of the earlier stage that stage s builds on
# (FROM <stage name>); undefined when s starts from an image.
stage_parent(s) := max([t.index |
	some t in stages
	t.index < s.index
	t.name != ""
	t.name == lower(stage_image(s))
])

# is_stage_ref holds when stage s starts from an earlier stage.
is_stage_ref(s) if stage_parent(s)

# is_scratch holds for FROM scratch.
is_scratch(s) if lower(stage_image(s)) == "scratch"

# external_image holds when stage s starts from a registry image whose
# reference is fully known (not scratch, not a stage, no unresolved variable).
external_image(s) if {
	image_resolved(s)
	not is_stage_ref(s)
	not is_scratch(s)
}

_stage_graph := {s.index: p |
	some s in stages
	p := [x | x := stage_parent(s)]
}

# shipped_indexes are the indexes of the final stage and of the stages it is
# built on through FROM <stage>: their instructions end up in the image.
shipped_indexes := graph.reachable(_stage_graph, {final_index})

# shipped_commands are the instructions of shipped stages.
shipped_commands contains c if {
	some c in commands
	c.stage in shipped_indexes
}

# shipped_in_order lists the shipped stages' instructions in file order.
shipped_in_order := [c |
	some s in stages
	s.index in shipped_indexes
	some c in s.commands
]

# image_parts splits an image reference into name, tag and digest.
image_parts(ref) := {"name": n, "tag": t, "digest": d} if {
	at := split(ref, "@")
	d := _digest(at)
	base := at[0]
	last := regex.replace(base, `^.*/`, "")
	t := _tag(last)
	n := _strip_tag(base, t)
}

_digest(at) := at[1] if count(at) > 1

_digest(at) := "" if count(at) == 1

_tag(last) := substring(last, indexof(last, ":") + 1, -1) if indexof(last, ":") >= 0

_tag(last) := "" if indexof(last, ":") < 0

_strip_tag(base, t) := substring(base, 0, (count(base) - count(t)) - 1) if t != ""

_strip_tag(base, "") := trim_suffix(base, ":")

# stage_user(i) is the last USER instruction of stage i; undefined when the
# stage sets none.
stage_user(i) := last_of(i, "user")

# image_user is the last USER instruction of the shipped stages: the user the
# image runs as. Undefined when none sets one.
image_user := _users[count(_users) - 1]

_users := [c | some c in shipped_in_order; c.cmd == "user"]

# last_of(stage_index, name) is the last instruction `name` of a stage.
last_of(i, name) := cs[count(cs) - 1] if {
	cs := [c | some c in stages[i].commands; c.cmd == name]
	count(cs) > 0
}

# env_pairs lists the [name, value] pairs of an ENV instruction.
env_pairs(c) := [[c.value[i], c.value[i + 1]] |
	count(c.value) >= 2
	some i in numbers.range(0, count(c.value) - 2)
	i % 2 == 0
] if c.cmd == "env"

# arg_pairs lists the [name, default] pairs of an ARG instruction; the default
# is null when there is none.
arg_pairs(c) := [_arg_pair(kv) | some kv in c.value] if c.cmd == "arg"

_arg_pair(kv) := [substring(kv, 0, i), unquote(substring(kv, i + 1, -1))] if {
	i := indexof(kv, "=")
	i > 0
}

_arg_pair(kv) := [kv, null] if indexof(kv, "=") <= 0

# shipped_env holds the names of variables set by ENV in shipped stages.
shipped_env contains name if {
	some c in shipped_commands
	c.cmd == "env"
	some p in env_pairs(c)
	name := p[0]
}

# flag_value(c, name) is the value of --name=value on instruction c.
flag_value(c, name) := v if {
	prefix := sprintf("--%s=", [name])
	some f in c.flags
	startswith(f, prefix)
	v := substring(f, count(prefix), -1)
}

# has_flag(c, name) holds when instruction c has --name or --name=value.
has_flag(c, name) if {
	some f in c.flags
	f == sprintf("--%s", [name])
}

has_flag(c, name) if flag_value(c, name)

# mounts lists the RUN --mount options of c, each as a list of [key, value].
mounts(c) := [m |
	some f in c.flags
	startswith(f, "--mount=")
	m := [[k, v] |
		some part in split(substring(f, 8, -1), ",")
		kv := split(part, "=")
		k := lower(kv[0])
		v := concat("=", array.slice(kv, 1, count(kv)))
	]
]

# cache_mount(c, dir) holds when a cache or tmpfs mount of RUN c covers dir:
# what the command writes there does not stay in the layer.
cache_mount(c, dir) if {
	some m in mounts(c)
	some t in m
	t[0] == "type"
	t[1] in {"cache", "tmpfs"}
	some d in m
	d[0] in {"target", "dst", "destination"}
	_covers(trim_suffix(d[1], "/"), dir)
}

_covers(target, dir) if target == dir

_covers(target, dir) if startswith(dir, concat("", [target, "/"]))

# copy_sources lists the sources of a COPY or ADD (every argument but the
# destination); here-documents are not sources.
copy_sources(c) := [s |
	some i, s in c.value
	i < count(c.value) - 1
	not startswith(s, "<<")
]

# ---------------------------------------------------------------------------
# Shell commands of RUN instructions

_shells := {"sh", "bash", "dash", "ash", "zsh", "ksh", "/bin/sh", "/bin/bash", "/bin/ash", "/bin/dash", "/usr/bin/bash", "/bin/zsh"}

# run_line is the command line of a RUN: the shell-form text, the script of
# an exec-form shell call (["sh", "-c", "script"]), or the exec-form words
# joined with spaces.
run_line(c) := concat(" ", c.value) if not c.json

run_line(c) := c.value[2] if {
	c.json
	_exec_shell(c)
}

run_line(c) := concat(" ", c.value) if {
	c.json
	not _exec_shell(c)
}

_exec_shell(c) if {
	count(c.value) >= 3
	c.value[0] in _shells
	c.value[1] == "-c"
}

# run_script is the command line of a RUN followed by its here-document bodies.
run_script(c) := concat("\n", array.concat([run_line(c)], object.get(c, "heredocs", [])))

# pipelines splits a shell script into pipelines (on &&, ||, ; and new lines),
# each a list of shell commands (split on |). Quoting is not understood; a
# separator inside quotes also splits.
pipelines(script) := [p |
	some text in regex.split(`&&|\|\||;|\r?\n`, regex.replace(script, `\\\r?\n`, " "))
	p := [sh | some part in split(text, "|"); sh := shell_command(part)]
	count(p) > 0
]

# shell_command parses one simple command: {"name": "apt-get", "args": [...],
# "prefix": ["sudo"], "text": "...", "subshell": false}. Leading variable
# assignments, `sudo`, `env`, `exec`, `then`, `do`... go to prefix; name is the
# command's base name (/usr/bin/pip -> pip); a leading `(` sets subshell.
shell_command(text) := sh if {
	t0 := trim_space(text)
	t := regex.replace(regex.replace(t0, `^[\s({!]+`, ""), `[\s)]+$|\s+\}$`, "")
	raw := [w | some w in regex.split(`\s+`, t); w != ""]
	idx := [i | some i, w in raw; not _prefix_word(w)]
	count(idx) > 0
	words := array.slice(raw, idx[0], count(raw))
	sh := {
		"name": regex.replace(unquote(words[0]), `^.*/`, ""),
		"args": [unquote(a) | some a in array.slice(words, 1, count(words))],
		"prefix": array.slice(raw, 0, idx[0]),
		"text": t,
		"subshell": startswith(t0, "("),
	}
}

_prefix_words := {"sudo", "then", "do", "else", "if", "while", "until", "!", "time", "exec", "nohup", "command", "builtin", "env", "eval"}

_prefix_word(w) if w in _prefix_words

_prefix_word(w) if regex.match(`^[A-Za-z_][A-Za-z0-9_]*=`, w)

_prefix_word(w) if startswith(w, "-")

# shell_commands is every command of a script, pipelines flattened.
shell_commands(script) := [sh | some p in pipelines(script); some sh in p]

# runs holds every RUN instruction with its parsed script:
# {"cmd": <instruction>, "script": "...", "pipelines": [...], "commands": [...],
#  "line_commands": [...]} where line_commands leaves out here-document bodies.
runs contains r if {
	some c in commands
	c.cmd == "run"
	script := run_script(c)
	ps := pipelines(script)
	r := {
		"cmd": c,
		"script": script,
		"pipelines": ps,
		"commands": [sh | some p in ps; some sh in p],
		"line_commands": shell_commands(run_line(c)),
	}
}

# shipped_runs are the runs of shipped stages.
shipped_runs contains r if {
	some r in runs
	r.cmd.stage in shipped_indexes
}

# run_commands are the RUN instructions.
run_commands contains c if {
	some c in commands
	c.cmd == "run"
}

# verb is the subcommand of a package manager call: the first argument that
# is a known verb (install, update, add, ...).
verb(sh) := [a | some a in sh.args; a in _verbs][0]

_verbs := {
	"install", "update", "upgrade", "dist-upgrade", "full-upgrade", "add", "del", "remove", "purge",
	"autoremove", "clean", "ci", "i", "reinstall", "makecache", "groupinstall", "localinstall", "download",
	"search", "info", "show", "list", "fix", "cache", "config", "refresh", "in",
}

# positional lists the arguments that are not options.
positional(sh) := [a | some a in sh.args; not startswith(a, "-")]

# has_opt(sh, o) holds when the command has option o (`--o` or `--o=...`).
has_opt(sh, o) if o in sh.args

has_opt(sh, o) if {
	some a in sh.args
	startswith(a, concat("", [o, "="]))
}

# has_short(sh, letter) holds when a short option cluster (-fsSL) holds letter.
has_short(sh, letter) if {
	some a in sh.args
	regex.match(`^-[A-Za-z0-9]+$`, a)
	contains(a, letter)
}

apt_names := {"apt-get", "apt", "aptitude"}

yum_names := {"yum", "dnf", "microdnf", "tdnf"}

# is_pip holds for pip, pip3, pip3.12 and `python -m pip`.
is_pip(sh) if regex.match(`^pip[0-9.]*$`, sh.name)

is_pip(sh) if {
	regex.match(`^python[0-9.]*$`, sh.name)
	some i, a in sh.args
	a == "-m"
	sh.args[i + 1] == "pip"
}

# removes(cmds, dir) holds when an rm among the shell commands deletes dir or
# something under it.
removes(cmds, dir) if {
	some sh in cmds
	sh.name == "rm"
	some a in sh.args
	_covers_or_under(trim_suffix(a, "/*"), dir)
}

_covers_or_under(a, dir) if _covers(trim_suffix(a, "/"), dir)

_covers_or_under(a, dir) if startswith(a, dir)

# url_args lists the http(s)/ftp URLs among the arguments.
url_args(sh) := [a | some a in sh.args; regex.match(`^(?i)(https?|ftp)://`, a)]

is_download(sh) if sh.name in {"curl", "wget"}
