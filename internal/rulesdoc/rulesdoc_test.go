package rulesdoc

import (
	"strings"
	"testing"

	"github.com/kdlint/kdlint/report"
)

var fake = []*report.Rule{{
	ID: "KD999", Name: "fake-rule", Summary: "report fakes", Level: report.Warning,
	Precision: "high", Tags: []string{"test"}, Since: "0.1.0",
	What: "Finds fakes.", Why: "Fakes are bad.", Example: "fake();", UseInstead: "real();",
	Options: []report.Option{{Name: "strict", Default: "false", Doc: "Be strict."}},
}}

func TestMarkdown(t *testing.T) {
	md := Markdown(fake)
	for _, want := range []string{`<a id="kd999"></a>`, "## KD999 fake-rule", "### What it does", "### Why is this bad?",
		"```c\nfake();\n```", "### Use instead", "-rule.KD999.NAME=VALUE", "| `strict` | `false` |"} {
		if !strings.Contains(md, want) {
			t.Errorf("rules.md lacks %q", want)
		}
	}
	if md != Markdown(fake) {
		t.Error("Markdown is not deterministic")
	}
}

func TestExplain(t *testing.T) {
	txt := Explain(fake[0])
	if strings.Contains(txt, "```") || strings.Contains(txt, "###") {
		t.Errorf("Explain output contains Markdown:\n%s", txt)
	}
	if !strings.Contains(txt, "    fake();") || !strings.Contains(txt, "-rule.KD999.strict") {
		t.Errorf("Explain output lacks the example or the option:\n%s", txt)
	}
}
