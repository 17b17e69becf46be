package secret

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"
)

// Config adjusts the built-in rule set.
type Config struct {
	// Rules are added before the built-in rules, so that where both match
	// the same secret the configured rule is reported; a rule with the ID
	// of a built-in rule replaces it in place instead.
	Rules []Rule
	// AllowRules are added to the built-in allow rules, replacing one with
	// the same ID.
	AllowRules []AllowRule
	// DisableRules and DisableAllowRules remove rules and allow rules, built-in
	// or added, by ID. An ID that names no rule is an error, so that a typo
	// does not silently leave a rule on.
	DisableRules      []string
	DisableAllowRules []string
}

// fileConfig is the YAML form of Config; LoadConfig documents it.
type fileConfig struct {
	Rules             []fileRule      `json:"rules"`
	AllowRules        []fileAllowRule `json:"allow-rules"`
	DisableRules      []string        `json:"disable-rules"`
	DisableAllowRules []string        `json:"disable-allow-rules"`
}

type fileRule struct {
	ID       string   `json:"id"`
	Category string   `json:"category"`
	Title    string   `json:"title"`
	Severity string   `json:"severity"`
	Keywords []string `json:"keywords"`
	Regex    string   `json:"regex"`
	Entropy  float64  `json:"entropy"`
	Path     string   `json:"path"`
}

type fileAllowRule struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Path        string `json:"path"`
	Regex       string `json:"regex"`
}

// maxConfigSize bounds a configuration file, and with it the keyword
// automaton its rules build.
const maxConfigSize = 1 << 20

// LoadConfig reads a YAML configuration:
//
//	rules:                      # added rules
//	  - id: acme-api-key        # required, unique
//	    category: Acme          # default "Custom"
//	    title: Acme API key     # default the id
//	    severity: HIGH          # required: CRITICAL, HIGH, MEDIUM or LOW
//	    keywords: [acme_]       # see Rule.Keywords
//	    regex: '\bacme_(?P<secret>[a-z0-9]{32})\b'   # required
//	    entropy: 3.5            # minimum entropy of the secret
//	    path: '\.env$'          # only in matching paths
//	allow-rules:
//	  - id: ci-fixtures         # required, and a path, a regex or both
//	    description: keys of the CI test cluster
//	    path: '^ci/fixtures/'
//	    regex: '^acme_0{32}$'
//	disable-rules: [generic-secret]
//	disable-allow-rules: [tests]
//
// Unknown fields, invalid regexes, unknown severities, rules without an ID
// or regex, duplicate IDs and IDs to disable that name no rule are errors
// that name the file, the rule and, where it can be found, its line.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("secret config: %w", err)
	}
	if len(data) > maxConfigSize {
		return nil, fmt.Errorf("secret config %s: larger than %d bytes", path, maxConfigSize)
	}
	var fc fileConfig
	if err := yaml.UnmarshalStrict(data, &fc); err != nil {
		return nil, fmt.Errorf("secret config %s: %w", path, err)
	}
	where := func(id string) string {
		if n := lineOf(data, id); n > 0 {
			return fmt.Sprintf("%s:%d", path, n)
		}
		return path
	}
	cfg := &Config{DisableRules: fc.DisableRules, DisableAllowRules: fc.DisableAllowRules}
	for i, fr := range fc.Rules {
		r, err := fr.rule()
		if err != nil {
			if fr.ID == "" {
				return nil, fmt.Errorf("secret config %s: rule #%d: %w", path, i+1, err)
			}
			return nil, fmt.Errorf("secret config %s: rule %q: %w", where(fr.ID), fr.ID, err)
		}
		cfg.Rules = append(cfg.Rules, r)
	}
	for i, fa := range fc.AllowRules {
		a, err := fa.allowRule()
		if err != nil {
			if fa.ID == "" {
				return nil, fmt.Errorf("secret config %s: allow rule #%d: %w", path, i+1, err)
			}
			return nil, fmt.Errorf("secret config %s: allow rule %q: %w", where(fa.ID), fa.ID, err)
		}
		cfg.AllowRules = append(cfg.AllowRules, a)
	}
	// Cross-rule problems (duplicates, unknown IDs to disable) are found
	// here rather than at New so that they too name the file.
	if _, _, err := cfg.resolve(); err != nil {
		return nil, fmt.Errorf("secret config %s: %w", path, err)
	}
	return cfg, nil
}

func (fr fileRule) rule() (Rule, error) {
	if fr.ID == "" {
		return Rule{}, errors.New("missing id")
	}
	if fr.Regex == "" {
		return Rule{}, errors.New("missing regex")
	}
	re, err := compileField(fr.Regex)
	if err != nil {
		return Rule{}, fmt.Errorf("regex: %w", err)
	}
	r := Rule{
		ID: fr.ID, Category: fr.Category, Title: fr.Title, Severity: fr.Severity,
		Regex: re, Entropy: fr.Entropy,
	}
	for _, kw := range fr.Keywords {
		r.Keywords = append(r.Keywords, strings.ToLower(kw))
	}
	if fr.Path != "" {
		if r.Path, err = compileField(fr.Path); err != nil {
			return Rule{}, fmt.Errorf("path: %w", err)
		}
	}
	r = normalizeRule(r)
	if err := validateRule(r); err != nil {
		// validateRule names the rule; the caller does too.
		return Rule{}, errors.Unwrap(err)
	}
	return r, nil
}

func (fa fileAllowRule) allowRule() (AllowRule, error) {
	a := AllowRule{ID: fa.ID, Description: fa.Description}
	var err error
	if fa.Path != "" {
		if a.Path, err = compileField(fa.Path); err != nil {
			return AllowRule{}, fmt.Errorf("path: %w", err)
		}
	}
	if fa.Regex != "" {
		if a.Regex, err = compileField(fa.Regex); err != nil {
			return AllowRule{}, fmt.Errorf("regex: %w", err)
		}
	}
	if err := validateAllowRule(a); err != nil {
		return AllowRule{}, errors.Unwrap(err)
	}
	return a, nil
}

// compileField compiles a configured regex. Its error leaves out the
// expression Go would quote: an allow rule may spell out a known secret.
func compileField(expr string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(expr)
	if se := (*syntax.Error)(nil); errors.As(err, &se) {
		return nil, errors.New(string(se.Code))
	}
	return re, err
}

// ruleError is a rule problem whose message already names the rule; Unwrap
// gives the bare problem for callers that name the rule themselves.
type ruleError struct {
	kind, id string
	err      error
}

func (e *ruleError) Error() string { return fmt.Sprintf("%s %q: %v", e.kind, e.id, e.err) }
func (e *ruleError) Unwrap() error { return e.err }

func validateAllowRule(a AllowRule) error {
	if a.ID == "" {
		return &ruleError{"allow rule", "", errors.New("missing id")}
	}
	if a.Path == nil && a.Regex == nil {
		return &ruleError{"allow rule", a.ID, errors.New("needs a path or a regex")}
	}
	return nil
}

// normalizeRule fills in defaults of a configured rule.
func normalizeRule(r Rule) Rule {
	r.Severity = strings.ToUpper(strings.TrimSpace(r.Severity))
	if r.Category == "" {
		r.Category = catCustom
	}
	if r.Title == "" {
		r.Title = r.ID
	}
	return r
}

// resolve applies the configuration to the built-in rules.
func (c *Config) resolve() ([]Rule, []AllowRule, error) {
	rules := slices.Clone(builtinRules())
	var added []Rule
	seen := map[string]bool{}
	for _, r := range c.Rules {
		r = normalizeRule(r)
		if err := validateRule(r); err != nil {
			return nil, nil, err
		}
		if seen[r.ID] {
			return nil, nil, fmt.Errorf("rule %q defined twice", r.ID)
		}
		seen[r.ID] = true
		if i := slices.IndexFunc(rules, func(o Rule) bool { return o.ID == r.ID }); i >= 0 {
			rules[i] = r
		} else {
			added = append(added, r)
		}
	}
	rules = append(added, rules...)
	allows := slices.Clone(builtinAllowRules())
	addedAllow := map[string]bool{}
	for _, a := range c.AllowRules {
		if err := validateAllowRule(a); err != nil {
			return nil, nil, err
		}
		if addedAllow[a.ID] {
			return nil, nil, fmt.Errorf("allow rule %q defined twice", a.ID)
		}
		addedAllow[a.ID] = true
		if i := slices.IndexFunc(allows, func(o AllowRule) bool { return o.ID == a.ID }); i >= 0 {
			allows[i] = a
		} else {
			allows = append(allows, a)
		}
	}
	for _, id := range c.DisableRules {
		if !slices.ContainsFunc(rules, func(o Rule) bool { return o.ID == id }) {
			return nil, nil, fmt.Errorf("disable-rules: no rule %q", id)
		}
	}
	for _, id := range c.DisableAllowRules {
		if !slices.ContainsFunc(allows, func(o AllowRule) bool { return o.ID == id }) {
			return nil, nil, fmt.Errorf("disable-allow-rules: no allow rule %q", id)
		}
	}
	rules = slices.DeleteFunc(rules, func(r Rule) bool { return slices.Contains(c.DisableRules, r.ID) })
	allows = slices.DeleteFunc(allows, func(a AllowRule) bool { return slices.Contains(c.DisableAllowRules, a.ID) })
	return rules, allows, nil
}

// lineOf returns the 1-based line of the first "id: <id>" entry in a YAML
// document, or 0. The YAML library used does not keep positions, and rule
// IDs are plain scalars in practice.
func lineOf(data []byte, id string) int {
	for n, line := range bytes.Split(data, []byte("\n")) {
		l := strings.TrimSpace(string(line))
		l = strings.TrimSpace(strings.TrimPrefix(l, "-"))
		v, ok := strings.CutPrefix(l, "id:")
		if !ok {
			continue
		}
		if i := strings.Index(v, " #"); i >= 0 {
			v = v[:i]
		}
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		if v == id {
			return n + 1
		}
	}
	return 0
}
