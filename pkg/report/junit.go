package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/palisadesec/palisade/pkg/finding"
)

// JUnit XML as Jenkins, GitLab and Azure Pipelines read it: one test suite
// per scanned target and one test case per finding, which fails. Suppressed
// findings are skipped test cases, errors of a target error test cases, and a
// target without findings or errors has one passing test case, so that a
// clean scan still shows up in the CI's test view.
type junitTestSuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Skipped  int              `xml:"skipped,attr"`
	Suites   []junitTestSuite `xml:"testsuite"`
}

type junitTestSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitTestCase `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

// junitProblem is a failure or an error. Its body is CDATA so that the file
// stays readable (encoding/xml escapes every newline of character data).
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitWriter struct{}

func (junitWriter) Write(w io.Writer, r *finding.Report) error {
	if r == nil {
		return errNilReport
	}
	doc := junitTestSuites{Name: "palisade", Suites: []junitTestSuite{}}
	for _, res := range r.Results {
		s := junitSuite(r, res)
		doc.Suites = append(doc.Suites, s)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	return nil
}

func junitSuite(r *finding.Report, res finding.Result) junitTestSuite {
	s := junitTestSuite{Name: res.Target, Properties: junitProperties(res)}
	if !r.CreatedAt.IsZero() {
		// JUnit timestamps are ISO 8601 without a zone; the report's is UTC.
		s.Timestamp = r.CreatedAt.UTC().Format("2006-01-02T15:04:05")
	}
	for _, f := range res.Findings {
		s.Cases = append(s.Cases, junitTestCase{
			Classname: res.Target, Name: junitCaseName(f),
			Failure: &junitProblem{Message: junitMessage(f), Type: f.Severity.String(), Body: xmlChars(junitBody(f))},
		})
		s.Failures++
	}
	for _, f := range res.Suppressed {
		s.Cases = append(s.Cases, junitTestCase{
			Classname: res.Target, Name: junitCaseName(f),
			Skipped: &junitSkipped{Message: suppressedBy(f.Suppression)},
		})
		s.Skipped++
	}
	for _, e := range res.Errors {
		s.Cases = append(s.Cases, junitTestCase{
			Classname: res.Target, Name: "error: " + e,
			Error: &junitProblem{Message: e, Type: "error", Body: xmlChars(res.Target + ": " + e)},
		})
		s.Errors++
	}
	if len(res.Findings) == 0 && len(res.Errors) == 0 {
		s.Cases = append(s.Cases, junitTestCase{Classname: res.Target, Name: "no findings"})
	}
	s.Tests = len(s.Cases)
	return s
}

func junitProperties(res finding.Result) []junitProperty {
	ps := []junitProperty{{Name: "kind", Value: string(res.Kind)}}
	if res.Cluster != "" {
		ps = append(ps, junitProperty{Name: "cluster", Value: res.Cluster})
	}
	if res.OS != nil {
		ps = append(ps, junitProperty{Name: "os", Value: res.OS.Family + " " + res.OS.Version})
	}
	return ps
}

// junitCaseName is "ID: title (where)", where being a file and line, an
// object or a package.
func junitCaseName(f finding.Finding) string {
	name := f.ID
	if f.Title != "" {
		name += ": " + f.Title
	}
	if w := where(f); w != "" {
		name += " (" + w + ")"
	}
	return name
}

func junitMessage(f finding.Finding) string {
	switch {
	case f.Message != "":
		return f.Message
	case f.Title != "":
		return f.Title
	}
	return f.ID
}

func junitBody(f finding.Finding) string {
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%s: %s\n", label, value)
		}
	}
	line("ID", f.ID)
	line("Title", f.Title)
	line("Severity", f.Severity.String())
	line("Message", f.Message)
	if f.Resource != nil {
		res := resourceName(f.Resource)
		if f.Resource.APIVersion != "" {
			res += " (" + f.Resource.APIVersion + ")"
		}
		line("Resource", res)
	}
	if f.Location != nil && f.Location.Path != "" {
		loc := f.Location.Path
		if l := lines(f.Location); l != "" {
			loc += ":" + l
		}
		line("Location", loc)
	}
	if p := f.Package; p != nil {
		line("Package", p.Name)
		line("Installed", p.Version)
		line("Fixed", orNone(p.FixedVersion))
		line("Path", p.Path)
	}
	line("Description", f.Description)
	line("Remediation", f.Remediation)
	line("Compliance", strings.Join(f.Compliance, ", "))
	if len(f.References) > 0 {
		b.WriteString("References:\n")
		for _, ref := range f.References {
			fmt.Fprintf(&b, "  %s\n", ref)
		}
	}
	return b.String()
}

func suppressedBy(s *finding.Suppression) string {
	if s == nil || s.Kind == "" {
		return "suppressed"
	}
	msg := "suppressed by " + s.Kind
	if s.Justification != "" {
		msg += ": " + s.Justification
	}
	return msg
}

// xmlChars replaces what XML 1.0 cannot hold, control characters and bytes
// that are not UTF-8, with U+FFFD. encoding/xml does so for attributes and
// character data but writes CDATA as it is.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF && r != utf8.RuneError,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}
