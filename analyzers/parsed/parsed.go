// Package parsed defines the helper Analyzer that parses a driver module.
//
// It reads the C files the driver put in pass.OtherFiles with the cparse
// front end, adds them to pass.Fset, and returns the module's IR. It
// reports nothing; every other kdlint analyzer requires it.
package parsed

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/cparse"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
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
var Config = &cparse.Config{
	// TEMPORARY, until the rule registry supplies the union of the enabled
	// rules' needs: the needs of KD101, KD102, KD301 and KD302 together.
	Needs: kmodel.Needs{
		Objects:  []kmodel.ObjectKind{kmodel.Workqueue, kmodel.Tasklet},
		InAtomic: []kmodel.CallFamily{kmodel.SleepingCalls, kmodel.SleepingLocks, kmodel.TimerWaits},
	},
}

func init() {
	Analyzer.Flags.Var((*listFlag)(&Config.IncludeDirs), "I", "add a directory to the #include \"...\" search path")
	Analyzer.Flags.Var((*listFlag)(&Config.Defines), "D", "define a macro, NAME or NAME=VALUE")
	Analyzer.Flags.Var((*fileListFlag)(&Config.Includes), "include", "read `file` before every source file")
	Analyzer.Flags.BoolVar(&Config.ParseAll, "parse-all", false,
		"parse every module and function, also those nothing any rule uses depends on (slower; to measure the front end)")
	Analyzer.Flags.Var(&compileCommands{}, "compile-commands", "use each file's -I, -D and -include from a compilation database (`compile_commands.json`)")
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

// compileCommands loads a compilation database into Config. Its String
// names the content, so that the result cache notices a changed database.
type compileCommands struct{ path string }

func (c *compileCommands) String() string { return contentID(c.path) }
func (c *compileCommands) Set(path string) error {
	db, err := cparse.LoadCompileCommands(path)
	if err != nil {
		return err
	}
	c.path = path
	Config.CompileCommands = db
	return nil
}

// fileListFlag is a repeatable flag naming files whose content matters.
type fileListFlag []string

func (l *fileListFlag) String() string {
	var ids []string
	for _, p := range *l {
		ids = append(ids, contentID(p))
	}
	return strings.Join(ids, ",")
}
func (l *fileListFlag) Set(s string) error {
	if _, err := os.Stat(s); err != nil {
		return err
	}
	*l = append(*l, s)
	return nil
}

// contentID names a file by path and content hash ("" for no file).
func contentID(p string) string {
	if p == "" {
		return ""
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return p
	}
	sum := sha256.Sum256(b)
	return p + "@" + hex.EncodeToString(sum[:8])
}
