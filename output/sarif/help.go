package sarif

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/kdlint/kdlint/report"
)

// A rule's help, in Markdown for viewers that render it (GitHub's rule
// panel) and in plain text for the rest. Both come from the same sections
// as rules.md, so the three never disagree.

type helpSection struct {
	title string
	md    string // Markdown body; the section is left out when empty
	text  string // plain-text body
}

func helpSections(r *report.Rule) []helpSection {
	return []helpSection{
		{"What it finds", trim(r.What), plain(r.What)},
		{"Why is this a bug?", trim(r.Why), plain(r.Why)},
		{"Example", codeBlock(r.Example), indentCode(r.Example)},
		{"Use instead", codeBlock(r.UseInstead), indentCode(r.UseInstead)},
		{"Known problems", trim(r.KnownProblems), plain(r.KnownProblems)},
		{"Options", optionsMarkdown(r), optionsText(r)},
		{"References", referencesMarkdown(r.References), referencesText(r.References)},
	}
}

func helpMarkdown(r *report.Rule) string {
	var parts []string
	for _, s := range helpSections(r) {
		if s.md != "" {
			parts = append(parts, "## "+s.title+"\n\n"+s.md)
		}
	}
	return strings.Join(parts, "\n\n")
}

func helpText(r *report.Rule) string {
	var parts []string
	for _, s := range helpSections(r) {
		if s.text != "" {
			parts = append(parts, s.title+"\n\n"+s.text)
		}
	}
	return strings.Join(parts, "\n\n")
}

func optionsMarkdown(r *report.Rule) string {
	var lines []string
	for _, o := range r.Options {
		line := "- " + codeSpan(optionFlag(r, o))
		if o.Default != "" {
			line += " (default " + codeSpan(o.Default) + ")"
		}
		if doc := trim(o.Doc); doc != "" {
			line += ": " + doc
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func optionsText(r *report.Rule) string {
	var lines []string
	for _, o := range r.Options {
		line := "  " + optionFlag(r, o)
		if o.Default != "" {
			line += " (default " + o.Default + ")"
		}
		if doc := plain(o.Doc); doc != "" {
			line += ": " + doc
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func optionFlag(r *report.Rule, o report.Option) string {
	return fmt.Sprintf("-rule.%s.%s=VALUE", r.ID, o.Name)
}

func referencesMarkdown(refs []string) string {
	var lines []string
	for _, ref := range refs {
		ref = strings.TrimSpace(ref)
		switch {
		case ref == "":
			continue
		case strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://"):
			lines = append(lines, "- <"+ref+">")
		default: // a kernel source path such as Documentation/locking/spinlocks.rst
			lines = append(lines, "- "+codeSpan(ref))
		}
	}
	return strings.Join(lines, "\n")
}

func referencesText(refs []string) string {
	var lines []string
	for _, ref := range refs {
		if ref = strings.TrimSpace(ref); ref != "" {
			lines = append(lines, "  - "+ref)
		}
	}
	return strings.Join(lines, "\n")
}

// codeBlock fences C code, with a fence longer than any backtick run inside
// it. Code that already comes fenced is kept as it is.
func codeBlock(code string) string {
	code = trimCode(code)
	if code == "" || isFenced(code) {
		return code
	}
	fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	return fence + "c\n" + code + "\n" + fence
}

// indentCode renders code for plain text: unfenced and indented.
func indentCode(code string) string {
	code = trimCode(code)
	if isFenced(code) {
		lines := strings.Split(code, "\n")
		code = strings.Join(lines[1:len(lines)-1], "\n")
	}
	if code == "" {
		return ""
	}
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}

// trimCode drops blank lines around code but keeps its first line's indent.
func trimCode(code string) string {
	code = strings.TrimRight(code, " \t\r\n")
	for {
		nl := strings.IndexByte(code, '\n')
		if nl < 0 || strings.TrimSpace(code[:nl]) != "" {
			break
		}
		code = code[nl+1:]
	}
	if strings.TrimSpace(code) == "" {
		return ""
	}
	return code
}

func isFenced(code string) bool {
	lines := strings.Split(code, "\n")
	if len(lines) < 2 {
		return false
	}
	first := strings.TrimSpace(lines[0])
	last := strings.TrimSpace(lines[len(lines)-1])
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(first, f) && strings.HasPrefix(last, f) {
			return true
		}
	}
	return false
}

func codeSpan(s string) string {
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	return ticks + " " + s + " " + ticks
}

func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

var mdLink = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)

// plain turns the inline Markdown of rule docs into plain text: links
// become "text (url)" and code spans lose their backticks.
func plain(md string) string {
	s := trim(md)
	s = mdLink.ReplaceAllString(s, "$1 ($2)")
	return strings.ReplaceAll(s, "`", "")
}

func trim(s string) string { return strings.TrimSpace(s) }
