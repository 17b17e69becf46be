// Package secret finds credentials (cloud and SaaS API keys, tokens, private
// keys, passwords in assignments) in the text files of image layers and source
// trees and in image configuration strings such as ENV values and history
// commands. It is built to run on every file of a root file system: a path
// check lets a walker skip files without reading them, one case-insensitive
// keyword pass over each file decides which rules can match, and regular
// expressions run only on the lines around keyword hits. Findings carry the
// matched line with the secret masked, never the secret itself.
package secret

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxFileSize is the largest content Scan looks at; larger files are skipped.
// Real configuration and source files are far smaller, and a bound keeps one
// huge log or data file from dominating a scan. Walkers should not read
// larger files at all.
const MaxFileSize = 10 << 20

// binarySniffLen is how much of a file is checked for a NUL byte, the same
// heuristic git and grep use to call a file binary.
const binarySniffLen = 8 << 10

// maxFindings bounds the findings of one file: a file with more matches is a
// data dump, and its first findings say all a report needs.
const maxFindings = 500

// Windows around keyword hits: single-line rules see the hit's line, clipped
// to lineWindow bytes on either side of the hits on very long lines; rules
// whose regex can cross line breaks see multiLineWindow bytes around the
// hit, enough for an 8192-bit PEM or PGP private key block.
const (
	lineWindow      = 4 << 10
	multiLineWindow = 32 << 10
)

// maxMatchLen bounds the Match text of a finding, in bytes.
const maxMatchLen = 120

// Severities a rule may have.
var severities = []string{"CRITICAL", "HIGH", "MEDIUM", "LOW"}

// Rule detects one kind of secret.
type Rule struct {
	ID       string
	Category string
	Title    string
	// Severity is CRITICAL, HIGH, MEDIUM or LOW.
	Severity string
	// Keywords are lowercase. The regex only looks at the lines on which
	// one of them occurs (ASCII case-insensitively), or, for a regex that
	// can match a line break, at the 32 KiB around such a line. A rule
	// without keywords looks at every file in full.
	Keywords []string
	// Regex finds the secret; its named group "secret" (the first one that
	// took part in the match, if several are named so) is the part reported
	// and masked, else the whole match is. ^ and $ match at line breaks.
	Regex *regexp.Regexp
	// Entropy is the minimum Shannon entropy, in bits per byte, of the
	// secret; 0 disables the check.
	Entropy float64
	// Path, if set, limits the rule to files whose path matches.
	Path *regexp.Regexp

	// check rejects matches a regex cannot: placeholders, JSON that does not
	// decode, assignments in files where they are code. Built-ins only.
	check func(m *candidate) bool
	// pre is a cheap test of a keyword hit at content[start:end] that must
	// pass before the hit's window is searched. Built-ins only.
	pre func(content []byte, start, end int) bool
	// fromName says every match holding a keyword starts at or after the
	// name (run of letters, digits and _.-) the keyword is part of, so a
	// window can start there rather than at the line start. Built-ins only.
	fromName bool
}

// AllowRule suppresses findings. With only Path, files whose path matches are
// not scanned at all. With only Regex, secrets (or whole rule matches) that
// match it are not reported. With both, such secrets are allowed only in
// files whose path matches.
type AllowRule struct {
	ID          string
	Description string
	Path        *regexp.Regexp
	Regex       *regexp.Regexp
}

// Finding is one secret found in a file.
type Finding struct {
	RuleID   string
	Category string
	Title    string
	Severity string
	// StartLine and EndLine (1-based) span the whole rule match, e.g. a
	// private key block from its BEGIN to its END line.
	StartLine int
	EndLine   int
	// Match is the line the secret starts on (for a private key, its BEGIN
	// line) with every secret found in the file masked as '*', cut to at
	// most 120 bytes around the secret.
	Match string
}

// Scanner holds compiled rules; it is safe for concurrent use.
type Scanner struct {
	rules []compiledRule
	kw    *matcher
	// kwRules maps a keyword index to the rules that use it.
	kwRules [][]int
	// noKeyword lists rules that run on every file.
	noKeyword []int
	// skip holds the path-only allow rules.
	skip pathSkipper
	// allowSecret holds allow rules that have a Regex.
	allowSecret []AllowRule
}

type compiledRule struct {
	Rule
	re        *regexp.Regexp
	secretIdx []int // submatch indices of groups named "secret"
	keyIdx    int   // submatch index of a group named "key", or -1
	multiLine bool
	hasPath   bool
}

// candidate is one regex match being judged; offsets index the content.
type candidate struct {
	path       string
	content    []byte
	start, end int // whole match
	sStart     int // secret
	sEnd       int
	key        []byte // the "key" group, nil if the rule has none
	alt        int    // which "secret" group matched, in pattern order
}

func (c *candidate) secret() []byte { return c.content[c.sStart:c.sEnd] }

type found struct {
	rule       int
	start, end int
	sStart     int
	sEnd       int
}

// New builds a scanner from the built-in rules and allow rules adjusted by
// cfg; a nil cfg means the built-ins only.
func New(cfg *Config) (*Scanner, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	rules, allows, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	s := &Scanner{}
	kwIndex := map[string]int{}
	var keywords []string
	for _, r := range rules {
		cr, err := compileRule(r)
		if err != nil {
			return nil, err
		}
		idx := len(s.rules)
		s.rules = append(s.rules, cr)
		if len(r.Keywords) == 0 {
			s.noKeyword = append(s.noKeyword, idx)
			continue
		}
		seen := map[int]bool{}
		for _, kw := range r.Keywords {
			kw = strings.ToLower(kw)
			k, ok := kwIndex[kw]
			if !ok {
				k = len(keywords)
				kwIndex[kw] = k
				keywords = append(keywords, kw)
				s.kwRules = append(s.kwRules, nil)
			}
			if !seen[k] {
				seen[k] = true
				s.kwRules[k] = append(s.kwRules[k], idx)
			}
		}
	}
	if s.kw, err = newMatcher(keywords); err != nil {
		return nil, err
	}

	var skip []*regexp.Regexp
	for _, a := range allows {
		switch {
		case a.Path != nil && a.Regex == nil:
			skip = append(skip, a.Path)
		case a.Regex != nil:
			s.allowSecret = append(s.allowSecret, a)
		}
	}
	if s.skip, err = newPathSkipper(skip); err != nil {
		return nil, err
	}
	return s, nil
}

func compileRule(r Rule) (compiledRule, error) {
	if err := validateRule(r); err != nil {
		return compiledRule{}, err
	}
	// (?m) makes ^ and $ line anchors, which keeps a rule's meaning the same
	// whether it runs on a window of lines or on a whole file.
	re, err := regexp.Compile("(?m:" + r.Regex.String() + ")")
	if err != nil {
		return compiledRule{}, &ruleError{"rule", r.ID, err}
	}
	cr := compiledRule{Rule: r, re: re, keyIdx: -1, hasPath: r.Path != nil}
	for i, name := range re.SubexpNames() {
		switch name {
		case "secret":
			cr.secretIdx = append(cr.secretIdx, i)
		case "key":
			if cr.keyIdx < 0 {
				cr.keyIdx = i
			}
		}
	}
	if cr.multiLine, err = canMatchNewline(re.String()); err != nil {
		return compiledRule{}, &ruleError{"rule", r.ID, err}
	}
	return cr, nil
}

func validateRule(r Rule) error {
	fail := func(format string, args ...any) error {
		return &ruleError{"rule", r.ID, fmt.Errorf(format, args...)}
	}
	switch {
	case r.ID == "":
		return fail("missing id")
	case r.Regex == nil:
		return fail("missing regex")
	case !slices.Contains(severities, r.Severity):
		return fail("unknown severity %q (want CRITICAL, HIGH, MEDIUM or LOW)", r.Severity)
	case r.Entropy < 0 || r.Entropy > 8 || math.IsNaN(r.Entropy):
		return fail("entropy %v outside 0..8", r.Entropy)
	case r.Regex.MatchString(""):
		// Such a regex matches at every offset of every file.
		return fail("regex matches the empty string")
	case slices.Contains(r.Keywords, ""):
		return fail("empty keyword")
	}
	return nil
}

// canMatchNewline reports whether some match of expr can contain '\n'; such
// rules need windows wider than the keyword's line.
func canMatchNewline(expr string) (bool, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return false, err
	}
	var walk func(*syntax.Regexp) bool
	walk = func(re *syntax.Regexp) bool {
		switch re.Op {
		case syntax.OpAnyChar:
			return true
		case syntax.OpLiteral:
			for _, r := range re.Rune {
				if r == '\n' {
					return true
				}
			}
		case syntax.OpCharClass:
			for i := 0; i+1 < len(re.Rune); i += 2 {
				if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
					return true
				}
			}
		}
		for _, sub := range re.Sub {
			if walk(sub) {
				return true
			}
		}
		return false
	}
	return walk(re.Simplify()), nil
}

// Wants reports whether Scan may find anything in a file at path, from the
// path alone, so that a walker can skip reading the file: binary formats by
// extension (images, archives, compiled code, fonts, media) and paths of
// allow rules with a Path and no Regex are not wanted. Callers should also
// skip files larger than MaxFileSize.
func (s *Scanner) Wants(path string) bool {
	return s.wants(cleanPath(path))
}

func (s *Scanner) wants(path string) bool {
	return !skippedExt(path) && !s.skip.match(path)
}

// Scan returns the secrets found in content, read from path (relative and
// slash-separated; a leading "/" or "./" is ignored). Strings that are not
// files, such as ENV values or history commands, are scanned with an empty
// path, which counts as a configuration file: unquoted assignments such as
// NAME=value are taken as literals there, as in .env, YAML and shell files,
// while in code only quoted ones are. Nothing is found in unwanted paths (see
// Wants), binary content (a NUL byte in the first 8 KiB) or content larger
// than MaxFileSize. Findings are ordered by position; a file yields at most
// 500.
func (s *Scanner) Scan(path string, content []byte) []Finding {
	path = cleanPath(path)
	if len(content) == 0 || len(content) > MaxFileSize || !s.wants(path) {
		return nil
	}
	if bytes.IndexByte(content[:min(len(content), binarySniffLen)], 0) >= 0 {
		return nil
	}
	fs := s.find(path, content)
	if len(fs) == 0 {
		return nil
	}
	return s.findings(content, fs)
}

func cleanPath(p string) string {
	for {
		switch {
		case strings.HasPrefix(p, "/"):
			p = p[1:]
		case strings.HasPrefix(p, "./"):
			p = p[2:]
		default:
			return p
		}
	}
}

type span struct{ start, end int }

// find returns the accepted matches of all rules, in rule order; a match
// whose secret overlaps one accepted earlier is dropped, so a specific rule
// listed first wins over the generic one that matches the same value.
func (s *Scanner) find(path string, content []byte) []found {
	// wins holds each rule's windows, allocated at the first hit that
	// passes its rule's pre-check.
	var wins []ruleWindows
	active := func(ri int) bool {
		r := &s.rules[ri]
		return !r.hasPath || r.Path.MatchString(path)
	}
	// pathOK caches active() per rule for this file: 0 unknown, 1 no, 2 yes.
	var pathOK []int8
	s.kw.scan(content, func(kw, start int) {
		end := start + s.kw.lengths[kw]
		for _, ri := range s.kwRules[kw] {
			r := &s.rules[ri]
			if r.pre != nil && !r.pre(content, start, end) {
				continue
			}
			if r.hasPath {
				if pathOK == nil {
					pathOK = make([]int8, len(s.rules))
				}
				if pathOK[ri] == 0 {
					pathOK[ri] = 1
					if active(ri) {
						pathOK[ri] = 2
					}
				}
				if pathOK[ri] == 1 {
					continue
				}
			}
			if wins == nil {
				wins = make([]ruleWindows, len(s.rules))
			}
			wins[ri].add(content, start, end, r)
		}
	})
	for _, ri := range s.noKeyword {
		if active(ri) {
			if wins == nil {
				wins = make([]ruleWindows, len(s.rules))
			}
			wins[ri].spans = []span{{0, len(content)}}
		}
	}
	if wins == nil {
		return nil
	}
	for ri := range wins {
		wins[ri].close(content, &s.rules[ri])
	}

	var out []found
	c := candidate{path: path, content: content}
	for ri := range s.rules {
		r := &s.rules[ri]
		for _, w := range wins[ri].spans {
			if len(out) >= maxFindings {
				return out
			}
			for _, m := range r.re.FindAllSubmatchIndex(content[w.start:w.end], maxFindings) {
				c.start, c.end = w.start+m[0], w.start+m[1]
				c.sStart, c.sEnd, c.alt = c.start, c.end, -1
				for alt, gi := range r.secretIdx {
					if m[2*gi] >= 0 {
						c.sStart, c.sEnd, c.alt = w.start+m[2*gi], w.start+m[2*gi+1], alt
						break
					}
				}
				if len(r.secretIdx) > 0 && c.alt < 0 {
					continue // the secret group did not take part
				}
				c.key = nil
				if r.keyIdx >= 0 && m[2*r.keyIdx] >= 0 {
					c.key = content[w.start+m[2*r.keyIdx] : w.start+m[2*r.keyIdx+1]]
				}
				// Boundary characters a regex consumed may be line breaks;
				// they are not part of what is reported.
				for c.start < c.sStart && (content[c.start] == '\n' || content[c.start] == '\r') {
					c.start++
				}
				for c.end > c.sEnd && (content[c.end-1] == '\n' || content[c.end-1] == '\r') {
					c.end--
				}
				if c.sEnd <= c.sStart || !s.accept(r, &c) || overlaps(out, c.sStart, c.sEnd) {
					continue
				}
				out = append(out, found{rule: ri, start: c.start, end: c.end, sStart: c.sStart, sEnd: c.sEnd})
				if len(out) >= maxFindings {
					return out
				}
			}
		}
	}
	return out
}

func (s *Scanner) accept(r *compiledRule, c *candidate) bool {
	sec := c.secret()
	if r.Entropy > 0 && entropy(sec) < r.Entropy {
		return false
	}
	if r.check != nil && !r.check(c) {
		return false
	}
	for _, a := range s.allowSecret {
		if a.Path != nil && !a.Path.MatchString(c.path) {
			continue
		}
		if a.Regex.Match(sec) || a.Regex.Match(c.content[c.start:c.end]) {
			return false
		}
	}
	return true
}

func overlaps(fs []found, start, end int) bool {
	for _, f := range fs {
		if start < f.sEnd && f.sStart < end {
			return true
		}
	}
	return false
}

// ruleWindows collects the parts of a file one rule's regex runs on. Hits
// arrive in order; the last window stays open while hits keep coming within
// reach on its line (or, for multi-line rules, within reach at all), and its
// end is found when it closes, so every hit gets its full reach and each
// byte is looked at a bounded number of times.
type ruleWindows struct {
	spans   []span
	open    bool
	start   int
	lastEnd int // end of the last hit in the open window
}

func (rw *ruleWindows) add(content []byte, start, end int, r *compiledRule) {
	if rw.open {
		reach := lineWindow
		if r.multiLine {
			reach = multiLineWindow
		}
		if start <= rw.lastEnd || start <= rw.lastEnd+reach &&
			(r.multiLine || bytes.IndexByte(content[rw.lastEnd:start], '\n') < 0) {
			rw.lastEnd = max(rw.lastEnd, end)
			return
		}
		rw.close(content, r)
	}
	rw.open, rw.start, rw.lastEnd = true, windowStart(content, start, r), end
}

// close ends the open window, joining it to the previous one if they touch
// (consecutive lines).
func (rw *ruleWindows) close(content []byte, r *compiledRule) {
	if !rw.open {
		return
	}
	rw.open = false
	w := span{rw.start, windowEnd(content, rw.lastEnd, r)}
	if n := len(rw.spans); n > 0 && w.start <= rw.spans[n-1].end+1 {
		rw.spans[n-1].end = max(rw.spans[n-1].end, w.end)
		return
	}
	rw.spans = append(rw.spans, w)
}

// windowStart is where a window for a hit at start begins: the line start,
// or for rules whose matches start at the name holding the keyword, the
// byte before that name; for multi-line rules, the first line start within
// reach.
func windowStart(content []byte, start int, r *compiledRule) int {
	if r.multiLine {
		lo := max(0, start-multiLineWindow)
		if i := bytes.IndexByte(content[lo:start], '\n'); i >= 0 && lo > 0 {
			return lo + i + 1
		}
		return lo
	}
	lo := max(0, start-lineWindow)
	if r.fromName {
		i := start
		for i > lo && isNameByte(content[i-1]) {
			i--
		}
		// Keep one byte before the name for the regex's boundary, unless
		// it ends the previous line.
		if i > lo && content[i-1] != '\n' {
			i--
		}
		return i
	}
	if i := bytes.LastIndexByte(content[lo:start], '\n'); i >= 0 {
		return lo + i + 1
	}
	return lo
}

// windowEnd is where a window whose last hit ends at end stops: the line end,
// or for multi-line rules the last line end within reach.
func windowEnd(content []byte, end int, r *compiledRule) int {
	if r.multiLine {
		hi := min(len(content), end+multiLineWindow)
		if i := bytes.LastIndexByte(content[end:hi], '\n'); i >= 0 && hi < len(content) {
			return end + i
		}
		return hi
	}
	hi := min(len(content), end+lineWindow)
	if i := bytes.IndexByte(content[end:hi], '\n'); i >= 0 {
		return end + i
	}
	return hi
}

// entropy is the Shannon entropy of b in bits per byte.
func entropy(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	var counts [256]int
	for _, c := range b {
		counts[c]++
	}
	n := float64(len(b))
	var h float64
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// findings turns accepted matches into masked, line-numbered findings.
func (s *Scanner) findings(content []byte, fs []found) []Finding {
	slices.SortFunc(fs, func(a, b found) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.rule - b.rule
	})
	// Every secret of the file is masked wherever it shows up in any
	// finding, also where the same text occurs without being matched.
	secrets := make([][]byte, 0, len(fs))
	for _, f := range fs {
		sec := content[f.sStart:f.sEnd]
		if len(bytes.Trim(sec, "*")) == 0 || slices.ContainsFunc(secrets, func(o []byte) bool { return bytes.Equal(o, sec) }) {
			continue
		}
		secrets = append(secrets, sec)
	}
	out := make([]Finding, 0, len(fs))
	line, pos := 1, 0 // line number of offset pos
	for _, f := range fs {
		line += bytes.Count(content[pos:f.start], []byte{'\n'})
		pos = f.start
		r := &s.rules[f.rule]
		out = append(out, Finding{
			RuleID:    r.ID,
			Category:  r.Category,
			Title:     r.Title,
			Severity:  r.Severity,
			StartLine: line,
			EndLine:   line + bytes.Count(content[f.start:f.end], []byte{'\n'}),
			Match:     matchText(content, f, fs, secrets),
		})
	}
	return out
}

// matchText cuts the line the secret starts on to at most maxMatchLen bytes
// around the secret and masks all secrets in it. When that line would be
// nothing but mask, as in the body of a private key, the line the match
// starts on (its BEGIN line) says more and is shown instead.
func matchText(content []byte, f found, fs []found, secrets [][]byte) string {
	ls, le := lineAt(content, f.sStart)
	anchor := f.sStart
	if f.start < ls && le <= f.sEnd && len(bytes.TrimSpace(content[ls:f.sStart])) == 0 {
		ls, le = lineAt(content, f.start)
		anchor = f.start
	}
	a, b := ls, le
	if b-a > maxMatchLen {
		a = max(ls, anchor-maxMatchLen/4)
		b = min(le, a+maxMatchLen)
		a = max(ls, b-maxMatchLen)
		for a < b && !utf8.RuneStart(content[a]) {
			a++
		}
		for b < le && b > a && !utf8.RuneStart(content[b]) {
			b--
		}
	}
	buf := make([]byte, b-a)
	copy(buf, content[a:b])
	for _, o := range fs {
		for i := max(o.sStart, a); i < min(o.sEnd, b); i++ {
			buf[i-a] = '*'
		}
	}
	// Control characters become spaces and bytes that are not UTF-8 become
	// '?', one for one, so the text stays printable and within bounds.
	for i := 0; i < len(buf); {
		c := buf[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' || c == 0x7f {
				buf[i] = ' '
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && n == 1 {
			buf[i] = '?'
		}
		i += n
	}
	buf = bytes.TrimRight(buf, " ")
	for _, sec := range secrets {
		maskAll(buf, sec)
	}
	return string(buf)
}

// lineAt returns the bounds of the line holding offset i, without its '\n'.
func lineAt(content []byte, i int) (start, end int) {
	start = bytes.LastIndexByte(content[:i], '\n') + 1
	end = len(content)
	if j := bytes.IndexByte(content[i:], '\n'); j >= 0 {
		end = i + j
	}
	return start, end
}

// maskAll overwrites every occurrence of sec in buf with '*'. Each pass masks
// at least one byte that was not '*' (sec is not all '*'), so it ends.
func maskAll(buf, sec []byte) {
	for {
		i := bytes.Index(buf, sec)
		if i < 0 {
			return
		}
		for j := i; j < i+len(sec); j++ {
			buf[j] = '*'
		}
	}
}
