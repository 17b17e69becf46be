// Package compliance maps Palisade's findings onto compliance frameworks
// (CIS Kubernetes and Docker Benchmarks, NSA/CISA hardening guide, NIST SP
// 800-190, PCI DSS, HIPAA, GDPR): it loads framework files, decides per
// control and per cluster whether a report shows it passing, failing, left to
// manual review or not assessed at all, and writes the result as a table,
// JSON or SARIF. A control passes only when a report holds a result that
// would have evaluated one of its rules; absent evidence is never a pass.
package compliance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/palisadesec/palisade/pkg/finding"
	frameworks "github.com/palisadesec/palisade/rules/compliance"
)

// MaxFileSize bounds a framework file.
const MaxFileSize = 4 << 20

// maxControls bounds the controls of one framework.
const maxControls = 10000

// Framework is one version of a compliance framework and its controls.
type Framework struct {
	// Name is the file name without .yaml and the prefix of compliance tags
	// ("nist-800-190" for "nist-800-190:4.4.3").
	Name        string
	Title       string
	Version     string
	Description string
	Controls    []Control
}

// Control is one requirement of a framework and the evidence that decides it.
type Control struct {
	ID    string
	Title string
	// Rules are rule and node check finding IDs whose findings fail the
	// control (PAL-K8S-001, PAL-DF-003, PAL-RT-001, PAL-CIS-1.10-1.2.1, a
	// custom rule's ID).
	Rules []string
	// Vulnerabilities, when set, fails the control on vulnerabilities at or
	// above its severity in scanned images, file systems and SBOMs.
	Vulnerabilities *VulnerabilityEvidence
	// Secrets fails the control on secrets found in images and file systems.
	Secrets bool
	// Manual marks a control no scan can decide.
	Manual bool
}

// VulnerabilityEvidence is the `vulnerabilities:` evidence of a control.
type VulnerabilityEvidence struct {
	Severity finding.Severity
	// IncludeUnfixed counts vulnerabilities without a fixed version too
	// (default: only fixable ones fail the control).
	IncludeUnfixed bool
}

// Bundled lists the bundled framework names, sorted.
func Bundled() []string {
	names, err := fs.Glob(frameworks.FS(), "*.yaml")
	if err != nil {
		return nil
	}
	for i, n := range names {
		names[i] = strings.TrimSuffix(n, ".yaml")
	}
	sort.Strings(names)
	return names
}

// Load returns a bundled framework by name.
func Load(name string) (*Framework, error) {
	if !validName.MatchString(name) {
		return nil, fmt.Errorf("unknown framework %q (bundled: %s)", name, strings.Join(Bundled(), ", "))
	}
	data, err := fs.ReadFile(frameworks.FS(), name+".yaml")
	if err != nil {
		return nil, fmt.Errorf("unknown framework %q (bundled: %s)", name, strings.Join(Bundled(), ", "))
	}
	fw, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("framework %s: %w", name, err)
	}
	if fw.Name != name {
		return nil, fmt.Errorf("framework %s: framework: %q does not match the file name", name, fw.Name)
	}
	return fw, nil
}

// LoadFile reads a framework file (--framework-file). It reads at most
// MaxFileSize bytes and rejects unknown fields; errors are one line naming
// the file and line.
func LoadFile(p string) (*Framework, error) {
	f, err := os.Open(p)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("framework file %s: %w", p, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("framework file %s: %w", p, err)
	}
	fw, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("framework file %s: %w", p, err)
	}
	return fw, nil
}

var (
	validName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	validRule = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$`)
)

// lineError is a parse error at a line of the file.
func lineError(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("line %d: %s", n.Line, fmt.Sprintf(format, args...))
}

// Parse parses and validates one framework document (format:
// rules/compliance/README.md).
func Parse(data []byte) (*Framework, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", MaxFileSize)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty document")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty document")
		}
		return nil, yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, lineError(&extra, "more than one YAML document")
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, errors.New("empty document")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, lineError(root, "want a mapping with framework, title, version and controls")
	}
	fw := &Framework{}
	var controls *yaml.Node
	err := eachField(root, func(k, v *yaml.Node) error {
		var err error
		switch k.Value {
		case "framework":
			if fw.Name, err = scalar(v, "framework"); err == nil && !validName.MatchString(fw.Name) {
				err = lineError(v, "framework: %q: want lower-case letters, digits, '.', '_' or '-' (at most 64)", fw.Name)
			}
		case "title":
			fw.Title, err = scalar(v, "title")
		case "version":
			fw.Version, err = scalar(v, "version")
		case "description":
			fw.Description, err = scalar(v, "description")
		case "controls":
			if v.Kind != yaml.SequenceNode {
				return lineError(v, "controls: want a list")
			}
			controls = v
		default:
			return lineError(k, "unknown field %q (want framework, title, version, description, controls)", k.Value)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	switch {
	case fw.Name == "":
		return nil, lineError(root, "framework: missing")
	case fw.Title == "":
		return nil, lineError(root, "title: missing")
	case controls == nil || len(controls.Content) == 0:
		return nil, lineError(root, "controls: missing or empty")
	case len(controls.Content) > maxControls:
		return nil, lineError(controls, "controls: more than %d", maxControls)
	}
	seen := map[string]int{}
	for _, n := range controls.Content {
		c, err := parseControl(n)
		if err != nil {
			return nil, err
		}
		if l, dup := seen[c.ID]; dup {
			return nil, lineError(n, "control %q: already defined on line %d", c.ID, l)
		}
		seen[c.ID] = n.Line
		fw.Controls = append(fw.Controls, c)
	}
	return fw, nil
}

func parseControl(n *yaml.Node) (Control, error) {
	var c Control
	if n.Kind != yaml.MappingNode {
		return c, lineError(n, "control: want a mapping with id, title and rules or manual")
	}
	err := eachField(n, func(k, v *yaml.Node) error {
		var err error
		switch k.Value {
		case "id":
			c.ID, err = scalar(v, "id")
		case "title":
			c.Title, err = scalar(v, "title")
		case "rules":
			if v.Kind != yaml.SequenceNode {
				return lineError(v, "rules: want a list of rule IDs")
			}
			for _, r := range v.Content {
				id, err := scalar(r, "rules")
				if err != nil {
					return err
				}
				if !validRule.MatchString(id) {
					return lineError(r, "rules: %q is not a rule ID", id)
				}
				c.Rules = append(c.Rules, id)
			}
		case "manual":
			c.Manual, err = boolean(v, "manual")
		case "secrets":
			c.Secrets, err = boolean(v, "secrets")
		case "vulnerabilities":
			c.Vulnerabilities, err = parseVulns(v)
		default:
			return lineError(k, "unknown field %q (want id, title, rules, vulnerabilities, secrets, manual)", k.Value)
		}
		return err
	})
	if err != nil {
		return c, err
	}
	switch {
	case c.ID == "":
		return c, lineError(n, "control: id missing")
	case len(c.ID) > 64 || strings.ContainsAny(c.ID, " \t\r\n"):
		return c, lineError(n, "control %q: id must be at most 64 characters without spaces", c.ID)
	case c.Title == "":
		return c, lineError(n, "control %q: title missing", c.ID)
	case c.Manual && (len(c.Rules) > 0 || c.Vulnerabilities != nil || c.Secrets):
		return c, lineError(n, "control %q: manual: true cannot have rules, vulnerabilities or secrets", c.ID)
	}
	return c, nil
}

func parseVulns(v *yaml.Node) (*VulnerabilityEvidence, error) {
	if v.Kind != yaml.MappingNode {
		return nil, lineError(v, "vulnerabilities: want {severity: HIGH}")
	}
	ev := &VulnerabilityEvidence{}
	var sevSet bool
	err := eachField(v, func(k, val *yaml.Node) error {
		switch k.Value {
		case "severity":
			s, err := scalar(val, "severity")
			if err != nil {
				return err
			}
			if ev.Severity, err = finding.ParseSeverity(s); err != nil || ev.Severity == finding.SeverityUnknown {
				return lineError(val, "severity: %q: want CRITICAL, HIGH, MEDIUM or LOW", s)
			}
			sevSet = true
			return nil
		case "includeUnfixed":
			var err error
			ev.IncludeUnfixed, err = boolean(val, "includeUnfixed")
			return err
		}
		return lineError(k, "unknown field %q (want severity, includeUnfixed)", k.Value)
	})
	if err != nil {
		return nil, err
	}
	if !sevSet {
		return nil, lineError(v, "vulnerabilities: severity missing")
	}
	return ev, nil
}

// eachField calls fn for each key of a mapping, rejecting duplicate keys.
func eachField(m *yaml.Node, fn func(k, v *yaml.Node) error) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return lineError(k, "want a field name")
		}
		if seen[k.Value] {
			return lineError(k, "field %q given twice", k.Value)
		}
		seen[k.Value] = true
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func scalar(n *yaml.Node, field string) (string, error) {
	if n.Kind == yaml.AliasNode {
		return "", lineError(n, "%s: aliases are not allowed", field)
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", lineError(n, "%s: want a string", field)
	}
	if len(n.Value) > 1024 {
		return "", lineError(n, "%s: longer than 1024 characters", field)
	}
	return strings.TrimSpace(n.Value), nil
}

func boolean(n *yaml.Node, field string) (bool, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return false, lineError(n, "%s: want true or false", field)
	}
	return strings.EqualFold(n.Value, "true"), nil
}

// yamlError turns a YAML library error into one line.
func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return errors.New(strings.Join(strings.Fields(msg), " "))
}
