// Package input defines the Analyzers through which the driver hands a
// parsed driver module, and the kernel model of the run, to the other
// analyzers.
//
// The driver owns loading: it parses the module's files with the cparse
// front end, with the configuration of the run, and seeds this
// Analyzer's result before any other pass runs. Input itself therefore
// never runs; it exists so that passes can Require the module like any
// other result, as x/tools passes require inspect.
package input

import (
	"errors"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Analyzer is the parsed module of a pass.
var Analyzer = &analysis.Analyzer{
	Name:       "input",
	Doc:        "the driver module being analysed, parsed by the driver",
	Run:        run,
	ResultType: reflect.TypeOf((*ir.Module)(nil)),
}

func run(*analysis.Pass) (any, error) {
	return nil, errors.New("input is provided by the driver, never run")
}

// Of returns the parsed module of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *ir.Module { return pass.ResultOf[Analyzer].(*ir.Module) }

// KernelModel is the kernel API model of a run: the model's tables plus
// what the run's configuration adds. Like Analyzer, the driver seeds it.
var KernelModel = &analysis.Analyzer{
	Name:       "kernelmodel",
	Doc:        "the kernel API model of the run, provided by the driver",
	Run:        func(*analysis.Pass) (any, error) { return nil, errors.New("the model is provided by the driver") },
	ResultType: reflect.TypeOf((*kmodel.Model)(nil)),
}

// Model returns the kernel model of a pass that requires KernelModel.
func Model(pass *analysis.Pass) *kmodel.Model { return pass.ResultOf[KernelModel].(*kmodel.Model) }
