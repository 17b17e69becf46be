package trust

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"
)

// Policy file identity.
const (
	APIVersion = "palisade.dev/v1"
	Kind       = "TrustPolicy"
)

// MaxPolicySize bounds a policy file.
const MaxPolicySize = 1 << 20

const maxGroupName = 253

// Effect says what a violation means.
type Effect string

// Effects, from least to most strict.
const (
	EffectAlert Effect = "alert"
	EffectBlock Effect = "block"
)

func (e Effect) valid() bool { return e == EffectAlert || e == EffectBlock }

func stricter(a, b Effect) Effect {
	if a == EffectBlock || b == EffectBlock {
		return EffectBlock
	}
	if a == "" {
		return b
	}
	return a
}

// Policy is a trust policy. Its exported fields are the file format; build
// one with Parse, Load, Learn or Merge, or call Validate after filling it in.
type Policy struct {
	APIVersion    string  `yaml:"apiVersion"`
	Kind          string  `yaml:"kind"`
	DefaultEffect Effect  `yaml:"defaultEffect,omitempty"`
	RequireGroup  bool    `yaml:"requireGroup,omitempty"`
	Groups        []Group `yaml:"groups"`

	compiled *compiled
}

// Group is a named set of image patterns trusted in some clusters and
// namespaces.
type Group struct {
	Name       string   `yaml:"name"`
	Images     []string `yaml:"images"`
	Clusters   []string `yaml:"clusters,omitempty"`
	Namespaces []string `yaml:"namespaces,omitempty"`
	Effect     Effect   `yaml:"effect,omitempty"`
}

type compiled struct {
	defaultEffect Effect
	requireGroup  bool
	groups        []compiledGroup
}

type compiledGroup struct {
	name       string
	patterns   []pattern
	clusters   []string
	namespaces []string
	effect     Effect
}

// Load reads and parses a policy file of at most MaxPolicySize bytes.
func Load(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("trust policy: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxPolicySize+1))
	if err != nil {
		return nil, fmt.Errorf("trust policy %s: %w", path, err)
	}
	p, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("trust policy %s: %w", path, err)
	}
	return p, nil
}

// Parse parses and validates a policy document.
func Parse(data []byte) (*Policy, error) {
	p, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("trust policy: %w", err)
	}
	return p, nil
}

func parse(data []byte) (*Policy, error) {
	if len(data) > MaxPolicySize {
		return nil, fmt.Errorf("larger than %d bytes", MaxPolicySize)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty document")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Policy
	if err := dec.Decode(&p); errors.Is(err, io.EOF) {
		return nil, errors.New("empty document")
	} else if err != nil {
		return nil, yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("line %d: more than one YAML document", extra.Line)
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(err)
	}
	c, err := p.compile(&root)
	if err != nil {
		return nil, err
	}
	p.compiled = c
	return &p, nil
}

var reUnknownField = regexp.MustCompile(`field (.*) not found in type \S+`)

// yamlError turns a YAML library error into one line without Go type names.
func yamlError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		const show = 3
		var msgs []string
		for _, m := range te.Errors {
			if len(msgs) == show {
				msgs = append(msgs, fmt.Sprintf("and %d more errors", len(te.Errors)-show))
				break
			}
			m = reUnknownField.ReplaceAllString(m, `unknown field "$1"`)
			msgs = append(msgs, strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(m))
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return errors.New(strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(msg))
}

// Validate checks a policy built in code and prepares it for Check.
func (p *Policy) Validate() error {
	c, err := p.compile(nil)
	if err != nil {
		return fmt.Errorf("trust policy: %w", err)
	}
	p.compiled = c
	return nil
}

// lineOf returns the line of the node reached from root by a path of
// mapping keys (string) and sequence indices (int), or 0.
func lineOf(root *yaml.Node, path ...any) int {
	n := root
	if n == nil {
		return 0
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, step := range path {
		switch s := step.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return 0
			}
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					next = n.Content[i+1]
				}
			}
			if next == nil {
				return 0
			}
			n = next
		case int:
			if n.Kind != yaml.SequenceNode || s >= len(n.Content) {
				return 0
			}
			n = n.Content[s]
		}
	}
	return n.Line
}

func at(root *yaml.Node, path ...any) string {
	if l := lineOf(root, path...); l > 0 {
		return fmt.Sprintf("line %d: ", l)
	}
	return ""
}

func validName(s string) error {
	switch {
	case s == "":
		return errors.New("empty group name")
	case len(s) > maxGroupName:
		return fmt.Errorf("group name longer than %d bytes", maxGroupName)
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("group name %q has leading or trailing space", s)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("group name %q has a control character", s)
		}
	}
	return nil
}

func validGlob(kind, g string) error {
	switch {
	case strings.TrimSpace(g) == "":
		return fmt.Errorf("empty %s glob", kind)
	case len(g) > maxRefLen:
		return fmt.Errorf("%s glob longer than %d bytes", kind, maxRefLen)
	case !doublestar.ValidatePattern(g):
		return fmt.Errorf("invalid %s glob %q", kind, g)
	}
	return nil
}

// compile validates the policy; root, when not nil, gives line numbers.
func (p *Policy) compile(root *yaml.Node) (*compiled, error) {
	if p.APIVersion != APIVersion {
		return nil, fmt.Errorf("%sapiVersion %q is not supported (want %s)", at(root, "apiVersion"), p.APIVersion, APIVersion)
	}
	if p.Kind != Kind {
		return nil, fmt.Errorf("%skind %q is not supported (want %s)", at(root, "kind"), p.Kind, Kind)
	}
	c := &compiled{defaultEffect: EffectAlert, requireGroup: p.RequireGroup}
	if p.DefaultEffect != "" {
		if !p.DefaultEffect.valid() {
			return nil, fmt.Errorf("%sdefaultEffect %q is invalid (want alert or block)", at(root, "defaultEffect"), p.DefaultEffect)
		}
		c.defaultEffect = p.DefaultEffect
	}
	seen := map[string]int{}
	for gi, g := range p.Groups {
		if err := validName(g.Name); err != nil {
			return nil, fmt.Errorf("%sgroup %d: %w", at(root, "groups", gi), gi+1, err)
		}
		where := func(path ...any) string {
			return fmt.Sprintf("%sgroup %q: ", at(root, append([]any{"groups", gi}, path...)...), g.Name)
		}
		if prev, dup := seen[g.Name]; dup {
			return nil, fmt.Errorf("%sduplicate group name (also group %d)", where("name"), prev+1)
		}
		seen[g.Name] = gi
		cg := compiledGroup{name: g.Name, clusters: g.Clusters, namespaces: g.Namespaces, effect: c.defaultEffect}
		if g.Effect != "" {
			if !g.Effect.valid() {
				return nil, fmt.Errorf("%seffect %q is invalid (want alert or block)", where("effect"), g.Effect)
			}
			cg.effect = g.Effect
		}
		if len(g.Images) == 0 {
			return nil, fmt.Errorf("%sno images", where())
		}
		for ii, raw := range g.Images {
			pat, err := parsePattern(raw)
			if err != nil {
				return nil, fmt.Errorf("%simage pattern %q: %v", where("images", ii), raw, err)
			}
			cg.patterns = append(cg.patterns, pat)
		}
		for i, glob := range g.Clusters {
			if err := validGlob("cluster", glob); err != nil {
				return nil, fmt.Errorf("%s%v", where("clusters", i), err)
			}
		}
		for i, glob := range g.Namespaces {
			if err := validGlob("namespace", glob); err != nil {
				return nil, fmt.Errorf("%s%v", where("namespaces", i), err)
			}
		}
		c.groups = append(c.groups, cg)
	}
	return c, nil
}

// Marshal writes the policy as YAML that Parse accepts.
func (p *Policy) Marshal() ([]byte, error) {
	out := *p
	out.compiled = nil
	if out.APIVersion == "" {
		out.APIVersion = APIVersion
	}
	if out.Kind == "" {
		out.Kind = Kind
	}
	if out.Groups == nil {
		out.Groups = []Group{}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&out); err != nil {
		return nil, fmt.Errorf("trust policy: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("trust policy: %w", err)
	}
	return buf.Bytes(), nil
}
