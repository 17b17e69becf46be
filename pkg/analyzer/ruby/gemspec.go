package ruby

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"github.com/palisadesec/palisade/pkg/analyzer/pkgset"
	"github.com/palisadesec/palisade/pkg/inventory"
)

// specNew opens the block that RubyGems' Specification#to_ruby writes.
const specNew = "Gem::Specification.new"

// ErrNoSpec is returned for non-empty input that does not assign a literal
// name and version in a Gem::Specification block.
var ErrNoSpec = errors.New("no gem name and version found in the specification")

// Gemspec reads the specifications RubyGems writes for installed gems; use
// it for images and installed file systems.
type Gemspec struct{}

// NewGemspec returns the analyzer for installed gem specifications.
func NewGemspec() *Gemspec { return &Gemspec{} }

// Name is the analyzer's stable name.
func (*Gemspec) Name() string { return "gemspec" }

// Version changes whenever Parse may return something different for the same file.
func (*Gemspec) Version() int { return 1 }

// Required reports whether path is a specification in a gem directory:
// specifications/NAME.gemspec, or specifications/default/NAME.gemspec for the
// gems Ruby ships. The .gemspec files inside gems' own source trees are Ruby
// programs that compute their values, so they are not read.
func (*Gemspec) Required(path string) bool {
	i := strings.LastIndexByte(path, '/')
	if i < 0 || !strings.HasSuffix(path, ".gemspec") || len(path)-i-1 == len(".gemspec") {
		return false
	}
	dir := strings.TrimSuffix(path[:i], "/default")
	return dir == "specifications" || strings.HasSuffix(dir, "/specifications")
}

// Parse returns the gem the specification describes. It reads the literal
// assignments to the block variable's name and version, as Trivy does,
// without evaluating Ruby. Input holding only whitespace yields nothing.
func (*Gemspec) Parse(ctx context.Context, path string, content []byte) ([]inventory.Package, error) {
	if blank(content) {
		return nil, nil
	}
	var recv, name, version string
	n := 0
	for raw := range lines(content) {
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		line := string(bytes.TrimSpace(raw))
		if recv == "" {
			if i := strings.Index(line, specNew); i >= 0 {
				recv = blockParam(line[i+len(specNew):])
			}
			continue
		}
		if name == "" {
			if v, ok := assignment(line, recv, "name"); ok {
				name = v
			}
		}
		if version == "" {
			if v, ok := assignment(line, recv, "version"); ok {
				version = v
			}
		}
		if name != "" && version != "" {
			return []inventory.Package{gem(name, version, path)}, nil
		}
	}
	return nil, ErrNoSpec
}

// blockParam returns the variable of "do |s|" or "{ |spec|", or "" when
// there is none.
func blockParam(s string) string {
	_, rest, ok := strings.Cut(s, "|")
	if !ok {
		return ""
	}
	v, _, ok := strings.Cut(rest, "|")
	v = strings.TrimSpace(v)
	if !ok || !identifier(v) {
		return ""
	}
	return v
}

func identifier(s string) bool {
	if s == "" || len(s) > 64 || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// assignment returns the string assigned by a line "recv.attr = VALUE", where
// VALUE is a quoted literal, optionally frozen or wrapped in
// Gem::Version.new(...), as RubyGems writes them.
func assignment(line, recv, attr string) (string, bool) {
	rest, ok := strings.CutPrefix(line, recv+"."+attr)
	if !ok {
		return "", false
	}
	rest = strings.TrimLeft(rest, " \t")
	// "==" compares rather than assigns, and "s.names = ..." is another attribute.
	rest, ok = strings.CutPrefix(rest, "=")
	if !ok || strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "~") {
		return "", false
	}
	v, ok := literal(strings.TrimLeft(rest, " \t"))
	if !ok || !pkgset.ValidToken(v) {
		return "", false
	}
	return v, true
}

// literal reads a quoted string at the start of expr. Anything that could
// change its value (a method call other than freeze, an operator) makes the
// value unknown, as a version computed at run time would be.
func literal(expr string) (string, bool) {
	expr, wrapped := strings.CutPrefix(expr, "Gem::Version.new(")
	if wrapped {
		expr = strings.TrimLeft(expr, " \t")
	}
	if expr == "" || (expr[0] != '"' && expr[0] != '\'') {
		return "", false
	}
	end := strings.IndexByte(expr[1:], expr[0])
	if end < 0 {
		return "", false
	}
	v, rest := expr[1:1+end], expr[2+end:]
	// Escapes never occur in valid gem names or versions, so one means the
	// literal is not what it seems (and may not even end where it seems to).
	if strings.ContainsRune(v, '\\') {
		return "", false
	}
	rest = strings.TrimPrefix(rest, ".freeze")
	if wrapped {
		rest, wrapped = strings.CutPrefix(strings.TrimLeft(rest, " \t"), ")")
		if !wrapped {
			return "", false
		}
		rest = strings.TrimPrefix(rest, ".freeze")
	}
	rest = strings.TrimLeft(rest, " \t")
	switch {
	case rest == "", rest[0] == '#', rest[0] == ';',
		strings.HasPrefix(rest, "if "), strings.HasPrefix(rest, "unless "):
		return v, true
	}
	return "", false
}
