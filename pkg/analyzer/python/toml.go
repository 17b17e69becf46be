package python

import (
	"bytes"
	"fmt"

	"github.com/BurntSushi/toml"
)

// maxTOMLNesting bounds how deeply arrays and inline tables may nest. The
// TOML parser recurses once per level, and a goroutine that outgrows its
// stack kills the process instead of failing; lock files nest three or four
// levels.
const maxTOMLNesting = 64

// decodeTOML decodes a lock file into v after checking its size and nesting.
func decodeTOML(name string, content []byte, v any) error {
	if len(content) > maxStructuredSize {
		return fmt.Errorf("file larger than %d bytes", maxStructuredSize)
	}
	if tomlNesting(content) > maxTOMLNesting {
		return fmt.Errorf("arrays or tables nested more than %d deep", maxTOMLNesting)
	}
	if _, err := toml.NewDecoder(bytes.NewReader(content)).Decode(v); err != nil {
		return fmt.Errorf("decoding %s: %w", name, err)
	}
	return nil
}

// tomlNesting returns the deepest nesting of brackets and braces in b
// outside strings and comments, following TOML's lexical rules for them.
// Where b is not valid TOML the parser stops at the first error, and up to
// there the count agrees with what it would have recursed into.
func tomlNesting(b []byte) int {
	depth, deepest := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '#':
			for i < len(b) && b[i] != '\n' {
				i++
			}
		case '"':
			i = skipString(b, i, '"', true)
		case '\'':
			i = skipString(b, i, '\'', false)
		case '[', '{':
			depth++
			deepest = max(deepest, depth)
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return deepest
}

// skipString returns the index of the last byte of the string that opens
// at b[i] with quote q: single-line, or multi-line when the quote is
// tripled. Basic strings (escapes true) honour backslash escapes.
func skipString(b []byte, i int, q byte, escapes bool) int {
	triple := []byte{q, q, q}
	if bytes.HasPrefix(b[i:], triple) {
		for j := i + 3; j < len(b); j++ {
			switch {
			case escapes && b[j] == '\\':
				j++
			case bytes.HasPrefix(b[j:], triple):
				// Up to two quotes may end the content right before
				// the closing delimiter.
				k := j
				for k < len(b) && b[k] == q {
					k++
				}
				return k - 1
			}
		}
		return len(b)
	}
	for j := i + 1; j < len(b); j++ {
		switch {
		case escapes && b[j] == '\\':
			j++
		case b[j] == q, b[j] == '\n':
			return j
		}
	}
	return len(b)
}
