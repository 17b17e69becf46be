package python

import (
	"encoding/json"
	"fmt"
	"strings"
)

// parsePipfileLock reads Pipfile.lock. Only its "default" section is read:
// "develop" holds the [dev-packages], which `pipenv install --deploy` leaves
// out, and Trivy reads only "default" too. Editable, path and VCS entries
// carry no version and are skipped.
func parsePipfileLock(c *collector, content []byte) error {
	if len(content) > maxStructuredSize {
		return fmt.Errorf("file larger than %d bytes", maxStructuredSize)
	}
	var lock struct {
		Default map[string]struct {
			Version string `json:"version"`
		} `json:"default"`
	}
	if err := json.Unmarshal(content, &lock); err != nil {
		return fmt.Errorf("decoding Pipfile.lock: %w", err)
	}
	for name, dep := range lock.Default {
		// Pipenv pins as "==1.2.3".
		version, ok := strings.CutPrefix(dep.Version, "==")
		if !ok {
			continue
		}
		if err := c.add(name, strings.TrimPrefix(version, "=")); err != nil {
			return err
		}
	}
	return nil
}
