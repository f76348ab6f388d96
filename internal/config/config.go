// Package config reads kdlint's configuration file, .kdlint.yaml: which
// rules run and at which severity, their options, the paths left out, and
// what the user's own code adds to the kernel model (sleeping helpers,
// atomic callbacks, lock wrappers, teardown helpers). README's
// Configuration section documents every key with an example.
//
// The file is checked as strictly as the command line: an unknown key, a
// rule kdlint does not have, an option the rule does not document or a
// value of the wrong kind is an error that names the file, the line and
// the column. A File is a value: nothing here outlives the call that
// reads it.
package config

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	yamltoken "github.com/goccy/go-yaml/token"

	"github.com/kdlint/kdlint/analyzers/rule"
	"github.com/kdlint/kdlint/kmodel"
	"github.com/kdlint/kdlint/report"
)

// FileName is the name kdlint looks for in the working directory and its
// ancestors.
const FileName = ".kdlint.yaml"

// File is a configuration file, read and checked.
type File struct {
	Path string // as given or found
	// Dir is the absolute directory of the file: exclude patterns are
	// relative to it.
	Dir string
	// Rules holds the settings of the rules the file names, by rule ID.
	Rules map[string]RuleSetting
	// Exclude are the exclude patterns, as written.
	Exclude []string
	// Kernel is what the file adds to the kernel model.
	Kernel kmodel.Extension
}

// RuleSetting is what the file says about one rule.
type RuleSetting struct {
	Enabled  *bool        // nil: as by default (on)
	Severity report.Level // "": the rule's own
	// Options are the rule's option values, checked with the option's
	// Check.
	Options rule.Values
}

// Error is a problem at a place in the file.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// Errors are all the problems of one file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Find returns the path of the nearest configuration file in dir or one
// of its ancestors, or "" when there is none.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; {
		p := filepath.Join(d, FileName)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}

// Load reads and checks the file at path. rules are the rules a file may
// name (the registry's and the meta-rules), options are each rule's
// options by rule ID.
func Load(path string, rules []*report.Rule, options map[string][]*rule.Option) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, rules, options)
}

// Parse checks the content of a configuration file read from path.
func Parse(file string, data []byte, rules []*report.Rule, options map[string][]*rule.Option) (*File, error) {
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, err
	}
	p := &reader{path: file, rules: rules, options: options,
		f: &File{Path: file, Dir: dir, Rules: map[string]RuleSetting{}}}
	tree, err := parser.ParseBytes(data, 0)
	if err != nil {
		var ye interface {
			GetToken() *yamltoken.Token
			GetMessage() string
		}
		if errors.As(err, &ye) && ye.GetToken() != nil {
			pos := ye.GetToken().Position
			return nil, Errors{{Path: file, Line: pos.Line, Col: pos.Column, Msg: "YAML: " + ye.GetMessage()}}
		}
		return nil, Errors{{Path: file, Msg: "YAML: " + err.Error()}}
	}
	var body ast.Node
	for _, doc := range tree.Docs {
		if doc.Body == nil {
			continue
		}
		if body != nil {
			p.errorf(doc.Body, "the file holds more than one YAML document")
			break
		}
		body = doc.Body
	}
	if body != nil {
		p.top(body)
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return p.f, nil
}

// reader walks the YAML tree, collecting errors.
type reader struct {
	path    string
	rules   []*report.Rule
	options map[string][]*rule.Option
	f       *File
	errs    Errors
}

func (p *reader) errorf(n ast.Node, format string, args ...any) {
	e := &Error{Path: p.path, Msg: fmt.Sprintf(format, args...)}
	if n != nil && n.GetToken() != nil {
		e.Line, e.Col = n.GetToken().Position.Line, n.GetToken().Position.Column
	}
	p.errs = append(p.errs, e)
}

// entry is one key: value pair of a mapping.
type entry struct {
	key   string
	keyN  ast.Node
	value ast.Node
}

// unwrap resolves anchors and tags to the node they name.
func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
}

// mapping returns the entries of a mapping node, reporting repeated
// keys; ok is false (and an error reported) when n is not a mapping.
func (p *reader) mapping(n ast.Node, what string) ([]entry, bool) {
	n = unwrap(n)
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	case *ast.NullNode:
		return nil, true // "key:" with nothing: an empty mapping
	default:
		p.errorf(n, "%s must be a mapping (key: value lines), not %s", what, describe(n))
		return nil, false
	}
	var out []entry
	seen := map[string]bool{}
	for _, mv := range values {
		if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
			p.errorf(mv.Key, "merge keys (<<) are not supported")
			continue
		}
		key, ok := p.scalar(mv.Key)
		if !ok {
			continue
		}
		if seen[key] {
			p.errorf(mv.Key, "%q is given twice", key)
			continue
		}
		seen[key] = true
		out = append(out, entry{key: key, keyN: mv.Key, value: mv.Value})
	}
	return out, true
}

// sequence returns the items of a sequence node.
func (p *reader) sequence(n ast.Node, what string) ([]ast.Node, bool) {
	n = unwrap(n)
	switch v := n.(type) {
	case *ast.SequenceNode:
		items := make([]ast.Node, len(v.Values))
		for i, it := range v.Values {
			items[i] = unwrap(it)
		}
		return items, true
	case *ast.NullNode:
		return nil, true
	}
	p.errorf(n, "%s must be a list (- item lines, or [a, b]), not %s", what, describe(n))
	return nil, false
}

// scalar returns the text of a scalar node.
func (p *reader) scalar(n ast.Node) (string, bool) {
	switch v := unwrap(n).(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.IntegerNode, *ast.BoolNode, *ast.FloatNode:
		return v.GetToken().Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	case *ast.AliasNode:
		p.errorf(n, "aliases (*name) are not supported")
		return "", false
	}
	p.errorf(n, "want a single value, not %s", describe(n))
	return "", false
}

// describe names the kind of a node for messages.
func describe(n ast.Node) string {
	switch unwrap(n).(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "nothing"
	case *ast.AliasNode:
		return "an alias"
	}
	return "a value"
}

// unknownKey reports a key that is not one of known.
func (p *reader) unknownKey(e entry, where string, known []string) {
	p.errorf(e.keyN, "unknown key %q %s (want %s)", e.key, where, strings.Join(known, ", "))
}

// Top-level keys.
var topKeys = []string{"rules", "exclude", "kernel"}

func (p *reader) top(n ast.Node) {
	entries, ok := p.mapping(n, "the file")
	if !ok {
		return
	}
	for _, e := range entries {
		switch e.key {
		case "rules":
			p.rulesSection(e.value)
		case "exclude":
			p.exclude(e.value)
		case "kernel":
			p.kernel(e.value)
		default:
			p.unknownKey(e, "at the top level", topKeys)
		}
	}
}

// findRule finds a rule by ID (any case) or name.
func (p *reader) findRule(id string) *report.Rule {
	for _, r := range p.rules {
		if strings.EqualFold(r.ID, id) || r.Name == id {
			return r
		}
	}
	return nil
}

func (p *reader) rulesSection(n ast.Node) {
	entries, _ := p.mapping(n, "rules")
	for _, e := range entries {
		r := p.findRule(e.key)
		if r == nil {
			p.errorf(e.keyN, "unknown rule %q (kdlint -list lists the rules)", e.key)
			continue
		}
		if _, dup := p.f.Rules[r.ID]; dup {
			p.errorf(e.keyN, "rule %s is configured twice (by ID and by name)", r.ID)
			continue
		}
		p.f.Rules[r.ID] = p.ruleSetting(r, e.value)
	}
}

var severities = []string{string(report.Error), string(report.Warning), string(report.Note)}

func (p *reader) ruleSetting(r *report.Rule, n ast.Node) RuleSetting {
	s := RuleSetting{Options: rule.Values{}}
	n = unwrap(n)
	if _, isMap := n.(*ast.MappingNode); !isMap {
		if _, isMV := n.(*ast.MappingValueNode); !isMV {
			// The short forms: off, on, or a severity.
			v, ok := p.scalar(n)
			if !ok {
				return s
			}
			switch {
			case v == "off" || v == "false":
				s.Enabled = ptr(false)
			case v == "on" || v == "true":
				s.Enabled = ptr(true)
			case slices.Contains(severities, v):
				s.Severity = report.Level(v)
			default:
				p.errorf(n, "rule %s: %q is not off, on, error, warning or note (or a mapping of enabled, severity and the rule's options)", r.ID, v)
			}
			return s
		}
	}
	entries, _ := p.mapping(n, "rule "+r.ID)
	opts := p.options[r.ID]
	for _, e := range entries {
		switch e.key {
		case "enabled":
			if b, ok := p.boolean(e.value, "enabled"); ok {
				s.Enabled = &b
			}
		case "severity":
			if v, ok := p.scalar(e.value); ok {
				if !slices.Contains(severities, v) {
					p.errorf(e.value, "severity %q: want error, warning or note", v)
				} else {
					s.Severity = report.Level(v)
				}
			}
		default:
			i := slices.IndexFunc(opts, func(o *rule.Option) bool { return o.Name == e.key })
			if i < 0 {
				known := []string{"enabled", "severity"}
				for _, o := range opts {
					known = append(known, o.Name)
				}
				p.unknownKey(e, "for rule "+r.ID, known)
				continue
			}
			v, ok := p.scalar(e.value)
			if !ok {
				continue
			}
			if err := opts[i].Check(v); err != nil {
				p.errorf(e.value, "rule %s: %v", r.ID, err)
				continue
			}
			s.Options[opts[i]] = v
		}
	}
	return s
}

func (p *reader) boolean(n ast.Node, what string) (bool, bool) {
	v, ok := p.scalar(n)
	if !ok {
		return false, false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.errorf(n, "%s: %q is not true or false", what, v)
		return false, false
	}
	return b, true
}

func (p *reader) integer(n ast.Node, what string) (int, bool) {
	v, ok := p.scalar(n)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(v)
	if err != nil || i < 0 {
		p.errorf(n, "%s: %q is not an argument index (0 for the first argument)", what, v)
		return 0, false
	}
	return i, true
}

func (p *reader) exclude(n ast.Node) {
	items, _ := p.sequence(n, "exclude")
	for _, it := range items {
		v, ok := p.scalar(it)
		if !ok {
			continue
		}
		if err := checkPattern(v); err != nil {
			p.errorf(it, "exclude pattern %q: %v", v, err)
			continue
		}
		p.f.Exclude = append(p.f.Exclude, v)
	}
}

func ptr[T any](v T) *T { return &v }

// Excluded reports whether the file or directory at name (absolute, or
// relative to the working directory) matches an exclude pattern, or is
// inside a directory that does. Paths outside the file's directory are
// never excluded.
func (f *File) Excluded(name string) bool {
	if f == nil || len(f.Exclude) == 0 {
		return false
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(f.Dir, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	segs := strings.Split(filepath.ToSlash(rel), "/")
	for _, pat := range f.Exclude {
		if matchPattern(pat, segs) {
			return true
		}
	}
	return false
}

// checkPattern reports a pattern path.Match cannot read.
func checkPattern(pat string) error {
	if strings.TrimSpace(pat) == "" {
		return errors.New("empty")
	}
	for _, seg := range strings.Split(strings.Trim(pat, "/"), "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return err
		}
	}
	return nil
}

// matchPattern matches a pattern against the segments of a relative
// path. A pattern without a slash matches a file or directory of that
// name at any depth (as .gitignore does); one with a slash is anchored at
// the file's directory, and ** in it matches any number of directories.
// A match of a directory excludes everything below it.
func matchPattern(pat string, segs []string) bool {
	pat = strings.TrimSuffix(pat, "/")
	if !strings.Contains(pat, "/") {
		for _, s := range segs {
			if ok, _ := path.Match(pat, s); ok {
				return true
			}
		}
		return false
	}
	return matchPrefix(strings.Split(strings.TrimPrefix(pat, "/"), "/"), segs)
}

// matchPrefix reports whether pat matches segs or one of the directories
// segs is below.
func matchPrefix(pat, segs []string) bool {
	if len(pat) == 0 {
		return true
	}
	if pat[0] == "**" {
		for k := 0; k <= len(segs); k++ {
			if matchPrefix(pat[1:], segs[k:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	ok, _ := path.Match(pat[0], segs[0])
	return ok && matchPrefix(pat[1:], segs[1:])
}
