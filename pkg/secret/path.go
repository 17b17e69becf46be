package secret

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// pathSkipper matches paths against the path-only allow rules. Wants runs on
// every path of an image, and Go regexes cost microseconds on a path, so each
// regex is reduced to literals one of which any match must contain, and only
// regexes whose literals occur in the path (one keyword pass) are run.
type pathSkipper struct {
	res    []*regexp.Regexp
	always []int // regexes without such literals
	lits   *matcher
	// litRes maps a literal to the regexes it stands for.
	litRes [][]int
}

func newPathSkipper(res []*regexp.Regexp) (pathSkipper, error) {
	p := pathSkipper{res: res}
	index := map[string]int{}
	var lits []string
	for i, re := range res {
		var fs []string
		if parsed, err := syntax.Parse(re.String(), syntax.Perl); err == nil {
			fs = factors(parsed.Simplify())
		}
		if fs == nil {
			p.always = append(p.always, i)
			continue
		}
		for _, f := range fs {
			k, ok := index[f]
			if !ok {
				k = len(lits)
				index[f] = k
				lits = append(lits, f)
				p.litRes = append(p.litRes, nil)
			}
			p.litRes[k] = append(p.litRes[k], i)
		}
	}
	var err error
	p.lits, err = newMatcher(lits)
	return p, err
}

func (p *pathSkipper) match(path string) bool {
	for _, i := range p.always {
		if p.res[i].MatchString(path) {
			return true
		}
	}
	var tried uint64 // regexes already run, for the first 64
	matched := false
	p.lits.scan([]byte(path), func(kw, _ int) {
		for _, i := range p.litRes[kw] {
			if matched || i < 64 && tried&(1<<i) != 0 {
				continue
			}
			if i < 64 {
				tried |= 1 << i
			}
			matched = p.res[i].MatchString(path)
		}
	})
	return matched
}

// factors returns lowercase strings one of which occurs, ASCII
// case-insensitively, in every match of re, or nil if there are none. A
// folded non-ASCII literal may be missed, which only means a path is
// scanned that an allow rule would have skipped.
func factors(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCapture, syntax.OpPlus:
		return factors(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min > 0 {
			return factors(re.Sub[0])
		}
	case syntax.OpConcat:
		// Any part's literals will do; the longest shortest literal is
		// the rarest.
		var best []string
		for _, sub := range re.Sub {
			if f := factors(sub); f != nil && (best == nil || shortest(f) > shortest(best)) {
				best = f
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			f := factors(sub)
			if f == nil {
				return nil
			}
			all = append(all, f...)
		}
		return all
	}
	return nil
}

func shortest(ss []string) int {
	n := len(ss[0])
	for _, s := range ss[1:] {
		n = min(n, len(s))
	}
	return n
}
