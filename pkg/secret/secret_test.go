package secret

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func b64u(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func mustNew(t testing.TB, cfg *Config) *Scanner {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ruleIDs(fs []Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.RuleID)
	}
	return ids
}

func TestMasking(t *testing.T) {
	s := mustNew(t, nil)
	ghp := "ghp_" + synth("mask", alnum, 36)
	npm := "npm_" + synth("mask-npm", alnum, 36)
	// The second copy of ghp is glued to a letter, so no rule matches it,
	// and the last line repeats the npm token inside a word; both must still
	// be masked wherever a finding shows them.
	content := "a=" + ghp + " b=x" + ghp + "\n" +
		"c=" + npm + "\n" +
		"d=" + ghp + "x " + "q" + npm + "\n" +
		"GITHUB_TOKEN=" + ghp + "\n"
	fs := s.Scan("app/env.conf", []byte(content))
	if len(fs) != 3 {
		t.Fatalf("got %d findings, want 3: %+v", len(fs), fs)
	}
	for _, f := range fs {
		for _, sec := range []string{ghp, npm} {
			if strings.Contains(f.Match, sec) || strings.Contains(f.Match, sec[4:]) {
				t.Errorf("%s: Match %q shows a secret", f.RuleID, f.Match)
			}
		}
	}
	if want := "a=" + strings.Repeat("*", 40) + " b=x" + strings.Repeat("*", 40); fs[0].Match != want {
		t.Errorf("Match = %q, want %q", fs[0].Match, want)
	}
}

func TestMatchTrimmedOnLongLines(t *testing.T) {
	s := mustNew(t, nil)
	ghp := "ghp_" + synth("long", alnum, 36)
	line := strings.Repeat("var a=1;", 2000) + `t="` + ghp + `";` + strings.Repeat("var b=2;", 2000)
	fs := s.Scan("app/bundle.min.js", []byte(line))
	if len(fs) != 1 {
		t.Fatalf("got %+v", fs)
	}
	m := fs[0].Match
	if len(m) > maxMatchLen || !strings.Contains(m, strings.Repeat("*", 40)) {
		t.Errorf("Match %q (%d bytes) should be short and show the masked secret", m, len(m))
	}
}

func TestMatchUTF8(t *testing.T) {
	s := mustNew(t, nil)
	ghp := "ghp_" + synth("utf8", alnum, 36)
	line := strings.Repeat("é", 200) + ghp + strings.Repeat("ü", 200)
	fs := s.Scan("app/x.txt", []byte(line))
	if len(fs) != 1 {
		t.Fatalf("got %+v", fs)
	}
	if !strings.Contains(fs[0].Match, "é*") || strings.ContainsRune(fs[0].Match, '\uFFFD') {
		t.Errorf("Match %q should cut on rune boundaries", fs[0].Match)
	}
}

func TestLineNumbers(t *testing.T) {
	s := mustNew(t, nil)
	ghp := "ghp_" + synth("lines", alnum, 36)
	key := "-----BEGIN OPENSSH PRIVATE KEY-----\r\n" + strings.ReplaceAll(pemBody("lines", 4), "\n", "\r\n") + "-----END OPENSSH PRIVATE KEY-----\r\n"
	content := "first\r\n" + // 1
		"t=" + ghp + "\r\n" + // 2
		"\r\n" + // 3
		key + // 4-9
		"after\r\n" + // 10
		"last=" + ghp // 11, no final newline
	fs := s.Scan("app/mixed.conf", []byte(content))
	type lines struct {
		id         string
		start, end int
	}
	var got []lines
	for _, f := range fs {
		got = append(got, lines{f.RuleID, f.StartLine, f.EndLine})
	}
	want := []lines{{"github-pat", 2, 2}, {"private-key", 4, 9}, {"github-pat", 11, 11}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if len(fs) == 3 && fs[1].Match != "-----BEGIN OPENSSH PRIVATE KEY-----" {
		t.Errorf("private key Match = %q", fs[1].Match)
	}
}

func TestLargePrivateKey(t *testing.T) {
	// An 8192-bit RSA key is about 6.4 KB of PEM; it must fit the window.
	s := mustNew(t, nil)
	content := strings.Repeat("# padding line for the window\n", 2000) +
		"-----BEGIN RSA PRIVATE KEY-----\n" + pemBody("big", 100) + "-----END RSA PRIVATE KEY-----\n"
	fs := s.Scan("etc/ssl/private/big.key", []byte(content))
	if len(fs) != 1 || fs[0].StartLine != 2001 || fs[0].EndLine != 2102 {
		t.Fatalf("got %+v", fs)
	}
}

func TestOverlapPrefersSpecificRule(t *testing.T) {
	s := mustNew(t, nil)
	ghp := "ghp_" + synth("overlap", alnum, 36)
	fs := s.Scan("app/a.py", []byte(`api_token = "`+ghp+`"`))
	if got := ruleIDs(fs); !slices.Equal(got, []string{"github-pat"}) {
		t.Errorf("got %v, want only github-pat", got)
	}
}

func TestSkips(t *testing.T) {
	s := mustNew(t, nil)
	ghp := "ghp_" + synth("skip", alnum, 36)
	line := []byte("t=" + ghp + "\n")

	if fs := s.Scan("app/a.conf", line); len(fs) != 1 {
		t.Fatalf("control: got %+v", fs)
	}
	binary := append([]byte{0}, line...)
	if fs := s.Scan("app/a.conf", binary); fs != nil {
		t.Errorf("binary content scanned: %+v", fs)
	}
	late := append(bytes.Repeat([]byte("x"), binarySniffLen), 0, '\n')
	late = append(late, line...)
	if fs := s.Scan("app/a.conf", late); len(fs) != 1 {
		t.Errorf("NUL after the sniffed prefix should not make a file binary: %+v", fs)
	}

	big := bytes.Repeat([]byte("# filler line\n"), MaxFileSize/14+1)
	big = append(big, line...)
	if len(big) <= MaxFileSize {
		t.Fatal("test content not over the bound")
	}
	if fs := s.Scan("app/a.conf", big); fs != nil {
		t.Errorf("content over MaxFileSize scanned: %+v", fs)
	}
	atBound := append(bytes.Repeat([]byte("#"), MaxFileSize-len(line)-1), '\n')
	atBound = append(atBound, line...)
	if fs := s.Scan("app/a.conf", atBound); len(atBound) != MaxFileSize || len(fs) != 1 {
		t.Errorf("content of exactly MaxFileSize (%d) not scanned: %+v", len(atBound), fs)
	}
	if fs := s.Scan("app/a.conf", nil); fs != nil {
		t.Errorf("empty content: %+v", fs)
	}
}

func TestWants(t *testing.T) {
	s := mustNew(t, nil)
	for path, want := range map[string]bool{
		"app/config.yaml":                          true,
		"/etc/ssl/private/server.key":              true,
		"./root/.aws/credentials":                  true,
		"app/.env":                                 true,
		"app/.git/config":                          true,
		"":                                         true,
		"app/logo.png":                             false,
		"app/LOGO.PNG":                             false,
		"app/lib.so":                               false,
		"app/a.jar":                                false,
		"app/__pycache__/m.cpython-311.pyc":        false,
		"app/fonts/x.woff2":                        false,
		"app/data.tar.gz":                          false,
		"app/model.safetensors":                    false,
		"app/node_modules/pkg/index.js":            false,
		"usr/share/doc/openssl/README":             false,
		"usr/lib/python3/dist-packages/x.py":       false,
		"usr/local/lib/python3.12/site-packages/x": false,
		"usr/local/go/src/crypto/tls/x.go":         false,
		"app/vendor/github.com/x/y.go":             false,
		"app/tests/fixtures/key.pem":               false,
		"app/src/server_test.go":                   false,
		"app/src/app.spec.ts":                      false,
		"app/test_settings.py":                     false,
		"app/.env.example":                         false,
		"app/README.md":                            false,
		"app/package-lock.json":                    false,
		"app/go.sum":                               false,
		"app/.git/objects/ab/cdef":                 false,
		"app/config/locales/en.yml":                false,
		"usr/share/perl5/Net/SMTP.pm":              false,
		"usr/share/nginx/html/assets/app.js":       true,
		"usr/share/caddy/index.html":               true,
		"usr/share/nginxconf/x":                    false,
		"x/openpgp/keys_test_data.go":              false,
		"x/internal/testutils/keystore/root_key":   false,
		"x/signerverifier/test-data/rsa-test-key":  false,
		"x/pkg/util/e2eutil/util.go":               false,
		"app/pytest.ini":                           true,
		"app/latest.json":                          true,
		"app/contest/settings.py":                  true,
		"app/latest/settings.py":                   true,
		"app/attestation.go":                       true,
		"app/archive.tar.gz.conf":                  true,
		"app/no.ext/file":                          true,
	} {
		if got := s.Wants(path); got != want {
			t.Errorf("Wants(%q) = %v, want %v", path, got, want)
		}
		if !want && s.Scan(path, []byte("t=ghp_"+synth("wants", alnum, 36))) != nil {
			t.Errorf("Scan(%q) found something in an unwanted path", path)
		}
	}
}

func TestAllowRules(t *testing.T) {
	ghp := "ghp_" + synth("allow", alnum, 36)
	npm := "npm_" + synth("allow-npm", alnum, 36)
	content := []byte("a=" + ghp + "\nb=" + npm + "\n")
	cfg := &Config{AllowRules: []AllowRule{
		{ID: "known-ghp", Description: "revoked CI token", Regex: regexp.MustCompile("^" + ghp + "$")},
		{ID: "npm-in-ci", Path: regexp.MustCompile(`^ci/`), Regex: regexp.MustCompile(`^npm_`)},
		{ID: "generated", Path: regexp.MustCompile(`^app/generated/`)},
	}}
	s := mustNew(t, cfg)
	if got := ruleIDs(s.Scan("app/a.conf", content)); !slices.Equal(got, []string{"npm-access-token"}) {
		t.Errorf("app: got %v, want the npm token only", got)
	}
	if got := ruleIDs(s.Scan("ci/a.conf", content)); got != nil {
		t.Errorf("ci: got %v, want nothing", got)
	}
	if s.Wants("app/generated/x.conf") || s.Scan("app/generated/x.conf", content) != nil {
		t.Error("path-only allow rule should skip the file")
	}
	if !s.Wants("ci/a.conf") {
		t.Error("an allow rule with a regex must not skip whole files")
	}
	// Whole-match allow: context outside the secret.
	s = mustNew(t, &Config{AllowRules: []AllowRule{{ID: "doc-var", Regex: regexp.MustCompile(`^DOC_TOKEN=`)}}})
	if got := ruleIDs(s.Scan("app/.env", []byte("DOC_TOKEN="+synth("doc", hexLower, 32)+"\n"))); got != nil {
		t.Errorf("got %v, want nothing", got)
	}
}

func TestDisableBuiltins(t *testing.T) {
	ghp := "ghp_" + synth("disable", alnum, 36)
	content := []byte("a=" + ghp + "\n")
	s := mustNew(t, &Config{DisableRules: []string{"github-pat", "github-pat"}, DisableAllowRules: []string{"tests"}})
	if fs := s.Scan("app/a.conf", content); fs != nil {
		t.Errorf("disabled rule reported: %+v", fs)
	}
	if !s.Wants("app/tests/a.conf") {
		t.Error("disabled allow rule still skips tests/")
	}
	s = mustNew(t, &Config{DisableAllowRules: []string{"tests"}})
	if got := ruleIDs(s.Scan("app/tests/a.conf", content)); !slices.Equal(got, []string{"github-pat"}) {
		t.Errorf("got %v in tests/ with the tests allow rule disabled", got)
	}
	// Built-in rules drop made-up values themselves; the example-secrets
	// allow rule guards configured rules.
	acme := Rule{ID: "acme", Severity: "LOW", Keywords: []string{"acme_"}, Regex: regexp.MustCompile(`acme_[A-Za-z0-9]{16}`)}
	value := []byte("k=acme_EXAMPLE" + synth("ex", alnum, 9) + "\n")
	s = mustNew(t, &Config{Rules: []Rule{acme}})
	if fs := s.Scan("app/a.conf", value); fs != nil {
		t.Errorf("example value reported: %+v", fs)
	}
	s = mustNew(t, &Config{Rules: []Rule{acme}, DisableAllowRules: []string{"example-secrets"}})
	if got := ruleIDs(s.Scan("app/a.conf", value)); !slices.Equal(got, []string{"acme"}) {
		t.Errorf("got %v with example-secrets disabled", got)
	}
}

func TestCustomRules(t *testing.T) {
	acme := "acme_" + synth("acme", hexLower, 32)
	cfg := &Config{Rules: []Rule{
		{
			ID: "acme-key", Severity: "high", Keywords: []string{"ACME_"},
			Regex:   regexp.MustCompile(`\b(?P<secret>acme_[0-9a-f]{32})\b`),
			Entropy: 3,
		},
		{
			ID: "internal-host", Category: "Internal", Title: "Internal host name", Severity: "LOW",
			Regex: regexp.MustCompile(`corp-[a-z]+\.internal`),
			Path:  regexp.MustCompile(`\.conf$`),
		},
		{
			// Replaces the built-in rule of this ID.
			ID: "twilio-api-key", Severity: "LOW", Keywords: []string{"twilio"},
			Regex: regexp.MustCompile(`TWILIO_SID=(?P<secret>AC[0-9a-f]{32})`),
		},
	}}
	s := mustNew(t, cfg)
	content := "key: " + acme + "\nhost: corp-db.internal\nTWILIO_SID=AC" + synth("twsid", hexLower, 32) + "\n"
	fs := s.Scan("app/app.conf", []byte(content))
	if got := ruleIDs(fs); !slices.Equal(got, []string{"acme-key", "internal-host", "twilio-api-key"}) {
		t.Fatalf("got %v", got)
	}
	if fs[0].Severity != "HIGH" || fs[0].Category != catCustom || fs[0].Title != "acme-key" || strings.Contains(fs[0].Match, acme) {
		t.Errorf("custom finding = %+v", fs[0])
	}
	if fs[1].Match != "host: "+strings.Repeat("*", len("corp-db.internal")) || fs[2].Severity != "LOW" {
		t.Errorf("findings = %+v", fs[1:])
	}
	if got := ruleIDs(s.Scan("app/app.yaml", []byte(content))); slices.Contains(got, "internal-host") {
		t.Error("path-limited rule applied to another path")
	}
	if got := ruleIDs(s.Scan("app/x.conf", []byte("twilio=SK"+synth("tw2", hexLower, 32)+"\n"))); slices.Contains(got, "twilio-api-key") {
		t.Errorf("replaced built-in still reports: %v", got)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	re := regexp.MustCompile(`x[0-9]+`)
	for name, cfg := range map[string]*Config{
		"no id":              {Rules: []Rule{{Severity: "LOW", Regex: re}}},
		"no regex":           {Rules: []Rule{{ID: "a", Severity: "LOW"}}},
		"bad severity":       {Rules: []Rule{{ID: "a", Severity: "URGENT", Regex: re}}},
		"no severity":        {Rules: []Rule{{ID: "a", Regex: re}}},
		"entropy":            {Rules: []Rule{{ID: "a", Severity: "LOW", Regex: re, Entropy: 9}}},
		"empty match":        {Rules: []Rule{{ID: "a", Severity: "LOW", Regex: regexp.MustCompile(`x*`)}}},
		"empty keyword":      {Rules: []Rule{{ID: "a", Severity: "LOW", Regex: re, Keywords: []string{""}}}},
		"duplicate":          {Rules: []Rule{{ID: "a", Severity: "LOW", Regex: re}, {ID: "a", Severity: "LOW", Regex: re}}},
		"unknown disable":    {DisableRules: []string{"no-such-rule"}},
		"unknown allow":      {DisableAllowRules: []string{"no-such-allow"}},
		"empty allow rule":   {AllowRules: []AllowRule{{ID: "x"}}},
		"allow rule no id":   {AllowRules: []AllowRule{{Regex: re}}},
		"duplicate allow id": {AllowRules: []AllowRule{{ID: "x", Regex: re}, {ID: "x", Regex: re}}},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
}

func TestMaxFindings(t *testing.T) {
	s := mustNew(t, nil)
	var b strings.Builder
	for i := range maxFindings + 50 {
		fmt.Fprintf(&b, "t%d=ghp_%s\n", i, synth(fmt.Sprint("many", i), alnum, 36))
	}
	fs := s.Scan("app/dump.txt", []byte(b.String()))
	if len(fs) != maxFindings {
		t.Errorf("got %d findings, want the cap %d", len(fs), maxFindings)
	}
	if last := fs[len(fs)-1].StartLine; last < maxFindings || last > maxFindings+50 {
		t.Errorf("last finding on line %d", last)
	}
}

func TestKeywordOnOtherLine(t *testing.T) {
	// Single-line rules look only at the lines holding a keyword: the token
	// format is the keyword here, so a split token is not found.
	s := mustNew(t, nil)
	tok := synth("split", alnum, 36)
	if fs := s.Scan("app/a.txt", []byte("ghp_\n"+tok+"\n")); fs != nil {
		t.Errorf("got %+v", fs)
	}
}

func TestImageConfigStrings(t *testing.T) {
	s := mustNew(t, nil)
	ghp := "ghp_" + synth("history", alnum, 36)
	history := "/bin/sh -c git clone https://x-access-token:" + ghp + "@github.com/acme/app.git /src"
	if got := ruleIDs(s.Scan("", []byte(history))); !slices.Equal(got, []string{"github-pat"}) {
		t.Errorf("history: got %v", got)
	}
	env := "DB_PASSWORD=" + synth("envpw", alnum, 18) + "9"
	if got := ruleIDs(s.Scan("", []byte(env))); !slices.Equal(got, []string{"generic-secret"}) {
		t.Errorf("env: got %v", got)
	}
	tok := synth("histtok", hexLower, 32)
	for _, cmd := range []string{
		"/bin/sh -c export API_TOKEN=" + tok + " && make install",
		"/bin/sh -c API_TOKEN=" + tok + "; ./deploy.sh",
		"/bin/sh -c mysql --password=" + tok + " -h db < init.sql",
		"/bin/sh -c echo api_key=" + tok + " > /etc/app.conf",
		"|1 API_TOKEN=" + tok + " /bin/sh -c ./build.sh",
	} {
		fs := s.Scan("", []byte(cmd))
		if got := ruleIDs(fs); !slices.Equal(got, []string{"generic-secret"}) || strings.Contains(fs[0].Match, tok) {
			t.Errorf("%q: got %+v", cmd, fs)
		}
	}
	// In a file, an unquoted value must end its line or shell word.
	if got := s.Scan("app/deploy.sh", []byte("export API_TOKEN="+tok+" more words\n")); got != nil {
		t.Errorf("value followed by more words: %+v", got)
	}
	if got := ruleIDs(s.Scan("app/deploy.sh", []byte("export API_TOKEN="+tok+" && make\n"))); !slices.Equal(got, []string{"generic-secret"}) {
		t.Errorf("value before an operator: %v", got)
	}
}

func TestEntropy(t *testing.T) {
	for in, want := range map[string]float64{"": 0, "aaaa": 0, "ab": 1, "abcd": 2, "0123456789abcdef": 4} {
		if got := entropy([]byte(in)); got != want {
			t.Errorf("entropy(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestCleanCorpus is a false-positive guard: realistic text with the
// keywords of many rules but no secrets yields nothing.
func TestCleanCorpus(t *testing.T) {
	s := mustNew(t, nil)
	for i, doc := range cleanDocs {
		if fs := s.Scan(cleanPaths[i%len(cleanPaths)], []byte(doc)); fs != nil {
			t.Errorf("doc %d: false positives %+v", i, fs)
		}
	}
}

var cleanPaths = []string{"app/main.go", "app/settings.py", "app/values.yaml", "app/.env", "etc/app/app.conf", "app/index.js"}

var cleanDocs = []string{
	`func (c *Client) Token(ctx context.Context) (string, error) {
	token, err := c.tokenSource.Token()
	if err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	secretKey := os.Getenv("AWS_SECRET_ACCESS_KEY")
	password := cfg.Password
	apiKey := r.Header.Get("X-Api-Key")
	return token.AccessToken + secretKey + password + apiKey, nil
}`,
	`SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASES = {"default": {"PASSWORD": os.environ.get("DB_PASSWORD", ""), "HOST": "db"}}
AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
password_reset_timeout = 259200
api_key_header = "X-API-Key-Version-2024"`,
	`apiVersion: v1
kind: Pod
spec:
  containers:
    - name: app
      env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: db-credentials-2024
              key: password
        - name: API_TOKEN
          value: "{{ .Values.apiToken }}"
      volumeMounts:
        - name: tls-secret
          mountPath: /etc/tls
  imagePullSecrets:
    - name: regcred-2024
password: ${DB_PASSWORD}
token: <token>`,
	`# Copy to .env and fill in
DB_PASSWORD=
API_TOKEN=changeme
SECRET_KEY=your-secret-key-here-123
AWS_ACCESS_KEY_ID=
AWS_SECRET_ACCESS_KEY=
SLACK_WEBHOOK=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
DATABASE_URL=postgres://postgres:postgres@localhost:5432/app`,
	`[mysqld]
datadir=/var/lib/mysql
socket=/var/run/mysqld/mysqld.sock
ssl-key=/etc/mysql/ssl/server-key.pem
# password_file=/run/secrets/mysql_root_password
token_ttl=3600
secret_path=/run/secrets/app2/db
task_runner=disk-risk-mask-ask-desk
-----BEGIN CERTIFICATE-----
MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ
-----END CERTIFICATE-----`,
	`const express = require('express');
const jwt = require('jsonwebtoken');
app.post('/login', (req, res) => {
  const token = jwt.sign({ id: user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });
  const apiKey = req.headers['x-api-key'];
  res.json({ token, password: undefined });
});
// Keys look like sk_live_... and ghp_...; see docs.
const GITHUB_TOKEN_PREFIX = "ghp_";
const url = "https://api.example.com:8443/v1/tokens";`,
}

func TestSegmentExcept(t *testing.T) {
	re := regexp.MustCompile(`^` + segmentExcept("nginx", "caddy") + `$`)
	for seg, want := range map[string]bool{
		"nginx": false, "caddy": false,
		"doc": true, "n": true, "ng": true, "ngin": true, "nginxx": true, "nginy": true, "c": true, "cadd": true,
		"caddyfile": true, "perl5": true, "a/b": false, "": false,
	} {
		if got := re.MatchString(seg); got != want {
			t.Errorf("%q: %v, want %v", seg, got, want)
		}
	}
}
