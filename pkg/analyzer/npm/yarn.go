package npm

import (
	"context"
	"strings"
)

// yarnEntry is one top-level block of a yarn.lock: the descriptors that
// resolved to one package, and the fields read from it.
type yarnEntry struct {
	descriptors string
	version     string
	resolution  string
	skip        bool
}

// parseYarnLock reads both yarn.lock formats. Classic Yarn (v1) writes
//
//	"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
//	  version "7.12.13"
//
// and Yarn Berry (v2 and later) writes YAML
//
//	"lodash@npm:^4.17.15, lodash@npm:^4.17.21":
//	  version: 4.17.21
//	  resolution: "lodash@npm:4.17.21"
//
// Both are read line by line: only the unindented descriptor line and the
// version and resolution fields indented by two spaces matter, and Classic's
// format is not YAML. yarn.lock records no development flag, so every
// registry package is reported.
func parseYarnLock(ctx context.Context, c *collector, content []byte) error {
	var cur yarnEntry
	flush := func() error {
		e := cur
		cur = yarnEntry{}
		if e.skip || e.descriptors == "" {
			return nil
		}
		name, version, ok := yarnPackage(e)
		if !ok {
			return nil
		}
		return c.add(name, version)
	}
	n := 0
	for line := range lines(content) {
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			if err := flush(); err != nil {
				return err
			}
			key, ok := strings.CutSuffix(strings.TrimRight(line, " \t"), ":")
			// __metadata is Berry's header (lockfile version, cache key).
			cur = yarnEntry{descriptors: key, skip: !ok || key == "__metadata"}
			continue
		}
		// Deeper lines belong to dependencies, bin, conditions and the like.
		if cur.skip || len(line) < 3 || line[:2] != "  " || line[2] == ' ' || line[2] == '\t' {
			continue
		}
		switch field, value := yarnField(line[2:]); field {
		case "version":
			if cur.version == "" {
				cur.version = value
			}
		case "resolution":
			if cur.resolution == "" {
				cur.resolution = value
			}
		}
	}
	return flush()
}

// yarnField splits `version "1.0.0"`, `version: 1.0.0` and `"version": "1.0.0"`.
func yarnField(s string) (field, value string) {
	if strings.HasPrefix(s, `"`) {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return "", ""
		}
		field, s = s[1:1+end], s[2+end:]
	} else {
		end := strings.IndexAny(s, " :")
		if end < 0 {
			return s, ""
		}
		field, s = s[:end], s[end:]
	}
	s = strings.TrimPrefix(s, ":")
	return field, unquote(strings.TrimSpace(s))
}

// yarnPackage names the registry package an entry resolved to. Berry says
// so in resolution, where an alias ("string-width-cjs@npm:string-width@^4")
// already names the real package and any protocol but npm: means a
// workspace, patch, link, portal, file, git or URL dependency. Classic has
// only the descriptors, which all resolved to the same package, so the first
// one is read.
func yarnPackage(e yarnEntry) (name, version string, ok bool) {
	if e.resolution != "" {
		name, ref, ok := splitSpec(e.resolution)
		if !ok {
			return "", "", false
		}
		protocol, v, ok := strings.Cut(ref, ":")
		if !ok || protocol != "npm" {
			return "", "", false
		}
		if e.version != "" {
			v = e.version
		}
		return name, v, true
	}
	// Classic quotes each descriptor that needs it, Berry the whole list.
	first, _, _ := strings.Cut(e.descriptors, ",")
	first = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(first), `"`), `"`)
	name, rng, ok := splitSpec(first)
	if !ok {
		return "", "", false
	}
	if spec, isNpm := strings.CutPrefix(rng, "npm:"); isNpm {
		rng = spec
		if target, r, ok := splitSpec(spec); ok {
			name, rng = target, r
		} else if strings.HasPrefix(spec, "@") {
			name, rng = spec, ""
		}
	}
	// Ranges and tags never hold these; protocols, paths, URLs and git
	// shorthands ("user/repo#ref") do.
	if strings.ContainsAny(rng, ":/") {
		return "", "", false
	}
	return name, e.version, true
}

// unquote removes one pair of surrounding double or single quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

// lines yields the lines of content without their line endings (LF or CRLF).
func lines(content []byte) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		s := string(content)
		for len(s) > 0 {
			line, rest, _ := strings.Cut(s, "\n")
			s = rest
			if !yield(strings.TrimSuffix(line, "\r")) {
				return
			}
		}
	}
}
