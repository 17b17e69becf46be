package npm

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// errAlias is returned for YAML aliases: pnpm never writes them, and
// following them could expand a small file into a huge one.
var errAlias = errors.New("YAML aliases are not supported")

// readPnpmLock reads the parts of one pnpm-lock.yaml document that matter.
// A section of the wrong shape is an error, as it would be when decoding
// into typed values; unknown keys are ignored.
func readPnpmLock(ctx context.Context, doc *yaml.Node) (*pnpmLock, error) {
	lock := &pnpmLock{
		Packages:  make(map[string]*pnpmPackage),
		Snapshots: make(map[string]*pnpmSnapshot),
	}
	root := doc
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return lock, nil
		}
		root = doc.Content[0]
	}
	n := 0
	// tick checks for cancellation now and then; the sections are walked
	// entry by entry.
	tick := func() error {
		if n++; n%4096 == 0 {
			return ctx.Err()
		}
		return nil
	}
	return lock, eachPair(root, "document", func(key string, v *yaml.Node) error {
		switch key {
		case "lockfileVersion":
			s, err := scalar(v, key)
			lock.LockfileVersion = s
			return err
		case "importers":
			return eachPair(v, key, func(_ string, v *yaml.Node) error {
				if err := tick(); err != nil {
					return err
				}
				imp, err := readPnpmImporter(v)
				lock.Importers = append(lock.Importers, imp)
				return err
			})
		case "packages":
			return eachPair(v, key, func(name string, v *yaml.Node) error {
				if err := tick(); err != nil {
					return err
				}
				pkg, err := readPnpmPackage(v)
				lock.Packages[name] = pkg
				return err
			})
		case "snapshots":
			return eachPair(v, key, func(name string, v *yaml.Node) error {
				if err := tick(); err != nil {
					return err
				}
				snap := &pnpmSnapshot{Dependencies: make(map[string]string)}
				lock.Snapshots[name] = snap
				return eachPair(v, name, func(key string, v *yaml.Node) error {
					if key != "dependencies" && key != "optionalDependencies" {
						return nil
					}
					return eachPair(v, key, func(dep string, v *yaml.Node) error {
						ref, err := scalar(v, dep)
						snap.Dependencies[dep] = ref
						return err
					})
				})
			})
		}
		return nil
	})
}

func readPnpmImporter(n *yaml.Node) (pnpmImporter, error) {
	imp := pnpmImporter{Dependencies: make(map[string]string)}
	err := eachPair(n, "importer", func(key string, v *yaml.Node) error {
		switch key {
		case "configDependencies", "packageManagerDependencies":
			imp.environment = imp.environment || !isNull(v)
		case "dependencies", "optionalDependencies":
			return eachPair(v, key, func(dep string, v *yaml.Node) error {
				// Lockfile version 5 writes the resolved version, 6 and
				// later {specifier, version}.
				if v.Kind != yaml.MappingNode {
					ref, err := scalar(v, dep)
					imp.Dependencies[dep] = ref
					return err
				}
				return eachPair(v, dep, func(key string, v *yaml.Node) error {
					if key != "version" {
						return nil
					}
					ref, err := scalar(v, dep)
					imp.Dependencies[dep] = ref
					return err
				})
			})
		}
		return nil
	})
	return imp, err
}

func readPnpmPackage(n *yaml.Node) (*pnpmPackage, error) {
	pkg := &pnpmPackage{}
	err := eachPair(n, "package", func(key string, v *yaml.Node) error {
		var err error
		switch key {
		case "name":
			pkg.Name, err = scalar(v, key)
		case "version":
			pkg.Version, err = scalar(v, key)
		case "dev":
			var s string
			s, err = scalar(v, key)
			pkg.Dev = strings.EqualFold(s, "true")
		case "resolution":
			err = eachPair(v, key, func(key string, v *yaml.Node) error {
				if key != "type" {
					return nil
				}
				s, err := scalar(v, key)
				pkg.Directory = s == "directory"
				return err
			})
		}
		return err
	})
	return pkg, err
}

// eachPair calls fn for each entry of the mapping n, in order; null is an
// empty mapping.
func eachPair(n *yaml.Node, what string, fn func(key string, v *yaml.Node) error) error {
	switch {
	case n.Kind == yaml.AliasNode:
		return errAlias
	case isNull(n):
		return nil
	case n.Kind != yaml.MappingNode:
		return fmt.Errorf("%s: line %d: not a mapping", what, n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.AliasNode || v.Kind == yaml.AliasNode {
			return errAlias
		}
		if k.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s: line %d: key is not a string", what, k.Line)
		}
		if err := fn(k.Value, v); err != nil {
			return err
		}
	}
	return nil
}

// scalar returns the value of the scalar n; null is "".
func scalar(n *yaml.Node, what string) (string, error) {
	switch {
	case n.Kind == yaml.AliasNode:
		return "", errAlias
	case isNull(n):
		return "", nil
	case n.Kind != yaml.ScalarNode:
		return "", fmt.Errorf("%s: line %d: not a scalar", what, n.Line)
	}
	return n.Value, nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}
