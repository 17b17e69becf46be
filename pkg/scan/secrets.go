package scan

import (
	"github.com/palisadesec/palisade/pkg/analyzer"
	"github.com/palisadesec/palisade/pkg/finding"
)

// secretFindings turns secrets into findings. The same file carried
// unchanged by several layers is reported once, at the first layer.
func secretFindings(secs []analyzer.LayerSecret) []finding.Finding {
	type key struct {
		rule, path, match string
		line              int
	}
	seen := map[key]bool{}
	var out []finding.Finding
	for _, s := range secs {
		k := key{s.RuleID, s.Path, s.Match, s.StartLine}
		if seen[k] {
			continue
		}
		seen[k] = true
		sev, err := finding.ParseSeverity(s.Severity)
		if err != nil {
			sev = finding.SeverityUnknown
		}
		out = append(out, finding.Finding{
			ID:          s.RuleID,
			Type:        finding.TypeSecret,
			Severity:    sev,
			Title:       s.Title,
			Description: "A " + s.Category + " credential is stored here in clear; anyone who can read it can use it.",
			Remediation: "Remove the secret, rotate it (it must be considered leaked), and inject it at run time instead.",
			Location:    &finding.Location{Path: s.Path, StartLine: s.StartLine, EndLine: s.EndLine, Layer: s.Layer, Snippet: s.Match},
		})
	}
	return out
}
