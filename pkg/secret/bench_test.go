package secret

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// corpusLines are typical lines of code, configuration and documentation,
// with the words that are keywords of built-in rules (token, password,
// secret, key, aws, "://", "sk" in task and disk) at a realistic density.
var corpusLines = []string{
	"func (s *%s) Handle(ctx context.Context, req *Request) (*Response, error) {",
	"\tif err := s.validate(req.%s); err != nil {",
	"\t\treturn nil, fmt.Errorf(\"validate %s: %%w\", err)",
	"\t}",
	"\ttoken, err := s.tokenSource.Token(ctx)",
	"\tfor i, item := range req.Items {",
	"\t\ttotal += item.Price * float64(item.Quantity) // %s",
	"}",
	"",
	"import os, sys, json, logging",
	"logger = logging.getLogger(__name__)",
	"def %s(self, request, *args, **kwargs):",
	"    password = request.POST.get('password')",
	"    if not self.check_password(password):",
	"        raise PermissionDenied('invalid credentials for %s')",
	"    return JsonResponse({'status': 'ok', 'task': task_id})",
	"SECRET_KEY = os.environ['SECRET_KEY']",
	"  - name: %s",
	"    image: registry.example.com/team/%s:1.4.2",
	"    env:",
	"      - name: AWS_REGION",
	"        value: eu-west-1",
	"      - name: API_TOKEN",
	"        valueFrom: {secretKeyRef: {name: api, key: token}}",
	"    resources: {limits: {cpu: 500m, memory: 256Mi}}",
	"#!/bin/sh",
	"set -eu",
	"apt-get update && apt-get install -y --no-install-recommends ca-certificates curl",
	"curl -fsSL https://downloads.example.org/%s/release.tar.gz | tar -xz -C /opt",
	"echo \"disk usage: $(df -h / | tail -1)\" >> /var/log/%s.log",
	"The %s module parses the configuration file and returns a map of settings.",
	"Each task is retried three times before the scheduler marks it as failed.",
	"See https://docs.example.org/%s for the list of supported options.",
	"const handler = async (event) => { const key = event.pathParameters.id; return db.get(key); };",
	"  \"name\": \"%s\", \"version\": \"2.3.1\", \"license\": \"MIT\",",
	"    <dependency><groupId>org.example</groupId><artifactId>%s</artifactId></dependency>",
	"  private static final Logger LOG = LoggerFactory.getLogger(%s.class);",
	"  public String getToken() { return this.token; }",
	"ssl_certificate_key /etc/nginx/ssl/%s.key;",
	"proxy_pass http://%s:8080;",
	"# vim: set ts=4 sw=4 et:",
	"%s = %s + 1",
	"if (mask & %s) != 0 { return ask(%s) }",
}

var words = []string{"server", "client", "parser", "config", "worker", "session", "cache", "queue", "metrics", "storage", "router", "scheduler"}

// benchCorpus returns files of generated text totalling about size bytes;
// with secrets, one file in twenty has a token or a private key.
func benchCorpus(size int, secrets bool) [][]byte {
	r := rand.New(rand.NewPCG(42, uint64(size)))
	var files [][]byte
	total := 0
	for n := 0; total < size; n++ {
		var b strings.Builder
		fileSize := 512 << r.IntN(8) // 512 B to 64 KiB
		for b.Len() < fileSize {
			line := corpusLines[r.IntN(len(corpusLines))]
			for strings.Contains(line, "%s") {
				line = strings.Replace(line, "%s", words[r.IntN(len(words))]+fmt.Sprint(r.IntN(100)), 1)
			}
			b.WriteString(strings.ReplaceAll(line, "%%", "%"))
			b.WriteByte('\n')
		}
		if secrets && n%20 == 0 {
			switch n % 60 {
			case 0:
				fmt.Fprintf(&b, "GITHUB_TOKEN=ghp_%s\n", synth(fmt.Sprint("bench", n), alnum, 36))
			case 20:
				fmt.Fprintf(&b, "aws_secret_access_key = %s\n", synth(fmt.Sprint("bench", n), b64, 40))
			default:
				b.WriteString("-----BEGIN RSA PRIVATE KEY-----\n" + pemBody(fmt.Sprint("bench", n), 25) + "-----END RSA PRIVATE KEY-----\n")
			}
		}
		files = append(files, []byte(b.String()))
		total += b.Len()
	}
	return files
}

func BenchmarkScan(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name    string
		secrets bool
	}{{"clean", false}, {"secrets", true}} {
		files := benchCorpus(8<<20, bc.secrets)
		var size int64
		for _, f := range files {
			size += int64(len(f))
		}
		paths := make([]string, len(files))
		for i := range files {
			paths[i] = fmt.Sprintf("app/src/file%d.conf", i)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			findings := 0
			cpu := cpuTime()
			for b.Loop() {
				findings = 0
				for i, f := range files {
					findings += len(s.Scan(paths[i], f))
				}
			}
			reportCPU(b, size, cpuTime()-cpu)
			if bc.secrets != (findings > 0) {
				b.Fatalf("%d findings", findings)
			}
		})
	}
}

// BenchmarkKeywords measures the keyword pass alone, the floor of Scan.
func BenchmarkKeywords(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	files := benchCorpus(8<<20, false)
	var size int64
	for _, f := range files {
		size += int64(len(f))
	}
	b.SetBytes(size)
	hits := 0
	cpu := cpuTime()
	for b.Loop() {
		for _, f := range files {
			s.kw.scan(f, func(int, int) { hits++ })
		}
	}
	reportCPU(b, size, cpuTime()-cpu)
}

// reportCPU adds MB per CPU second, which a loaded machine distorts less
// than wall-clock MB/s.
func reportCPU(b *testing.B, size int64, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "cpu-MB/s")
	}
}

func BenchmarkWants(b *testing.B) {
	s, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	paths := []string{
		"usr/share/doc/libssl3/changelog.Debian.gz", "etc/nginx/nginx.conf", "app/node_modules/lodash/lodash.js",
		"usr/lib/x86_64-linux-gnu/libc.so.6", "opt/app/src/main/resources/application.yaml", "app/server.py",
	}
	for b.Loop() {
		for _, p := range paths {
			s.Wants(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/path")
}
