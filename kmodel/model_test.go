package kmodel

import (
	"strings"
	"testing"
)

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
	if k := ext.RelevantNames(n).Kinds; len(k) != 1 || !k[0].Anywhere["my_wq_free"] || !ext.Names()["my_hw_wait"] || base.Names()["my_hw_wait"] {
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
// teardown order) is the kind's own, for the modules that set up such an
// object; what schedules one matters near its calls only. The module's
// gate still holds every kind's set-ups, and nothing of a kind is in the
// sets that apply to every module.
func TestKindsGateTheirNames(t *testing.T) {
	m := Default()
	ns := m.RelevantNames(Needs{Objects: []ObjectKind{Workqueue, Tasklet, Work}})
	kinds := map[ObjectKind]KindNames{}
	for _, k := range ns.Kinds {
		kinds[k.Kind] = k
	}
	if len(kinds) != 3 {
		t.Fatalf("kinds %v, want the three of the needs", ns.Kinds)
	}
	for _, c := range []struct {
		kind             ObjectKind
		gate             []string
		anywhere, near   []string
		notGate, neither []string
	}{
		{Tasklet, []string{"tasklet_setup", "tasklet_init", "DECLARE_TASKLET"},
			[]string{"tasklet_kill", "free_irq", "devm_request_irq", "put_device"}, []string{"tasklet_schedule"},
			[]string{"INIT_WORK", "free_irq"}, []string{"destroy_workqueue", "schedule_work", "cancel_work_sync"}},
		// Work queued on a workqueue matters to it, work on the system
		// workqueue does not.
		{Workqueue, []string{"alloc_workqueue", "create_singlethread_workqueue"},
			[]string{"destroy_workqueue", "free_irq"}, []string{"queue_work", "queue_delayed_work"},
			[]string{"INIT_WORK"}, []string{"schedule_work", "tasklet_kill", "cancel_work_sync"}},
		{Work, []string{"INIT_WORK", "INIT_DELAYED_WORK", "DECLARE_WORK"},
			[]string{"cancel_work_sync", "flush_scheduled_work"}, []string{"schedule_work", "queue_work"},
			[]string{"alloc_workqueue"}, []string{"destroy_workqueue", "tasklet_kill"}},
	} {
		k := kinds[c.kind]
		for _, g := range c.gate {
			if !k.Gate[g] || !ns.Gate[g] {
				t.Errorf("%v: %s must be in the kind's gate and the module's", c.kind, g)
			}
		}
		for _, g := range c.notGate {
			if k.Gate[g] {
				t.Errorf("%v: %s must not be in the kind's gate", c.kind, g)
			}
		}
		for _, w := range c.anywhere {
			if !k.Anywhere[w] || k.Near[w] || ns.Anywhere[w] {
				t.Errorf("%v: %s must matter anywhere in a module with such an object, only there", c.kind, w)
			}
		}
		for _, w := range c.near {
			if !k.Near[w] || k.Anywhere[w] || ns.Near[w] {
				t.Errorf("%v: %s must matter near its calls in a module with such an object, only there", c.kind, w)
			}
		}
		for _, w := range c.neither {
			if k.Anywhere[w] || k.Near[w] {
				t.Errorf("%v: %s must not matter to the kind", c.kind, w)
			}
		}
	}
}

// TestLockNeedsByGroup: the lock classes of the needs matter in their
// groups (the atomic classes together, each sleeping class alone), and
// open no atomic region: a mutex is atomic context to nobody, and its
// operations matter in atomic context only when a call family says so.
func TestLockNeedsByGroup(t *testing.T) {
	m := Default()
	locks := Needs{Locks: []LockClass{Spin, IRQOff, Mutex, Semaphore}}
	ns := m.RelevantNames(locks)
	if len(ns.Locks) != 3 {
		t.Fatalf("%d lock groups, want 3 (atomic, mutex, semaphore)", len(ns.Locks))
	}
	spin, irq, mutex, sem := ns.LockGroups("spin_lock"), ns.LockGroups("local_irq_restore"), ns.LockGroups("mutex_unlock"), ns.LockGroups("down_read")
	if spin == 0 || spin != irq || mutex == 0 || sem == 0 || mutex == spin || sem == spin || sem == mutex {
		t.Errorf("groups: spin_lock %b, local_irq_restore %b, mutex_unlock %b, down_read %b", spin, irq, mutex, sem)
	}
	if g := ns.LockGroups("guard"); g != spin|mutex|sem {
		t.Errorf("scoped guards in groups %b, want every group (%b)", g, spin|mutex|sem)
	}
	if len(ns.OpensAtomic) != 0 || ns.InAtomicName("mutex_lock") || ns.InAtomicName("spin_lock") {
		t.Errorf("lock needs alone open atomic regions (%d names) or matter in atomic context", len(ns.OpensAtomic))
	}
	if !ns.Gate["mutex_lock"] || !ns.Gate["spin_lock"] || ns.Gate["mutex_unlock"] {
		t.Errorf("gate: the acquisitions, not the releases")
	}
	// With the atomic families: spinlocks open regions, mutexes do not;
	// a mutex matters in atomic context for the family about it.
	all := m.RelevantNames(locks.Union(Needs{InAtomic: []CallFamily{SleepingCalls, SleepingLocks}}))
	if !all.OpensAtomic["spin_lock"] || all.OpensAtomic["mutex_lock"] || all.OpensAtomic["spin_unlock"] {
		t.Errorf("atomic regions open at spin_lock %v, mutex_lock %v, spin_unlock %v; want only spin_lock",
			all.OpensAtomic["spin_lock"], all.OpensAtomic["mutex_lock"], all.OpensAtomic["spin_unlock"])
	}
	if !all.InAtomicName("mutex_lock") || !all.InAtomicName("spin_unlock") {
		t.Errorf("in atomic context, mutex_lock %v and spin_unlock %v should matter", all.InAtomicName("mutex_lock"), all.InAtomicName("spin_unlock"))
	}
}

// TestLifecycleRoots: the needs of objects name where a lifecycle
// analysis starts (module entries, devres actions, release callbacks by
// argument, member or registration, drivers' probe and remove members)
// and each kind's set-ups; the callbacks of other interfaces are no
// roots, and needs without objects have none.
func TestLifecycleRoots(t *testing.T) {
	m := Default()
	ns := m.RelevantNames(Needs{Objects: []ObjectKind{Work}})
	for _, c := range []string{"module_exit", "module_init", "module_platform_driver", "devm_add_action_or_reset", "kref_put", "cpuhp_setup_state"} {
		if !ns.RootCalls[c] {
			t.Errorf("RootCalls lacks %s", c)
		}
	}
	for _, f := range []string{"remove", "probe", "disconnect", "release", "ndo_stop"} {
		if !ns.RootMembers[f] {
			t.Errorf("RootMembers lacks %s", f)
		}
	}
	if ns.RootCalls["schedule_work"] || ns.RootCalls["request_irq"] || ns.RootMembers["unlocked_ioctl"] || ns.RootMembers["ops.remove"] {
		t.Errorf("roots hold a call or member that starts no lifecycle path")
	}
	if k := ns.Kinds; len(k) != 1 || !k[0].Setups["INIT_WORK"] || k[0].Setups["cancel_work_sync"] || !k[0].Anywhere["cancel_work_sync"] {
		t.Errorf("Work's set-ups: %v", k)
	}
	if none := m.RelevantNames(Needs{InAtomic: []CallFamily{SleepingCalls}}); none.RootCalls != nil || none.RootMembers != nil {
		t.Errorf("roots without objects in the needs")
	}
}

// TestPMMacroMark: the lifecycle pass reads a file's PM macros only when
// its text holds PMMacroMark, so every macro's name must hold it.
func TestPMMacroMark(t *testing.T) {
	for _, m := range PMMacros {
		if !strings.Contains(m.Name, PMMacroMark) {
			t.Errorf("PM macro %s lacks %q", m.Name, PMMacroMark)
		}
		if PMMacroFor(m.Name) == nil {
			t.Errorf("PMMacroFor(%q) = nil", m.Name)
		}
	}
}
