package analyzers_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/output/rulesdoc"
)

// TestEveryRuleRegistered fails when a rule package under analyzers/ is
// not listed in All: every directory here but passes/ and rule/ is a rule.
func TestEveryRuleRegistered(t *testing.T) {
	dirs, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, r := range analyzers.All {
		listed[r.Analyzer.Name] = true
	}
	registered := map[string]bool{}
	all, err := os.ReadFile("all.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?m)^\t(\w+)\.Rule,$`).FindAllStringSubmatch(string(all), -1) {
		registered[m[1]] = true
	}
	n := 0
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "passes" || d.Name() == "rule" {
			continue
		}
		n++
		if !registered[d.Name()] {
			t.Errorf("rule package analyzers/%s is not listed in analyzers.All", d.Name())
		}
		if _, err := os.Stat(filepath.Join(d.Name(), "doc.go")); err != nil {
			t.Errorf("rule package analyzers/%s has no doc.go", d.Name())
		}
	}
	if n != len(analyzers.All) || len(listed) != len(analyzers.All) {
		t.Errorf("%d rule directories, %d distinct analyzers, %d rules listed", n, len(listed), len(analyzers.All))
	}
}

var (
	idForm   = regexp.MustCompile(`^KD[1-9][0-9]{2}$`)
	nameForm = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// TestRuleMetadata: IDs, names and anchors are unique and well formed,
// rules are listed in ID order, documented, and need something of the
// front end (a rule that needs nothing is never given any code).
func TestRuleMetadata(t *testing.T) {
	seen := map[string]string{}
	claim := func(kind, key, id string) {
		if prev, ok := seen[kind+" "+key]; ok {
			t.Errorf("%s %q is used by both %s and %s", kind, key, prev, id)
		}
		seen[kind+" "+key] = id
	}
	prev := ""
	for _, r := range analyzers.All {
		d := r.Doc
		if !idForm.MatchString(d.ID) || !nameForm.MatchString(d.Name) {
			t.Errorf("%s %q: IDs are KDnnn and names kebab-case", d.ID, d.Name)
		}
		if d.ID <= prev {
			t.Errorf("%s listed after %s", d.ID, prev)
		}
		prev = d.ID
		claim("ID", d.ID, d.ID)
		claim("name", d.Name, d.ID)
		claim("anchor", rulesdoc.Anchor(d), d.ID)
		claim("analyzer", r.Analyzer.Name, d.ID)
		if analyzers.ByID(d.ID) != r || analyzers.ByID(strings.ToLower(d.ID)) != r || analyzers.ByID(d.Name) != r {
			t.Errorf("%s: ByID does not find the rule by its ID and name", d.ID)
		}
		if d.Summary == "" || d.What == "" || d.Why == "" || d.Example == "" || d.UseInstead == "" ||
			d.KnownProblems == "" || d.Precision == "" || d.Level == "" || d.Since == "" {
			t.Errorf("%s: incomplete description", d.ID)
		}
		if r.Needs.IsZero() {
			t.Errorf("%s needs nothing from the front end, so it would never see any code", d.ID)
		}
		if len(d.Options) != len(r.Options) {
			t.Errorf("%s: %d documented options, %d declared", d.ID, len(d.Options), len(r.Options))
		}
		for i, o := range r.Options {
			if o.Doc == "" || o.Check(o.Default) != nil || d.Options[i].Name != o.Name || d.Options[i].Default != o.Default {
				t.Errorf("%s: option %s is not documented as declared, or its default is invalid", d.ID, o.Name)
			}
		}
	}
}

// TestGeneratedDocsFresh fails when rules.md or README's rule table no
// longer match the rule descriptions: run go run ./internal/gendoc from
// the repository root.
func TestGeneratedDocsFresh(t *testing.T) {
	docs := analyzers.Docs(analyzers.All)
	got, err := os.ReadFile("../rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != rulesdoc.Markdown(docs) {
		t.Error("rules.md is stale: run go run ./internal/gendoc")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := rulesdoc.UpdateReadme(string(readme), docs)
	if err != nil {
		t.Fatal(err)
	}
	if fresh != string(readme) {
		t.Error("README.md's rule table is stale: run go run ./internal/gendoc")
	}
}
