package secret

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzScan checks that arbitrary content never panics and that no finding
// shows a secret that was found.
func FuzzScan(f *testing.F) {
	for _, tc := range ruleCases() {
		f.Add(tc.path, []byte(tc.content))
	}
	for i, doc := range cleanDocs {
		f.Add(cleanPaths[i%len(cleanPaths)], []byte(doc))
	}
	f.Add("", []byte("t=ghp_"+synth("fuzz", alnum, 36)+"\r\n\x00"))
	// Found by fuzzing: bytes that are not UTF-8 before a secret made the
	// Match longer than its bound.
	f.Add("0", []byte("\xca?\x95$\x86g\x804\xfctName=acct;AccountKey="+synth("fuzz-azure", b64, 86)+"=="))
	s, err := New(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path string, content []byte) {
		fs := s.Scan(path, content)
		if len(fs) == 0 {
			return
		}
		lines := bytes.Count(content, []byte{'\n'}) + 1
		var secrets []string
		for _, m := range s.find(cleanPath(path), content) {
			sec := string(content[m.sStart:m.sEnd])
			if strings.Trim(sec, "*") != "" {
				secrets = append(secrets, sec)
			}
		}
		if len(secrets) != len(fs) {
			t.Fatalf("%d findings but %d secrets", len(fs), len(secrets))
		}
		for _, f := range fs {
			if f.StartLine < 1 || f.EndLine < f.StartLine || f.EndLine > lines {
				t.Fatalf("lines %d-%d of a %d-line file", f.StartLine, f.EndLine, lines)
			}
			if len(f.Match) > maxMatchLen+8 {
				t.Fatalf("Match of %d bytes", len(f.Match))
			}
			for _, sec := range secrets {
				if strings.Contains(f.Match, sec) {
					t.Fatalf("%s: Match %q shows secret %q", f.RuleID, f.Match, sec)
				}
			}
		}
	})
}

// FuzzLoadConfig checks that any YAML either loads into a config New accepts
// or fails with an error, without panicking.
func FuzzLoadConfig(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join(testdata, "config.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("rules:\n  - id: a\n    severity: LOW\n    regex: '(?P<secret>x[0-9]+)'\n    keywords: [x]\n"))
	f.Add([]byte("allow-rules:\n  - id: a\n    path: '^x/'\n"))
	f.Add([]byte("disable-rules: [jwt]\ndisable-allow-rules: [docs]\n"))
	f.Add([]byte("rules: [{id: a, severity: low, regex: 'a*'}]"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(path)
		if err != nil {
			return
		}
		s, err := New(cfg)
		if err != nil {
			t.Fatalf("LoadConfig accepted a config New rejects: %v", err)
		}
		s.Scan("app/a.conf", data)
	})
}
