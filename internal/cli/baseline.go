package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	jsonout "github.com/kdlint/kdlint/output/json"
	"github.com/kdlint/kdlint/report"
)

// A baseline is the report of an earlier run, in JSON (what
// -write-baseline writes) or SARIF (what code scanning uploads): the
// findings it holds are not reported again. Findings are matched by
// kdlint's stable fingerprint (report.Fingerprints), which holds no line
// number, so code moving around them does not bring them back.

// readBaseline returns the fingerprints of the findings in the file.
func readBaseline(path string) (map[string]bool, error) {
	if err := regularFile(path); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var probe struct {
		Schema string            `json:"schema"`
		Runs   []json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%s: not a JSON or SARIF report of kdlint: %v", path, err)
	}
	known := map[string]bool{}
	switch {
	case probe.Schema == jsonout.SchemaID:
		doc, err := jsonout.Read(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		for _, f := range doc.Findings {
			if f.Fingerprint == "" {
				return nil, fmt.Errorf("%s: a finding without a fingerprint (%s:%d)", path, f.Location.Path, f.Location.Line)
			}
			known[f.Fingerprint] = true
		}
	case probe.Runs != nil:
		var log struct {
			Runs []struct {
				Tool struct {
					Driver struct{ Name string } `json:"driver"`
				} `json:"tool"`
				Results []struct {
					Fingerprints map[string]string `json:"fingerprints"`
					Suppressions []json.RawMessage `json:"suppressions"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(data, &log); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		for _, r := range log.Runs {
			if r.Tool.Driver.Name != "kdlint" {
				return nil, fmt.Errorf("%s: a SARIF run of %q, not of kdlint", path, r.Tool.Driver.Name)
			}
			for _, res := range r.Results {
				if len(res.Suppressions) > 0 {
					continue // not a finding of that run
				}
				fp := res.Fingerprints[report.FingerprintKey]
				if fp == "" {
					return nil, fmt.Errorf("%s: a result without kdlint's fingerprint %q (written by an older kdlint?)", path, report.FingerprintKey)
				}
				known[fp] = true
			}
		}
	default:
		return nil, fmt.Errorf("%s: not a JSON report of kdlint (schema %q) or a SARIF log", path, jsonout.SchemaID)
	}
	return known, nil
}

// splitBaseline separates the findings that are not in the baseline from
// those that are.
func splitBaseline(fs []report.Finding, known map[string]bool) (fresh, old []report.Finding) {
	for _, f := range fs {
		if known[f.Fingerprint] {
			old = append(old, f)
		} else {
			fresh = append(fresh, f)
		}
	}
	return fresh, old
}

// writeBaselineFile writes the run's findings as a JSON report, through a
// temporary file so that a failed write leaves an older baseline whole.
func writeBaselineFile(path string, run *report.Run) error {
	b := *run
	b.Suppressed = nil
	var buf bytes.Buffer
	if err := jsonout.Write(&buf, &b); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".kdlint-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
