package kmodel

import "testing"

// TestExtension: a run's extension adds to the model it extends and to
// nothing else, and reaches the names the front end keeps.
func TestExtension(t *testing.T) {
	base := Default()
	ext := base.With(Extension{
		Sleepers:    []Sleeper{{Func: "my_hw_wait", GFPArg: -1}},
		NotSleeping: []string{"i2c_smbus_read_byte"},
		LockOps:     []LockOp{{Func: "my_lock", Acquire: true, Class: Spin, Arg: 0, Flags: -1}},
		Teardowns:   []Teardown{{Func: "my_wq_free", Kind: Workqueue, ObjArg: 0, Destroy: true, Waits: true}},
		ContextFuncs: []ContextFunc{{Func: "my_poll", Context: SoftIRQ, Kind: "poll callback", By: ".kdlint.yaml"},
			{Func: "my_worker", Context: Process}},
	})
	if ext == base || ext.ID() == "" || base.ID() != "" {
		t.Fatalf("extended model not distinct: ids %q, %q", base.ID(), ext.ID())
	}
	if ext.SleeperFor("my_hw_wait") == nil || base.SleeperFor("my_hw_wait") != nil {
		t.Error("an extension sleeper must be known to the extended model only")
	}
	if ext.SleeperFor("i2c_smbus_read_byte") != nil || base.SleeperFor("i2c_smbus_read_byte") == nil {
		t.Error("NotSleeping must override the tables in the extended model only")
	}
	if base.SleeperFor("i2c_smbus_pec") != nil {
		t.Error("i2c_smbus_pec is a CRC helper, it does not sleep")
	}
	if op := ext.LockOpFor("my_lock"); op == nil || !op.Acquire || base.LockOpFor("my_lock") != nil {
		t.Error("an extension lock wrapper must be known to the extended model only")
	}
	if len(ext.TeardownsFor("my_wq_free")) != 1 || len(base.TeardownsFor("my_wq_free")) != 0 {
		t.Error("an extension teardown helper must be known to the extended model only")
	}
	n := Needs{InAtomic: []CallFamily{SleepingCalls}, Objects: []ObjectKind{Workqueue}}
	if !ext.RelevantNames(n).InAtomicName("my_hw_wait") || base.RelevantNames(n).InAtomicName("my_hw_wait") {
		t.Error("the front end must keep what an extension sleeper reaches, in the extended model only")
	}
	withWQ := ext.RelevantNames(n).ForKinds(func(gate map[string]bool) bool { return gate["alloc_workqueue"] })
	if !withWQ.Anywhere["my_wq_free"] || !ext.Names()["my_hw_wait"] || base.Names()["my_hw_wait"] {
		t.Error("extension names must reach the front end's name sets")
	}
	if cf := ext.ContextFuncFor("my_poll"); cf == nil || cf.Context != SoftIRQ || base.ContextFuncFor("my_poll") != nil {
		t.Error("a function declared to run in a context must be known to the extended model only")
	}
	if ns := ext.RelevantNames(n); !ns.AtomicFuncs["my_poll"] || !ns.Gate["my_poll"] || ns.AtomicFuncs["my_worker"] {
		t.Error("a function declared atomic must be a root of atomic context for the front end, and one in process context not")
	}
	if same := base.With(Extension{}); same != base {
		t.Error("an empty extension must give the same model")
	}
	if again := base.With(Extension{Sleepers: []Sleeper{{Func: "my_hw_wait", GFPArg: -1}}}); again.ID() == ext.ID() {
		t.Error("different extensions must have different IDs")
	}
}

// TestKindsGateTheirNames: what matters of an object kind (its
// teardowns, what schedules it, the interrupts and release calls of the
// teardown order) matters in a module that sets up such an object, and
// only there; the module's gate still holds every kind's set-ups.
func TestKindsGateTheirNames(t *testing.T) {
	m := Default()
	n := Needs{Objects: []ObjectKind{Workqueue, Tasklet, Work}}
	ns := m.RelevantNames(n)
	if !ns.Gate["alloc_workqueue"] || !ns.Gate["tasklet_setup"] || !ns.Gate["INIT_WORK"] {
		t.Fatal("the module gate must hold every kind's set-ups")
	}
	only := func(names ...string) *NameSets {
		return ns.ForKinds(func(gate map[string]bool) bool {
			for _, name := range names {
				if gate[name] {
					return true
				}
			}
			return false
		})
	}
	for _, c := range []struct {
		mentions   []string
		want, dont []string
	}{
		// A module with a tasklet only: the tasklet's teardown order
		// matters, work and workqueue calls do not.
		{[]string{"tasklet_setup"}, []string{"tasklet_kill", "tasklet_schedule", "free_irq", "devm_request_irq", "put_device"},
			[]string{"destroy_workqueue", "schedule_work", "cancel_work_sync", "flush_scheduled_work"}},
		// A workqueue: work queued on it matters, work on the system
		// workqueue does not.
		{[]string{"alloc_workqueue"}, []string{"destroy_workqueue", "queue_work", "free_irq"},
			[]string{"schedule_work", "tasklet_kill", "cancel_work_sync"}},
		{[]string{"INIT_WORK"}, []string{"schedule_work", "cancel_work_sync", "flush_scheduled_work", "queue_work"},
			[]string{"destroy_workqueue", "tasklet_kill"}},
		// No object at all: none of it.
		{nil, nil, []string{"tasklet_kill", "destroy_workqueue", "schedule_work", "free_irq", "devm_request_irq", "put_device"}},
	} {
		got := only(c.mentions...)
		for _, w := range c.want {
			if !got.Anywhere[w] && !got.Near[w] {
				t.Errorf("module mentioning %v: %s must matter", c.mentions, w)
			}
		}
		for _, d := range c.dont {
			if got.Anywhere[d] || got.Near[d] {
				t.Errorf("module mentioning %v: %s must not matter", c.mentions, d)
			}
		}
		// What schedules an object matters near its mention only; its
		// teardowns wherever they are reached from.
		for _, w := range c.want {
			schedules := m.ScheduleFor(w) != nil
			if got.Near[w] != schedules || got.Anywhere[w] == schedules {
				t.Errorf("module mentioning %v: %s in Near %v, in Anywhere %v; want Near only for what schedules an object",
					c.mentions, w, got.Near[w], got.Anywhere[w])
			}
		}
		if len(got.Kinds) != 0 || got != only(c.mentions...) {
			t.Errorf("module mentioning %v: the sets must be applied once and shared", c.mentions)
		}
	}
}
