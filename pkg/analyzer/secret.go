package analyzer

import (
	"context"

	"github.com/palisadesec/palisade/pkg/secret"
)

// secretAnalyzer looks for credentials in every text file it is given.
type secretAnalyzer struct {
	sc      *secret.Scanner
	version int
}

// Secrets returns an analyzer that reports credentials found by sc.
// configVersion must change whenever the scanner's rules do (a hash of the
// user's secret config), because it is part of the layer cache key.
func Secrets(sc *secret.Scanner, configVersion int) Analyzer {
	return secretAnalyzer{sc: sc, version: configVersion}
}

func (a secretAnalyzer) Name() string { return "secret" }

// Version is the rule set's version (1) combined with the user's config.
func (a secretAnalyzer) Version() int { return 1*1_000_003 + a.version }

func (a secretAnalyzer) Required(p string) bool { return a.sc.Wants(p) }

// MaxSize keeps huge files (archives, databases) out of the secret scan.
func (a secretAnalyzer) MaxSize() int64 { return secret.MaxFileSize }

func (a secretAnalyzer) Analyze(_ context.Context, in Input) (*Result, error) {
	fs := a.sc.Scan(in.Path, in.Content)
	if len(fs) == 0 {
		return nil, nil
	}
	res := &Result{}
	for _, f := range fs {
		res.Secrets = append(res.Secrets, Secret{
			RuleID: f.RuleID, Category: f.Category, Title: f.Title, Severity: f.Severity,
			StartLine: f.StartLine, EndLine: f.EndLine, Match: f.Match,
		})
	}
	return res, nil
}
