// Package rules embeds Palisade's bundled Rego rules (with their tests, so
// `palisade rules test` can run them) for the policy engine.
package rules

import (
	"embed"
	"io/fs"
)

//go:embed lib/*.rego kubernetes/*.rego docker/*.rego runtime/*.rego
var bundled embed.FS

// FS returns the bundled rule tree: lib/, kubernetes/, docker/ and runtime/.
func FS() fs.FS { return bundled }
