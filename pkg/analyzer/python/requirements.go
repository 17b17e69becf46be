package python

import (
	"context"
	"strings"
)

// maxLogicalLine bounds a requirement after continuation lines are joined;
// a pin with dozens of --hash options is a few kilobytes.
const maxLogicalLine = 64 << 10

// parseRequirements reads a pip requirements file and reports the
// requirements pinned to one version with "==" (or "==="): only those say
// what would be installed. Lines are joined and comments removed as pip
// does. Options are skipped, which includes -r and -c: the files they name
// are read when the walk reaches them, if it does, and otherwise not at all.
// So are editable (-e), URL and path requirements, which name no release.
// Environment markers are not evaluated: a pin for any environment is
// reported, as Trivy does.
func parseRequirements(ctx context.Context, c *collector, content []byte) error {
	var pending strings.Builder
	joining, overlong := false, false
	emit := func(line string) error {
		if overlong {
			overlong = false
			return nil
		}
		name, version, ok := parseRequirement(line)
		if !ok {
			return nil
		}
		return c.add(name, version)
	}
	n := 0
	for line := range lines(text(content)) {
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		// A line ending in a backslash continues on the next, unless it is
		// a comment; a comment line still ends a continued line.
		comment := isCommentLine(line)
		if strings.HasSuffix(line, `\`) && !comment {
			joining = true
			line = strings.Trim(line, `\`)
			if pending.Len()+len(line) > maxLogicalLine {
				overlong = true
				continue
			}
			pending.WriteString(line)
			continue
		}
		if !joining {
			if len(line) > maxLogicalLine {
				continue
			}
			if err := emit(line); err != nil {
				return err
			}
			continue
		}
		if comment {
			line = " " + line
		}
		if pending.Len()+len(line) > maxLogicalLine {
			overlong = true
		} else {
			pending.WriteString(line)
		}
		joined := pending.String()
		pending.Reset()
		joining = false
		if err := emit(joined); err != nil {
			return err
		}
	}
	if joining {
		return emit(pending.String())
	}
	return nil
}

// isCommentLine reports whether line is, after any blanks, a comment.
func isCommentLine(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " \t"), "#")
}

// parseRequirement reads one logical line: a requirement such as
// `Django[argon2] == 4.2.1 ; python_version >= "3.8" --hash=sha256:…`.
func parseRequirement(line string) (name, version string, ok bool) {
	// A comment starts at a "#" at the start of the line or after a blank.
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			line = line[:i]
			break
		}
	}
	// Per-requirement options (--hash, --config-settings) follow the
	// requirement; a line starting with an option is a global one.
	fields := strings.Fields(line)
	for i, f := range fields {
		if strings.HasPrefix(f, "-") {
			fields = fields[:i]
			break
		}
	}
	req := strings.Join(fields, " ")
	// The marker follows ";" (after a blank when the requirement is a URL,
	// which is refused below anyway).
	req, _, _ = strings.Cut(req, ";")

	end := 0
	for end < len(req) && (isAlnum(req[end]) || req[end] == '.' || req[end] == '_' || req[end] == '-') {
		end++
	}
	name, rest := req[:end], strings.TrimSpace(req[end:])
	if !validName(name) {
		return "", "", false
	}
	if strings.HasPrefix(rest, "[") {
		i := strings.IndexByte(rest, ']')
		if i < 0 {
			return "", "", false
		}
		rest = strings.TrimSpace(rest[i+1:])
	}
	// PEP 508 allows the specifiers in parentheses: "name (==1.0)".
	if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
		rest = strings.TrimSpace(rest[1 : len(rest)-1])
	}
	// "name @ url" and anything else that is not a specifier list (a URL
	// or path that happened to start like a name) pins no release.
	if rest == "" || !strings.ContainsAny(rest[:1], "=<>!~") {
		return "", "", false
	}
	for spec := range strings.SplitSeq(rest, ",") {
		spec = strings.TrimSpace(spec)
		v, ok := strings.CutPrefix(spec, "===")
		if !ok {
			v, ok = strings.CutPrefix(spec, "==")
		}
		if v = strings.TrimSpace(v); ok && validVersion(v) {
			return name, v, true
		}
	}
	return "", "", false
}
