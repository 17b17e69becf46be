package lib.docker_input

# doc builds a Dockerfile input document (the shape of pkg/iac/dockerfile's
# Parse) from instruction lines, one instruction per line numbered from 1.
# A line may be an array [text, heredoc body, ...]. Only for Rego tests: the
# splitting is simpler than BuildKit's (flags first, words on whitespace).
doc(lines) := {"path": "Dockerfile", "args": args, "stages": stages} if {
	cmds := [_cmd(_text(l), _heredocs(l), i + 1, _stage_of(lines, i)) | some i, l in lines]
	froms := [i | some i, c in cmds; c.cmd == "from"]
	args := [c | some c in cmds; c.stage == -1]
	stages := [_stage(cmds, j, idx) | some j, idx in froms]
}

_text(l) := l if is_string(l)

_text(l) := l[0] if is_array(l)

_heredocs(l) := [] if is_string(l)

_heredocs(l) := array.slice(l, 1, count(l)) if is_array(l)

_word0(text) := regex.split(`\s+`, trim_space(text))[0]

_stage_of(lines, i) := count([j | some j, l in lines; j <= i; lower(_word0(_text(l))) == "from"]) - 1

_stage(cmds, j, idx) := {
	"index": j,
	"name": _stage_name(from.value),
	"image": from.value[0],
	"platform": _platform(from),
	"from": from,
	"commands": [c | some c in cmds; c.stage == j],
} if {
	from := cmds[idx]
}

_stage_name(v) := lower(v[2]) if count(v) == 3

_stage_name(v) := "" if count(v) != 3

_platform(from) := concat("", [substring(f, 11, -1) | some f in from.flags; startswith(f, "--platform=")])

_cmd(text, heredocs, n, stage) := {
	"cmd": name,
	"value": _value(name, rest),
	"flags": flags,
	"json": _is_json(name, rest),
	"heredocs": heredocs,
	"original": trim_space(text),
	"startLine": n,
	"endLine": n,
	"stage": stage,
} if {
	words := [w | some w in regex.split(`\s+`, trim_space(text)); w != ""]
	name := lower(words[0])
	args := array.slice(words, 1, count(words))
	firsts := [k | some k, w in args; not startswith(w, "--")]
	k := _first(firsts, count(args))
	flags := array.slice(args, 0, k)
	rest := concat(" ", array.slice(args, k, count(args)))
}

_first(firsts, _) := firsts[0] if count(firsts) > 0

_first(firsts, n) := n if count(firsts) == 0

_json_cmds := {"run", "cmd", "entrypoint", "shell", "copy", "add", "volume"}

_is_json(name, rest) if {
	name in _json_cmds
	startswith(rest, "[")
	is_array(json.unmarshal(rest))
}

_is_json(name, rest) := false if not _json_form(name, rest)

_json_form(name, rest) if {
	name in _json_cmds
	startswith(rest, "[")
}

_value(name, rest) := json.unmarshal(rest) if _json_form(name, rest)

_value(name, rest) := [rest] if {
	name in {"run", "cmd", "entrypoint", "shell", "user", "workdir", "maintainer", "stopsignal"}
	not _json_form(name, rest)
}

_value(name, rest) := [w | some w in regex.split(`\s+`, rest); w != ""] if {
	name in {"from", "expose", "arg", "copy", "add", "volume", "onbuild"}
	not _json_form(name, rest)
}

_value(name, rest) := [p | some w in regex.split(`\s+`, rest); some p in _kv(w)] if {
	name in {"env", "label"}
	contains(rest, "=")
}

_value(name, rest) := [w[0], concat(" ", array.slice(w, 1, count(w)))] if {
	name in {"env", "label"}
	not contains(rest, "=")
	w := regex.split(`\s+`, rest)
}

_value("healthcheck", rest) := ["NONE"] if upper(rest) == "NONE"

_value("healthcheck", rest) := [upper(w[0]), concat(" ", array.slice(w, 1, count(w)))] if {
	upper(rest) != "NONE"
	w := regex.split(`\s+`, rest)
}

_kv(w) := [substring(w, 0, i), trim(substring(w, i + 1, -1), "\"'")] if {
	i := indexof(w, "=")
	i > 0
}
