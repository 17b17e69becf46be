package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
)

// MaxImportSize bounds what Import reads.
const MaxImportSize = 64 << 20

// document is the export format.
type document struct {
	SchemaVersion int     `json:"schemaVersion"`
	Models        []Model `json:"models"`
}

// Export writes the models whose key match accepts (all if match is nil)
// as an indented JSON document {"schemaVersion":1,"models":[...]}, sorted
// by key.
func (b *Baseline) Export(w io.Writer, match func(Key) bool) error {
	all := b.Models()
	doc := document{SchemaVersion: SchemaVersion, Models: make([]Model, 0, len(all))}
	for _, m := range all {
		if match == nil || match(m.Key) {
			doc.Models = append(doc.Models, m)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing baseline export: %w", err)
	}
	return nil
}

// ImportOptions controls Import.
type ImportOptions struct {
	// Cluster, when set, replaces the cluster of every imported model, so
	// that models learned in one cluster can seed another. "" keeps the
	// clusters of the document.
	Cluster string
	// Replace makes an imported model replace an existing one of the same
	// key. Otherwise they are merged: the union of their behaviours, the
	// more advanced of their states.
	Replace bool
}

// Import reads a document written by Export (at most MaxImportSize bytes)
// and adds its models, then flushes. The whole document is validated
// before anything changes; it returns how many models were imported.
func (b *Baseline) Import(r io.Reader, opts ImportOptions) (int, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return 0, fmt.Errorf("reading baseline document: %w", err)
	}
	if len(data) > MaxImportSize {
		return 0, fmt.Errorf("baseline document larger than %d MiB", MaxImportSize>>20)
	}
	models, err := parseDocument(data, b.cfg.maxBehaviors)
	if err != nil {
		return 0, err
	}
	if opts.Cluster != "" {
		if err := validateField("cluster", opts.Cluster); err != nil {
			return 0, err
		}
		for i := range models {
			models[i].Key.Cluster = opts.Cluster
		}
	}
	seen := make(map[Key]bool, len(models))
	for _, m := range models {
		if seen[m.Key] {
			return 0, fmt.Errorf("baseline document has two models for %s", shortKey(m.Key))
		}
		seen[m.Key] = true
	}

	b.io.Lock()
	defer b.io.Unlock()
	if b.db == nil {
		return 0, ErrClosed
	}
	now := b.cfg.clock()
	b.mu.Lock()
	for _, m := range models {
		if e, ok := b.models[m.Key]; ok && !opts.Replace {
			b.merge(e, m, now)
			continue
		}
		e := entryFrom(m)
		b.models[m.Key] = e
		b.markDirty(e)
	}
	b.mu.Unlock()
	return len(models), b.flushLocked()
}

// merge folds an imported model into e. b.mu must be held.
func (b *Baseline) merge(e *entry, m Model, now time.Time) {
	e.m.Overflow = max(e.m.Overflow, m.Overflow)
	for k, vals := range m.Behaviors {
		ki := kindIndex(k)
		for _, v := range vals {
			if _, ok := e.sets[ki][v]; ok {
				continue
			}
			if len(e.sets[ki]) >= b.cfg.maxBehaviors {
				e.m.Overflow++
				continue
			}
			e.add(ki, v)
		}
	}
	switch in, have := m.State.rank(), e.m.State.rank(); {
	case in > have:
		e.m.State, e.m.ActiveTime = m.State, m.ActiveTime
		e.m.TrialDeviations = slices.Clone(m.TrialDeviations)
	case in == have:
		e.m.ActiveTime = max(e.m.ActiveTime, m.ActiveTime)
		for _, d := range m.TrialDeviations {
			if !slices.Contains(e.m.TrialDeviations, d) {
				e.m.TrialDeviations = append(e.m.TrialDeviations, d)
			}
		}
	}
	e.m.Relearns = max(e.m.Relearns, m.Relearns)
	if !m.Created.IsZero() && (e.m.Created.IsZero() || m.Created.Before(e.m.Created)) {
		e.m.Created = m.Created
	}
	// LastSeen stays ours: it measures our containers' gaps.
	e.m.Updated = now
	b.markDirty(e)
}

// parseDocument decodes and validates an export document.
func parseDocument(data []byte, maxPerKind int) ([]Model, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc struct {
		SchemaVersion *int              `json:"schemaVersion"`
		Models        []json.RawMessage `json:"models"`
	}
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parsing baseline document: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("parsing baseline document: data after the document")
	}
	switch {
	case doc.SchemaVersion == nil:
		return nil, errors.New("baseline document has no schemaVersion")
	case *doc.SchemaVersion != SchemaVersion:
		return nil, fmt.Errorf("baseline document has schemaVersion %d, want %d", *doc.SchemaVersion, SchemaVersion)
	case doc.Models == nil:
		return nil, errors.New("baseline document has no models list")
	}
	models := make([]Model, len(doc.Models))
	for i, raw := range doc.Models {
		if err := json.Unmarshal(raw, &models[i]); err != nil {
			return nil, fmt.Errorf("baseline model %d: %w", i, err)
		}
		if err := validateModel(&models[i], maxPerKind, i); err != nil {
			return nil, err
		}
	}
	return models, nil
}

// maxField bounds each key field; generous, as kubeconfig context names
// have no limit of their own.
const maxField = 1024

var digestRE = regexp.MustCompile(`^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`)

// shortKey is Key.String bounded for error messages.
func shortKey(k Key) string {
	s := k.String()
	if len(s) > 120 {
		s = strings.ToValidUTF8(s[:117], "") + "..."
	}
	return s
}

func validateField(name, v string) error {
	if len(v) > maxField {
		return fmt.Errorf("%s longer than %d bytes", name, maxField)
	}
	if !printable(v) {
		return fmt.Errorf("%s %.80q has unprintable characters", name, v)
	}
	return nil
}

func validateKey(k Key) error {
	if k.Repository == "" {
		return errors.New("key has no repository")
	}
	if k.Digest != "" && !digestRE.MatchString(k.Digest) {
		return fmt.Errorf("digest %.80q is not algorithm:hex", k.Digest)
	}
	return errors.Join(
		validateField("cluster", k.Cluster),
		validateField("namespace", k.Namespace),
		validateField("repository", k.Repository),
	)
}

// validateModel checks a decoded model and normalises its lists (sorted,
// deduplicated). maxPerKind 0 means no limit; index names the model in
// errors (-1 for none). Errors are one line.
func validateModel(m *Model, maxPerKind, index int) (err error) {
	defer func() {
		if err != nil && index >= 0 {
			err = fmt.Errorf("baseline model %d (%s): %w", index, shortKey(m.Key), err)
		}
	}()
	if err := validateKey(m.Key); err != nil {
		return err
	}
	if m.State.rank() == 0 {
		return fmt.Errorf("unknown state %.20q", m.State)
	}
	if m.ActiveTime < 0 || m.Relearns < 0 || m.Overflow < 0 {
		return errors.New("negative activeTime, relearns or overflow")
	}
	for k, vals := range m.Behaviors {
		if kindIndex(k) < 0 {
			return fmt.Errorf("unknown behaviour kind %.20q", k)
		}
		for _, v := range vals {
			if !validValue(k, v) {
				return fmt.Errorf("invalid %s behaviour %.80q", k, v)
			}
		}
		vals = slices.Compact(slices.Sorted(slices.Values(vals)))
		if maxPerKind > 0 && len(vals) > maxPerKind {
			return fmt.Errorf("%d %s behaviours, more than the limit of %d", len(vals), k, maxPerKind)
		}
		m.Behaviors[k] = vals
	}
	if len(m.TrialDeviations) > 0 && m.State != StateTrial {
		return fmt.Errorf("trialDeviations in state %s", m.State)
	}
	for _, d := range m.TrialDeviations {
		k, v, ok := cutDeviation(d)
		if !ok || kindIndex(k) < 0 || !validValue(k, v) {
			return fmt.Errorf("invalid trial deviation %.80q", d)
		}
	}
	m.TrialDeviations = slices.Compact(slices.Sorted(slices.Values(m.TrialDeviations)))
	if len(m.TrialDeviations) == 0 {
		m.TrialDeviations = nil
	}
	return nil
}
