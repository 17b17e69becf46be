package secret

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Categories of the built-in rules.
const (
	catAWS          = "AWS"
	catGoogle       = "Google"
	catAzure        = "Azure"
	catPrivateKey   = "AsymmetricPrivateKey"
	catGitHub       = "GitHub"
	catGitLab       = "GitLab"
	catSlack        = "Slack"
	catStripe       = "Stripe"
	catTwilio       = "Twilio"
	catSendGrid     = "SendGrid"
	catNpm          = "npm"
	catPyPI         = "PyPI"
	catDocker       = "Docker"
	catJWT          = "JWT"
	catHashiCorp    = "HashiCorp"
	catHuggingFace  = "HuggingFace"
	catOpenAI       = "OpenAI"
	catAnthropic    = "Anthropic"
	catShopify      = "Shopify"
	catAge          = "Age"
	catPulumi       = "Pulumi"
	catRubyGems     = "RubyGems"
	catPostman      = "Postman"
	catGrafana      = "Grafana"
	catDatabricks   = "Databricks"
	catDigitalOcean = "DigitalOcean"
	catLinear       = "Linear"
	catDoppler      = "Doppler"
	catGeneric      = "Generic"
	// catCustom is given to configured rules that name no category.
	catCustom = "Custom"
)

// Right-hand boundaries: the character after a token must not continue its
// alphabet, or a longer random string would match by its prefix. They leave
// out '\n' ($ covers line ends) so that the rules stay single-line and run
// on the keyword's line only. Left-hand boundaries consume nothing (\b, or
// checkToken), so adjacent tokens all match.
const (
	endAlnum  = `(?:[^A-Za-z0-9\n]|$)`
	endURLB64 = `(?:[^A-Za-z0-9_\n-]|$)`
)

// tok completes a rule for tokens that start with one of prefixes: the
// keywords are the prefixes, and the regex is a prefix, body and end.
// Prefixes are case-sensitive, so a keyword hit in another case (the "sk" of
// "task") does not cost a regex run. The boundary before the token is
// checked by checkToken rather than by a leading \b, which would hide the
// literal prefix that lets the regex engine skip to candidates.
func tok(r Rule, prefixes []string, body, end string) Rule {
	alts := make([]string, len(prefixes))
	for i, p := range prefixes {
		alts[i] = regexp.QuoteMeta(p)
		r.Keywords = append(r.Keywords, strings.ToLower(p))
	}
	r.Regex = regexp.MustCompile(`(?P<secret>(?:` + strings.Join(alts, "|") + `)` + body + `)` + end)
	r.pre = exactCase(prefixes...)
	r.fromName = true
	r.check = checkToken
	if r.Entropy == 0 {
		r.Entropy = 3
	}
	return r
}

// exactCase is a pre-check that the keyword occurs spelled as one of words.
func exactCase(words ...string) func(content []byte, start, end int) bool {
	return func(content []byte, start, end int) bool {
		hit := content[start:end]
		for _, w := range words {
			if string(hit) == w {
				return true
			}
		}
		return false
	}
}

// Key-name parts shared by assignment rules: an optional closing quote, an
// assignment operator of the common languages and formats, and an optional
// opening quote, all on one line.
const assign = `["']?[ \t]*(?::=|=>|=|:)[ \t]*["']?`

// BuiltinRules returns the built-in rules, most specific first: when two
// rules match the same text, the earlier one is reported.
func BuiltinRules() []Rule { return slices.Clone(builtinRules()) }

// BuiltinAllowRules returns the built-in allow rules. They skip test code
// and test data, examples and samples, vendored and installed third-party
// packages, distribution files (usr/include, usr/lib*, usr/share except the
// nginx and Caddy web roots, lib*, package databases), language runtimes of
// official images, locales, Markdown and reStructuredText, dependency lock
// files and git internals (but not .git/config), and they allow values
// containing "example". Any of them can be disabled by ID.
func BuiltinAllowRules() []AllowRule { return slices.Clone(builtinAllowRules()) }

var builtinRules = sync.OnceValue(func() []Rule {
	return []Rule{
		// AKIA long-term keys, ASIA STS session keys, ABIA STS service
		// bearer tokens, ACCA context-specific credentials.
		tok(Rule{ID: "aws-access-key-id", Category: catAWS, Title: "AWS Access Key ID", Severity: "CRITICAL"},
			[]string{"AKIA", "ASIA", "ABIA", "ACCA"}, `[A-Z0-9]{16}`, endAlnum),
		{
			ID: "aws-secret-access-key", Category: catAWS, Title: "AWS Secret Access Key", Severity: "CRITICAL",
			// The key is 40 base64 characters with nothing to recognise it
			// by, so it is only taken from an assignment to a name that says
			// it is one.
			Keywords: []string{"aws", "secretaccesskey", "secret_access_key", "secret-access-key", "secret.access.key"},
			Regex: regexp.MustCompile(`(?i)(?P<key>aws[a-z0-9_.-]{0,24}?(?:secret|private)[a-z0-9_.-]{0,16}?key|secret[_.-]?access[_.-]?key)` +
				assign + `(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=\n]|$)`),
			Entropy:  3.5,
			pre:      base64RunAfter(40),
			fromName: true,
		},
		{
			ID: "gcp-service-account-key", Category: catGoogle, Title: "Google Cloud service account key", Severity: "CRITICAL",
			// A key file is a JSON object with "type": "service_account" and
			// the PEM key in "private_key", in either order; the secret is
			// the key, so the private-key rule does not report it again.
			Keywords: []string{"service_account"},
			Regex: regexp.MustCompile(`"type"\s*:\s*"service_account"[^{}]*?"private_key"\s*:\s*"(?P<secret>` + gcpPEM + `)"` +
				`|"private_key"\s*:\s*"(?P<secret>` + gcpPEM + `)"[^{}]*?"type"\s*:\s*"service_account"`),
			Entropy: 4,
			check:   checkPrivateKey,
			pre:     exactCase("service_account"),
		},
		tok(Rule{ID: "gcp-api-key", Category: catGoogle, Title: "Google API key", Severity: "HIGH"},
			[]string{"AIza"}, `[0-9A-Za-z_-]{35}`, endURLB64),
		{
			ID: "azure-storage-account-key", Category: catAzure, Title: "Azure Storage account key", Severity: "CRITICAL",
			// In a connection string (AccountKey=) or assigned to an
			// AZURE_STORAGE_*KEY variable; keys are 64 bytes in base64.
			Keywords: []string{"accountkey", "azure_storage", "azure-storage", "azure.storage", "azurestorage"},
			Regex: regexp.MustCompile(`(?i)(?:\bAccountKey[ \t]*=[ \t]*|(?P<key>azure[_.-]?storage[_.-]?(?:account[_.-]?)?(?:access[_.-]?)?key)` + assign + `)` +
				`(?P<secret>[A-Za-z0-9+/]{86}==)(?:[^A-Za-z0-9+/=\n]|$)`),
			Entropy: 4,
			pre:     base64RunAfter(86),
		},
		{
			ID: "azure-shared-access-key", Category: catAzure, Title: "Azure Service Bus, Event Hubs or IoT Hub shared access key", Severity: "HIGH",
			Keywords: []string{"sharedaccesskey"},
			Regex:    regexp.MustCompile(`(?i)\bSharedAccessKey[ \t]*=[ \t]*(?P<secret>[A-Za-z0-9+/]{43}=)(?:[^A-Za-z0-9+/=\n]|$)`),
			Entropy:  3.5,
			pre:      base64RunAfter(43),
		},
		{
			ID: "azure-entra-client-secret", Category: catAzure, Title: "Azure Entra ID client secret", Severity: "CRITICAL",
			// Client secrets carry "Q~" after a three-character id and a
			// version digit; 8Q~ is the current version.
			Keywords: []string{"8q~"},
			Regex:    regexp.MustCompile(`(?:^|[^A-Za-z0-9_~.\n-])(?P<secret>[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{34})(?:[^A-Za-z0-9_~.\n-]|$)`),
			Entropy:  3.5,
			pre:      exactCase("8Q~"),
		},
		{
			ID: "private-key", Category: catPrivateKey, Title: "Asymmetric private key", Severity: "HIGH",
			// PEM (PKCS#1, PKCS#8, SEC1, DSA, encrypted PKCS#8 and legacy
			// Proc-Type encrypted), OpenSSH and PGP armored key blocks, also
			// with escaped newlines inside a string. The body may hold armor
			// headers; checkPrivateKey wants real base64 in it.
			Keywords: []string{"private key-----", "private key block-----"},
			Regex: regexp.MustCompile(`-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:\\[rn]|\s)*` +
				`(?P<secret>[A-Za-z0-9+/=:,.()\\ \t\r\n-]+?[A-Za-z0-9+/=])` +
				`(?:\\[rn]|\s)*-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----`),
			Entropy: 4,
			check:   checkPrivateKey,
			pre:     exactCase("PRIVATE KEY-----", "PRIVATE KEY BLOCK-----"),
		},
		tok(Rule{ID: "github-pat", Category: catGitHub, Title: "GitHub personal access token (classic)", Severity: "CRITICAL"},
			[]string{"ghp_"}, `[A-Za-z0-9]{36}`, endAlnum),
		tok(Rule{ID: "github-fine-grained-pat", Category: catGitHub, Title: "GitHub fine-grained personal access token", Severity: "CRITICAL"},
			[]string{"github_pat_"}, `[A-Za-z0-9]{22}_[A-Za-z0-9]{59}`, endAlnum),
		tok(Rule{ID: "github-oauth-token", Category: catGitHub, Title: "GitHub OAuth access token", Severity: "CRITICAL"},
			[]string{"gho_"}, `[A-Za-z0-9]{36}`, endAlnum),
		// ghu_ user-to-server tokens; ghs_ installation tokens, either 36
		// alphanumerics or the stateless ghs_<app id>_<JWT> form, whose JWT
		// the jwt rule then leaves alone.
		tok(Rule{ID: "github-app-token", Category: catGitHub, Title: "GitHub App token", Severity: "CRITICAL"},
			[]string{"ghs_", "ghu_"}, `(?:[0-9]{1,12}_[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}|[A-Za-z0-9]{36})`, endURLB64),
		tok(Rule{ID: "github-refresh-token", Category: catGitHub, Title: "GitHub refresh token", Severity: "CRITICAL"},
			[]string{"ghr_"}, `[A-Za-z0-9]{36,76}`, endAlnum),
		// Legacy tokens are 20 characters; newer ones are longer and may end
		// in dot-separated routing parts.
		tok(Rule{ID: "gitlab-pat", Category: catGitLab, Title: "GitLab personal access token", Severity: "CRITICAL"},
			[]string{"glpat-"}, `[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]+){0,3}`, endURLB64),
		// OAuth application secrets, deploy, runner, CI job, pipeline
		// trigger, feed, incoming mail, agent, SCIM, feature flag and
		// workspace tokens.
		tok(Rule{ID: "gitlab-token", Category: catGitLab, Title: "GitLab token", Severity: "HIGH"},
			[]string{"gloas-", "gldt-", "glrtr-", "glrt-", "glcbt-", "glptt-", "glft-", "glimt-", "glagent-", "glsoat-", "glffct-", "glwt-"},
			`[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]+){0,3}`, endURLB64),
		// Bot, user, app, refresh and legacy workspace tokens all start with
		// a numeric team or version part after the prefix.
		tok(Rule{ID: "slack-token", Category: catSlack, Title: "Slack token", Severity: "HIGH"},
			[]string{"xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"}, `[0-9]{1,20}-[A-Za-z0-9-]{8,}`, `(?:[^A-Za-z0-9\n-]|$)`),
		{
			ID: "slack-webhook-url", Category: catSlack, Title: "Slack incoming webhook URL", Severity: "MEDIUM",
			// The workspace and channel ids are not secret; the last path
			// part is.
			Keywords: []string{"hooks.slack.com"},
			Regex:    regexp.MustCompile(`https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/[A-Z0-9]{6,12}/(?:[0-9]{6,20}/)?(?P<secret>[A-Za-z0-9]{20,64})` + endAlnum),
			Entropy:  3,
			pre:      exactCase("hooks.slack.com"),
		},
		tok(Rule{ID: "stripe-secret-key", Category: catStripe, Title: "Stripe live secret or restricted key", Severity: "CRITICAL"},
			[]string{"sk_live_", "rk_live_"}, `[A-Za-z0-9]{20,}`, endAlnum),
		tok(Rule{ID: "twilio-api-key", Category: catTwilio, Title: "Twilio API key", Severity: "MEDIUM"},
			[]string{"SK"}, `[0-9a-f]{32}`, endAlnum),
		tok(Rule{ID: "sendgrid-api-key", Category: catSendGrid, Title: "SendGrid API key", Severity: "HIGH"},
			[]string{"SG."}, `[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`, endURLB64),
		tok(Rule{ID: "npm-access-token", Category: catNpm, Title: "npm access token", Severity: "CRITICAL"},
			[]string{"npm_"}, `[A-Za-z0-9]{36}`, endAlnum),
		// A macaroon whose base64 names pypi.org or test.pypi.org.
		tok(Rule{ID: "pypi-upload-token", Category: catPyPI, Title: "PyPI upload token", Severity: "HIGH"},
			[]string{"pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"}, `[A-Za-z0-9_-]{50,}`, endURLB64),
		tok(Rule{ID: "dockerhub-pat", Category: catDocker, Title: "Docker Hub personal or organization access token", Severity: "HIGH"},
			[]string{"dckr_pat_", "dckr_oat_"}, `[A-Za-z0-9_-]{27,}`, endURLB64),
		tok(Rule{ID: "vault-token", Category: catHashiCorp, Title: "HashiCorp Vault token", Severity: "HIGH"},
			[]string{"hvs.", "hvb."}, `[A-Za-z0-9_-]{24,}`, endURLB64),
		{
			ID: "terraform-api-token", Category: catHashiCorp, Title: "HashiCorp Terraform Cloud API token", Severity: "HIGH",
			Keywords: []string{"atlasv1."},
			Regex:    regexp.MustCompile(`\b(?P<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?:[^A-Za-z0-9_=\n-]|$)`),
			Entropy:  3,
			pre:      exactCase("atlasv1."),
		},
		tok(Rule{ID: "huggingface-token", Category: catHuggingFace, Title: "Hugging Face access token", Severity: "HIGH"},
			[]string{"hf_"}, `[A-Za-z0-9]{34,40}`, endAlnum),
		tok(Rule{ID: "anthropic-api-key", Category: catAnthropic, Title: "Anthropic API key", Severity: "CRITICAL", Entropy: 3.5},
			[]string{"sk-ant-"}, `[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{80,}`, endURLB64),
		{
			ID: "openai-api-key", Category: catOpenAI, Title: "OpenAI API key", Severity: "CRITICAL",
			// Typed keys (project, service account, admin) by prefix; user
			// keys by the "T3BlbkFJ" (base64 "OpenAI") mark in their middle.
			Keywords: []string{"sk-proj-", "sk-svcacct-", "sk-admin-", "t3blbkfj"},
			Regex: regexp.MustCompile(`\b(?P<secret>sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}` +
				`|sk-(?:None-)?[A-Za-z0-9]{20,100}T3BlbkFJ[A-Za-z0-9]{20,100})` + endURLB64),
			Entropy: 3.5,
			pre:     exactCase("sk-proj-", "sk-svcacct-", "sk-admin-", "T3BlbkFJ"),
		},
		tok(Rule{ID: "shopify-token", Category: catShopify, Title: "Shopify access token or shared secret", Severity: "HIGH"},
			[]string{"shpat_", "shpca_", "shppa_", "shpss_"}, `[a-fA-F0-9]{32}`, endAlnum),
		tok(Rule{ID: "age-secret-key", Category: catAge, Title: "age secret key", Severity: "HIGH"},
			[]string{"AGE-SECRET-KEY-1"}, `[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}`, endAlnum),
		tok(Rule{ID: "pulumi-access-token", Category: catPulumi, Title: "Pulumi access token", Severity: "HIGH"},
			[]string{"pul-"}, `[a-f0-9]{40}`, endAlnum),
		tok(Rule{ID: "rubygems-api-key", Category: catRubyGems, Title: "RubyGems API key", Severity: "HIGH"},
			[]string{"rubygems_"}, `[a-f0-9]{48}`, endAlnum),
		tok(Rule{ID: "postman-api-key", Category: catPostman, Title: "Postman API key", Severity: "MEDIUM"},
			[]string{"PMAK-"}, `[a-f0-9]{24}-[a-f0-9]{34}`, endAlnum),
		tok(Rule{ID: "grafana-token", Category: catGrafana, Title: "Grafana service account or cloud token", Severity: "MEDIUM"},
			[]string{"glsa_", "glc_"}, `(?:[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|[A-Za-z0-9+/]{32,}={0,2})`, `(?:[^A-Za-z0-9+/=_\n]|$)`),
		tok(Rule{ID: "databricks-token", Category: catDatabricks, Title: "Databricks access token", Severity: "HIGH"},
			[]string{"dapi"}, `[a-f0-9]{32}(?:-[0-9]+)?`, `(?:[^A-Za-z0-9\n-]|$)`),
		tok(Rule{ID: "digitalocean-token", Category: catDigitalOcean, Title: "DigitalOcean access token", Severity: "HIGH"},
			[]string{"dop_v1_", "doo_v1_", "dor_v1_"}, `[a-f0-9]{64}`, endAlnum),
		tok(Rule{ID: "linear-api-key", Category: catLinear, Title: "Linear API key", Severity: "MEDIUM"},
			[]string{"lin_api_"}, `[A-Za-z0-9]{40}`, endAlnum),
		tok(Rule{ID: "doppler-token", Category: catDoppler, Title: "Doppler token", Severity: "HIGH"},
			[]string{"dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."}, `[A-Za-z0-9]{40,44}`, endAlnum),
		// Signed tokens only; checkJWT wants a header that decodes to a JSON
		// object with "alg".
		func() Rule {
			r := tok(Rule{ID: "jwt", Category: catJWT, Title: "JSON Web Token", Severity: "MEDIUM"},
				[]string{"eyJ"}, `[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}`, endURLB64)
			r.check = func(c *candidate) bool { return checkToken(c) && checkJWT(c) }
			return r
		}(),
		{
			ID: "url-credentials", Category: catGeneric, Title: "Password in URL", Severity: "MEDIUM",
			Keywords: []string{"://"},
			Regex:    regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://(?P<key>[^\s:/@"'<>{}$]*):(?P<secret>[^\s:/@"'<>{}$]{6,})@[a-z0-9][a-z0-9.-]*`),
			Entropy:  3,
			check:    checkURLCredentials,
			pre:      preURLCredentials,
			fromName: true,
		},
		{
			ID: "generic-secret", Category: catGeneric, Title: "Hard-coded secret", Severity: "MEDIUM",
			// A quoted value assigned to a password, secret, token or key
			// name in any file, or an unquoted one that ends the line or
			// shell word in configuration files and image configuration
			// strings; checkGeneric drops placeholders, references and
			// values that read like words.
			Keywords: genericKeywords,
			// The name is checked by checkGeneric rather than spelled out
			// here: a regex without case folding and alternatives is several
			// times faster, and the keyword already had to be on the line.
			Regex: regexp.MustCompile(`(?:^|[^A-Za-z0-9_.\n-])(?P<key>[A-Za-z0-9_.-]+)["']?[ \t]*(?::=|=>|=|:)[ \t]*` +
				`(?:"(?P<secret>` + genericQuoted + `)"|'(?P<secret>` + genericQuoted + `)'|(?P<secret>[` + genericUnquotedSet + `]+)` + unquotedEnd + `)`),
			Entropy:  3.5,
			check:    checkGeneric,
			pre:      preAssignment,
			fromName: true,
		},
	}
})

// gcpPEM is the private key of a service account key file: PEM with its
// newlines escaped as JSON requires.
const gcpPEM = `-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[^"]+?-----END [A-Z ]{0,20}PRIVATE KEY-----(?:\\n)?`

const (
	genericQuoted = "[^\"'\\s\\\\<>{}()\\[\\]$`]+"
	// unquotedEnd is what may follow an unquoted value: a blank, the end of
	// the line or a shell operator. checkGeneric narrows it for files.
	unquotedEnd = `(?:[ \t\r#;&|\\>]|$)`
	// Bytes that end a quoted value, and those an unquoted value is made of,
	// as the regex has them, for preAssignment.
	genericQuotedStop  = "\"' \t\r\n\f\\<>{}()[]$`"
	genericUnquotedSet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_.~!@#%^&*?:,-"
)

var genericKeywords = []string{
	"password", "passwd", "secret", "token",
	"apikey", "api_key", "api-key", "api.key",
	"accesskey", "access_key", "access-key", "access.key",
	"authkey", "auth_key", "auth-key", "auth.key",
	"privatekey", "private_key", "private-key", "private.key",
}

// checkPrivateKey wants a run of base64 as long as a line of a real key, so
// prose or code between a BEGIN and an END line is not taken for a key.
func checkPrivateKey(c *candidate) bool {
	run := 0
	for _, b := range c.secret() {
		if isBase64(b) {
			if run++; run >= 40 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func isBase64(b byte) bool {
	return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '+' || b == '/' || b == '='
}

// checkJWT wants the first segment to be a JOSE header.
func checkJWT(c *candidate) bool {
	sec := c.secret()
	header := sec[:bytes.IndexByte(sec, '.')]
	raw := make([]byte, base64.RawURLEncoding.DecodedLen(len(header)))
	n, err := base64.RawURLEncoding.Decode(raw, header)
	if err != nil {
		return false
	}
	var h map[string]any
	if json.Unmarshal(raw[:n], &h) != nil {
		return false
	}
	alg, ok := h["alg"].(string)
	return ok && alg != ""
}

func checkURLCredentials(c *candidate) bool {
	return len(c.secret()) <= 128 && !placeholder(c.secret())
}

// Pre-checks look at the text after a keyword hit before a window is queued
// for the regex; they keep the common words among the keywords (token,
// password, aws, "://") from costing a regex run on every line holding them.

// base64RunAfter wants a run of n base64 characters starting within
// assignReach bytes after the keyword, on its line.
func base64RunAfter(n int) func(content []byte, start, end int) bool {
	return func(content []byte, start, end int) bool {
		run := 0
		for _, b := range content[end:min(len(content), end+assignReach+n)] {
			switch {
			case b == '\n':
				return false
			case isBase64(b) && b != '=':
				if run++; run >= n {
					return true
				}
			default:
				run = 0
			}
		}
		return false
	}
}

// assignReach bounds how far after a keyword an assigned value may start:
// the rest of the name, quotes and the operator.
const assignReach = 64

// preURLCredentials wants "user:password@" right after the scheme.
func preURLCredentials(content []byte, start, end int) bool {
	colon := false
	for _, b := range content[end:min(len(content), end+256)] {
		switch b {
		case ':':
			colon = true
		case '@':
			return colon
		case '/', ' ', '\t', '\r', '\n', '"', '\'', '<', '>':
			return false
		}
	}
	return false
}

// preAssignment wants the keyword inside a name that is assigned a value of
// at least genericMinLen characters, the shape the generic-secret regex
// matches: name characters, an optional quote, an operator and a quoted
// value or an unquoted one that ends the line.
func preAssignment(content []byte, start, end int) bool {
	i, n := end, len(content)
	for lim := min(n, end+assignReach); i < lim && isNameByte(content[i]); i++ {
	}
	if i < n && (content[i] == '"' || content[i] == '\'') {
		i++
	}
	i = skipBlanks(content, i)
	if i >= n || content[i] != '=' && content[i] != ':' {
		return false
	}
	if i++; i < n && (content[i] == '=' || content[i] == '>') {
		i++
	}
	i = skipBlanks(content, i)
	if i < n && (content[i] == '"' || content[i] == '\'') {
		q := content[i]
		v := i + 1
		for i = v; i < n && i-v <= genericMaxLen && !strings.ContainsRune(genericQuotedStop, rune(content[i])); i++ {
		}
		return i-v >= genericMinLen && i < n && content[i] == q
	}
	v := i
	for i < n && i-v <= genericMaxLen && strings.ContainsRune(genericUnquotedSet, rune(content[i])) {
		i++
	}
	if i-v < genericMinLen {
		return false
	}
	return i >= n || strings.IndexByte(" \t\n\r#;&|\\>", content[i]) >= 0
}

// unquotedEndsHere reports whether an unquoted value ending at i is all there
// is: the line, or the shell word before an operator, redirection, line
// continuation or option, ends there. Image configuration strings accept any
// blank too, as in the "|1 NAME=value /bin/sh -c ..." of build arguments.
func unquotedEndsHere(content []byte, i int) bool {
	j := skipBlanks(content, i)
	return j >= len(content) || strings.IndexByte("\n\r#;&|\\>", content[j]) >= 0 || j > i && content[j] == '-'
}

func skipBlanks(content []byte, i int) int {
	for i < len(content) && (content[i] == ' ' || content[i] == '\t') {
		i++
	}
	return i
}

func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

func isNameByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_' || b == '.' || b == '-'
}

// Key names that end in one of these name a reference to a secret or a
// property of one, not the secret itself.
var genericKeySuffixes = []string{
	"name", "names", "ref", "file", "path", "dir", "type", "len", "length", "size", "count",
	"prefix", "suffix", "header", "field", "env", "var", "url", "uri", "endpoint", "hash",
	"digest", "format", "policy", "provider", "mode", "kind", "version", "expiry", "expires",
	"ttl", "timeout", "id", "arn", "label", "hint", "regex", "pattern", "param", "key_id",
}

// Length bounds of generic secrets: shorter values are too guessable to
// tell from words, longer ones are data.
const (
	genericMinLen = 16
	genericMaxLen = 256
)

func checkGeneric(c *candidate) bool {
	sec := c.secret()
	if len(sec) < genericMinLen || len(sec) > genericMaxLen {
		return false
	}
	key := strings.ToLower(string(c.key))
	if !slices.ContainsFunc(genericKeywords, func(w string) bool { return strings.Contains(key, w) }) {
		return false
	}
	if strings.Contains(key, "tokeniz") || strings.Contains(key, "public") {
		return false
	}
	for _, suf := range genericKeySuffixes {
		if strings.HasSuffix(key, suf) {
			return false
		}
	}
	// Unquoted values are literals only in configuration files; in code
	// they are expressions.
	if c.alt == 2 && (!configLike(c.path) || c.path != "" && !unquotedEndsHere(c.content, c.sEnd)) {
		return false
	}
	var letter, digit bool
	for _, b := range sec {
		switch {
		case '0' <= b && b <= '9':
			digit = true
		case 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z':
			letter = true
		}
	}
	if !letter || !digit || placeholder(sec) || wordy(sec) {
		return false
	}
	// Paths and URLs are locations, not secrets.
	if bytes.Contains(sec, []byte("://")) || sec[0] == '/' && bytes.Count(sec, []byte("/")) > 1 && !bytes.ContainsAny(sec, "+=") {
		return false
	}
	return true
}

// placeholderWords mark values that stand for a secret instead of being one,
// or name one ("PKCS8_PRIVATEKEY").
var placeholderWords = []string{
	"example", "changeme", "change_me", "change-me", "changeit", "placeholder", "your_", "your-",
	"yourpass", "yoursecret", "yourtoken", "xxxx", "****", "...", "dummy", "sample", "redacted",
	"secret", "password", "passwd", "token", "private", "apikey", "api_key", "notreal", "not_real",
	"not-real", "fake", "insert", "replace", "todo", "fixme", "foobar", "1234", "abcdef", "qwerty",
	"lorem", "test",
}

// fakeTokenWords mark token-shaped values made up for documentation and
// tests ("glpat-ACCTEST1234567890123"); a random token holds one of them
// with a probability below one in ten thousand.
var fakeTokenWords = []string{"example", "test", "dummy", "sample", "fake", "xxxx", "1234567890", "abcdefgh", "your"}

// checkToken wants a token to start a word and not to be made up.
func checkToken(c *candidate) bool {
	if c.sStart > 0 && isWordByte(c.content[c.sStart-1]) {
		return false
	}
	l := bytes.ToLower(c.secret())
	for _, w := range fakeTokenWords {
		if bytes.Contains(l, []byte(w)) {
			return false
		}
	}
	return true
}

// wordy reports whether v reads as words joined by separators rather than
// as random characters, as identifiers such as
// "s3_disable_express_session_auth" and "PKCS8_PRIVATE_KEY_BLOB" do: parts
// between non-alphanumerics that are words (three or more letters, all lower
// case, all upper case or capitalised) make up half of it, and there are two
// of them or one long one. Random tokens rarely have separators, and their
// parts mix digits and cases.
func wordy(v []byte) bool {
	words, covered := 0, 0
	for i := 0; i < len(v); {
		j := i
		for j < len(v) && (isUpper(v[j]) || isLower(v[j]) || '0' <= v[j] && v[j] <= '9') {
			j++
		}
		if j-i >= 3 && isWord(v[i:j]) {
			words++
			covered += j - i
		}
		i = j + 1
	}
	return covered*2 >= len(v) && (words >= 2 || covered >= 8)
}

func isWord(w []byte) bool {
	lower, upper := 0, 0
	for _, b := range w {
		switch {
		case isLower(b):
			lower++
		case isUpper(b):
			upper++
		default:
			return false
		}
	}
	return lower == len(w) || upper == len(w) || upper == 1 && isUpper(w[0])
}

func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }
func isLower(b byte) bool { return 'a' <= b && b <= 'z' }

func placeholder(v []byte) bool {
	l := bytes.ToLower(v)
	for _, w := range placeholderWords {
		if bytes.Contains(l, []byte(w)) {
			return true
		}
	}
	return false
}

// configLike reports whether path is a file in which unquoted assignments are
// literal values: configuration, environment and shell files, and the empty
// path used for image configuration strings.
func configLike(path string) bool {
	if path == "" {
		return true
	}
	base := path[strings.LastIndexByte(path, '/')+1:]
	lb := strings.ToLower(base)
	if strings.HasPrefix(lb, ".env") || strings.HasSuffix(lb, ".env") || strings.HasPrefix(lb, "dockerfile") ||
		strings.HasPrefix(lb, "containerfile") {
		return true
	}
	switch lb {
	case "environment", "credentials", "config", ".netrc", ".npmrc", ".pypirc", ".envrc", ".pgpass", ".gitconfig",
		".bashrc", ".zshrc", ".profile", ".bash_profile", ".bash_history", ".zsh_history", ".ash_history":
		return true
	}
	dot := strings.LastIndexByte(lb, '.')
	if dot < 0 {
		// Extension-less files under etc/ (etc/default/*, etc/environment)
		// are configuration.
		return strings.HasPrefix(path, "etc/")
	}
	switch lb[dot+1:] {
	case "env", "ini", "cfg", "conf", "config", "cnf", "properties", "props", "yaml", "yml", "toml",
		"sh", "bash", "zsh", "ksh", "tfvars", "hcl", "service", "desktop", "rc", "list", "secret", "secrets":
		return true
	}
	return false
}

var builtinAllowRules = sync.OnceValue(func() []AllowRule {
	return []AllowRule{
		{
			// Like Trivy's rule: besides test directories, any path part that
			// starts with "test" (testdata/, testkeys/, testutil.go) or has
			// it after a separator (keys_test_data.go, rsa-test-key), since
			// source trees are full of such fixture keys.
			ID: "tests", Description: "Test code and test data: their keys are fixtures",
			Path: regexp.MustCompile(`(?i)(?:^|/)(?:test|e2e|__tests__/|spec/|fixtures?/|__fixtures__/|mocks?/|__mocks__/)|[_.-](?:test|spec\.)`),
		},
		{
			ID: "examples", Description: "Example and sample files and directories",
			Path: regexp.MustCompile(`(?i)example|(?:^|[/._-])samples?(?:[/._-]|$)`),
		},
		{
			ID: "example-secrets", Description: "Documented example values such as AWS's AKIAIOSFODNN7EXAMPLE",
			Regex: regexp.MustCompile(`(?i)example`),
		},
		{
			ID: "vendor", Description: "Vendored third-party code",
			Path: regexp.MustCompile(`(?:^|/)vendor/`),
		},
		{
			ID: "dependencies", Description: "Installed third-party packages",
			Path: regexp.MustCompile(`(?:^|/)(?:node_modules|bower_components|jspm_packages|site-packages|dist-packages|\.cargo/registry|go/pkg/mod)/` +
				`|\.(?:dist|egg)-info/`),
		},
		{
			// usr/share/nginx and usr/share/caddy are where the nginx and
			// Caddy images serve sites from, and front-end bundles leak keys.
			ID: "system-dirs", Description: "Distribution files: documentation, headers, libraries, package databases",
			Path: regexp.MustCompile(`^(?:usr/(?:include|lib|lib32|lib64|libexec|share/` + segmentExcept("nginx", "caddy") + `)|lib|lib32|lib64|var/lib/(?:dpkg|apt|rpm|yum|dnf))/`),
		},
		{
			ID: "toolchains", Description: "Language runtimes and their package caches in official images",
			Path: regexp.MustCompile(`^(?:usr/local/go|usr/local/lib/python[0-9.]+|usr/local/lib/ruby|usr/local/bundle|opt/yarn-v[0-9.]+|usr/src/wordpress|opt/conda/pkgs|var/log/anaconda)/`),
		},
		{
			ID: "locales", Description: "Translation catalogs",
			Path: regexp.MustCompile(`(?:^|/)locales?/`),
		},
		{
			ID: "docs", Description: "Markdown and reStructuredText documentation",
			Path: regexp.MustCompile(`(?i)\.(?:md|markdown|mdx|rst)$`),
		},
		{
			ID: "lockfiles", Description: "Dependency lock files: checksums, not secrets",
			Path: regexp.MustCompile(`(?:^|/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lock|Pipfile\.lock|poetry\.lock|uv\.lock|pdm\.lock|Gemfile\.lock|Cargo\.lock|composer\.lock|go\.sum|go\.mod|packages\.lock\.json|mix\.lock|pubspec\.lock|Podfile\.lock|gradle\.lockfile)$`),
		},
		{
			ID: "git-internals", Description: "Git object store and metadata (but not .git/config)",
			Path: regexp.MustCompile(`(?:^|/)\.git/(?:objects|refs|logs|hooks|info|lfs|modules)/|(?:^|/)\.git/(?:index|packed-refs|[A-Z_]*HEAD|COMMIT_EDITMSG|description)$`),
		},
	}
})

// segmentExcept returns a regex for one path segment that is none of names,
// which must start with different letters (Go regexes have no lookahead).
func segmentExcept(names ...string) string {
	first := ""
	alts := []string{}
	for _, n := range names {
		first += regexp.QuoteMeta(n[:1])
		// A proper prefix of n, followed by a byte that leaves n or by
		// nothing; or n followed by more.
		for i := 1; i < len(n); i++ {
			alts = append(alts, regexp.QuoteMeta(n[:i])+`(?:[^/`+regexp.QuoteMeta(n[i:i+1])+`][^/]*)?`)
		}
		alts = append(alts, regexp.QuoteMeta(n)+`[^/]+`)
	}
	return `(?:[^/` + first + `][^/]*|` + strings.Join(alts, "|") + `)`
}

// skippedExt reports whether path has the extension of a format that is
// binary or holds nothing a rule looks for, so Wants can reject it before it
// is read.
func skippedExt(path string) bool {
	dot := strings.LastIndexByte(path, '.')
	if dot < 0 || dot < strings.LastIndexByte(path, '/') || len(path)-dot > 12 {
		return false
	}
	var buf [12]byte
	ext := buf[:0]
	for i := dot + 1; i < len(path); i++ {
		ext = append(ext, lower(path[i]))
	}
	_, ok := binaryExts[string(ext)]
	return ok
}

var binaryExts = map[string]struct{}{
	// images
	"png": {}, "jpg": {}, "jpeg": {}, "gif": {}, "bmp": {}, "ico": {}, "icns": {}, "webp": {}, "tif": {}, "tiff": {}, "psd": {}, "heic": {}, "avif": {}, "xcf": {}, "svg": {}, "svgz": {},
	// archives and packages
	"gz": {}, "tgz": {}, "bz2": {}, "tbz2": {}, "xz": {}, "txz": {}, "zst": {}, "lz": {}, "lz4": {}, "lzma": {}, "zip": {}, "7z": {}, "rar": {}, "tar": {}, "cpio": {}, "jar": {}, "war": {}, "ear": {}, "aar": {}, "whl": {}, "egg": {}, "gem": {}, "deb": {}, "udeb": {}, "rpm": {}, "apk": {}, "iso": {}, "img": {}, "dmg": {}, "squashfs": {}, "cab": {}, "msi": {},
	// compiled code and object files
	"so": {}, "a": {}, "o": {}, "ko": {}, "lo": {}, "dll": {}, "exe": {}, "dylib": {}, "class": {}, "pyc": {}, "pyo": {}, "pyd": {}, "wasm": {}, "node": {}, "bin": {}, "elc": {}, "beam": {}, "rlib": {}, "dex": {}, "odex": {}, "oat": {}, "art": {}, "nib": {},
	// fonts
	"woff": {}, "woff2": {}, "ttf": {}, "otf": {}, "eot": {}, "pfb": {}, "pcf": {},
	// media
	"mp3": {}, "mp4": {}, "m4a": {}, "m4v": {}, "wav": {}, "ogg": {}, "oga": {}, "flac": {}, "avi": {}, "mov": {}, "mkv": {}, "webm": {}, "wmv": {}, "opus": {},
	// documents and data
	"pdf": {}, "doc": {}, "docx": {}, "xls": {}, "xlsx": {}, "ppt": {}, "pptx": {}, "odt": {}, "ods": {}, "odp": {}, "mo": {}, "gmo": {}, "db": {}, "sqlite": {}, "sqlite3": {}, "pack": {}, "idx": {}, "parquet": {}, "avro": {}, "npy": {}, "npz": {}, "pt": {}, "onnx": {}, "safetensors": {}, "h5": {}, "pkl": {}, "mdb": {},
}
