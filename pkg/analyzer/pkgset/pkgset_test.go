package pkgset

import (
	"strings"
	"testing"
)

func TestSet(t *testing.T) {
	s := New("npm", "package-lock.json", 3)
	for _, nv := range [][2]string{{"b", "1.0.0"}, {"a", "2.0.0"}, {"b", "1.0.0"}, {"a", "1.0.0"}} {
		if err := s.Add(nv[0], nv[1]); err != nil {
			t.Fatal(err)
		}
	}
	got := s.Packages()
	var names []string
	for _, p := range got {
		if p.Ecosystem != "npm" || p.Path != "package-lock.json" {
			t.Errorf("package %+v", p)
		}
		names = append(names, p.Name+"@"+p.Version)
	}
	if strings.Join(names, " ") != "a@1.0.0 a@2.0.0 b@1.0.0" {
		t.Errorf("packages %v", names)
	}
	if err := s.Add("c", "1"); err == nil {
		t.Error("bound not enforced")
	}
}

func TestValidToken(t *testing.T) {
	for in, want := range map[string]bool{
		"lodash": true, "4.17.21": true, "": false, "a b": false, "x\x00": false,
		"\xff": false, strings.Repeat("a", MaxValueLen): true, strings.Repeat("a", MaxValueLen+1): false,
	} {
		if got := ValidToken(in); got != want {
			t.Errorf("ValidToken(%q) = %v", in, got)
		}
	}
}
