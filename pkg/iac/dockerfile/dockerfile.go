// Package dockerfile parses a Dockerfile with BuildKit's parser into the policy
// input document that the `custom.input: dockerfile` rules evaluate (see
// rules/README.md, "The Dockerfile input"), and collects the
// `# palisade:ignore=ID` suppression comments written in it.
//
// The document is made of plain Go values (map[string]any, []any, string,
// bool, int) so that it can be handed to OPA as it is:
//
//	{
//	  "path": "Dockerfile",
//	  "args": [<command>, ...],            // ARGs before the first FROM
//	  "stages": [{
//	    "index": 0, "name": "build",       // name lower-cased, "" without AS
//	    "image": "golang:1.22",            // as written, ${VARS} unexpanded
//	    "platform": "",                    // FROM --platform value
//	    "from": <command>,                 // the FROM instruction
//	    "commands": [<command>, ...],      // FROM first, then the stage's instructions
//	  }]
//	}
//
// and each <command> is
//
//	{"cmd": "run", "value": [...], "flags": ["--mount=..."], "json": false,
//	 "heredocs": ["body", ...], "original": "RUN ...",
//	 "startLine": 3, "endLine": 4, "stage": 0}
//
// cmd is the lower-cased instruction; value holds the arguments as BuildKit's
// parser splits them (shell form: one string; JSON form: one string per
// element and json true; ENV and LABEL: key, value, key, value... with one
// pair of quotes around a value removed; ONBUILD:
// the triggered instruction's name followed by its arguments); flags are the
// instruction's --flag=value options as written; heredocs are the bodies of
// its here-documents (leading tabs removed for <<-). startLine and endLine are
// 1-based and span continuation lines and here-document bodies. stage is the
// index of the stage, -1 for ARGs before the first FROM.
package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// MaxSize is the largest Dockerfile Parse accepts.
const MaxSize = 10 << 20

// File is a parsed Dockerfile.
type File struct {
	// Input is the policy input document.
	Input map[string]any
	// Ignores are the suppression comments found in the file.
	Ignores []Ignore
	// Lines is the number of lines of the file.
	Lines int
	// Warnings are what BuildKit's parser and linter reported about the
	// file (empty continuation lines, deprecated syntax...), "line N: text".
	// They are never printed by this package.
	Warnings []string
}

// Ignore is one `# palisade:ignore=ID1,ID2` comment line: findings with one of
// IDs whose start line lies in StartLine..EndLine are suppressed.
//
// A comment line applies to the lines of the next instruction. A comment
// before the first instruction applies to the whole file (StartLine 1,
// EndLine the last line). A comment inside an instruction (between
// continuation lines) applies to that instruction. A comment after the last
// instruction applies to nothing and is dropped.
type Ignore struct {
	IDs                []string
	StartLine, EndLine int
}

// ParseError is a Dockerfile that cannot be parsed. Its message is
// "path:line: reason", or "path: reason" when no line is known.
type ParseError struct {
	Path string
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errors returned (wrapped in a *ParseError) for files that are refused before
// parsing.
var (
	ErrTooLarge       = fmt.Errorf("file is larger than %d MiB", MaxSize>>20)
	ErrBinary         = errors.New("binary content (NUL byte); not a Dockerfile (UTF-16 is not supported)")
	ErrInvalidUTF8    = errors.New("invalid UTF-8")
	ErrNoStage        = errors.New("no FROM instruction")
	ErrNoInstructions = errors.New("no instructions (empty or only comments)")
)

// Parse reads one Dockerfile and returns its policy input document and the
// suppression comments found in it. path is used in the document and in
// error messages only. Parse never panics; every failure is a *ParseError.
func Parse(path string, data []byte) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &ParseError{Path: path, Err: fmt.Errorf("internal parser error: %v", r)}
		}
	}()
	if len(data) > MaxSize {
		return nil, &ParseError{Path: path, Err: ErrTooLarge}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, &ParseError{Path: path, Line: 1 + bytes.Count(data[:i], []byte{'\n'}), Err: ErrBinary}
	}
	if !utf8.Valid(data) {
		return nil, &ParseError{Path: path, Line: invalidUTF8Line(data), Err: ErrInvalidUTF8}
	}

	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, locErr(path, err)
	}
	var warnings []string
	for _, w := range res.Warnings {
		line := 0
		if w.Location != nil {
			line = w.Location.Start.Line
		}
		warnings = append(warnings, fmt.Sprintf("line %d: %s", line, w.Short))
	}
	lint := linter.New(&linter.Config{Warn: func(_, _, _, msg string, loc []parser.Range) {
		line := 0
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		warnings = append(warnings, fmt.Sprintf("line %d: %s", line, msg))
	}})

	args := []any{}
	stages := []any{}
	var cur map[string]any
	for _, n := range res.AST.Children {
		inst, err := instructions.ParseInstructionWithLinter(n, lint)
		if err != nil {
			var unk *instructions.UnknownInstructionError
			if errors.As(err, &unk) {
				return nil, &ParseError{Path: path, Line: n.StartLine, Err: fmt.Errorf("unknown instruction %s", n.Value)}
			}
			return nil, &ParseError{Path: path, Line: n.StartLine, Err: err}
		}
		if st, ok := inst.(*instructions.Stage); ok {
			from := command(n, len(stages))
			cur = map[string]any{
				"index":    len(stages),
				"name":     st.Name,
				"image":    st.BaseName,
				"platform": st.Platform,
				"from":     from,
				"commands": []any{from},
			}
			stages = append(stages, cur)
			continue
		}
		if cur == nil {
			if _, ok := inst.(*instructions.ArgCommand); ok {
				args = append(args, command(n, -1))
				continue
			}
			return nil, &ParseError{Path: path, Line: n.StartLine, Err: fmt.Errorf("%s before the first FROM (only ARG may come before FROM)", strings.ToUpper(n.Value))}
		}
		cur["commands"] = append(cur["commands"].([]any), command(n, len(stages)-1))
	}
	if len(stages) == 0 {
		return nil, &ParseError{Path: path, Err: ErrNoStage}
	}

	lines := countLines(data)
	return &File{
		Input: map[string]any{
			"path":   path,
			"args":   args,
			"stages": stages,
		},
		Ignores:  ignores(data, res.AST.Children, lines),
		Lines:    lines,
		Warnings: warnings,
	}, nil
}

// command converts one instruction node.
func command(n *parser.Node, stage int) map[string]any {
	flags := make([]any, 0, len(n.Flags))
	for _, f := range n.Flags {
		flags = append(flags, f)
	}
	heredocs := make([]any, 0, len(n.Heredocs))
	for _, h := range n.Heredocs {
		body := h.Content
		if h.Chomp {
			body = parser.ChompHeredocContent(body)
		}
		heredocs = append(heredocs, body)
	}
	return map[string]any{
		"cmd":       strings.ToLower(n.Value),
		"value":     values(n),
		"flags":     flags,
		"json":      n.Attributes["json"],
		"heredocs":  heredocs,
		"original":  n.Original,
		"startLine": n.StartLine,
		"endLine":   n.EndLine,
		"stage":     stage,
	}
}

// values lists the arguments of an instruction. ENV and LABEL, which the
// parser stores as key, value, separator triples, become key, value pairs with
// the quotes around each value removed.
func values(n *parser.Node) []any {
	v := nodeValues(n)
	switch strings.ToLower(n.Value) {
	case "env", "label":
		if len(v)%3 != 0 {
			return v
		}
		out := make([]any, 0, len(v)/3*2)
		for i := 0; i+2 < len(v); i += 3 {
			out = append(out, v[i], unquote(v[i+1].(string)))
		}
		return out
	}
	return v
}

// unquote removes one pair of matching quotes around s.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// nodeValues lists the arguments of an instruction node; a sub-instruction
// (ONBUILD) contributes its name and its own arguments.
func nodeValues(n *parser.Node) []any {
	out := []any{}
	for a := n.Next; a != nil; a = a.Next {
		if len(a.Children) == 0 {
			out = append(out, a.Value)
			continue
		}
		for _, c := range a.Children {
			out = append(out, c.Value)
			out = append(out, nodeValues(c)...)
		}
	}
	return out
}

// locErr turns a parser error into a *ParseError with the line it carries.
func locErr(path string, err error) error {
	line := 0
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		line = le.Locations[0][0].Start.Line
	}
	if err.Error() == "file with no instructions" {
		return &ParseError{Path: path, Err: ErrNoInstructions}
	}
	// The parser reports errors in parser directives with a 0-based line.
	return &ParseError{Path: path, Line: max(line, 1), Err: err}
}

func countLines(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	n := bytes.Count(data, []byte{'\n'})
	if data[len(data)-1] != '\n' {
		n++
	}
	return n
}

func invalidUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

var reIgnore = regexp.MustCompile(`^\s*#\s*palisade:ignore=\s*([A-Za-z0-9_.\-]+(?:\s*,\s*[A-Za-z0-9_.\-]+)*)`)

// ignores finds the `# palisade:ignore=` comment lines and the lines each one
// covers.
func ignores(data []byte, nodes []*parser.Node, lines int) []Ignore {
	var out []Ignore
	for i, raw := range bytes.Split(data, []byte{'\n'}) {
		lineNo := i + 1
		m := reIgnore.FindSubmatch(raw)
		if m == nil {
			continue
		}
		var ids []string
		for id := range strings.SplitSeq(string(m[1]), ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			continue
		}
		if len(nodes) == 0 || lineNo < nodes[0].StartLine {
			out = append(out, Ignore{IDs: ids, StartLine: 1, EndLine: max(lines, 1)})
			continue
		}
		for _, n := range nodes {
			if n.StartLine <= lineNo && lineNo <= n.EndLine || lineNo < n.StartLine {
				out = append(out, Ignore{IDs: ids, StartLine: n.StartLine, EndLine: n.EndLine})
				break
			}
		}
	}
	return out
}

// IsDockerfile reports whether a file name (a path's last element is used)
// names a Dockerfile: "Dockerfile" and "Containerfile", "Dockerfile.<x>" and
// "Containerfile.<x>" (e.g. Dockerfile.prod), and "<x>.Dockerfile" /
// "<x>.Containerfile" (e.g. api.Dockerfile), all case-insensitive.
// "Dockerfile.<ext>" is not a Dockerfile when <ext> is a common extension of
// other file types (documentation, data, scripts, editor and patch leftovers,
// .dockerignore files), e.g. Dockerfile.md, Dockerfile.dockerignore,
// Dockerfile.j2.
func IsDockerfile(name string) bool {
	base := strings.ToLower(filepath.Base(name))
	for _, stem := range []string{"dockerfile", "containerfile"} {
		switch {
		case base == stem:
			return true
		case strings.HasSuffix(base, "."+stem) && len(base) > len(stem)+1:
			return true
		case strings.HasPrefix(base, stem+".") && len(base) > len(stem)+1:
			ext := base[strings.LastIndexByte(base, '.')+1:]
			return !notDockerfileExt[ext]
		}
	}
	return false
}

var notDockerfileExt = map[string]bool{
	"md": true, "markdown": true, "txt": true, "rst": true, "adoc": true, "html": true,
	"json": true, "yaml": true, "yml": true, "toml": true, "xml": true, "csv": true,
	"sh": true, "bash": true, "ps1": true, "bat": true, "cmd": true, "py": true, "go": true, "rego": true,
	"j2": true, "jinja": true, "jinja2": true, "tpl": true, "tmpl": true, "template": true, "erb": true,
	"bak": true, "orig": true, "rej": true, "swp": true, "swo": true, "tmp": true, "old": true, "log": true,
	"diff": true, "patch": true, "lock": true, "sum": true, "dockerignore": true,
	"png": true, "jpg": true, "svg": true, "gz": true, "zip": true, "tar": true,
}
