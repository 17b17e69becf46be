package secret

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const testdata = "../../testdata/secret"

func TestLoadConfig(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join(testdata, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Rules) != 2 || len(cfg.AllowRules) != 2 ||
		!slices.Equal(cfg.DisableRules, []string{"twilio-api-key"}) || !slices.Equal(cfg.DisableAllowRules, []string{"tests"}) {
		t.Fatalf("config = %+v", cfg)
	}
	r := cfg.Rules[0]
	if r.ID != "acme-api-key" || r.Category != "Acme" || r.Severity != "HIGH" || r.Entropy != 3 ||
		!slices.Equal(r.Keywords, []string{"acme_"}) || r.Regex == nil || r.Path != nil {
		t.Errorf("rule = %+v", r)
	}
	if r := cfg.Rules[1]; r.Category != catCustom || r.Title != r.ID || r.Path == nil {
		t.Errorf("defaults not applied: %+v", r)
	}

	s := mustNew(t, cfg)
	acme := "acme_" + synth("cfg-acme", hexLower, 32)
	pw := synth("cfg-pw", alnum, 16)
	content := []byte("ACME=" + acme + "\nsandbox=acme_00000000" + synth("sandbox", hexLower, 24) + "\ncorp_db_password = " + pw + "\nx=SK" + synth("cfg-tw", hexLower, 32) + "\n")
	if got := ruleIDs(s.Scan("srv/app.ini", content)); !slices.Equal(got, []string{"acme-api-key", "corp-db-password"}) {
		t.Errorf("app.ini: %v", got)
	}
	if got := ruleIDs(s.Scan("srv/app.txt", content)); !slices.Equal(got, []string{"acme-api-key"}) {
		t.Errorf("app.txt: %v", got)
	}
	if got := ruleIDs(s.Scan("srv/tests/app.txt", content)); !slices.Equal(got, []string{"acme-api-key"}) {
		t.Errorf("tests/ with the tests allow rule disabled: %v", got)
	}
	if s.Wants("srv/generated/client.py") {
		t.Error("generated/ should be skipped")
	}
}

func TestLoadConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       []string // substrings of the error
	}{
		{"bad regex", "rules:\n  - id: a\n    severity: LOW\n    regex: a\n  - id: broken\n    severity: HIGH\n    regex: 'acme_(['\n", []string{":5:", `rule "broken"`, "regex", "missing closing"}},
		{"bad severity", "rules:\n  - id: sev\n    severity: URGENT\n    regex: 'x[0-9]+'\n", []string{":2:", `rule "sev"`, `unknown severity "URGENT"`}},
		{"no severity", "rules:\n  - id: nosev\n    regex: 'x[0-9]+'\n", []string{":2:", `rule "nosev"`, "unknown severity"}},
		{"bad path", "rules:\n  - id: p\n    severity: LOW\n    regex: 'x'\n    path: '('\n", []string{":2:", `rule "p"`, "path"}},
		{"no id", "rules:\n  - severity: LOW\n    regex: 'x'\n", []string{"rule #1", "missing id"}},
		{"no regex", "rules:\n  - id: nore\n    severity: LOW\n", []string{`rule "nore"`, "missing regex"}},
		{"empty match", "rules:\n  - id: empty\n    severity: LOW\n    regex: 'a*'\n", []string{`rule "empty"`, "empty string"}},
		{"bad entropy", "rules:\n  - id: ent\n    severity: LOW\n    regex: 'a'\n    entropy: -1\n", []string{`rule "ent"`, "entropy"}},
		{"entropy not a number", "rules:\n  - id: ent\n    severity: LOW\n    regex: 'a'\n    entropy: high\n", []string{"config"}},
		{"unknown field", "rules:\n  - id: u\n    severity: LOW\n    regex: 'a'\n    secret-group: s\n", []string{"unknown field", "secret-group"}},
		{"unknown top-level field", "enable-builtin-rules: [x]\n", []string{"unknown field"}},
		{"yaml syntax", "rules: [\n", []string{"yaml"}},
		{"duplicate", "rules:\n  - id: d\n    severity: LOW\n    regex: 'a'\n  - id: d\n    severity: LOW\n    regex: 'b'\n", []string{`rule "d" defined twice`}},
		{"unknown disable", "disable-rules: [github-pta]\n", []string{`no rule "github-pta"`}},
		{"unknown disable allow", "disable-allow-rules: [testz]\n", []string{`no allow rule "testz"`}},
		{"allow rule empty", "allow-rules:\n  - id: nothing\n", []string{":2:", `allow rule "nothing"`, "path or a regex"}},
		{"allow rule bad regex", "allow-rules:\n  - id: ar\n    regex: '+'\n", []string{`allow rule "ar"`, "regex"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "secret.yaml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadConfig(path)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range append(tc.want, path) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("missing file: no error")
	}
}

func TestLoadConfigEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.yaml")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(cfg); err != nil {
		t.Fatal(err)
	}
}
