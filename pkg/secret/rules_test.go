package secret

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Test secrets are built at run time from fixed seeds: they look like the
// real formats, are not real credentials, and never appear literally in the
// repository, where push-protection scanners would flag them.
const (
	upperNum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	alnum    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	letters  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	hexLower = "0123456789abcdef"
	b64      = alnum + "+/"
	b64url   = alnum + "_-"
	bech32   = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"
	digits   = "0123456789"
)

// synth returns n characters of charset chosen by a generator seeded with
// label, so every test value is stable and distinct.
func synth(label, charset string, n int) string {
	h := fnv.New64a()
	h.Write([]byte(label))
	r := rand.New(rand.NewPCG(h.Sum64(), uint64(n)))
	b := make([]byte, n)
	for i := range b {
		b[i] = charset[r.IntN(len(charset))]
	}
	return string(b)
}

// pemBody returns lines of base64 as in a PEM block.
func pemBody(label string, lines int) string {
	var sb strings.Builder
	for i := range lines {
		sb.WriteString(synth(label+string(rune('a'+i)), b64, 64))
		sb.WriteByte('\n')
	}
	return sb.String()
}

func jwtOf(header, label string) string {
	return b64u(header) + "." + b64u(`{"sub":"`+synth(label, alnum, 12)+`","iat":1700000000}`) + "." + synth(label+"sig", b64url, 43)
}

type ruleCase struct {
	name    string
	rule    string
	path    string // default "app/settings.conf"
	content string
	secret  string // the value reported and masked; empty for negatives
	want    bool
}

func ruleCases() []ruleCase {
	akia := "AKIA" + synth("akia", upperNum, 16)
	asia := "ASIA" + synth("asia", upperNum, 16)
	awsSecret := synth("aws-secret", b64, 40)
	gcpKey := `-----BEGIN PRIVATE KEY-----\n` + strings.ReplaceAll(pemBody("gcp", 4), "\n", `\n`) + `-----END PRIVATE KEY-----\n`
	aiza := "AIza" + synth("aiza", b64url, 35)
	storageKey := synth("storage", b64, 86) + "=="
	sasKey := synth("sas", b64, 43) + "="
	entra := synth("entra1", alnum, 3) + "8Q~" + synth("entra2", alnum+"_~.-", 34)
	rsaBody := pemBody("rsa", 6)
	ghp := "ghp_" + synth("ghp", alnum, 36)
	gho := "gho_" + synth("gho", alnum, 36)
	ghu := "ghu_" + synth("ghu", alnum, 36)
	ghs := "ghs_" + synth("ghs", alnum, 36)
	ghsJWT := "ghs_1234567_" + jwtOf(`{"alg":"RS256","typ":"JWT"}`, "ghsjwt")
	ghr := "ghr_" + synth("ghr", alnum, 76)
	fine := "github_pat_" + synth("fg1", alnum, 22) + "_" + synth("fg2", alnum, 59)
	glpat := "glpat-" + synth("glpat", b64url, 20)
	gldt := "gldt-" + synth("gldt", b64url, 20)
	glrt := "glrt-" + synth("glrt", b64url, 24)
	xoxb := "xoxb-" + synth("xoxb1", digits, 12) + "-" + synth("xoxb2", digits, 13) + "-" + synth("xoxb3", alnum, 24)
	xoxp := "xoxp-" + synth("xoxp1", digits, 12) + "-" + synth("xoxp2", digits, 12) + "-" + synth("xoxp3", digits, 13) + "-" + synth("xoxp4", hexLower, 32)
	hookSecret := synth("hook", alnum, 24)
	hook := "https://hooks.slack.com/services/T" + synth("hookT", upperNum, 8) + "/B" + synth("hookB", upperNum, 8) + "/" + hookSecret
	skLive := "sk_live_" + synth("sklive", alnum, 24)
	rkLive := "rk_live_" + synth("rklive", alnum, 99)
	twilio := "SK" + synth("twilio", hexLower, 32)
	sendgrid := "SG." + synth("sg1", b64url, 22) + "." + synth("sg2", b64url, 43)
	npm := "npm_" + synth("npm", alnum, 36)
	pypi := "pypi-AgEIcHlwaS5vcmc" + synth("pypi", b64url, 150)
	dckr := "dckr_pat_" + synth("dckr", b64url, 27)
	jwt := jwtOf(`{"alg":"HS256","typ":"JWT"}`, "jwt")
	hvs := "hvs." + synth("hvs", alnum, 24)
	hvsLong := "hvs." + synth("hvslong", b64url, 95)
	tfc := synth("tfc1", alnum, 14) + ".atlasv1." + synth("tfc2", b64url, 67)
	hf := "hf_" + synth("hf", letters, 34)
	ant := "sk-ant-api03-" + synth("ant", b64url, 93) + "AA"
	oaiProj := "sk-proj-" + synth("oaiproj", b64url, 156)
	oaiUser := "sk-" + synth("oai1", alnum, 20) + "T3BlbkFJ" + synth("oai2", alnum, 20)
	shpat := "shpat_" + synth("shopify", hexLower, 32)
	age := "AGE-SECRET-KEY-1" + synth("age", bech32, 58)
	pul := "pul-" + synth("pulumi", hexLower, 40)
	gems := "rubygems_" + synth("gems", hexLower, 48)
	pmak := "PMAK-" + synth("pmak1", hexLower, 24) + "-" + synth("pmak2", hexLower, 34)
	glsa := "glsa_" + synth("glsa1", alnum, 32) + "_" + synth("glsa2", hexLower, 8)
	glc := "glc_" + synth("glc", b64, 60) + "=="
	dapi := "dapi" + synth("dapi", hexLower, 32)
	dop := "dop_v1_" + synth("dop", hexLower, 64)
	lin := "lin_api_" + synth("lin", alnum, 40)
	dp := "dp.pt." + synth("doppler", alnum, 43)
	urlPass := synth("urlpass", alnum, 16)
	genPass := synth("genpass", alnum, 12) + "7" + synth("genpass2", alnum, 7)
	genTok := synth("gentok", hexLower, 32)

	return []ruleCase{
		{name: "akia in env", rule: "aws-access-key-id", content: "AWS_ACCESS_KEY_ID=" + akia + "\n", secret: akia, want: true},
		{name: "asia in json", rule: "aws-access-key-id", path: "app/creds.json", content: `{"AccessKeyId": "` + asia + `"}`, secret: asia, want: true},
		{name: "akia too short", rule: "aws-access-key-id", content: "id=" + akia[:19] + "\n"},
		{name: "akia glued", rule: "aws-access-key-id", content: "id=X" + akia + "\n"},
		{name: "akia too long", rule: "aws-access-key-id", content: "id=" + akia + "Q\n"},
		{name: "akia lower case", rule: "aws-access-key-id", content: "id=" + strings.ToLower(akia) + "\n"},
		{name: "akia placeholder", rule: "aws-access-key-id", content: "id=AKIAXXXXXXXXXXXXXXXX\n"},
		{name: "akia documented example", rule: "aws-access-key-id", content: "id=AKIAIOSFODNN7" + "EXAMPLE\n"},

		{name: "aws secret in credentials file", rule: "aws-secret-access-key", path: "root/.aws/credentials", content: "[default]\naws_access_key_id = " + akia + "\naws_secret_access_key = " + awsSecret + "\n", secret: awsSecret, want: true},
		{name: "aws secret in json", rule: "aws-secret-access-key", path: "app/out.json", content: `{"SecretAccessKey": "` + awsSecret + `"}`, secret: awsSecret, want: true},
		{name: "aws secret js", rule: "aws-secret-access-key", path: "app/index.js", content: `const c = {secretAccessKey: '` + awsSecret + `'};`, secret: awsSecret, want: true},
		{name: "aws secret unnamed", rule: "aws-secret-access-key", content: "some_value = " + awsSecret + "\n"},
		{name: "aws secret too long", rule: "aws-secret-access-key", content: "aws_secret_access_key = " + awsSecret + "A\n"},
		{name: "aws secret too short", rule: "aws-secret-access-key", content: "aws_secret_access_key = " + awsSecret[:39] + "\n"},

		{name: "gcp key type first", rule: "gcp-service-account-key", path: "app/sa.json", content: "{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo\",\n  \"private_key_id\": \"" + synth("kid", hexLower, 40) + "\",\n  \"private_key\": \"" + gcpKey + "\",\n  \"client_email\": \"x@demo.iam.gserviceaccount.com\"\n}\n", secret: gcpKey, want: true},
		{name: "gcp key type last", rule: "gcp-service-account-key", path: "app/sa.json", content: "{\"private_key\": \"" + gcpKey + "\", \"type\": \"service_account\"}", secret: gcpKey, want: true},
		{name: "gcp authorized user", rule: "gcp-service-account-key", path: "app/adc.json", content: "{\"type\": \"authorized_user\", \"private_key\": \"" + gcpKey + "\"}"},
		{name: "gcp no key", rule: "gcp-service-account-key", path: "app/sa.json", content: "{\"type\": \"service_account\", \"private_key\": \"\"}"},

		{name: "gcp api key", rule: "gcp-api-key", path: "app/main.js", content: `const key = "` + aiza + `";`, secret: aiza, want: true},
		{name: "gcp api key short", rule: "gcp-api-key", path: "app/main.js", content: `const key = "` + aiza[:38] + `";`},
		{name: "gcp api key long", rule: "gcp-api-key", path: "app/main.js", content: `const key = "` + aiza + `x";`},

		{name: "azure connection string", rule: "azure-storage-account-key", content: "conn=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + storageKey + ";EndpointSuffix=core.windows.net\n", secret: storageKey, want: true},
		{name: "azure storage env", rule: "azure-storage-account-key", content: "AZURE_STORAGE_KEY=" + storageKey + "\n", secret: storageKey, want: true},
		{name: "azure short key", rule: "azure-storage-account-key", content: "AccountKey=" + storageKey[:40] + "==\n"},
		{name: "azure key unnamed", rule: "azure-storage-account-key", content: "value=" + storageKey + "\n"},

		{name: "service bus", rule: "azure-shared-access-key", content: "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=" + sasKey + "\n", secret: sasKey, want: true},
		{name: "service bus key name only", rule: "azure-shared-access-key", content: "SharedAccessKeyName=RootManageSharedAccessKey\n"},

		{name: "entra secret", rule: "azure-entra-client-secret", content: "AZURE_CLIENT_SECRET=" + entra + "\n", secret: entra, want: true},
		{name: "entra short", rule: "azure-entra-client-secret", content: "AZURE_CLIENT_SECRET=" + entra[:20] + "\n"},

		{name: "rsa pem", rule: "private-key", path: "etc/ssl/private/server.key", content: "# key\n-----BEGIN RSA PRIVATE KEY-----\n" + rsaBody + "-----END RSA PRIVATE KEY-----\n", secret: strings.TrimSuffix(rsaBody, "\n"), want: true},
		{name: "openssh", rule: "private-key", path: "root/.ssh/id_ed25519", content: "-----BEGIN OPENSSH PRIVATE KEY-----\n" + pemBody("ssh", 5) + "-----END OPENSSH PRIVATE KEY-----\n", want: true},
		{name: "ec", rule: "private-key", path: "app/ec.pem", content: "-----BEGIN EC PRIVATE KEY-----\n" + pemBody("ec", 3) + "-----END EC PRIVATE KEY-----\n", want: true},
		{name: "dsa crlf", rule: "private-key", path: "app/dsa.pem", content: "-----BEGIN DSA PRIVATE KEY-----\r\n" + strings.ReplaceAll(pemBody("dsa", 3), "\n", "\r\n") + "-----END DSA PRIVATE KEY-----\r\n", want: true},
		{name: "pkcs8 encrypted", rule: "private-key", path: "app/enc.pem", content: "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + pemBody("enc", 4) + "-----END ENCRYPTED PRIVATE KEY-----\n", want: true},
		{name: "legacy encrypted", rule: "private-key", path: "app/legacy.pem", content: "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC," + synth("iv", "0123456789ABCDEF", 32) + "\n\n" + pemBody("legacy", 4) + "-----END RSA PRIVATE KEY-----\n", want: true},
		{name: "pgp", rule: "private-key", path: "app/key.asc", content: "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n" + pemBody("pgp", 6) + "=" + synth("crc", b64, 4) + "\n-----END PGP PRIVATE KEY BLOCK-----\n", want: true},
		{name: "escaped in yaml", rule: "private-key", path: "app/values.yaml", content: `key: "-----BEGIN PRIVATE KEY-----\n` + strings.ReplaceAll(pemBody("esc", 3), "\n", `\n`) + `-----END PRIVATE KEY-----\n"` + "\n", want: true},
		{name: "public key", rule: "private-key", path: "app/pub.pem", content: "-----BEGIN PUBLIC KEY-----\n" + pemBody("pub", 3) + "-----END PUBLIC KEY-----\n"},
		{name: "pem placeholder", rule: "private-key", path: "app/help.txt", content: "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n"},
		{name: "pem constants in code", rule: "private-key", path: "app/pem.py", content: "BEGIN = '-----BEGIN RSA PRIVATE KEY-----'\ndef parse(data):\n    return data.split()\nEND = '-----END RSA PRIVATE KEY-----'\n"},
		{name: "pem prose", rule: "private-key", path: "app/help.txt", content: "-----BEGIN RSA PRIVATE KEY-----\nPaste the key you downloaded from the console here, then save the file.\nIt is read once at start up.\n-----END RSA PRIVATE KEY-----\n"},

		{name: "ghp", rule: "github-pat", path: "app/ci.sh", content: "export GITHUB_TOKEN=" + ghp + "\n", secret: ghp, want: true},
		{name: "ghp short", rule: "github-pat", content: "t=" + ghp[:30] + "\n"},
		{name: "ghp placeholder", rule: "github-pat", content: "t=ghp_" + strings.Repeat("x", 36) + "\n"},
		{name: "fine grained", rule: "github-fine-grained-pat", content: "t=" + fine + "\n", secret: fine, want: true},
		{name: "fine grained short", rule: "github-fine-grained-pat", content: "t=" + fine[:60] + "\n"},
		{name: "gho", rule: "github-oauth-token", content: "t=" + gho + "\n", secret: gho, want: true},
		{name: "gho glued", rule: "github-oauth-token", content: "t=x" + gho + "\n"},
		{name: "ghu", rule: "github-app-token", content: "t=" + ghu + "\n", secret: ghu, want: true},
		{name: "ghs", rule: "github-app-token", content: "t=" + ghs + "\n", secret: ghs, want: true},
		{name: "ghs stateless", rule: "github-app-token", content: "t=" + ghsJWT + "\n", secret: ghsJWT, want: true},
		{name: "ghs short", rule: "github-app-token", content: "t=" + ghs[:20] + "\n"},
		{name: "ghr", rule: "github-refresh-token", content: "t=" + ghr + "\n", secret: ghr, want: true},
		{name: "ghr short", rule: "github-refresh-token", content: "t=" + ghr[:30] + "\n"},

		{name: "glpat", rule: "gitlab-pat", content: "CI_TOKEN=" + glpat + "\n", secret: glpat, want: true},
		{name: "glpat in url", rule: "gitlab-pat", path: "app/build.sh", content: "git clone https://oauth2:" + glpat + "@gitlab.com/g/p.git\n", secret: glpat, want: true},
		{name: "glpat made up", rule: "gitlab-pat", content: "GITLAB_TOKEN=glpat-ACCTEST1234567890123\n"},
		{name: "glpat short", rule: "gitlab-pat", content: "t=glpat-" + synth("gs", alnum, 10) + "\n"},
		{name: "gldt", rule: "gitlab-token", content: "t=" + gldt + "\n", secret: gldt, want: true},
		{name: "glrt", rule: "gitlab-token", content: "t=" + glrt + "\n", secret: glrt, want: true},
		{name: "gitlab unknown prefix", rule: "gitlab-token", content: "t=glxyz-" + synth("glx", alnum, 20) + "\n"},

		{name: "slack bot", rule: "slack-token", content: "SLACK_TOKEN=" + xoxb + "\n", secret: xoxb, want: true},
		{name: "slack user", rule: "slack-token", path: "app/x.py", content: `token = "` + xoxp + `"`, secret: xoxp, want: true},
		{name: "slack placeholder", rule: "slack-token", content: "SLACK_TOKEN=xoxb-your-bot-token-here\n"},
		{name: "slack webhook", rule: "slack-webhook-url", content: "url: " + hook + "\n", secret: hookSecret, want: true},
		{name: "slack webhook docs", rule: "slack-webhook-url", content: "url: https://hooks.slack.com/services/T00000000/B00000000/" + strings.Repeat("X", 24) + "\n"},

		{name: "stripe live", rule: "stripe-secret-key", content: "STRIPE_KEY=" + skLive + "\n", secret: skLive, want: true},
		{name: "stripe restricted", rule: "stripe-secret-key", content: "STRIPE_KEY=" + rkLive + "\n", secret: rkLive, want: true},
		{name: "stripe test", rule: "stripe-secret-key", content: "STRIPE_KEY=sk_test_" + synth("sktest", alnum, 24) + "\n"},

		{name: "twilio", rule: "twilio-api-key", content: "TWILIO_API_KEY=" + twilio + "\n", secret: twilio, want: true},
		{name: "twilio upper hex", rule: "twilio-api-key", content: "x=" + strings.ToUpper(twilio) + "\n"},
		{name: "twilio short", rule: "twilio-api-key", content: "x=" + twilio[:33] + "\n"},

		{name: "sendgrid", rule: "sendgrid-api-key", content: "SENDGRID=" + sendgrid + "\n", secret: sendgrid, want: true},
		{name: "sendgrid short", rule: "sendgrid-api-key", content: "SENDGRID=" + sendgrid[:40] + "\n"},

		{name: "npm", rule: "npm-access-token", path: "root/.npmrc", content: "//registry.npmjs.org/:_authToken=" + npm + "\n", secret: npm, want: true},
		{name: "npm env name", rule: "npm-access-token", path: "app/x.sh", content: "echo $npm_config_cache_lock_stale_value_for_build\n"},

		{name: "pypi", rule: "pypi-upload-token", path: "root/.pypirc", content: "[pypi]\nusername = __token__\npassword = " + pypi + "\n", secret: pypi, want: true},
		{name: "pypi short", rule: "pypi-upload-token", content: "password = pypi-AgEIcHlwaS5vcmc" + synth("pypis", b64url, 10) + "\n"},

		{name: "docker hub", rule: "dockerhub-pat", content: "DOCKER_PAT=" + dckr + "\n", secret: dckr, want: true},
		{name: "docker hub short", rule: "dockerhub-pat", content: "DOCKER_PAT=dckr_pat_abc\n"},

		{name: "jwt", rule: "jwt", path: "app/req.http", content: "Authorization: Bearer " + jwt + "\n", secret: jwt, want: true},
		{name: "jwt no alg", rule: "jwt", path: "app/req.http", content: "Authorization: Bearer " + jwtOf(`{"typ":"JWT","kid":"k1"}`, "noalg") + "\n"},
		{name: "jwt not json", rule: "jwt", path: "app/req.http", content: "x eyJ" + synth("nj1", alnum, 20) + ".eyJ" + synth("nj2", alnum, 20) + "." + synth("nj3", alnum, 30) + "\n"},
		{name: "jwt unsigned", rule: "jwt", path: "app/req.http", content: "x " + strings.TrimSuffix(jwtOf(`{"alg":"none"}`, "unsigned"), synth("unsignedsig", b64url, 43)) + "\n"},
		{name: "jwt inside ghs", rule: "jwt", content: "t=" + ghsJWT + "\n"},

		{name: "vault", rule: "vault-token", content: "VAULT_TOKEN=" + hvs + "\n", secret: hvs, want: true},
		{name: "vault long", rule: "vault-token", content: "VAULT_TOKEN=" + hvsLong + "\n", secret: hvsLong, want: true},
		{name: "vault short", rule: "vault-token", content: "VAULT_TOKEN=hvs.abc123\n"},
		{name: "terraform", rule: "terraform-api-token", path: "root/.terraformrc", content: `token = "` + tfc + `"`, secret: tfc, want: true},
		{name: "terraform short", rule: "terraform-api-token", content: "t=" + tfc[:40] + "\n"},

		{name: "huggingface", rule: "huggingface-token", content: "HF_TOKEN=" + hf + "\n", secret: hf, want: true},
		{name: "huggingface identifier", rule: "huggingface-token", path: "app/m.py", content: "self.hf_config = load()\n"},

		{name: "anthropic", rule: "anthropic-api-key", content: "ANTHROPIC_API_KEY=" + ant + "\n", secret: ant, want: true},
		{name: "anthropic short", rule: "anthropic-api-key", content: "ANTHROPIC_API_KEY=sk-ant-api03-" + synth("ants", alnum, 20) + "\n"},

		{name: "openai project", rule: "openai-api-key", content: "OPENAI_API_KEY=" + oaiProj + "\n", secret: oaiProj, want: true},
		{name: "openai user", rule: "openai-api-key", path: "app/a.py", content: `openai.api_key = "` + oaiUser + `"`, secret: oaiUser, want: true},
		{name: "openai no mark", rule: "openai-api-key", content: "k=sk-" + synth("oain", alnum, 48) + "\n"},

		{name: "shopify", rule: "shopify-token", content: "t=" + shpat + "\n", secret: shpat, want: true},
		{name: "shopify short", rule: "shopify-token", content: "t=" + shpat[:30] + "\n"},
		{name: "age", rule: "age-secret-key", path: "root/.config/sops/age/keys.txt", content: "# created: 2024-01-01\n" + age + "\n", secret: age, want: true},
		{name: "age bad alphabet", rule: "age-secret-key", content: "AGE-SECRET-KEY-1" + strings.Repeat("b", 58) + "\n"},
		{name: "pulumi", rule: "pulumi-access-token", content: "PULUMI_ACCESS_TOKEN=" + pul + "\n", secret: pul, want: true},
		{name: "pulumi short", rule: "pulumi-access-token", content: "t=pul-abc\n"},
		{name: "rubygems", rule: "rubygems-api-key", path: "root/.gem/credentials", content: ":rubygems_api_key: " + gems + "\n", secret: gems, want: true},
		{name: "rubygems short", rule: "rubygems-api-key", content: "k=rubygems_abc\n"},
		{name: "postman", rule: "postman-api-key", content: "k=" + pmak + "\n", secret: pmak, want: true},
		{name: "postman short", rule: "postman-api-key", content: "k=PMAK-abc-def\n"},
		{name: "grafana sa", rule: "grafana-token", content: "k=" + glsa + "\n", secret: glsa, want: true},
		{name: "grafana cloud", rule: "grafana-token", content: "k=" + glc + "\n", secret: glc, want: true},
		{name: "grafana short", rule: "grafana-token", content: "k=glsa_abc\n"},
		{name: "databricks", rule: "databricks-token", content: "DATABRICKS_TOKEN=" + dapi + "\n", secret: dapi, want: true},
		{name: "databricks word", rule: "databricks-token", path: "app/x.py", content: "import dapi_client\n"},
		{name: "digitalocean", rule: "digitalocean-token", content: "DO_TOKEN=" + dop + "\n", secret: dop, want: true},
		{name: "digitalocean short", rule: "digitalocean-token", content: "DO_TOKEN=dop_v1_abc\n"},
		{name: "linear", rule: "linear-api-key", content: "LINEAR=" + lin + "\n", secret: lin, want: true},
		{name: "linear short", rule: "linear-api-key", content: "LINEAR=lin_api_abc\n"},
		{name: "doppler", rule: "doppler-token", content: "DOPPLER_TOKEN=" + dp + "\n", secret: dp, want: true},
		{name: "doppler short", rule: "doppler-token", content: "DOPPLER_TOKEN=dp.pt.abc\n"},

		{name: "url credentials", rule: "url-credentials", content: "DATABASE_URL=postgres://app:" + urlPass + "@db.internal:5432/app\n", secret: urlPass, want: true},
		{name: "url default credentials", rule: "url-credentials", content: "DATABASE_URL=postgres://postgres:postgres@db:5432/app\n"},
		{name: "url placeholder", rule: "url-credentials", content: "url=https://user:password123@host/\n"},
		{name: "url variable", rule: "url-credentials", content: "url=https://user:${PASSWORD}@host/\n"},
		{name: "url port only", rule: "url-credentials", content: "url=https://host.example.org:8443/path@x\n"},

		{name: "generic quoted in code", rule: "generic-secret", path: "app/settings.py", content: `DB_PASSWORD = "` + genPass + `"` + "\n", secret: genPass, want: true},
		{name: "generic json", rule: "generic-secret", path: "app/config.json", content: `{"api_key": "` + genTok + `"}`, secret: genTok, want: true},
		{name: "generic unquoted env", rule: "generic-secret", path: "app/.env", content: "API_TOKEN=" + genTok + "\n", secret: genTok, want: true},
		{name: "generic unquoted yaml comment", rule: "generic-secret", path: "app/values.yaml", content: "auth:\n  client_secret: " + genTok + "  # rotated\n", secret: genTok, want: true},
		{name: "generic image env", rule: "generic-secret", path: "", content: "SERVICE_PASSWORD=" + genPass, secret: genPass, want: true},
		{name: "generic unquoted in code", rule: "generic-secret", path: "app/settings.py", content: "token = " + genTok + "\n"},
		{name: "generic variable", rule: "generic-secret", path: "app/values.yaml", content: "password: ${DB_PASSWORD_FROM_VAULT_2}\n"},
		{name: "generic template", rule: "generic-secret", path: "app/values.yaml", content: "token: \"{{ .Values.apiToken2 }}\"\n"},
		{name: "generic placeholder", rule: "generic-secret", path: "app/settings.py", content: `password = "changeme` + synth("cm", alnum, 12) + `1"`},
		{name: "generic angle placeholder", rule: "generic-secret", path: "app/settings.py", content: `password = "<your-db-password-2>"`},
		{name: "generic reference name", rule: "generic-secret", path: "app/deploy.yaml", content: "secretName: tls-cert-" + synth("sn", alnum, 12) + "-2024\n"},
		{name: "generic low entropy", rule: "generic-secret", path: "app/settings.py", content: `password = "aaaaaaaaaaaaaaaaaaa1"`},
		{name: "generic no digit", rule: "generic-secret", path: "app/settings.py", content: `password = "CorrectHorseBatteryStaple"`},
		{name: "generic tokenizer", rule: "generic-secret", path: "app/nlp.py", content: `tokenizer = "bert-base-uncased-v2-` + synth("tk", alnum, 8) + `"`},
		{name: "generic comparison", rule: "generic-secret", path: "app/auth.py", content: `if token == "` + genTok + `":`},
		{name: "generic function call", rule: "generic-secret", path: "app/.env", content: "TOKEN=$(vault read -field=" + genTok + ")\n"},
		{name: "generic identifier", rule: "generic-secret", path: "app/config.go", content: `s3DisableExpressSessionAuthKey = "s3_disable_express_session_auth"`},
		{name: "generic constant name", rule: "generic-secret", path: "app/consts.go", content: `const NCRYPT_PKCS8_PRIVATE_KEY_BLOB = "PKCS8_PRIVATEKEY"`},
		{name: "generic elided", rule: "generic-secret", path: "app/api.yaml", content: `"identitytoken": "9cbaf023786cd7..."`},
		{name: "generic path", rule: "generic-secret", path: "app/app.conf", content: "secret_file=/run/secrets/db2/" + synth("gp", letters, 12) + "\n"},
	}
}

func TestRules(t *testing.T) {
	s, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	pos, neg := map[string]int{}, map[string]int{}
	for _, tc := range ruleCases() {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			path := tc.path
			if path == "" && !strings.HasPrefix(tc.name, "generic image") {
				path = "app/settings.conf"
			}
			fs := s.Scan(path, []byte(tc.content))
			var got []Finding
			for _, f := range fs {
				if f.RuleID == tc.rule {
					got = append(got, f)
				}
			}
			if tc.want != (len(got) > 0) {
				t.Fatalf("rule %s found=%v, want %v; findings: %+v", tc.rule, len(got) > 0, tc.want, fs)
			}
			for _, f := range fs {
				if tc.secret != "" && strings.Contains(f.Match, tc.secret) {
					t.Errorf("secret not masked in %q", f.Match)
				}
				if f.StartLine < 1 || f.EndLine < f.StartLine {
					t.Errorf("bad lines %d-%d", f.StartLine, f.EndLine)
				}
			}
			if tc.want {
				if len(got) != 1 {
					t.Errorf("got %d findings of %s, want 1: %+v", len(got), tc.rule, got)
				}
				if tc.rule == "private-key" {
					// The body is all mask; the BEGIN line is shown.
					if !strings.HasPrefix(strings.TrimSpace(got[0].Match), "-----BEGIN") && !strings.Contains(got[0].Match, "*") {
						t.Errorf("Match %q shows neither the BEGIN line nor a mask", got[0].Match)
					}
				} else if !strings.Contains(got[0].Match, "*") {
					t.Errorf("Match %q has no mask", got[0].Match)
				}
				if tc.secret != "" && tc.rule != "private-key" {
					if n := strings.Count(got[0].Match, "*"); n < min(len(tc.secret), maxMatchLen/2) {
						t.Errorf("Match %q masks %d bytes, secret has %d", got[0].Match, n, len(tc.secret))
					}
				}
			}
		})
		if tc.want {
			pos[tc.rule]++
		} else {
			neg[tc.rule]++
		}
	}
	for _, r := range BuiltinRules() {
		if pos[r.ID] == 0 || neg[r.ID] == 0 {
			t.Errorf("rule %s has %d positive and %d negative cases, want at least one of each", r.ID, pos[r.ID], neg[r.ID])
		}
	}
}

func TestWordy(t *testing.T) {
	for v, want := range map[string]bool{
		"s3_disable_express_session_auth": true,
		"DisableExpressSessionAuth2":      false, // camel case is left alone
		"secrets_manager_key_v2":          true,
		"PKCS8_PRIVATE_KEY_BLOB":          true,
		"db-credentials-2024":             true,
		synth("wordy1", alnum, 32):        false,
		synth("wordy2", hexLower, 32):     false,
		synth("wordy3", b64url, 40):       false,
		"4-v3ry-53cr37-p455w0rd":          false,
		"Zx8kQ2mN7pL4vR9tW3yB":            false,
	} {
		if got := wordy([]byte(v)); got != want {
			t.Errorf("wordy(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestBuiltinRulesWellFormed guards the table itself: unique IDs, valid
// fields, lowercase keywords that the regex can actually contain.
func TestBuiltinRulesWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range BuiltinRules() {
		if seen[r.ID] {
			t.Errorf("duplicate rule ID %s", r.ID)
		}
		seen[r.ID] = true
		if err := validateRule(r); err != nil {
			t.Error(err)
		}
		if r.Category == "" || r.Title == "" || len(r.Keywords) == 0 {
			t.Errorf("rule %s lacks category, title or keywords", r.ID)
		}
		for _, kw := range r.Keywords {
			if kw != strings.ToLower(kw) {
				t.Errorf("rule %s: keyword %q is not lowercase", r.ID, kw)
			}
		}
	}
	ids := map[string]bool{}
	for _, a := range BuiltinAllowRules() {
		if ids[a.ID] {
			t.Errorf("duplicate allow rule ID %s", a.ID)
		}
		ids[a.ID] = true
		if err := validateAllowRule(a); err != nil {
			t.Error(err)
		}
	}
}

// TestSingleLineRules pins which built-in rules may span lines: the others
// must stay line-local, or they lose the cheap per-line windows.
func TestSingleLineRules(t *testing.T) {
	multi := []string{"gcp-service-account-key", "private-key"}
	for _, r := range BuiltinRules() {
		got, err := canMatchNewline(r.Regex.String())
		if err != nil {
			t.Fatal(err)
		}
		if got != slices.Contains(multi, r.ID) {
			t.Errorf("rule %s: multi-line = %v", r.ID, got)
		}
	}
}
