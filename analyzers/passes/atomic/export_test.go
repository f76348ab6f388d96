package atomic

import "github.com/kdlint/kdlint/ir"

// SetBudget sets the work budget of a module (workBase plus perBlock a
// block) and a function called once for each module that spends it; the
// returned function restores the defaults.
func SetBudget(base, perBlock int, exhausted func(*ir.Module)) (restore func()) {
	ob, op, oe := workBase, workPerBlock, onExhausted
	workBase, workPerBlock, onExhausted = base, perBlock, exhausted
	return func() { workBase, workPerBlock, onExhausted = ob, op, oe }
}
