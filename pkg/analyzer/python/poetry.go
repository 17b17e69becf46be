package python

import "slices"

type poetryLock struct {
	Package []struct {
		Name    string `toml:"name"`
		Version string `toml:"version"`
		// Category ("main" or "dev") is how Poetry before 1.5 marked
		// development packages, Groups how Poetry 2 does; Poetry 1.5 to
		// 1.8 wrote neither.
		Category string   `toml:"category"`
		Groups   []string `toml:"groups"`
		Source   struct {
			Type string `toml:"type"`
		} `toml:"source"`
	} `toml:"package"`
}

// parsePoetry reads poetry.lock. As in Trivy, a package is for development
// when its category is "dev" or it belongs to groups none of which is
// "main". Path dependencies on directories (source type "directory") are
// local projects and skipped; files, URLs and git checkouts are kept, since
// they hold a real distribution at a real version.
func parsePoetry(c *collector, content []byte) error {
	var lock poetryLock
	if err := decodeTOML("poetry.lock", content, &lock); err != nil {
		return err
	}
	for _, p := range lock.Package {
		dev := p.Category == "dev" || len(p.Groups) > 0 && !slices.Contains(p.Groups, "main")
		if dev || p.Source.Type == "directory" {
			continue
		}
		if err := c.add(p.Name, p.Version); err != nil {
			return err
		}
	}
	return nil
}
