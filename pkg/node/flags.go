package node

import "strings"

// flagSet is a parsed command line: every occurrence of each flag, in order.
type flagSet map[string][]string

// parseFlags reads "--flag=value", "--flag value", a bare boolean "--flag"
// (true) and single-dash spellings of the same. A value-less flag followed by
// a word that does not start with "-" takes that word as its value, which is
// how component flags are written in practice. Positional arguments are
// ignored; "--" ends flag parsing.
func parseFlags(args []string) flagSet {
	fs := flagSet{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name := "--" + strings.TrimLeft(a, "-")
		if name == "--" {
			continue
		}
		if k, v, ok := strings.Cut(name, "="); ok {
			fs[k] = append(fs[k], v)
			continue
		}
		if i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			fs[name] = append(fs[name], args[i+1])
			i++
			continue
		}
		fs[name] = append(fs[name], "true")
	}
	return fs
}

// last returns the effective value of a flag (the last occurrence wins, as
// with pflag) and whether it was given.
func (fs flagSet) last(name string) (string, bool) {
	v := fs[name]
	if len(v) == 0 {
		return "", false
	}
	return v[len(v)-1], true
}

// list returns the comma-separated items of every occurrence of a flag:
// list-valued flags accumulate across repeats.
func (fs flagSet) list(name string) ([]string, bool) {
	vs, ok := fs[name]
	if !ok {
		return nil, false
	}
	var out []string
	for _, v := range vs {
		out = append(out, splitList(v)...)
	}
	return out, true
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// mapKey returns the value of key in a "k1=v1,k2=v2" flag such as
// --feature-gates, over every occurrence (later ones win).
func (fs flagSet) mapKey(name, key string) (string, bool) {
	var val string
	found := false
	for _, v := range fs[name] {
		for _, p := range splitList(v) {
			if k, x, ok := strings.Cut(p, "="); ok && strings.TrimSpace(k) == key {
				val, found = strings.TrimSpace(x), true
			}
		}
	}
	return val, found
}
