package kmodel

import "strings"

// Context is an execution context a function can run in.
type Context uint8

const (
	Process Context = iota // may sleep
	SoftIRQ                // tasklets, timer callbacks, NAPI, RCU callbacks
	HardIRQ                // hard interrupt handlers, hrtimers
	Locked                 // process context with a spinlock (or similar) held
	// BHDisabled is process context with bottom halves disabled
	// (spin_lock_bh, local_bh_disable, ndo_start_xmit): in_interrupt()
	// and in_softirq() are true there (include/linux/preempt.h:114-143).
	BHDisabled
	// AnyIRQ is hard IRQ or softirq context, whichever the caller's
	// configuration gives (URB completion handlers).
	AnyIRQ
)

// Atomic reports whether code in c must not sleep.
func (c Context) Atomic() bool { return c != Process }

func (c Context) String() string {
	switch c {
	case Process:
		return "process context"
	case SoftIRQ:
		return "softirq context"
	case HardIRQ:
		return "hard IRQ context"
	case Locked:
		return "atomic context"
	case BHDisabled:
		return "BH disabled"
	case AnyIRQ:
		return "interrupt or BH context"
	}
	return "unknown context"
}

// HrtimerModeContexts returns the contexts an hrtimer callback may run in
// for the mode named mode: softirq for the HRTIMER_MODE_*_SOFT modes, hard
// IRQ for the other HRTIMER_MODE_* names, either when the mode is not one
// of them (a variable, an expression).
func HrtimerModeContexts(mode string) []Context {
	switch {
	case !strings.HasPrefix(mode, "HRTIMER_MODE_"):
		return []Context{HardIRQ, SoftIRQ}
	case strings.HasSuffix(mode, "_SOFT"):
		return []Context{SoftIRQ}
	}
	return []Context{HardIRQ}
}

// In reports whether name is one of names (the model's short lists).
func In(name string, names []string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// mark adds to out the name of each row that name accepts.
func mark[T any](out map[string]bool, rows []T, name func(T) (string, bool)) {
	for _, r := range rows {
		if n, ok := name(r); ok {
			out[n] = true
		}
	}
}
