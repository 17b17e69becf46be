package dockerfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func mustParse(t *testing.T, src string) *File {
	t.Helper()
	f, err := Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

func stages(f *File) []map[string]any {
	var out []map[string]any
	for _, s := range f.Input["stages"].([]any) {
		out = append(out, s.(map[string]any))
	}
	return out
}

func commands(s map[string]any) []map[string]any {
	var out []map[string]any
	for _, c := range s["commands"].([]any) {
		out = append(out, c.(map[string]any))
	}
	return out
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestStages(t *testing.T) {
	f := mustParse(t, `ARG GO=1.22
ARG BASE
FROM --platform=$BUILDPLATFORM golang:${GO} AS Build
RUN go build -o /app .

FROM build as test
RUN go test ./...

FROM gcr.io/distroless/static@sha256:abc
COPY --from=build /app /app
`)
	if got := f.Input["path"]; got != "Dockerfile" {
		t.Errorf("path = %v", got)
	}
	args := f.Input["args"].([]any)
	if len(args) != 2 {
		t.Fatalf("args = %v", args)
	}
	a0 := args[0].(map[string]any)
	if a0["cmd"] != "arg" || !reflect.DeepEqual(strs(a0["value"]), []string{"GO=1.22"}) || a0["stage"] != -1 || a0["startLine"] != 1 {
		t.Errorf("args[0] = %v", a0)
	}
	ss := stages(f)
	if len(ss) != 3 {
		t.Fatalf("got %d stages", len(ss))
	}
	want := []struct {
		name, image, platform string
		from                  int
		n                     int
	}{
		{"build", "golang:${GO}", "$BUILDPLATFORM", 3, 2},
		{"test", "build", "", 6, 2},
		{"", "gcr.io/distroless/static@sha256:abc", "", 9, 2},
	}
	for i, w := range want {
		s := ss[i]
		if s["index"] != i || s["name"] != w.name || s["image"] != w.image || s["platform"] != w.platform {
			t.Errorf("stage %d = index %v name %q image %q platform %q", i, s["index"], s["name"], s["image"], s["platform"])
		}
		from := s["from"].(map[string]any)
		if from["cmd"] != "from" || from["startLine"] != w.from || from["stage"] != i {
			t.Errorf("stage %d from = %v", i, from)
		}
		cs := commands(s)
		if len(cs) != w.n || !reflect.DeepEqual(cs[0], from) {
			t.Errorf("stage %d commands = %v", i, cs)
		}
		for _, c := range cs {
			if c["stage"] != i {
				t.Errorf("stage %d command %v has stage %v", i, c["cmd"], c["stage"])
			}
		}
	}
	if got := strs(ss[0]["from"].(map[string]any)["value"]); !reflect.DeepEqual(got, []string{"golang:${GO}", "AS", "Build"}) {
		t.Errorf("from value = %q", got)
	}
	if got := strs(ss[0]["from"].(map[string]any)["flags"]); !reflect.DeepEqual(got, []string{"--platform=$BUILDPLATFORM"}) {
		t.Errorf("from flags = %q", got)
	}
	if f.Lines != 10 {
		t.Errorf("Lines = %d", f.Lines)
	}
	// The name warning of the linter is captured, not printed.
	if len(f.Warnings) == 0 || !strings.Contains(strings.Join(f.Warnings, "\n"), "line 3") {
		t.Errorf("Warnings = %q", f.Warnings)
	}
}

func TestJSONAndShellForm(t *testing.T) {
	f := mustParse(t, `FROM alpine:3.20
CMD ["nginx", "-g", "daemon off;"]
ENTRYPOINT /docker-entrypoint.sh --foo "bar baz"
RUN ["/bin/sh", "-c", "echo hi"]
RUN echo  hi   there
CMD [not json
`)
	cs := commands(stages(f)[0])
	tests := []struct {
		cmd   string
		json  bool
		value []string
	}{
		{"from", false, []string{"alpine:3.20"}},
		{"cmd", true, []string{"nginx", "-g", "daemon off;"}},
		{"entrypoint", false, []string{`/docker-entrypoint.sh --foo "bar baz"`}},
		{"run", true, []string{"/bin/sh", "-c", "echo hi"}},
		{"run", false, []string{"echo  hi   there"}},
		{"cmd", false, []string{"[not json"}},
	}
	for i, tt := range tests {
		c := cs[i]
		if c["cmd"] != tt.cmd || c["json"] != tt.json || !reflect.DeepEqual(strs(c["value"]), tt.value) {
			t.Errorf("command %d = cmd %v json %v value %q; want %v %v %q", i, c["cmd"], c["json"], strs(c["value"]), tt.cmd, tt.json, tt.value)
		}
		if c["startLine"] != i+1 || c["endLine"] != i+1 {
			t.Errorf("command %d lines %v-%v", i, c["startLine"], c["endLine"])
		}
	}
}

func TestContinuations(t *testing.T) {
	f := mustParse(t, `FROM debian:12
RUN apt-get update \
    # a comment inside the instruction
    && apt-get install -y --no-install-recommends \
       curl \
    && rm -rf /var/lib/apt/lists/*
USER app
`)
	cs := commands(stages(f)[0])
	run := cs[1]
	if run["startLine"] != 2 || run["endLine"] != 6 {
		t.Errorf("RUN spans %v-%v, want 2-6", run["startLine"], run["endLine"])
	}
	v := strs(run["value"])
	if len(v) != 1 || !strings.Contains(v[0], "apt-get update") || !strings.Contains(v[0], "rm -rf /var/lib/apt/lists/*") || strings.Contains(v[0], "comment") {
		t.Errorf("RUN value = %q", v)
	}
	if cs[2]["startLine"] != 7 || cs[2]["cmd"] != "user" {
		t.Errorf("USER = %v", cs[2])
	}
}

func TestEscapeDirective(t *testing.T) {
	data, err := os.ReadFile("testdata/escape.Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("escape.Dockerfile", data)
	if err != nil {
		t.Fatal(err)
	}
	cs := commands(stages(f)[0])
	if cs[1]["startLine"] != 3 || cs[1]["endLine"] != 4 {
		t.Errorf("RUN spans %v-%v", cs[1]["startLine"], cs[1]["endLine"])
	}
	if got := strs(cs[2]["value"]); !reflect.DeepEqual(got, []string{`C:\app`}) {
		t.Errorf("WORKDIR value = %q", got)
	}
}

func TestHeredocs(t *testing.T) {
	f := mustParse(t, "FROM alpine:3.20\n"+
		"RUN <<EOF\n"+
		"set -e\n"+
		"apk add --no-cache curl\n"+
		"EOF\n"+
		"COPY <<-EOT /etc/motd\n"+
		"\thello\n"+
		"\tEOT\n"+
		"RUN <<A cat && <<B cat\n"+
		"a\n"+
		"A\n"+
		"b\n"+
		"B\n"+
		"USER nobody\n")
	cs := commands(stages(f)[0])
	want := []struct {
		start, end int
		heredocs   []string
	}{
		{2, 5, []string{"set -e\napk add --no-cache curl\n"}},
		{6, 8, []string{"hello\n"}},
		{9, 13, []string{"a\n", "b\n"}},
		{14, 14, nil},
	}
	for i, w := range want {
		c := cs[i+1]
		if c["startLine"] != w.start || c["endLine"] != w.end {
			t.Errorf("%v spans %v-%v, want %d-%d", c["cmd"], c["startLine"], c["endLine"], w.start, w.end)
		}
		if got := strs(c["heredocs"]); !reflect.DeepEqual(got, w.heredocs) {
			t.Errorf("%v heredocs = %q, want %q", c["cmd"], got, w.heredocs)
		}
	}
}

func TestFlagsAndValues(t *testing.T) {
	f := mustParse(t, `FROM alpine:3.20
COPY --from=build --chown=app:app --chmod=0755 /out/app /usr/bin/
ADD --checksum=sha256:abc https://example.com/x.tgz /tmp/
RUN --mount=type=secret,id=npm,target=/root/.npmrc --network=none npm ci
ENV A=1 B="two words" C='x'
ENV LEGACY value with spaces
LABEL org.opencontainers.image.title="app"
EXPOSE 8080 22/tcp
HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:8080/health
ONBUILD RUN echo hi
USER app
`)
	cs := commands(stages(f)[0])
	tests := []struct {
		flags []string
		value []string
	}{
		{nil, []string{"alpine:3.20"}},
		{[]string{"--from=build", "--chown=app:app", "--chmod=0755"}, []string{"/out/app", "/usr/bin/"}},
		{[]string{"--checksum=sha256:abc"}, []string{"https://example.com/x.tgz", "/tmp/"}},
		{[]string{"--mount=type=secret,id=npm,target=/root/.npmrc", "--network=none"}, []string{"npm ci"}},
		{nil, []string{"A", "1", "B", "two words", "C", "x"}},
		{nil, []string{"LEGACY", "value with spaces"}},
		{nil, []string{"org.opencontainers.image.title", "app"}},
		{nil, []string{"8080", "22/tcp"}},
		{[]string{"--interval=30s"}, []string{"CMD", "wget -qO- http://localhost:8080/health"}},
		{nil, []string{"RUN", "echo hi"}},
		{nil, []string{"app"}},
	}
	for i, tt := range tests {
		c := cs[i]
		if got := strs(c["flags"]); !reflect.DeepEqual(got, tt.flags) {
			t.Errorf("%v flags = %q, want %q", c["cmd"], got, tt.flags)
		}
		if got := strs(c["value"]); !reflect.DeepEqual(got, tt.value) {
			t.Errorf("%v value = %q, want %q", c["cmd"], got, tt.value)
		}
	}
	if cs[1]["original"] != "COPY --from=build --chown=app:app --chmod=0755 /out/app /usr/bin/" {
		t.Errorf("original = %q", cs[1]["original"])
	}
}

func TestIgnores(t *testing.T) {
	f := mustParse(t, `# syntax=docker/dockerfile:1
# palisade:ignore=PAL-DF-002
FROM alpine:3.20
# palisade:ignore=PAL-DF-013, PAL-DF-007 not needed here
RUN apk add curl \
    && sudo true
# an unrelated comment
RUN apt-get update && \
    # palisade:ignore=PAL-DF-009
    apt-get install -y curl
#palisade:ignore=
# palisade:ignore=PAL-DF-001
`)
	want := []Ignore{
		{IDs: []string{"PAL-DF-002"}, StartLine: 1, EndLine: 12},
		{IDs: []string{"PAL-DF-013", "PAL-DF-007"}, StartLine: 5, EndLine: 6},
		{IDs: []string{"PAL-DF-009"}, StartLine: 8, EndLine: 10},
	}
	if !reflect.DeepEqual(f.Ignores, want) {
		t.Errorf("Ignores = %+v\nwant %+v", f.Ignores, want)
	}

	// A comment right above the first instruction still covers the file.
	f = mustParse(t, "# palisade:ignore=PAL-DF-001\nFROM alpine:3.20\nRUN true")
	if want := []Ignore{{IDs: []string{"PAL-DF-001"}, StartLine: 1, EndLine: 3}}; !reflect.DeepEqual(f.Ignores, want) {
		t.Errorf("Ignores = %+v", f.Ignores)
	}
	// The applied-to instruction may be several lines further down.
	f = mustParse(t, "FROM alpine:3.20\n# palisade:ignore=PAL-DF-005\n\n# why\nRUN true\n")
	if want := []Ignore{{IDs: []string{"PAL-DF-005"}, StartLine: 5, EndLine: 5}}; !reflect.DeepEqual(f.Ignores, want) {
		t.Errorf("Ignores = %+v", f.Ignores)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
		target    error
	}{
		{"unknown instruction", "FROM alpine\nRUN true\nFOO bar\n", "Dockerfile:3: unknown instruction FOO", nil},
		{"before FROM", "RUN true\nFROM alpine\n", "Dockerfile:1: RUN before the first FROM", nil},
		{"empty", "", "Dockerfile: no instructions", ErrNoInstructions},
		{"comments only", "# nothing\n\n", "Dockerfile: no instructions", ErrNoInstructions},
		{"no FROM", "ARG X=1\n", "Dockerfile: no FROM instruction", ErrNoStage},
		{"bad escape", "# escape=x\nFROM alpine\n", "Dockerfile:1: invalid escape token", nil},
		{"unterminated heredoc", "FROM alpine\nRUN <<EOF\necho\n", "Dockerfile:2: unterminated heredoc", nil},
		{"FROM arguments", "FROM alpine\nFROM a b\n", "Dockerfile:2: FROM requires either one or three arguments", nil},
		{"unknown flag", "FROM alpine\nCOPY --bogus=1 a b\n", "Dockerfile:2: unknown flag: --bogus", nil},
		{"bad stage name", "FROM alpine AS 1st\n", "Dockerfile:1: invalid name for build stage", nil},
		{"long line", "FROM alpine\nRUN " + strings.Repeat("x", 70000) + "\n", "Dockerfile:", nil},
		{"NUL", "FROM alpine\nRUN a\x00\n", "Dockerfile:2: binary content", ErrBinary},
		{"UTF-16", "\xff\xfeF\x00R\x00", "Dockerfile:1: binary content", ErrBinary},
		{"invalid UTF-8", "FROM alpine\nRUN \xc3\x28\n", "Dockerfile:2: invalid UTF-8", ErrInvalidUTF8},
		{"too large", "FROM alpine\n" + strings.Repeat("# comment\n", MaxSize/10), "Dockerfile: file is larger than 10 MiB", ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("Dockerfile", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; input %v", f.Input)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q, want prefix %q", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Path != "Dockerfile" {
				t.Errorf("error %T is not a *ParseError for the path", err)
			}
			if tt.target != nil && !errors.Is(err, tt.target) {
				t.Errorf("error %v is not %v", err, tt.target)
			}
		})
	}
}

func TestBOMAndCRLF(t *testing.T) {
	f := mustParse(t, "\ufeffFROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\nUSER app\r\n")
	cs := commands(stages(f)[0])
	if cs[0]["cmd"] != "from" || cs[1]["startLine"] != 2 || cs[1]["endLine"] != 3 || cs[2]["startLine"] != 4 {
		t.Errorf("commands = %v", cs)
	}
}

func TestIsDockerfile(t *testing.T) {
	yes := []string{"Dockerfile", "dockerfile", "DOCKERFILE", "Containerfile", "src/app/Dockerfile",
		"Dockerfile.prod", "dockerfile.dev", "Containerfile.arm64", "api.Dockerfile", "web.dockerfile", "x.containerfile"}
	no := []string{"Dockerfile.md", "Dockerfile.dockerignore", "Dockerfile.j2", "Dockerfile.bak", "Dockerfile.yaml",
		"Dockerfile.", ".Dockerfile", "Dockerfiles", "dockerfile-lint.json", "README.md", "docker-compose.yml", "Dockerfile.d/x"}
	for _, n := range yes {
		if !IsDockerfile(n) {
			t.Errorf("IsDockerfile(%q) = false", n)
		}
	}
	for _, n := range no {
		if IsDockerfile(n) {
			t.Errorf("IsDockerfile(%q) = true", n)
		}
	}
}

func TestFixtures(t *testing.T) {
	for _, p := range fixtures(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(filepath.Base(p), data)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if len(stages(f)) == 0 {
			t.Errorf("%s: no stages", p)
		}
	}
}

// fixtures lists this package's test Dockerfiles and the rule fixtures.
func fixtures(t testing.TB) []string {
	var out []string
	for _, g := range []string{"testdata/*.Dockerfile", "../../../rules/docker/testdata/*/*.Dockerfile"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	return out
}

func FuzzParse(f *testing.F) {
	for _, p := range fixtures(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("FROM a\nRUN <<EOF\nx\nEOF\n"))
	f.Add([]byte("# escape=`\nFROM a\nRUN a `\n b\n"))
	f.Add([]byte("ARG A\nFROM ${A} AS b\nONBUILD RUN x\nHEALTHCHECK NONE\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("Dockerfile", data)
		if err != nil {
			if strings.Contains(err.Error(), "internal parser error") {
				t.Fatalf("recovered panic: %v", err)
			}
			if file != nil {
				t.Fatal("file and error")
			}
			return
		}
		if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
			t.Fatal("accepted binary or invalid UTF-8")
		}
		if len(stages(file)) == 0 {
			t.Fatal("no stages without error")
		}
		for _, s := range stages(file) {
			for _, c := range commands(s) {
				start, end := c["startLine"].(int), c["endLine"].(int)
				if start < 1 || end < start || end > file.Lines {
					t.Fatalf("%v spans %d-%d of %d lines", c["cmd"], start, end, file.Lines)
				}
			}
		}
		for _, ig := range file.Ignores {
			if ig.StartLine < 1 || ig.EndLine < ig.StartLine || ig.EndLine > file.Lines || len(ig.IDs) == 0 {
				t.Fatalf("bad ignore %+v of %d lines", ig, file.Lines)
			}
		}
	})
}
