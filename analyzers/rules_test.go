package analyzers_test

import (
	"os"
	"testing"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/internal/rulesdoc"
)

// TestRulesMarkdownFresh fails when rules.md no longer matches the rule
// descriptions: run go run ./internal/gendoc from the repository root.
func TestRulesMarkdownFresh(t *testing.T) {
	got, err := os.ReadFile("../rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != rulesdoc.Markdown(analyzers.Rules()) {
		t.Error("rules.md is stale: run go run ./internal/gendoc")
	}
}

func TestRulesInIDOrder(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for _, r := range analyzers.Rules() {
		if r.ID <= prev {
			t.Errorf("%s listed after %s", r.ID, prev)
		}
		if r.Name == r.ID || r.Name == "" || r.Summary == "" || r.What == "" || r.Why == "" || r.Example == "" || r.UseInstead == "" {
			t.Errorf("%s: incomplete description", r.ID)
		}
		if seen[r.Name] {
			t.Errorf("duplicate name %s", r.Name)
		}
		seen[r.Name] = true
		prev = r.ID
	}
}
