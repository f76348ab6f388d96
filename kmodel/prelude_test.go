package kmodel

import "testing"

func TestPreludeEntries(t *testing.T) {
	for _, name := range []string{"u32", "irq_handler_t", "container_of", "module_init", "DECLARE_TASKLET", "__init"} {
		if Prelude[name] == nil {
			t.Errorf("prelude has no entry for %s", name)
		}
	}
	if e := Prelude["irq_handler_t"]; e == nil || !e.Typedef {
		t.Errorf("irq_handler_t should be a typedef entry: %+v", e)
	}
	if e := Prelude["__always_inline"]; e == nil || len(e.Uses) != 0 {
		t.Errorf("__always_inline: %+v", e)
	}
}

func TestLookups(t *testing.T) {
	if s := SleeperFor("wait_event_interruptible"); s == nil {
		t.Error("wait_event_interruptible should sleep (prefix family)")
	}
	if s := SleeperFor("mdelay"); s != nil {
		t.Error("mdelay busy-waits; it must not be a sleeper")
	}
	if s := SleeperFor("kzalloc"); s == nil || s.GFPArg != 1 {
		t.Errorf("kzalloc: %+v", s)
	}
	if !SleepingGFPFlag("GFP_KERNEL") || SleepingGFPFlag("GFP_ATOMIC") {
		t.Error("GFP flag table is wrong")
	}
	if l := LockOpFor("mutex_lock"); l == nil || !l.Class.Sleeping() {
		t.Error("mutex_lock is a sleeping lock")
	}
	if l := LockOpFor("spin_lock_irqsave"); l == nil || !l.Class.Atomic() || !l.Acquire {
		t.Error("spin_lock_irqsave acquires an atomic lock")
	}
	if r := RegistrationsFor("request_threaded_irq"); len(r) != 2 {
		t.Errorf("request_threaded_irq registers two handlers, got %d", len(r))
	}
}
