package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/driver"
	"github.com/kdlint/kdlint/internal/config"
	"github.com/kdlint/kdlint/kmodel"
	"github.com/kdlint/kdlint/report"
)

// loadConfig reads the configuration file: the one -config names, or the
// nearest .kdlint.yaml in the working directory or its ancestors. It
// returns nil when there is none, or -config names os.DevNull.
func loadConfig(path string, registry []*rule.Rule) (*config.File, error) {
	if path == os.DevNull {
		return nil, nil // -config /dev/null: no configuration
	}
	if path == "" {
		cwd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if path, err = config.Find(cwd); err != nil || path == "" {
			return nil, err
		}
	}
	options := map[string][]*rule.Option{}
	for _, r := range registry {
		options[r.Doc.ID] = r.Options
	}
	f, err := config.Load(path, allRules(registry), options)
	if err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	return f, nil
}

// runPlan is what the flags and the configuration file decide together.
// Flags win: -enable and -disable over the file's on and off, a
// -rule.ID.NAME flag over the file's value of the option.
type runPlan struct {
	rules             []*rule.Rule
	checkSuppressions bool // KD001 on
	options           rule.Values
	severity          map[string]report.Level // by rule ID
	model             *kmodel.Model
}

func configure(c *settings, file *config.File, registry []*rule.Rule) (*runPlan, error) {
	all := allRules(registry)
	ids := func(flag, list string) (map[string]bool, error) {
		out := map[string]bool{}
		for _, id := range strings.Split(list, ",") {
			id = strings.TrimSpace(id)
			if id == "" {
				continue
			}
			r := findRule(all, id)
			if r == nil {
				return nil, fmt.Errorf("%s: unknown rule %q (see kdlint -list)", flag, id)
			}
			out[r.ID] = true
		}
		return out, nil
	}
	off, err := ids("-disable", c.disable)
	if err != nil {
		return nil, err
	}
	on, err := ids("-enable", c.enable)
	if err != nil {
		return nil, err
	}
	for id := range on {
		if off[id] {
			return nil, fmt.Errorf("rule %s is given to both -enable and -disable", id)
		}
	}
	p := &runPlan{options: rule.Values{}, severity: map[string]report.Level{}, model: kmodel.Default()}
	enabled := func(id string) bool {
		switch {
		case on[id]:
			return true
		case off[id]:
			return false
		}
		if file != nil {
			if s, ok := file.Rules[id]; ok && s.Enabled != nil {
				return *s.Enabled
			}
		}
		return true
	}
	if file != nil {
		for id, s := range file.Rules {
			if s.Severity != "" {
				p.severity[id] = s.Severity
			}
			for o, v := range s.Options {
				p.options[o] = v
			}
		}
		p.model = p.model.With(file.Kernel)
	}
	for o, v := range c.ruleOptions {
		p.options[o] = v
	}
	for _, r := range registry {
		if enabled(r.Doc.ID) {
			p.rules = append(p.rules, r)
		}
	}
	p.checkSuppressions = enabled(report.BadSuppression.ID)
	return p, nil
}

// overrideSeverities applies the file's severities to the findings and
// to the run's copies of the rules (the rules' own records are shared
// and never changed).
func (p *runPlan) overrideSeverities(run *report.Run) {
	if len(p.severity) == 0 {
		return
	}
	for i, r := range run.Rules {
		if l, ok := p.severity[r.ID]; ok {
			cp := *r
			cp.Level = l
			run.Rules[i] = &cp
		}
	}
	for _, fs := range [][]report.Finding{run.Findings, run.Suppressed} {
		for i := range fs {
			if l, ok := p.severity[fs[i].RuleID]; ok {
				fs[i].Level = l
			}
		}
	}
}

// excludeModules leaves out the modules all of whose files the
// configuration excludes. A module some of whose files are excluded is
// still analysed whole (a callback registered in one file and defined in
// another must be seen together); findings located in the excluded
// files are left out afterwards (excludeFindings).
func excludeModules(mods []driver.Module, file *config.File) []driver.Module {
	if file == nil || len(file.Exclude) == 0 {
		return mods
	}
	var out []driver.Module
	for _, m := range mods {
		for _, f := range m.Files {
			if !file.Excluded(f) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// excludeFindings leaves out the findings located in excluded files.
func excludeFindings(fs []report.Finding, file *config.File) []report.Finding {
	if file == nil || len(file.Exclude) == 0 {
		return fs
	}
	keep := fs[:0]
	for _, f := range fs {
		if !file.Excluded(f.Path) {
			keep = append(keep, f)
		}
	}
	return keep
}
