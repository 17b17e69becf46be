package node

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"sigs.k8s.io/yaml"
)

// outcome is the result of one condition (or group) on one instance.
type outcome struct {
	status           Status
	expected, actual string
	source           string
}

func (e *env) evalCheck(b *benchmark, c checkSpec) CheckResult {
	r := CheckResult{
		ID: c.ID, Section: section(c.ID), Title: c.Title, Component: c.Component,
		Scored: *c.Scored, Remediation: c.Remediation,
		Compliance: []string{b.Compliance + ":" + c.ID},
		severity:   c.Severity,
	}
	if r.severity == "" {
		r.severity = "medium"
		if c.Audit != nil && c.Audit.File != nil {
			r.severity = "low"
		}
	}
	gate := c.Component
	if gate == "control-plane-config" {
		gate = "apiserver"
	}
	insts := e.inst[gate]
	if len(insts) == 0 {
		r.Status = StatusNotApplicable
		r.Actual = componentLabel(gate) + " not found on this node (no process, no static pod manifest)"
		return r
	}
	if c.Audit == nil {
		r.Status, r.Manual = StatusWarn, true
		r.Expected = "manual review"
		r.Actual = "not assessed automatically"
		return r
	}
	var o outcome
	if c.Audit.File != nil {
		o = e.evalFile(gate, c.Audit.File)
	} else {
		group := cond{All: c.Audit.All, Any: c.Audit.Any}
		// Every instance is checked; the worst result wins, the first
		// instance breaking the tie.
		for i, in := range insts {
			x := e.evalCond(group, c.Component, in, i)
			if i == 0 || worse(x.status, o.status) {
				o = x
			}
		}
	}
	r.Status, r.Expected, r.Actual, r.Source = o.status, o.expected, o.actual, o.source
	return r
}

// evalCond evaluates a condition tree against one instance (index idx in its
// component's list).
func (e *env) evalCond(x cond, comp string, in instance, idx int) outcome {
	if len(x.All) > 0 || len(x.Any) > 0 {
		sub := x.All
		any := false
		if len(x.Any) > 0 {
			sub, any = x.Any, true
		}
		var outs []outcome
		for _, s := range sub {
			outs = append(outs, e.evalCond(s, comp, in, idx))
		}
		return combine(outs, any)
	}
	c := cmpOr(x.Component, comp)
	if c != in.Component {
		others := e.inst[c]
		if len(others) == 0 {
			return outcome{status: StatusWarn, expected: describeCond(x), actual: componentLabel(c) + " not found on this node"}
		}
		var o outcome
		for i, other := range others {
			y := e.evalLeaf(x, other, i)
			if i == 0 || worse(y.status, o.status) {
				o = y
			}
		}
		return o
	}
	return e.evalLeaf(x, in, idx)
}

// combine merges the outcomes of an all (every one must pass) or any (one
// passing is enough) group.
func combine(outs []outcome, any bool) outcome {
	sep := " and "
	if any {
		sep = " or "
	}
	var exp []string
	for _, o := range outs {
		exp = append(exp, o.expected)
	}
	res := outcome{expected: strings.Join(exp, sep)}
	pick := func(s Status) (outcome, bool) {
		for _, o := range outs {
			if o.status == s {
				return o, true
			}
		}
		return outcome{}, false
	}
	order := []Status{StatusFail, StatusWarn, StatusPass}
	if any {
		order = []Status{StatusPass, StatusWarn, StatusFail}
	}
	for _, s := range order {
		if o, ok := pick(s); ok {
			res.status, res.source = s, o.source
			if s == StatusPass && !any {
				var acts []string
				for _, o := range outs {
					acts = append(acts, o.actual)
				}
				res.actual = strings.Join(acts, "; ")
			} else {
				res.actual = o.actual
			}
			return res
		}
	}
	return res
}

// evalLeaf evaluates one flag or kubelet setting test.
func (e *env) evalLeaf(x cond, in instance, idx int) outcome {
	o := outcome{expected: describeCond(x), source: in.Source}
	label := condLabel(x)
	listOp := x.Op == "contains" || x.Op == "notContains" || x.Op == "subsetOf"

	var (
		val   string
		items []string
		found bool
	)
	// The command line wins over the config file, as in the kubelet.
	if x.Flag != "" {
		switch {
		case x.Key != "":
			val, found = in.Flags.mapKey(x.Flag, x.Key)
		case listOp:
			items, found = in.Flags.list(x.Flag)
			val = strings.Join(items, ",")
		default:
			val, found = in.Flags.last(x.Flag)
		}
		if found {
			label = x.Flag
			if x.Key != "" {
				label += " " + x.Key
			}
		}
	}
	usesConfig := false
	if !found && x.Setting != "" {
		if kc := e.kcfg[idx]; kc != nil && in.Component == "kubelet" {
			usesConfig = true
			o.source = kc.path // where the setting was looked for
			if kc.err != nil {
				o.status = StatusWarn
				o.actual = "cannot read the kubelet config: " + kc.err.Error()
				return o
			}
			if v, ok := lookup(kc.data, x.Setting); ok {
				val, found, label = v, true, x.Setting
				if listOp {
					items = splitList(v)
				}
			}
		}
	}
	if !found {
		def := x.Default
		if usesConfig && x.ConfigDefault != nil {
			def = x.ConfigDefault
		}
		if def != nil {
			val = *def
			if listOp {
				items = splitList(val)
			}
			o.actual = fmt.Sprintf("%s not set (default %s)", condLabel(x), val)
		} else {
			o.actual = condLabel(x) + " not set"
			switch x.Op {
			case "absent", "ne", "notContains":
				o.status = StatusPass
			default:
				o.status = StatusFail
			}
			return o
		}
	} else {
		o.actual = label + "=" + val
	}
	o.status = StatusFail
	ok, err := apply(x, val, items, found)
	switch {
	case err != nil:
		o.status = StatusWarn
		o.actual += " (" + err.Error() + ")"
	case ok:
		o.status = StatusPass
	}
	return o
}

// apply tests a value; found is false when the value is a default.
func apply(x cond, val string, items []string, found bool) (bool, error) {
	switch x.Op {
	case "present":
		return found && val != "", nil
	case "absent":
		return !found, nil
	case "eq":
		return strings.EqualFold(val, x.Value), nil
	case "ne":
		return !strings.EqualFold(val, x.Value), nil
	case "in":
		return slices.Contains(x.Values, val), nil
	case "contains":
		return slices.Contains(items, x.Value), nil
	case "notContains":
		return !slices.Contains(items, x.Value), nil
	case "subsetOf":
		if len(items) == 0 {
			return false, nil
		}
		for _, it := range items {
			if !slices.Contains(x.Values, it) {
				return false, nil
			}
		}
		return true, nil
	case "gte", "lte":
		want, _ := strconv.ParseFloat(x.Value, 64)
		got, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			return false, fmt.Errorf("not a number")
		}
		if x.Op == "gte" {
			return got >= want, nil
		}
		return got <= want, nil
	case "nonzero":
		v := strings.TrimSpace(val)
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return n != 0, nil
		}
		d, err := time.ParseDuration(v)
		if err != nil {
			return false, fmt.Errorf("not a duration")
		}
		return d != 0, nil
	}
	return false, fmt.Errorf("unknown op %q", x.Op)
}

func condLabel(x cond) string {
	switch {
	case x.Setting != "" && x.Flag != "":
		return x.Setting + " (" + x.Flag + ")"
	case x.Setting != "":
		return x.Setting
	case x.Key != "":
		return x.Flag + " " + x.Key
	}
	return x.Flag
}

func describeCond(x cond) string {
	l := condLabel(x)
	switch x.Op {
	case "present":
		return l + " set"
	case "absent":
		return l + " not set"
	case "eq":
		return l + " = " + x.Value
	case "ne":
		return l + " != " + x.Value
	case "in":
		return l + " one of " + strings.Join(x.Values, ", ")
	case "contains":
		return l + " includes " + x.Value
	case "notContains":
		return l + " excludes " + x.Value
	case "subsetOf":
		if x.Set != "" {
			return l + " set, only from " + x.Set
		}
		return l + " set, only from " + strings.Join(x.Values, ", ")
	case "gte":
		return l + " >= " + x.Value
	case "lte":
		return l + " <= " + x.Value
	case "nonzero":
		return l + " not 0"
	}
	return l + " " + x.Op
}

// evalFile checks the mode and owner of the files a check names.
func (e *env) evalFile(comp string, fa *fileAudit) outcome {
	var want []string
	if fa.Mode != "" {
		want = append(want, "mode "+fa.Mode+" or stricter")
	}
	if fa.Owner != "" {
		want = append(want, "owner "+fa.Owner)
	}
	o := outcome{expected: strings.Join(want, ", ")}

	// Paths named by the component's flags or the kubelet's config are
	// referenced: their absence is a WARN. Default locations that do not
	// exist make the check NOT_APPLICABLE.
	type target struct {
		path, from string
	}
	var refs []target
	for i, in := range e.inst[comp] {
		if fa.FromFlag != "" {
			if v, ok := in.Flags.last(fa.FromFlag); ok && v != "" {
				refs = append(refs, target{hostPathJoin(v), fa.FromFlag})
				continue
			}
		}
		if fa.FromSetting != "" {
			if kc := e.kcfg[i]; kc != nil && kc.err == nil {
				if v, ok := lookup(kc.data, fa.FromSetting); ok && v != "" {
					refs = append(refs, target{hostPathJoin(v), fa.FromSetting})
				}
			}
		}
	}
	var files []string
	if len(refs) > 0 {
		for _, t := range refs {
			if _, err := e.h.stat(t.path); err != nil && isNotExist(err) {
				o.status, o.source = StatusWarn, t.path
				o.actual = fmt.Sprintf("%s (from %s) does not exist", t.path, t.from)
				return o
			}
			if !slices.Contains(files, t.path) {
				files = append(files, t.path)
			}
		}
	} else {
		for _, p := range fa.Paths {
			if fa.Glob {
				m, err := e.h.glob(p)
				if err != nil && !isNotExist(err) {
					e.errorf("%v", err)
					o.status, o.actual, o.source = StatusWarn, err.Error(), p
					return o
				}
				files = append(files, m...)
				continue
			}
			if _, err := e.h.stat(p); err == nil || !isNotExist(err) {
				files = append(files, p)
			}
		}
		if len(files) == 0 {
			o.status = StatusNotApplicable
			o.actual = "not found: " + strings.Join(fa.Paths, ", ")
			return o
		}
	}

	var maxMode uint64
	if fa.Mode != "" {
		maxMode, _ = strconv.ParseUint(fa.Mode, 8, 32)
	}
	checked := 0
	var bad []string
	var firstBad string
	check := func(p string, fi fs.FileInfo) {
		checked++
		var probs []string
		if fa.Mode != "" {
			if perm := uint64(fi.Mode().Perm()); perm&^maxMode != 0 {
				probs = append(probs, fmt.Sprintf("mode %03o", perm))
			}
		}
		if fa.Owner != "" {
			if own := e.owner(fi); own != fa.Owner {
				probs = append(probs, "owner "+own)
			}
		}
		if len(probs) > 0 {
			if firstBad == "" {
				firstBad = p
			}
			bad = append(bad, p+": "+strings.Join(probs, ", "))
		}
	}
	for _, p := range files {
		fi, err := e.h.stat(p)
		if err != nil {
			e.errorf("%v", err)
			o.status, o.source = StatusWarn, p
			o.actual = "cannot stat: " + err.Error()
			return o
		}
		check(p, fi)
		if fa.Recursive && fi.IsDir() {
			if err := e.walk(p, check); err != nil {
				e.errorf("%v", err)
				o.status, o.source = StatusWarn, p
				o.actual = "cannot walk: " + err.Error()
				return o
			}
		}
	}
	if len(bad) > 0 {
		o.status, o.source = StatusFail, firstBad
		if len(bad) > 5 {
			bad = append(bad[:5], fmt.Sprintf("and %d more", len(bad)-5))
		}
		o.actual = strings.Join(bad, "; ")
		return o
	}
	o.status = StatusPass
	if checked == 1 {
		fi, _ := e.h.stat(files[0])
		var got []string
		if fa.Mode != "" && fi != nil {
			got = append(got, fmt.Sprintf("mode %03o", fi.Mode().Perm()))
		}
		if fa.Owner != "" && fi != nil {
			got = append(got, "owner "+e.owner(fi))
		}
		o.actual, o.source = strings.Join(got, ", "), files[0]
	} else {
		o.actual = fmt.Sprintf("%d files, all within limits", checked)
		o.source = strings.Join(files, ", ")
		if len(files) > 3 {
			o.source = strings.Join(files[:3], ", ") + fmt.Sprintf(" and %d more", len(files)-3)
		}
	}
	return o
}

// walk visits everything below a host directory without following links.
func (e *env) walk(dir string, fn func(string, fs.FileInfo)) error {
	real, err := e.h.resolve(dir)
	if err != nil {
		return err
	}
	n := 0
	return filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return hostErr(dir, err)
		}
		if p == real {
			return nil
		}
		n++
		if n > maxWalk {
			return fmt.Errorf("%s: more than %d entries", dir, maxWalk)
		}
		fi, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(real, p)
		fn(path.Join(dir, filepath.ToSlash(rel)), fi)
		return nil
	})
}

// owner returns "user:group" of a file, names from the host's passwd and
// group files, numbers when unknown there.
func (e *env) owner(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "unknown"
	}
	return e.h.userName(st.Uid) + ":" + e.h.groupName(st.Gid)
}

// parseKubeletConfig reads a KubeletConfiguration (YAML or JSON) into a
// generic tree; only the settings the checks name are looked at.
func parseKubeletConfig(b []byte) (map[string]any, error) {
	if len(b) > maxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", maxFileSize)
	}
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not a KubeletConfiguration: top level is not a mapping")
	}
	if k, ok := m["kind"]; ok && k != "KubeletConfiguration" {
		return nil, fmt.Errorf("kind %v, want KubeletConfiguration", k)
	}
	return m, nil
}

// lookup returns a dotted setting of a config tree as a string: booleans as
// true/false, numbers in decimal, lists comma-joined.
func lookup(m map[string]any, dotted string) (string, bool) {
	var cur any = m
	for _, k := range strings.Split(dotted, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		if cur, ok = mm[k]; !ok {
			return "", false
		}
	}
	switch v := cur.(type) {
	case nil:
		return "", false
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			parts = append(parts, fmt.Sprint(x))
		}
		return strings.Join(parts, ","), true
	default:
		b, _ := json.Marshal(v)
		return string(b), true
	}
}
