package rulesdoc

import (
	"strings"
	"testing"

	"github.com/kdlint/kdlint/report"
)

// fakeRules is listed out of ID order on purpose: Markdown sorts.
func fakeRules() []*report.Rule {
	return []*report.Rule{
		{
			ID: "KD399", Name: "fake-lifecycle", Summary: "report fake objects never freed",
			Level: report.Warning, Precision: "medium", Tags: []string{"lifecycle", "test"},
			Since: "0.2.0",
			What:  "Checks that every `fake_alloc()` is paired with `fake_free()`.",
			Why:   "Leaks.",
			Example: "\nstatic int fake_init(void)\n{\n\tf = fake_alloc();\t/* KD399 */\n" +
				"\treturn 0;\n}\n",
			UseInstead: "static void fake_exit(void)\n{\n\tfake_free(f);\n}",
			KnownProblems: "- First problem, long enough to need wrapping when it is printed " +
				"as plain text for a terminal of eighty columns.\n" +
				"- Second problem, with a [link](https://example.org/x) and a `code | span`.",
			Options: []report.Option{
				{Name: "strict", Default: "false", Doc: "Also check `fake_get()` | `fake_put()`."},
				{Name: "limit", Default: "10", Doc: "Report at most this many."},
			},
			References: []string{
				"Documentation/core-api/workqueue.rst",
				"include/linux/interrupt.h",
				"https://lwn.net/Articles/960041/",
			},
		},
		{
			ID: "KD198", Name: "fake-context", Summary: "report fake sleeps in atomic context",
			Level: report.Error, Precision: "high", Tags: []string{"concurrency"}, Since: "0.1.0",
			What: "Reports `fake_sleep()` in atomic context:\n\n" +
				"- tasklets;\n- timers.\n\nSecond paragraph, \\*escaped\\*.",
			Why:     "It sleeps.",
			Example: "fake_sleep();", UseInstead: "fake_delay();",
		},
	}
}

func TestMarkdownSections(t *testing.T) {
	md := Markdown(fakeRules())
	if !strings.HasPrefix(md, Header+"\n") {
		t.Errorf("rules.md does not start with the generated-file header:\n%.200s", md)
	}
	for _, want := range []string{
		"# kdlint rules\n",
		"KD1xx", "KD2xx", "KD3xx", "`ruleId`",
		"| ID | Name | Summary | Default level |",
		"| [KD198](#kd198) | fake-context | report fake sleeps in atomic context | error |",
		"| [KD399](#kd399) | fake-lifecycle | report fake objects never freed | warning |",
		`<a id="kd198"></a>`, "## KD198 fake-context",
		`<a id="kd399"></a>`, "## KD399 fake-lifecycle",
		"- Default level: warning\n- Precision: medium\n- Tags: `lifecycle`, `test`\n- Since: 0.2.0\n",
		"```c\nstatic int fake_init(void)\n{\n\tf = fake_alloc();\t/* KD399 */\n\treturn 0;\n}\n```",
		"```c\nfake_sleep();\n```",
		"`-rule.KD399.NAME=VALUE`, for example `-rule.KD399.strict=true`",
		"| Option | Default | Meaning |",
		"| `strict` | `false` | Also check `fake_get()` \\| `fake_put()`. |",
		"| `limit` | `10` | Report at most this many. |",
		"- [Documentation/core-api/workqueue.rst](https://docs.kernel.org/core-api/workqueue.html)",
		"- `include/linux/interrupt.h`",
		"- <https://lwn.net/Articles/960041/>",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("rules.md lacks %q", want)
		}
	}
	// Every rule has every section, in order.
	for _, id := range []string{"KD198", "KD399"} {
		start := strings.Index(md, "## "+id)
		sec := md[start:]
		if next := strings.Index(sec[1:], "\n## "); next >= 0 {
			sec = sec[:next+1]
		}
		pos := -1
		for _, h := range []string{"What it does", "Why is this bad?", "Example", "Use instead",
			"Known problems", "Options", "References"} {
			i := strings.Index(sec, "\n### "+h+"\n")
			if i < 0 {
				t.Errorf("%s: no section %q", id, h)
				continue
			}
			if i < pos {
				t.Errorf("%s: section %q out of order", id, h)
			}
			pos = i
		}
	}
	// Sorted by ID, whatever the input order.
	if strings.Index(md, "## KD198") > strings.Index(md, "## KD399") {
		t.Error("rules are not in ID order")
	}
	// Empty sections say so.
	kd198 := md[strings.Index(md, "## KD198"):strings.Index(md, "## KD399")]
	for _, want := range []string{"### Known problems\n\nNone known.\n", "### Options\n\nNone.\n", "### References\n\nNone.\n"} {
		if !strings.Contains(kd198, want) {
			t.Errorf("KD198 lacks %q", want)
		}
	}
	if !strings.HasSuffix(md, "\n") || strings.HasSuffix(md, "\n\n") {
		t.Error("rules.md should end with exactly one newline")
	}
}

func TestMarkdownDeterministic(t *testing.T) {
	a := Markdown(fakeRules())
	rev := fakeRules()
	rev[0], rev[1] = rev[1], rev[0]
	if b := Markdown(rev); a != b {
		t.Error("Markdown depends on the order of its input")
	}
	if b := Markdown(fakeRules()); a != b {
		t.Error("Markdown is not deterministic")
	}
}

func TestMarkdownSkipsNil(t *testing.T) {
	md := Markdown(append(fakeRules(), nil))
	if want := 2 + len(report.MetaRules); strings.Count(md, "<a id=") != want {
		t.Errorf("want %d rule sections, got %d", want, strings.Count(md, "<a id="))
	}
}

// TestMetaRulesDocumented: the driver's meta-rules are on the page and in
// README's table whatever the registry lists, once each.
func TestMetaRulesDocumented(t *testing.T) {
	for _, rules := range [][]*report.Rule{nil, fakeRules(), append(fakeRules(), report.MetaRules...)} {
		md := Markdown(rules)
		readme, err := UpdateReadme(readmeBegin+"\n"+readmeEnd+"\n", rules)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range report.MetaRules {
			if strings.Count(md, "## "+m.ID+" "+m.Name+"\n") != 1 || strings.Count(readme, "| ["+m.ID+"]") != 1 {
				t.Errorf("%s is not documented once in rules.md and README's table", m.ID)
			}
		}
		if len(rules) > 0 && !strings.Contains(md, "`-disable KD198`") {
			t.Error("the intro's example is a meta-rule, not a rule of the registry")
		}
	}
}

func TestExplainIsPlainText(t *testing.T) {
	for _, r := range fakeRules() {
		txt := Explain(r)
		for _, bad := range []string{"```", "`", "###", "](", "<a ", "\\*", "\\|", "<https"} {
			if strings.Contains(txt, bad) {
				t.Errorf("%s: -explain output contains Markdown %q:\n%s", r.ID, bad, txt)
			}
		}
		for i, line := range strings.Split(txt, "\n") {
			if len(line) > Width && strings.Contains(strings.TrimSpace(line), " ") {
				t.Errorf("%s: line %d is %d columns wide: %q", r.ID, i+1, len(line), line)
			}
			if strings.Contains(line, "\t") {
				t.Errorf("%s: line %d contains a tab: %q", r.ID, i+1, line)
			}
		}
	}
}

func TestExplainContent(t *testing.T) {
	rules := fakeRules()
	txt := Explain(rules[0])
	for _, want := range []string{
		"KD399 fake-lifecycle: report fake objects never freed\n",
		"  Default level: warning\n",
		"  Precision:     medium\n",
		"  Tags:          lifecycle, test\n",
		"\nWhat it does\n  Checks that every fake_alloc() is paired with fake_free().\n",
		"\nExample\n    static int fake_init(void)\n    {\n            f = fake_alloc();       /* KD399 */\n",
		"\nUse instead\n    static void fake_exit(void)\n",
		"\nKnown problems\n  - First problem,",
		"\n    for a terminal of eighty columns.\n  - Second problem, with a link (https://example.org/x) and a code | span.\n",
		"\nOptions\n  -rule.KD399.strict=BOOL (default false)\n      Also check fake_get() | fake_put().\n",
		"  -rule.KD399.limit=VALUE (default 10)\n",
		"\nReferences\n  Documentation/core-api/workqueue.rst\n  include/linux/interrupt.h\n  https://lwn.net/Articles/960041/\n",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("-explain output lacks %q:\n%s", want, txt)
		}
	}
	txt = Explain(rules[1])
	for _, want := range []string{
		"\nWhat it does\n  Reports fake_sleep() in atomic context:\n\n  - tasklets;\n  - timers.\n\n  Second paragraph, *escaped*.\n",
		"\nKnown problems\n  None known.\n",
		"\nOptions\n  None.\n",
		"\nReferences\n  None.\n",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("-explain output lacks %q:\n%s", want, txt)
		}
	}
}

func TestHelp(t *testing.T) {
	r := fakeRules()[0]
	md := HelpMarkdown(r)
	if strings.Contains(md, "<a id=") || strings.Contains(md, "## KD399") {
		t.Error("HelpMarkdown should hold the sections only, not the rule heading")
	}
	if !strings.HasPrefix(md, "### What it does\n\n") || !strings.Contains(md, "```c\n") {
		t.Errorf("HelpMarkdown:\n%s", md)
	}
	txt := HelpText(r)
	if !strings.HasPrefix(txt, "What it does\n") || strings.Contains(txt, "`") {
		t.Errorf("HelpText:\n%s", txt)
	}
	if !strings.HasSuffix(Explain(r), txt) {
		t.Error("Explain should end with HelpText")
	}
}

func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		"`a` and ``b ` c``":                   "a and b ` c",
		"[text](https://x.org/)":              "text (https://x.org/)",
		"[https://x.org/](https://x.org/)":    "https://x.org/",
		"<https://x.org/a>":                   "https://x.org/a",
		`\*not emphasis\* and \_x\_`:          "*not emphasis* and _x_",
		"**strong** stays":                    "strong stays",
		"unclosed ` tick":                     "unclosed ` tick",
		"`wait_event*` and `__GFP_RECLAIM`":   "wait_event* and __GFP_RECLAIM",
		"a < b, [not a link] (really), 3 * 4": "a < b, [not a link] (really), 3 * 4",
	} {
		if got := plain(in); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	long := strings.Repeat("word ", 40)
	for _, line := range strings.Split(wrap(long, "  ", "  "), "\n") {
		if len(line) > Width || !strings.HasPrefix(line, "  word") {
			t.Errorf("bad wrapped line %q", line)
		}
	}
	url := "https://example.org/" + strings.Repeat("x", 100)
	if got := wrap("see "+url+" now", "  ", "  "); got != "  see\n  "+url+"\n  now" {
		t.Errorf("long word: %q", got)
	}
}

func TestDocsURL(t *testing.T) {
	for in, want := range map[string]string{
		"Documentation/locking/locktypes.rst":              "https://docs.kernel.org/locking/locktypes.html",
		"Documentation/driver-api/driver-model/driver.rst": "https://docs.kernel.org/driver-api/driver-model/driver.html",
		"Documentation/admin-guide/README.txt":             "",
		"include/linux/interrupt.h":                        "",
	} {
		if got := docsURL(in); got != want {
			t.Errorf("docsURL(%q) = %q, want %q", in, got, want)
		}
	}
}
