// Package rule is the contract between a kdlint rule and the rest of
// kdlint. A rule is one package under analyzers/ that exports one value,
// Rule, made by New from:
//
//   - its public description (report.Rule: ID, name, level, precision and
//     the documentation sections that rules.md, -explain and SARIF render);
//   - its analysis: a run function and the helper passes it requires;
//   - its options, each declared once (Bool, Int): the -rule.ID.NAME flag,
//     the documented option and the value the run reads all come from the
//     declaration;
//   - what it needs from the front end, as kernel-model data (kmodel.Needs),
//     from which the driver decides what of a module to parse.
//
// analyzers/all.go lists the rules; adding a rule is one package and one
// line there.
package rule

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/kmodel"
	"github.com/kdlint/kdlint/report"
)

// Rule is one rule, as the registry, the driver and the documentation see
// it. It is built once by New and never changed.
type Rule struct {
	// Doc is the public description. Its Options are those of Options.
	Doc      *report.Rule
	Analyzer *analysis.Analyzer
	Options  []*Option
	Needs    kmodel.Needs
}

// Spec is what a rule package declares.
type Spec struct {
	Doc      report.Rule
	Run      func(*analysis.Pass) (any, error)
	Requires []*analysis.Analyzer
	Options  []*Option
	Needs    kmodel.Needs
}

// New builds a rule from its declaration. The analyzer is named after the
// rule's ID ("kd101"), reports under it, and requires Settings when the
// rule has options.
func New(s Spec) *Rule {
	doc := s.Doc
	doc.Options = nil
	for _, o := range s.Options {
		doc.Options = append(doc.Options, report.Option{Name: o.Name, Default: o.Default, Doc: o.Doc})
	}
	requires := append([]*analysis.Analyzer(nil), s.Requires...)
	if len(s.Options) > 0 {
		requires = append(requires, Settings)
	}
	return &Rule{
		Doc: &doc,
		Analyzer: &analysis.Analyzer{
			Name:     strings.ToLower(doc.ID),
			Doc:      doc.ID + " " + doc.Name + ": " + doc.Summary,
			Run:      s.Run,
			Requires: requires,
		},
		Options: s.Options,
		Needs:   s.Needs,
	}
}

// Option is a rule option, set on the command line as -rule.ID.NAME=VALUE.
type Option struct {
	Name    string
	Doc     string
	Default string // as it would be written on the command line
	isBool  bool
}

// Bool declares a boolean option.
func Bool(name string, def bool, doc string) *Option {
	return &Option{Name: name, Default: strconv.FormatBool(def), Doc: doc, isBool: true}
}

// Int declares an integer option.
func Int(name string, def int, doc string) *Option {
	return &Option{Name: name, Default: strconv.Itoa(def), Doc: doc}
}

// IsBool reports whether the option is a boolean, given on the command
// line without a value to set it.
func (o *Option) IsBool() bool { return o.isBool }

// Check reports whether v is a valid value of the option.
func (o *Option) Check(v string) error {
	var err error
	if o.isBool {
		_, err = strconv.ParseBool(v)
	} else {
		_, err = strconv.Atoi(v)
	}
	if err != nil {
		kind := "an integer"
		if o.isBool {
			kind = "true or false"
		}
		return fmt.Errorf("%s: %q is not %s", o.Name, v, kind)
	}
	return nil
}

// Bool returns the option's value in the run of pass.
func (o *Option) Bool(pass *analysis.Pass) bool {
	b, _ := strconv.ParseBool(o.value(pass))
	return b
}

// Int returns the option's value in the run of pass.
func (o *Option) Int(pass *analysis.Pass) int {
	n, _ := strconv.Atoi(o.value(pass))
	return n
}

func (o *Option) value(pass *analysis.Pass) string {
	if vals, ok := pass.ResultOf[Settings].(Values); ok {
		if v, ok := vals[o]; ok {
			return v
		}
	}
	return o.Default
}

// Values holds the option values of one run, checked with Option.Check;
// an option that is not in it has its default.
type Values map[*Option]string

// Settings is the Analyzer through which the driver hands the run's
// option values to the rules. Like the input module it is seeded by the
// driver and never runs.
var Settings = &analysis.Analyzer{
	Name:       "settings",
	Doc:        "the rule option values of the run, set by the driver",
	Run:        func(*analysis.Pass) (any, error) { return nil, fmt.Errorf("settings are provided by the driver") },
	ResultType: reflect.TypeOf(Values(nil)),
}
