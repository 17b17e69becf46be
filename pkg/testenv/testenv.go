// Package testenv lets tests that need something from the machine (a tool,
// root, the kernel, a cluster) skip on a developer's laptop with a message
// naming what is missing, and fail instead when CI=true: a CI run that skips
// its real tests proves nothing.
package testenv

import (
	"os"
	"testing"
)

// InCI reports whether the tests run in CI (CI=true).
func InCI() bool { return os.Getenv("CI") == "true" }

// Skip skips the test outside CI and fails it in CI.
func Skip(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true, so this cannot be skipped: "+format, args...)
	}
	t.Skipf(format, args...)
}
