package node

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"sigs.k8s.io/yaml"

	nodebench "github.com/palisadesec/palisade/rules/node"
)

// benchFile is one rules/node/<benchmark>.yaml file (format: rules/node/README.md).
type benchFile struct {
	Benchmark    string              `json:"benchmark"`
	Title        string              `json:"title"`
	Compliance   string              `json:"compliance"`
	Platform     string              `json:"platform,omitempty"`
	KubeVersions versionRange        `json:"kubeVersions,omitempty"`
	Extends      string              `json:"extends,omitempty"`
	Drop         []string            `json:"drop,omitempty"`
	Sets         map[string][]string `json:"sets,omitempty"`
	Checks       []checkSpec         `json:"checks"`
}

type versionRange struct {
	Min string `json:"min,omitempty"`
	Max string `json:"max,omitempty"`
}

// checkSpec is one benchmark recommendation. A check without an audit is
// manual: it always reports WARN.
type checkSpec struct {
	ID          string `json:"id"`
	Copy        string `json:"copy,omitempty"` // "<benchmark>/<id>": take every unset field from that check
	Title       string `json:"title,omitempty"`
	Component   string `json:"component,omitempty"`
	Scored      *bool  `json:"scored,omitempty"`
	Severity    string `json:"severity,omitempty"`
	Audit       *audit `json:"audit,omitempty"`
	Remediation string `json:"remediation,omitempty"`
}

type audit struct {
	File *fileAudit `json:"file,omitempty"`
	All  []cond     `json:"all,omitempty"`
	Any  []cond     `json:"any,omitempty"`
}

// fileAudit checks the mode and/or owner of files.
type fileAudit struct {
	Paths       []string `json:"paths,omitempty"`
	FromFlag    string   `json:"fromFlag,omitempty"`    // the component's flag naming the file; wins over Paths
	FromSetting string   `json:"fromSetting,omitempty"` // kubelet config setting naming the file
	Glob        bool     `json:"glob,omitempty"`
	Recursive   bool     `json:"recursive,omitempty"`
	Mode        string   `json:"mode,omitempty"`  // octal: the most permissive mode allowed
	Owner       string   `json:"owner,omitempty"` // user:group
}

// cond is one test on a command-line flag or kubelet setting, or a nested
// all/any group.
type cond struct {
	Component     string   `json:"component,omitempty"` // defaults to the check's
	Flag          string   `json:"flag,omitempty"`
	Key           string   `json:"key,omitempty"`     // key inside a map-valued flag such as --feature-gates
	Setting       string   `json:"setting,omitempty"` // dotted path in the KubeletConfiguration
	Op            string   `json:"op,omitempty"`
	Value         string   `json:"value,omitempty"`
	Values        []string `json:"values,omitempty"`
	Set           string   `json:"set,omitempty"` // name of a list in the file's sets
	Default       *string  `json:"default,omitempty"`
	ConfigDefault *string  `json:"configDefault,omitempty"` // default when the kubelet runs with a config file
	All           []cond   `json:"all,omitempty"`
	Any           []cond   `json:"any,omitempty"`
}

// benchmark is a resolved benchmark: inheritance and copies applied.
type benchmark struct {
	Name, Title, Compliance, Platform string
	Versions                          versionRange
	Checks                            []checkSpec
}

var ops = []string{"present", "absent", "eq", "ne", "in", "contains", "notContains", "subsetOf", "gte", "lte", "nonzero"}

var components = []string{"apiserver", "controller-manager", "scheduler", "etcd", "kubelet", "proxy", "control-plane-config"}

var (
	loadOnce sync.Once
	loaded   map[string]*benchmark
	loadErr  error
)

func benchmarks() (map[string]*benchmark, error) {
	loadOnce.Do(func() { loaded, loadErr = loadBenchmarks(nodebench.FS()) })
	return loaded, loadErr
}

// loadBenchmarks reads and validates every benchmark file of fsys.
func loadBenchmarks(fsys fs.FS) (map[string]*benchmark, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	raw := map[string]*benchFile{}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		var f benchFile
		if err := yaml.UnmarshalStrict(b, &f); err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		if f.Benchmark+".yaml" != n {
			return nil, fmt.Errorf("%s: benchmark %q does not match the file name", n, f.Benchmark)
		}
		raw[f.Benchmark] = &f
	}
	out := map[string]*benchmark{}
	var resolve func(name string, depth int) (*benchmark, error)
	resolve = func(name string, depth int) (*benchmark, error) {
		if b, ok := out[name]; ok {
			return b, nil
		}
		f, ok := raw[name]
		if !ok {
			return nil, fmt.Errorf("unknown benchmark %q", name)
		}
		if depth > 8 {
			return nil, fmt.Errorf("%s: extends/copy chain too deep", name)
		}
		sets := map[string][]string{}
		var checks []checkSpec
		if f.Extends != "" {
			parent, err := resolve(f.Extends, depth+1)
			if err != nil {
				return nil, fmt.Errorf("%s: extends: %w", name, err)
			}
			for k, v := range raw[f.Extends].Sets {
				sets[k] = v
			}
			for _, c := range parent.Checks {
				if !slices.Contains(f.Drop, c.ID) {
					checks = append(checks, c)
				}
			}
		}
		for k, v := range f.Sets {
			sets[k] = v
		}
		for _, c := range f.Checks {
			if c.Copy != "" {
				src, id, ok := strings.Cut(c.Copy, "/")
				if !ok {
					return nil, fmt.Errorf("%s %s: copy %q: want <benchmark>/<id>", name, c.ID, c.Copy)
				}
				sb, err := resolve(src, depth+1)
				if err != nil {
					return nil, fmt.Errorf("%s %s: copy: %w", name, c.ID, err)
				}
				i := slices.IndexFunc(sb.Checks, func(x checkSpec) bool { return x.ID == id })
				if i < 0 {
					return nil, fmt.Errorf("%s %s: copy: no check %s in %s", name, c.ID, id, src)
				}
				from := sb.Checks[i]
				c.Title = cmpOr(c.Title, from.Title)
				c.Component = cmpOr(c.Component, from.Component)
				c.Severity = cmpOr(c.Severity, from.Severity)
				c.Remediation = cmpOr(c.Remediation, from.Remediation)
				if c.Scored == nil {
					c.Scored = from.Scored
				}
				if c.Audit == nil {
					c.Audit = from.Audit
				}
				c.Copy = ""
			}
			if c.Audit != nil {
				expandSets(c.Audit.All, sets)
				expandSets(c.Audit.Any, sets)
			}
			if i := slices.IndexFunc(checks, func(x checkSpec) bool { return x.ID == c.ID }); i >= 0 {
				checks[i] = c
			} else {
				checks = append(checks, c)
			}
		}
		sort.SliceStable(checks, func(i, j int) bool { return lessID(checks[i].ID, checks[j].ID) })
		b := &benchmark{Name: name, Title: f.Title, Compliance: f.Compliance, Platform: f.Platform, Versions: f.KubeVersions, Checks: checks}
		for _, c := range checks {
			if err := validateCheck(c); err != nil {
				return nil, fmt.Errorf("%s: check %s: %w", name, c.ID, err)
			}
		}
		out[name] = b
		return b, nil
	}
	for name := range raw {
		if _, err := resolve(name, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// expandSets replaces set references by their values (a copy, so a parent's
// conditions are never changed in place).
func expandSets(cs []cond, sets map[string][]string) {
	for i := range cs {
		if cs[i].Set != "" {
			if v, ok := sets[cs[i].Set]; ok {
				cs[i].Values = slices.Clone(v)
			}
		}
		expandSets(cs[i].All, sets)
		expandSets(cs[i].Any, sets)
	}
}

func validateCheck(c checkSpec) error {
	if c.ID == "" || c.Title == "" || c.Remediation == "" {
		return fmt.Errorf("id, title and remediation are required")
	}
	if !slices.Contains(components, c.Component) {
		return fmt.Errorf("unknown component %q", c.Component)
	}
	if c.Scored == nil {
		return fmt.Errorf("scored must be set")
	}
	if c.Severity != "" && !slices.Contains([]string{"low", "medium", "high", "critical"}, c.Severity) {
		return fmt.Errorf("unknown severity %q", c.Severity)
	}
	a := c.Audit
	if a == nil {
		return nil
	}
	n := 0
	if a.File != nil {
		n++
		if len(a.File.Paths) == 0 && a.File.FromFlag == "" && a.File.FromSetting == "" {
			return fmt.Errorf("file audit without a path")
		}
		if a.File.Mode == "" && a.File.Owner == "" {
			return fmt.Errorf("file audit needs mode or owner")
		}
		if a.File.Mode != "" {
			if _, err := strconv.ParseUint(a.File.Mode, 8, 32); err != nil {
				return fmt.Errorf("mode %q is not octal", a.File.Mode)
			}
		}
		if a.File.Owner != "" && !strings.Contains(a.File.Owner, ":") {
			return fmt.Errorf("owner %q: want user:group", a.File.Owner)
		}
	}
	if len(a.All) > 0 {
		n++
	}
	if len(a.Any) > 0 {
		n++
	}
	if n != 1 {
		return fmt.Errorf("audit needs exactly one of file, all, any")
	}
	return validateConds(append(slices.Clone(a.All), a.Any...), c.Component)
}

func validateConds(cs []cond, component string) error {
	for _, x := range cs {
		if len(x.All) > 0 || len(x.Any) > 0 {
			if err := validateConds(append(slices.Clone(x.All), x.Any...), component); err != nil {
				return err
			}
			continue
		}
		comp := cmpOr(x.Component, component)
		if x.Flag == "" && x.Setting == "" {
			return fmt.Errorf("condition without flag or setting")
		}
		if x.Flag != "" && !strings.HasPrefix(x.Flag, "--") {
			return fmt.Errorf("flag %q must start with --", x.Flag)
		}
		if x.Setting != "" && comp != "kubelet" {
			return fmt.Errorf("setting %q on component %s: only the kubelet has a config file here", x.Setting, comp)
		}
		if !slices.Contains(ops, x.Op) {
			return fmt.Errorf("unknown op %q", x.Op)
		}
		if x.Set != "" && len(x.Values) == 0 {
			return fmt.Errorf("unknown or empty set %q", x.Set)
		}
		switch x.Op {
		case "eq", "ne", "contains", "notContains":
			if x.Value == "" {
				return fmt.Errorf("op %s needs a value", x.Op)
			}
		case "gte", "lte":
			if _, err := strconv.ParseFloat(x.Value, 64); err != nil {
				return fmt.Errorf("op %s needs a number", x.Op)
			}
		case "in", "subsetOf":
			if len(x.Values) == 0 {
				return fmt.Errorf("op %s needs values", x.Op)
			}
		}
	}
	return nil
}

// lessID orders check IDs numerically part by part: 1.2.9 < 1.2.10.
func lessID(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, ex := strconv.Atoi(pa[i])
		y, ey := strconv.Atoi(pb[i])
		if ex == nil && ey == nil {
			if x != y {
				return x < y
			}
			continue
		}
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return len(pa) < len(pb)
}

// section is the check ID without its last part ("1.2.1" -> "1.2", "2.1" -> "2").
func section(id string) string {
	if i := strings.LastIndexByte(id, '.'); i > 0 {
		return id[:i]
	}
	return id
}
