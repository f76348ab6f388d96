// Package parsed defines the helper Analyzer that parses a driver module.
//
// It reads the C files the driver put in pass.OtherFiles with the cparse
// front end, adds them to pass.Fset, and returns the module's IR. It
// reports nothing; every other kdlint analyzer requires it.
package parsed

import (
	"path/filepath"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/ir"
)

// Analyzer parses the module.
var Analyzer = &analysis.Analyzer{
	Name:       "parsed",
	Doc:        "parse the C files of a driver module into kdlint's IR",
	Run:        run,
	ResultType: reflect.TypeOf((*ir.Module)(nil)),
}

// Config is the front-end configuration used for every module. The driver
// sets it from the command line before running.
var Config = &cparse.Config{}

func init() {
	Analyzer.Flags.Var((*listFlag)(&Config.IncludeDirs), "I", "add a directory to the #include \"...\" search path")
	Analyzer.Flags.Var((*listFlag)(&Config.Defines), "D", "define a macro, NAME or NAME=VALUE")
}

func run(pass *analysis.Pass) (any, error) {
	dir := ""
	if len(pass.OtherFiles) > 0 {
		dir = filepath.Dir(pass.OtherFiles[0])
	}
	return cparse.ParseModule(pass.Fset, dir, pass.OtherFiles, Config), nil
}

// Of returns the parsed module of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *ir.Module { return pass.ResultOf[Analyzer].(*ir.Module) }

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }
