package compliance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Formats lists the output formats of Write.
func Formats() []string { return []string{"table", "json", "sarif"} }

// Write renders assessments in format (table, json or sarif); version is
// the tool version SARIF names.
func Write(w io.Writer, format string, as []Assessment, version string) error {
	switch strings.ToLower(format) {
	case "table":
		return WriteTable(w, as)
	case "json":
		return WriteJSON(w, as)
	case "sarif":
		return WriteSARIF(w, as, version)
	}
	return fmt.Errorf("unknown format %q (want table, json or sarif)", format)
}

// maxTableFailing bounds the failing resources the table lists per control.
const maxTableFailing = 10

// WriteTable writes plain text: per framework and cluster a summary line,
// then each control with its status and failing resources.
func WriteTable(w io.Writer, as []Assessment) error {
	for i, a := range as {
		if i > 0 {
			fmt.Fprintln(w)
		}
		cluster := a.Cluster
		if cluster == "" {
			cluster = "(no cluster)"
		}
		fmt.Fprintf(w, "%s %s, cluster %s\n", a.Title, a.Version, cluster)
		fmt.Fprintf(w, "%d controls: %d PASS, %d FAIL, %d MANUAL, %d NOT ASSESSED; pass rate %.1f%%\n\n",
			len(a.Controls), a.Counts[StatusPass], a.Counts[StatusFail], a.Counts[StatusManual], a.Counts[StatusNotAssessed], a.PassRate)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CONTROL\tSTATUS\tTITLE")
		for _, c := range a.Controls {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", c.ID, c.Status, c.Title)
			for k, f := range c.Failing {
				if k == maxTableFailing {
					fmt.Fprintf(tw, "\t\t  ... and %d more\n", len(c.Failing)-k)
					break
				}
				fmt.Fprintf(tw, "\t\t  %s %s: %s\n", f.Rule, where(f), f.Message)
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// where names the failing thing: target, then resource or file location.
func where(f Failing) string {
	s := f.Target
	if f.Resource != "" {
		s += " " + f.Resource
	}
	if f.Location != "" && f.Location != f.Target && !strings.HasPrefix(f.Location, f.Target+":") {
		s += " " + f.Location
	} else if f.Location != "" {
		s = f.Location
		if f.Resource != "" {
			s += " " + f.Resource
		}
	}
	return s
}

// Document is the JSON form of assessments (--format json).
type Document struct {
	SchemaVersion int          `json:"schemaVersion"`
	Frameworks    []Assessment `json:"frameworks"`
}

// WriteJSON writes {"schemaVersion":1,"frameworks":[...]}.
func WriteJSON(w io.Writer, as []Assessment) error {
	doc := Document{SchemaVersion: 1, Frameworks: as}
	if doc.Frameworks == nil {
		doc.Frameworks = []Assessment{}
	}
	for i := range doc.Frameworks {
		for k := range doc.Frameworks[i].Controls {
			c := &doc.Frameworks[i].Controls[k]
			if c.Failing == nil {
				c.Failing = []Failing{}
			}
			if c.Evidence == nil {
				c.Evidence = []string{}
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// The SARIF 2.1.0 subset GitHub code scanning reads, like pkg/report's;
// pkg/report keeps its structs private and is about findings, not controls.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	Name             string         `json:"name,omitempty"`
	ShortDescription sarifText      `json:"shortDescription"`
	Properties       map[string]any `json:"properties"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifText     `json:"message,omitempty"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// maxSARIFLocations bounds the locations of one result.
const maxSARIFLocations = 100

// WriteSARIF writes one SARIF result per failing control and cluster, its
// failing resources as locations: files physically, Kubernetes objects,
// images and nodes logically.
func WriteSARIF(w io.Writer, as []Assessment, version string) error {
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "palisade", Version: version,
		InformationURI: "https://github.com/palisadesec/palisade", Rules: []sarifRule{}}}, Results: []sarifResult{}}
	index := map[string]int{}
	for _, a := range as {
		for _, c := range a.Controls {
			if c.Status != StatusFail {
				continue
			}
			id := a.Framework + "/" + c.ID
			k, ok := index[id]
			if !ok {
				k = len(run.Tool.Driver.Rules)
				index[id] = k
				run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: id, Name: c.ID,
					ShortDescription: sarifText{Text: c.Title},
					Properties:       map[string]any{"framework": a.Framework, "frameworkTitle": a.Title, "frameworkVersion": a.Version}})
			}
			cluster := a.Cluster
			msg := fmt.Sprintf("%s %s failed: %s (%d failing)", a.Title, c.ID, c.Title, len(c.Failing))
			if cluster != "" {
				msg = fmt.Sprintf("%s %s failed in cluster %s: %s (%d failing)", a.Title, c.ID, cluster, c.Title, len(c.Failing))
			}
			res := sarifResult{RuleID: id, RuleIndex: k, Level: "error", Message: sarifText{Text: msg}, Locations: []sarifLocation{}}
			for i, f := range c.Failing {
				if i == maxSARIFLocations {
					break
				}
				res.Locations = append(res.Locations, sarifLocationOf(cluster, f))
			}
			sum := sha256.Sum256([]byte(id + "\x00" + cluster))
			res.PartialFingerprints = map[string]string{"palisadeControl/v1": hex.EncodeToString(sum[:16])}
			run.Results = append(run.Results, res)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifLocationOf(cluster string, f Failing) sarifLocation {
	loc := sarifLocation{Message: &sarifText{Text: f.Rule + ": " + f.Message}}
	if f.Location != "" && !strings.HasPrefix(f.Location, "image config:") {
		p, line := f.Location, 0
		if i := strings.LastIndexByte(p, ':'); i > 0 {
			if _, err := fmt.Sscanf(p[i+1:], "%d", &line); err == nil {
				p = p[:i]
			}
		}
		loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: strings.TrimPrefix(p, "/")}}
		if line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
		}
	}
	name, kind := f.Target, string(f.Kind)
	if f.Resource != "" {
		name, kind = f.Resource, "resource"
	}
	fq := name
	if cluster != "" {
		fq = cluster + "/" + name
	}
	loc.LogicalLocations = []sarifLogical{{Name: name, FullyQualifiedName: fq, Kind: kind}}
	return loc
}
