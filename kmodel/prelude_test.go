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
	m := Default()
	if s := m.SleeperFor("wait_event_interruptible"); s == nil {
		t.Error("wait_event_interruptible should sleep (prefix family)")
	}
	if s := m.SleeperFor("mdelay"); s != nil {
		t.Error("mdelay busy-waits; it must not be a sleeper")
	}
	if s := m.SleeperFor("kzalloc"); s == nil || s.GFPArg != 1 {
		t.Errorf("kzalloc: %+v", s)
	}
	if !m.SleepingGFPFlag("GFP_KERNEL") || m.SleepingGFPFlag("GFP_ATOMIC") {
		t.Error("GFP flag table is wrong")
	}
	if l := m.LockOpFor("mutex_lock"); l == nil || !l.Class.Sleeping() {
		t.Error("mutex_lock is a sleeping lock")
	}
	if l := m.LockOpFor("spin_lock_irqsave"); l == nil || !l.Class.Atomic() || !l.Acquire {
		t.Error("spin_lock_irqsave acquires an atomic lock")
	}
	if r := m.RegistrationsFor("request_threaded_irq"); len(r) != 2 {
		t.Errorf("request_threaded_irq registers two handlers, got %d", len(r))
	}
}

// The built-in sleeper tables are looked up by name, so a second row for a
// name would silently replace the first (extensions replace on purpose).
func TestSleeperRowsAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, rows := range [][]Sleeper{Sleepers, LockDroppingWaits} {
		for _, s := range rows {
			if seen[s.Func] {
				t.Errorf("%s has more than one sleeper row", s.Func)
			}
			seen[s.Func] = true
		}
	}
}
