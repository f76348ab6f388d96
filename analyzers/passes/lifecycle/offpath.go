package lifecycle

import (
	"bytes"
	"slices"
	"strings"

	"github.com/kdlint/kdlint/analyzers/passes/ctext"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// A teardown made somewhere the analysis does not connect to exit or
// remove usually means one it cannot see the way to (a function pointer,
// another module calling an exported function), so the rules stay silent
// (TornDownSomewhere). Some functions are known not to be that way:
//
//   - probe and module init themselves: a teardown there undoes their own
//     set-up on an error path, and remove or exit must do it again;
//   - a system sleep callback (kmodel.PMSleepMembers, PMMacros): suspend
//     is not unbind.
//
// Upstream fixes of this shape: spi-mpc52xx (a cancel only on probe's
// error path), r592 (a stop only in suspend). Interrupt handlers are not
// among them: a stop made there when the awaited event comes is how a
// one-shot timer armed per request ends, and teardown often waits for the
// requests (tifm_sd, hip04_eth, omapdss on 6.12 drivers/); the price is
// bugs like rkvdec's, a watchdog cancelled only in its IRQ thread.

// offTeardownPath returns those functions of the module (computed once).
func (r *Result) offTeardownPath() map[*ir.Func]bool {
	if r.offPath != nil {
		return r.offPath
	}
	out := map[*ir.Func]bool{}
	for _, f := range append(append([]*ir.Func{}, r.ents.Probes...), r.ents.Inits...) {
		out[f] = true
	}
	sleep, runtime := r.pmCallbacks()
	for f := range sleep {
		if !runtime[f] {
			out[f] = true
		}
	}
	r.offPath = out
	return out
}

// pmCallbacks returns the module's system-sleep and runtime-PM
// callbacks: the members of its dev_pm_ops initializers, and the
// arguments of the linux/pm.h macros in its text (the prelude gives
// SIMPLE_DEV_PM_OPS no initializer).
func (r *Result) pmCallbacks() (sleep, runtime map[*ir.Func]bool) {
	sleep, runtime = map[*ir.Func]bool{}, map[*ir.Func]bool{}
	add := func(set map[*ir.Func]bool, name, file string) {
		if f := r.module.Resolve(name, file); f != nil {
			set[f] = true
		}
	}
	for _, g := range r.module.Globals {
		list, ok := g.Init.(*ir.InitList)
		if g.StructTag != kmodel.PMOpsStruct || !ok {
			continue
		}
		for _, el := range list.Elems {
			switch name := ir.CalleeName(el.Value); {
			case name == "":
			case slices.Contains(kmodel.PMSleepMembers, el.Field):
				add(sleep, name, g.File)
			case slices.Contains(kmodel.PMRuntimeMembers, el.Field):
				add(runtime, name, g.File)
			}
		}
	}
	for _, file := range r.module.Files {
		src := file.Src
		if src == nil || !bytes.Contains(src, []byte(kmodel.PMMacroMark)) {
			continue
		}
		ctext.EachCall(src, func(from, to int) {
			m := kmodel.PMMacroFor(string(src[from:to]))
			if m == nil {
				return
			}
			args := ctext.Args(src, ctext.Next(src, to))
			for _, set := range []struct {
				idx []int
				out map[*ir.Func]bool
			}{{m.Sleep, sleep}, {m.Runtime, runtime}} {
				for _, i := range set.idx {
					if i < len(args) {
						add(set.out, callbackName(args[i]), file.Path)
					}
				}
			}
		})
	}
	return sleep, runtime
}

// callbackName is the function an argument names: foo, or the foo of
// pm_sleep_ptr(foo) and the like.
func callbackName(arg string) string {
	arg = strings.TrimSpace(arg)
	if open := strings.IndexByte(arg, '('); open >= 0 && strings.HasSuffix(arg, ")") {
		arg = strings.TrimSpace(arg[open+1 : len(arg)-1])
	}
	return strings.TrimPrefix(arg, "&")
}
