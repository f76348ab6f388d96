package kmodel

import "sync"

// Lifecycles of deferred-work objects: what creates, arms, schedules and
// tears them down, what runs a teardown later (release callbacks, devres
// actions), the interrupts whose handlers schedule them, the bus driver
// structures and macros that name the probe, remove, init and exit entry
// points, and devres actions. Facts checked against Linux 6.12
// (kernel/workqueue.c, kernel/softirq.c, kernel/time/timer.c,
// kernel/time/hrtimer.c, kernel/irq/manage.c, drivers/base/).
//
// Part of the data half of the kernel API model (see doc.go).

// ObjectKind is a kind of deferred-work object with a lifecycle.
type ObjectKind uint8

const (
	Workqueue ObjectKind = iota
	Tasklet
	Timer
	Work
	Hrtimer
)

func (k ObjectKind) String() string {
	return [...]string{"workqueue", "tasklet", "timer", "work item", "hrtimer"}[k]
}

// Setup is a call that creates or initialises a deferred-work object.
type Setup struct {
	Func   string
	Kind   ObjectKind
	ObjArg int // index of the object argument; -1: the return value
	// CbArg is the index of the callback argument; -1 when the call
	// names none (init_timer, hrtimer_init: the callback is assigned).
	CbArg int
	// OnStack: the object has automatic storage (INIT_WORK_ONSTACK,
	// timer_setup_on_stack): it lives until its function returns.
	OnStack bool
	// Devres: devres tears the object down when the device goes away
	// (devm_work_autocancel cancels the work, devm-helpers.h).
	Devres bool
	// Stop is the call that tears such an object down for good and
	// waits for its callback, for messages and fixes.
	Stop string
}

// Setups lists object creation and initialisation calls. init_timer,
// setup_timer and setup_deferrable_timer are gone from 6.12 and kept for
// older code; hrtimer_setup is 6.13+.
var Setups = []Setup{
	{Func: "create_workqueue", Kind: Workqueue, ObjArg: -1, CbArg: -1, Stop: "destroy_workqueue"},
	{Func: "create_singlethread_workqueue", Kind: Workqueue, ObjArg: -1, CbArg: -1, Stop: "destroy_workqueue"},
	{Func: "create_freezable_workqueue", Kind: Workqueue, ObjArg: -1, CbArg: -1, Stop: "destroy_workqueue"},
	{Func: "alloc_workqueue", Kind: Workqueue, ObjArg: -1, CbArg: -1, Stop: "destroy_workqueue"},
	{Func: "alloc_ordered_workqueue", Kind: Workqueue, ObjArg: -1, CbArg: -1, Stop: "destroy_workqueue"},
	{Func: "alloc_workqueue_lockdep_map", Kind: Workqueue, ObjArg: -1, CbArg: -1, Stop: "destroy_workqueue"},
	{Func: "alloc_ordered_workqueue_lockdep_map", Kind: Workqueue, ObjArg: -1, CbArg: -1, Stop: "destroy_workqueue"},
	{Func: "tasklet_init", Kind: Tasklet, ObjArg: 0, CbArg: 1, Stop: "tasklet_kill"},
	{Func: "tasklet_setup", Kind: Tasklet, ObjArg: 0, CbArg: 1, Stop: "tasklet_kill"},
	{Func: "DECLARE_TASKLET", Kind: Tasklet, ObjArg: 0, CbArg: 1, Stop: "tasklet_kill"},
	{Func: "DECLARE_TASKLET_OLD", Kind: Tasklet, ObjArg: 0, CbArg: 1, Stop: "tasklet_kill"},
	{Func: "DECLARE_TASKLET_DISABLED", Kind: Tasklet, ObjArg: 0, CbArg: 1, Stop: "tasklet_kill"},
	{Func: "DECLARE_TASKLET_DISABLED_OLD", Kind: Tasklet, ObjArg: 0, CbArg: 1, Stop: "tasklet_kill"},
	{Func: "timer_setup", Kind: Timer, ObjArg: 0, CbArg: 1, Stop: "timer_shutdown_sync"},
	{Func: "timer_setup_on_stack", Kind: Timer, ObjArg: 0, CbArg: 1, OnStack: true, Stop: "timer_shutdown_sync"},
	{Func: "setup_timer", Kind: Timer, ObjArg: 0, CbArg: 1, Stop: "del_timer_sync"},
	{Func: "setup_timer_on_stack", Kind: Timer, ObjArg: 0, CbArg: 1, OnStack: true, Stop: "del_timer_sync"},
	{Func: "setup_deferrable_timer", Kind: Timer, ObjArg: 0, CbArg: 1, Stop: "del_timer_sync"},
	{Func: "init_timer", Kind: Timer, ObjArg: 0, CbArg: -1, Stop: "del_timer_sync"},
	{Func: "DEFINE_TIMER", Kind: Timer, ObjArg: 0, CbArg: 1, Stop: "timer_shutdown_sync"},
	{Func: "INIT_WORK", Kind: Work, ObjArg: 0, CbArg: 1, Stop: "cancel_work_sync"},
	{Func: "INIT_DELAYED_WORK", Kind: Work, ObjArg: 0, CbArg: 1, Stop: "cancel_delayed_work_sync"},
	{Func: "INIT_DEFERRABLE_WORK", Kind: Work, ObjArg: 0, CbArg: 1, Stop: "cancel_delayed_work_sync"},
	{Func: "INIT_RCU_WORK", Kind: Work, ObjArg: 0, CbArg: 1, Stop: "flush_rcu_work"},
	{Func: "INIT_WORK_ONSTACK", Kind: Work, ObjArg: 0, CbArg: 1, OnStack: true, Stop: "cancel_work_sync"},
	{Func: "INIT_DELAYED_WORK_ONSTACK", Kind: Work, ObjArg: 0, CbArg: 1, OnStack: true, Stop: "cancel_delayed_work_sync"},
	{Func: "INIT_DEFERRABLE_WORK_ONSTACK", Kind: Work, ObjArg: 0, CbArg: 1, OnStack: true, Stop: "cancel_delayed_work_sync"},
	{Func: "INIT_RCU_WORK_ONSTACK", Kind: Work, ObjArg: 0, CbArg: 1, OnStack: true, Stop: "flush_rcu_work"},
	{Func: "DECLARE_WORK", Kind: Work, ObjArg: 0, CbArg: 1, Stop: "cancel_work_sync"},
	{Func: "DECLARE_DELAYED_WORK", Kind: Work, ObjArg: 0, CbArg: 1, Stop: "cancel_delayed_work_sync"},
	{Func: "DECLARE_DEFERRABLE_WORK", Kind: Work, ObjArg: 0, CbArg: 1, Stop: "cancel_delayed_work_sync"},
	{Func: "devm_work_autocancel", Kind: Work, ObjArg: 1, CbArg: 2, Devres: true, Stop: "cancel_work_sync"},
	{Func: "devm_delayed_work_autocancel", Kind: Work, ObjArg: 1, CbArg: 2, Devres: true, Stop: "cancel_delayed_work_sync"},
	{Func: "hrtimer_init", Kind: Hrtimer, ObjArg: 0, CbArg: -1, Stop: "hrtimer_cancel"},
	{Func: "hrtimer_init_on_stack", Kind: Hrtimer, ObjArg: 0, CbArg: -1, OnStack: true, Stop: "hrtimer_cancel"},
	{Func: "hrtimer_setup", Kind: Hrtimer, ObjArg: 0, CbArg: 1, Stop: "hrtimer_cancel"},
}

// Delayed reports whether s sets up a delayed work item (one queued with
// a delay, cancelled with cancel_delayed_work_sync).
func (s *Setup) Delayed() bool { return s.Kind == Work && s.Stop == "cancel_delayed_work_sync" }

// Teardown is a call that stops or destroys a deferred-work object.
type Teardown struct {
	Func   string
	Kind   ObjectKind
	ObjArg int
	// Destroy: the object is released or stopped for good as far as the
	// driver is concerned (destroy_workqueue, tasklet_kill,
	// del_timer_sync, cancel_work_sync, and the non-waiting del_timer and
	// cancel_work, which Waits tells apart).
	Destroy bool
	// Waits: the call waits for a running callback to finish.
	Waits bool
	// PreventsRearm: the object cannot be armed or queued again
	// afterwards (timer_shutdown*, disable_work*).
	PreventsRearm bool
	// Disable: tasklet_disable and friends, which stop a tasklet from
	// running but leave a pending one queued (kernel/softirq.c:805,
	// 823-828); not a teardown (Destroy is false).
	Disable bool
	// Enable: tasklet_enable, which undoes one tasklet_disable
	// (interrupt.h:756-760, the count tasklet_disable_nosync raised);
	// a disable its function enables again is a flush, not a final
	// stop. Not a teardown either.
	Enable bool
	// Sync names the waiting form of a call that does not wait, for
	// fixes: del_timer -> del_timer_sync.
	Sync string
	// Stop names, for a wait that leaves the object live (a flush), the
	// call that also stops it, for fixes: flush_work waits for the last
	// queued instance only (kernel/workqueue.c, flush_work and
	// flush_delayed_work), so a work item that queues itself again is
	// pending once more when it returns; cancel_work_sync keeps it from
	// re-queueing while it waits.
	Stop string
}

// Teardowns lists teardown calls. Since 2.6.36 destroy_workqueue drains the
// queue itself, so it both flushes and destroys. In 6.12 del_timer and
// del_timer_sync are wrappers of timer_delete and timer_delete_sync
// (timer.h:171-203).
var Teardowns = []Teardown{
	{Func: "destroy_workqueue", Kind: Workqueue, Destroy: true, Waits: true},
	{Func: "flush_workqueue", Kind: Workqueue, Waits: true},
	{Func: "drain_workqueue", Kind: Workqueue, Waits: true},
	{Func: "tasklet_kill", Kind: Tasklet, Destroy: true, Waits: true},
	{Func: "tasklet_disable", Kind: Tasklet, Waits: true, Disable: true},
	{Func: "tasklet_disable_nosync", Kind: Tasklet, Disable: true},
	{Func: "tasklet_disable_in_atomic", Kind: Tasklet, Waits: true, Disable: true},
	{Func: "tasklet_enable", Kind: Tasklet, Enable: true},
	{Func: "del_timer_sync", Kind: Timer, Destroy: true, Waits: true},
	{Func: "timer_delete_sync", Kind: Timer, Destroy: true, Waits: true},
	{Func: "timer_shutdown_sync", Kind: Timer, Destroy: true, Waits: true, PreventsRearm: true},
	{Func: "del_timer", Kind: Timer, Destroy: true, Sync: "del_timer_sync"},
	{Func: "timer_delete", Kind: Timer, Destroy: true, Sync: "timer_delete_sync"},
	{Func: "timer_shutdown", Kind: Timer, Destroy: true, PreventsRearm: true, Sync: "timer_shutdown_sync"},
	{Func: "try_to_del_timer_sync", Kind: Timer, Destroy: true},
	{Func: "hrtimer_cancel", Kind: Hrtimer, Destroy: true, Waits: true},
	{Func: "hrtimer_try_to_cancel", Kind: Hrtimer, Destroy: true, Sync: "hrtimer_cancel"},
	{Func: "cancel_work_sync", Kind: Work, Destroy: true, Waits: true},
	{Func: "cancel_delayed_work_sync", Kind: Work, Destroy: true, Waits: true},
	{Func: "disable_work_sync", Kind: Work, Destroy: true, Waits: true, PreventsRearm: true},
	{Func: "disable_delayed_work_sync", Kind: Work, Destroy: true, Waits: true, PreventsRearm: true},
	{Func: "flush_work", Kind: Work, Waits: true, Stop: "cancel_work_sync"},
	{Func: "flush_delayed_work", Kind: Work, Waits: true, Stop: "cancel_delayed_work_sync"},
	{Func: "flush_rcu_work", Kind: Work, Waits: true},
	{Func: "cancel_work", Kind: Work, Destroy: true, Sync: "cancel_work_sync"},
	{Func: "cancel_delayed_work", Kind: Work, Destroy: true, Sync: "cancel_delayed_work_sync"},
	{Func: "disable_work", Kind: Work, Destroy: true, PreventsRearm: true, Sync: "disable_work_sync"},
	{Func: "disable_delayed_work", Kind: Work, Destroy: true, PreventsRearm: true, Sync: "disable_delayed_work_sync"},
	// The devres actions of devm-helpers.h, which drivers also register
	// themselves (devm_add_action(dev, devm_delayed_work_drop, w)).
	{Func: "devm_delayed_work_drop", Kind: Work, Destroy: true, Waits: true},
	{Func: "devm_work_drop", Kind: Work, Destroy: true, Waits: true},
}

// DelayedWorkMember is the work_struct member of struct delayed_work
// (linux/workqueue.h:113-120): cancel_work_sync(&dw->work) cancels the
// delayed work as a whole (kernel/workqueue.c work_grab_pending takes
// its timer too).
const DelayedWorkMember = "work"

// RTNLMembers are the operations the networking core calls with the
// RTNL mutex held (net/core/dev.c: __dev_close_many under rtnl_lock):
// waiting there for a work item that takes RTNL deadlocks, so a
// non-waiting cancel there is deliberate.
var RTNLMembers = []string{"ndo_stop"}

// MemoryFrees are calls that free memory (mm/slab_common.c,
// mm/util.c, mm/vmalloc.c, include/linux/rcupdate.h kfree_rcu), with the
// argument that is the memory freed (kmem_cache_free(cache, p)): a work
// function that frees the structure it lives in, itself or through a
// helper it hands that structure to, belongs to a request, an event or
// the object's last reference, not to the device.
var MemoryFrees = []ArgOf{
	{Func: "kfree"}, {Func: "kvfree"}, {Func: "kfree_sensitive"}, {Func: "vfree"}, {Func: "kfree_rcu"},
	{Func: "kmem_cache_free", Arg: 1},
}

// Schedule is a call that queues, schedules or arms a deferred-work
// object: what makes its callback run (later).
type Schedule struct {
	Func   string
	Kind   ObjectKind // Tasklet, Timer, Work, Hrtimer
	ObjArg int
	// WQArg is the workqueue a work item is queued on; -1 for the
	// calls that queue on a system workqueue (schedule_work uses
	// system_percpu_wq, workqueue.h:705-821).
	WQArg int
}

// Schedules lists them (workqueue.h, interrupt.h, timer.c, hrtimer.h).
var Schedules = []Schedule{
	{"tasklet_schedule", Tasklet, 0, -1}, {"tasklet_hi_schedule", Tasklet, 0, -1},
	{"queue_work", Work, 1, 0}, {"queue_work_on", Work, 2, 1}, {"queue_work_node", Work, 2, 1},
	{"queue_delayed_work", Work, 1, 0}, {"queue_delayed_work_on", Work, 2, 1},
	{"mod_delayed_work", Work, 1, 0}, {"mod_delayed_work_on", Work, 2, 1},
	{"queue_rcu_work", Work, 1, 0}, {"enable_and_queue_work", Work, 1, 0},
	{"schedule_work", Work, 0, -1}, {"schedule_work_on", Work, 1, -1},
	{"schedule_delayed_work", Work, 0, -1}, {"schedule_delayed_work_on", Work, 1, -1},
	{"add_timer", Timer, 0, -1}, {"add_timer_on", Timer, 0, -1}, {"add_timer_local", Timer, 0, -1},
	{"add_timer_global", Timer, 0, -1}, {"mod_timer", Timer, 0, -1}, {"mod_timer_pending", Timer, 0, -1},
	{"timer_reduce", Timer, 0, -1},
	{"hrtimer_start", Hrtimer, 0, -1}, {"hrtimer_start_range_ns", Hrtimer, 0, -1},
	{"hrtimer_start_expires", Hrtimer, 0, -1},
}

// SystemWorkqueues are the kernel's own workqueues (workqueue.h:459-469):
// never destroyed by a driver, so work queued on them must be cancelled
// one by one.
var SystemWorkqueues = []string{
	"system_wq", "system_percpu_wq", "system_highpri_wq", "system_long_wq", "system_unbound_wq",
	"system_dfl_wq", "system_freezable_wq", "system_power_efficient_wq",
	"system_freezable_power_efficient_wq", "system_bh_wq", "system_bh_highpri_wq",
}

// SystemWorkFlushes are calls that wait for all the work queued on the
// system workqueue (flush_scheduled_work, deprecated; it flushes
// system_percpu_wq, workqueue.h:757-770).
var SystemWorkFlushes = []string{"flush_scheduled_work"}

// IRQRequest is a call that installs an interrupt handler.
type IRQRequest struct {
	Func     string
	IRQArg   int
	DevIDArg int
	FlagsArg int   // -1: none
	Handlers []int // the hard handler and, for threaded IRQs, the thread
	// Devres: freed by devres after remove() returns
	// (drivers/base/dd.c:1367-1372, kernel/irq/devres.c:19-24).
	Devres bool
}

// IRQRequests lists them (interrupt.h:152-227, kernel/irq/devres.c,
// drivers/pci/irq.c).
var IRQRequests = []IRQRequest{
	{Func: "request_irq", IRQArg: 0, DevIDArg: 4, FlagsArg: 2, Handlers: []int{1}},
	{Func: "request_threaded_irq", IRQArg: 0, DevIDArg: 5, FlagsArg: 3, Handlers: []int{1, 2}},
	{Func: "request_any_context_irq", IRQArg: 0, DevIDArg: 4, FlagsArg: 2, Handlers: []int{1}},
	{Func: "request_percpu_irq", IRQArg: 0, DevIDArg: 3, FlagsArg: -1, Handlers: []int{1}},
	{Func: "pci_request_irq", IRQArg: 1, DevIDArg: 4, FlagsArg: -1, Handlers: []int{2, 3}},
	{Func: "devm_request_irq", IRQArg: 1, DevIDArg: 5, FlagsArg: 3, Handlers: []int{2}, Devres: true},
	{Func: "devm_request_threaded_irq", IRQArg: 1, DevIDArg: 6, FlagsArg: 4, Handlers: []int{2, 3}, Devres: true},
	{Func: "devm_request_any_context_irq", IRQArg: 1, DevIDArg: 5, FlagsArg: 3, Handlers: []int{2}, Devres: true},
}

// IRQStop is a call after which an interrupt handler no longer runs:
// free_irq and disable_irq wait for running handlers
// (kernel/irq/manage.c:1963-1967, 737-742).
type IRQStop struct {
	Func     string
	IRQArg   int
	DevIDArg int // -1: all handlers of the line (disable_irq)
	Frees    bool
}

// IRQStops lists them.
var IRQStops = []IRQStop{
	{"free_irq", 0, 1, true}, {"devm_free_irq", 1, 2, true}, {"pci_free_irq", 1, 2, true},
	{"free_percpu_irq", 0, 1, true},
	// Disables a per-CPU interrupt on the calling CPU
	// (kernel/irq/manage.c:2453-2465); drivers call it on every CPU,
	// from a CPU hotplug teardown callback.
	{"disable_percpu_irq", 0, -1, false},
	{"disable_irq", 0, -1, false}, {"disable_irq_nosync", 0, -1, false}, {"disable_hardirq", 0, -1, false},
	// Drivers mask the device's interrupt and then wait for a running
	// handler: a stop as far as the order of teardown can tell.
	{"synchronize_irq", 0, -1, false}, {"synchronize_hardirq", 0, -1, false},
}

// ExternalIRQSources give interrupt numbers of lines another device
// raises, that no write to the requesting device's registers masks: a
// GPIO's interrupt (gpiod_to_irq, gpio_to_irq: drivers/gpio/gpiolib.c
// gpiod_to_irq -> the GPIO chip's to_irq), and numbers found in board
// platform data (dev_get_platdata, include/linux/device.h), where boards
// pass the lines of companion parts (VBUS, card detect); a device's own
// interrupts come from its resources (platform_get_irq).
var ExternalIRQSources = []string{"gpiod_to_irq", "gpio_to_irq", "dev_get_platdata"}

// IRQNoAutoEnable is the request flag that leaves an interrupt disabled
// until the driver enables it (interrupt.h): whether it is live at
// remove depends on the driver's own enable_irq and disable_irq calls.
const IRQNoAutoEnable = "IRQF_NO_AUTOEN"

// DeviceWrites are the register write accessors (asm-generic/io.h,
// linux/regmap.h). A teardown path that writes the device's registers
// before tearing down what its interrupt schedules usually masks that
// interrupt first; the analysis cannot tell which write does.
var DeviceWrites = []string{
	"writel", "writew", "writeb", "writeq", "writel_relaxed", "writew_relaxed", "writeb_relaxed",
	"writeq_relaxed", "__raw_writel", "__raw_writew", "__raw_writeb", "__raw_writeq",
	"iowrite32", "iowrite16", "iowrite8", "iowrite32be", "iowrite16be", "outb", "outw", "outl",
	"outb_p", "outw_p", "outl_p", "regmap_write", "regmap_update_bits", "regmap_set_bits",
	"regmap_clear_bits", "regmap_write_bits",
}

// DeviceWriteSuffixes are how drivers and bus headers name their own
// register write wrappers (rtsx_pci_writel, otx2_write64, sdio_writeb,
// i2c_smbus_write_byte_data): a call whose name ends in one counts as a
// device write too.
var DeviceWriteSuffixes = []string{
	"_writel", "_writew", "_writeb", "_writeq", "_write8", "_write16", "_write32", "_write64",
	"_wr32", "_wr64", "_write", "_write_byte", "_write_byte_data", "_write_word_data",
	"_set_bits", "_clear_bits", "_update_bits",
}

// ReleaseCall is a call that runs a release function, now or when the
// last reference goes: kref_put(kref, release) calls release
// (kref.h:62-91); put_device and device_unregister end in the release
// function of the struct device (dev->release, its type's release, its
// class's dev_release: drivers/base/core.c:2608-2638), kobject_put in
// its ktype's release.
type ReleaseCall struct {
	Func  string
	FnArg int // the release function argument; -1: found through Fields
	// Fields are the members a release function is stored in, for the
	// calls that find it through the object.
	Fields []string
	// Runs is set when the callbacks found through Fields run before
	// the call returns (a device stopped as it is unregistered), not
	// when a last reference goes: the order of a teardown path follows
	// them.
	Runs bool
	// RegisteredBy are the calls that register the callbacks this call
	// runs, with the argument that holds one: cpuhp_remove_state(state)
	// runs the teardown callback cpuhp_setup_state(state, name,
	// startup, teardown) registered.
	RegisteredBy []ArgOf
}

// ArgOf names an argument of a call.
type ArgOf struct {
	Func string
	Arg  int
}

// ReleaseCalls lists them, with devm_release_action, which runs an
// action now (devres.c:780-800), and unregister_netdev, which runs the
// device's ndo_stop.
var ReleaseCalls = []ReleaseCall{
	{Func: "kref_put", FnArg: 1}, {Func: "kref_put_mutex", FnArg: 1}, {Func: "kref_put_lock", FnArg: 1},
	{Func: "devm_release_action", FnArg: 1},
	{Func: "put_device", FnArg: -1, Fields: []string{"release", "dev_release"}},
	{Func: "device_unregister", FnArg: -1, Fields: []string{"release", "dev_release"}},
	{Func: "kobject_put", FnArg: -1, Fields: []string{"release"}},
	// Unregistering a network device closes it first: its ndo_stop runs
	// (net/core/dev.c, unregister_netdevice_many_notify ->
	// dev_close_many).
	{Func: "unregister_netdev", FnArg: -1, Fields: []string{"ndo_stop"}, Runs: true},
	{Func: "unregister_netdevice", FnArg: -1, Fields: []string{"ndo_stop"}, Runs: true},
	// Unregistering an IEEE 802.15.4 device removes its interfaces; the
	// last one closed stops the device through its ops' .stop
	// (net/mac802154/main.c:275-291 ieee802154_remove_interfaces ->
	// iface.c:317 ieee802154_stop_device -> util.c:172 drv_stop).
	{Func: "ieee802154_unregister_hw", FnArg: -1, Fields: []string{"stop"}, Runs: true},
	// Deleting a UDC unbinds its gadget driver, which stops the
	// controller through the gadget ops' .udc_stop
	// (drivers/usb/gadget/udc/core.c:1574-1590 usb_del_gadget ->
	// device_del -> gadget_unbind_driver 1706-1726 ->
	// usb_gadget_udc_stop_locked).
	{Func: "usb_del_gadget_udc", FnArg: -1, Fields: []string{"udc_stop"}, Runs: true},
	{Func: "usb_del_gadget", FnArg: -1, Fields: []string{"udc_stop"}, Runs: true},
	// Unregistering an IIO device disables its enabled buffers: the
	// setup ops' .predisable and .postdisable run
	// (drivers/iio/industrialio-core.c:2111-2120 iio_device_unregister
	// -> industrialio-buffer.c:1356-1364 iio_disable_all_buffers ->
	// 1222-1262 iio_disable_buffers).
	{Func: "iio_device_unregister", FnArg: -1, Fields: []string{"predisable", "postdisable"}, Runs: true},
	// Removing a CPU hotplug state runs its teardown callback on every
	// online CPU that reached it before returning
	// (include/linux/cpuhotplug.h:424-434 -> kernel/cpu.c:2600-2641
	// __cpuhp_remove_state_cpuslocked, cpuhp_issue_call(cpu, state,
	// false, NULL)); the _nocalls forms do not, and the multi-instance
	// form runs none (cpuhotplug.h:436-470).
	{Func: "cpuhp_remove_state", FnArg: -1, Runs: true, RegisteredBy: cpuhpSetups},
}

// cpuhpSetups register a CPU hotplug state's teardown callback: the
// fourth argument of the inline forms (cpuhotplug.h:270-335), the fifth
// of __cpuhp_setup_state (250-252).
var cpuhpSetups = []ArgOf{
	{"cpuhp_setup_state", 3}, {"cpuhp_setup_state_cpuslocked", 3},
	{"cpuhp_setup_state_nocalls", 3}, {"cpuhp_setup_state_nocalls_cpuslocked", 3},
	{"__cpuhp_setup_state", 4},
}

// RequestStops are calls after which a driver gets no new requests and
// has none in flight, so that interrupts that only complete requests
// cannot fire: unregistering a crypto algorithm requires that no
// transform of it exists (crypto/algapi.c:455-474, the reference count
// must be 1), and requests belong to transforms.
var RequestStops = []string{
	"crypto_unregister_alg", "crypto_unregister_algs", "crypto_unregister_skcipher",
	"crypto_unregister_skciphers", "crypto_unregister_lskcipher", "crypto_unregister_lskciphers",
	"crypto_unregister_ahash", "crypto_unregister_ahashes", "crypto_unregister_shash",
	"crypto_unregister_shashes", "crypto_unregister_aead", "crypto_unregister_aeads",
	"crypto_unregister_akcipher", "crypto_unregister_kpp", "crypto_unregister_rng",
	"crypto_unregister_rngs", "crypto_unregister_acomp", "crypto_unregister_acomps",
	"crypto_unregister_scomp", "crypto_unregister_scomps",
	"crypto_engine_unregister_aead", "crypto_engine_unregister_aeads",
	"crypto_engine_unregister_ahash", "crypto_engine_unregister_ahashes",
	"crypto_engine_unregister_akcipher", "crypto_engine_unregister_kpp",
	"crypto_engine_unregister_skcipher", "crypto_engine_unregister_skciphers",
}

// ExportMacros make a function callable by other modules
// (include/linux/export.h:74-79). A module that calls one depends on the
// exporting module, which cannot be unloaded while it is loaded
// (kernel/module/main.c:760-764, "Other modules depend on us").
var ExportMacros = []string{
	"EXPORT_SYMBOL", "EXPORT_SYMBOL_GPL", "EXPORT_SYMBOL_NS", "EXPORT_SYMBOL_NS_GPL",
	"EXPORT_SYMBOL_GPL_FOR_MODULES",
}

// RequestDrains are calls after which no request is in flight and none
// reaches the driver again, although interrupts that do not complete
// requests (card detect) may still fire: mmc_remove_host() stops the
// host (drivers/mmc/core/host.c:671-680): mmc_stop_host() removes the
// card through bus_ops->remove, whose block and SDIO drivers finish
// their requests on the way out, then powers the host off
// (core/core.c:2311-2331). A timer that times out one request at a time
// is not armed after it. RequestStops drain requests too.
var RequestDrains = []string{"mmc_remove_host"}

// VFDisables remove a PCI physical function's virtual functions
// (drivers/pci/iov.c:720-735 sriov_disable -> sriov_del_vfs, which calls
// pci_iov_remove_virtfn for each VF, 712-718; pci_disable_sriov at 1087, pci_sriov_configure_simple with
// nr_virtfn 0 at 1224-1227): after one, no VF is left to post a mailbox
// request, so interrupts that carry VF requests cannot fire. Arg is the
// VF count argument that must be a literal 0, -1 for none.
var VFDisables = []ArgOf{{"pci_disable_sriov", -1}, {"pci_sriov_configure_simple", 1}}

// RefOp is a reference count operation: a get before scheduling a
// tasklet and a put in its handler pin the object the tasklet lives in
// until it has run.
type RefOp struct {
	Func   string
	ObjArg int
	Get    bool
}

// RefOps lists them.
var RefOps = []RefOp{
	{"kref_get", 0, true}, {"kref_get_unless_zero", 0, true}, {"refcount_inc", 0, true},
	{"refcount_inc_not_zero", 0, true}, {"atomic_inc", 0, true}, {"atomic_inc_not_zero", 0, true},
	{"get_device", 0, true}, {"kobject_get", 0, true},
	{"kref_put", 0, false}, {"kref_put_mutex", 0, false}, {"kref_put_lock", 0, false},
	{"refcount_dec", 0, false}, {"refcount_dec_and_test", 0, false}, {"atomic_dec", 0, false},
	{"atomic_dec_and_test", 0, false}, {"atomic_dec_return", 0, false}, {"put_device", 0, false},
	{"kobject_put", 0, false},
	// include/linux/percpu-refcount.h:198-361 (the get, tryget and put
	// inlines; the live forms fail once the count is killed, 275-318).
	{"percpu_ref_get", 0, true}, {"percpu_ref_get_many", 0, true}, {"percpu_ref_tryget", 0, true},
	{"percpu_ref_tryget_many", 0, true}, {"percpu_ref_tryget_live", 0, true},
	{"percpu_ref_tryget_live_rcu", 0, true},
	{"percpu_ref_put", 0, false}, {"percpu_ref_put_many", 0, false},
}

// RefDrain is a call that drops a count's own reference, so that the
// count's release callback runs once every other reference is dropped.
// A function that makes one and then waits for a completion that the
// release callback completes waits until every holder of a reference
// has put it: the teardown of the target core's LUNs (percpu_ref_kill,
// then wait_for_completion on what core_tpg_lun_ref_release completes,
// drivers/target/target_core_transport.c:3243-3247, target_core_tpg.c:436-441).
type RefDrain struct {
	Func   string
	ObjArg int
	// ReleaseArg is the argument that names the release callback, -1
	// when the count's initialisation names it (RefInits).
	ReleaseArg int
}

// RefDrains lists them: percpu_ref_kill drops the initial reference
// (percpu-refcount.h:135-150; percpu_ref_kill_and_confirm,
// lib/percpu-refcount.c:370-399, puts it at 396), and the release given
// to percpu_ref_init is called when the count hits zero (lib/percpu-refcount.c:49-63);
// kref_put calls its release argument when it drops the last reference
// (include/linux/kref.h:55-90).
var RefDrains = []RefDrain{
	{"percpu_ref_kill", 0, -1}, {"percpu_ref_kill_and_confirm", 0, -1},
	{"kref_put", 0, 1}, {"kref_put_mutex", 0, 1}, {"kref_put_lock", 0, 1},
}

// RefInits name the release callback of the count their first argument
// initialises (percpu_ref_init, percpu-refcount.h:121-123: Arg is the
// release's argument).
var RefInits = []ArgOf{{"percpu_ref_init", 1}}

// CountRead is a call that reads a reference count (its first
// argument); Zero says the call itself tests that the count is zero.
type CountRead struct {
	Func string
	Zero bool
}

// CountReads lists them: percpu_ref_is_zero (lib/percpu-refcount.c:410),
// kref_read (include/linux/kref.h:34), refcount_read
// (include/linux/refcount.h:168), atomic_read and atomic_long_read
// (include/linux/atomic/atomic-instrumented.h:30, 3186). A read compared
// with 0 (== 0, or under !) tests that the count is zero.
var CountReads = []CountRead{
	{"percpu_ref_is_zero", true}, {"kref_read", false}, {"refcount_read", false},
	{"atomic_read", false}, {"atomic_long_read", false},
}

// CondWaitPrefixes start the names of the calls that sleep until their
// second argument, a condition, holds: wait_event(wq_head, condition)
// and its forms (include/linux/wait.h:340-1180), wait_var_event(var,
// condition) and its forms (include/linux/wait_bit.h:273-312). A
// teardown that waits until a count is zero drains its references.
var CondWaitPrefixes = []string{"wait_event", "wait_var_event"}

// CompletionSignals complete the completion their first argument points
// to (kernel/sched/completion.c:45 complete, 67 complete_all).
var CompletionSignals = []string{"complete", "complete_all"}

// CompletionWaits are calls that wait for a completion
// (kernel/sched/completion.c): an object armed or scheduled and then
// waited for in the same function is used synchronously.
var CompletionWaits = []string{
	"wait_for_completion", "wait_for_completion_io", "wait_for_completion_timeout",
	"wait_for_completion_io_timeout", "wait_for_completion_interruptible",
	"wait_for_completion_interruptible_timeout", "wait_for_completion_killable",
	"wait_for_completion_killable_timeout", "wait_for_completion_state",
}

// ValueCopies are calls whose result is their argument: a local set from
// one holds the same object (wq = READ_ONCE(p->wq); destroy_workqueue(wq)).
type ValueCopy struct {
	Func string
	Arg  int
}

// ValueCopies lists them.
var ValueCopies = []ValueCopy{
	{"READ_ONCE", 0}, {"xchg", 0}, {"rcu_dereference", 0}, {"rcu_dereference_protected", 0},
	{"rcu_access_pointer", 0}, {"rcu_replace_pointer", 0}, {"no_free_ptr", 0}, {"fetch_and_zero", 0},
}

// DriverStruct is a bus driver structure whose members name the probe and
// remove entry points.
type DriverStruct struct {
	Struct string
	Probe  []string
	// Remove are the members called when the driver is unbound from a
	// device (remove, disconnect, detach, ...); a dotted name is a member
	// of a member (acpi_driver's ops.remove).
	Remove []string
	// Driver is the embedded struct device_driver, which holds
	// suppress_bind_attrs (no sysfs unbind, drivers/base/bus.c:759-765).
	Driver string
}

// DriverStructs lists the bus driver structures kdlint understands
// (6.12 headers; component_ops is the aggregate-driver interface whose
// unbind tears a component down).
var DriverStructs = []DriverStruct{
	{Struct: "ac97_codec_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "acpi_driver", Probe: []string{"ops.add"}, Remove: []string{"ops.remove"}, Driver: "drv"},
	{Struct: "amba_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "anybuss_client_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "ap_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "apr_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "auxiliary_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "bcma_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "bttv_sub_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "ccw_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "ccwgroup_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "cdx_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "comedi_driver", Probe: []string{"attach", "auto_attach"}, Remove: []string{"detach"}},
	{Struct: "coreboot_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "css_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "cx8802_driver", Probe: []string{"probe"}, Remove: []string{"remove"}},
	{Struct: "cxl_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "dax_device_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "dbc_driver", Probe: []string{"probe"}, Remove: []string{"disconnect"}},
	{Struct: "device_driver", Probe: []string{"probe"}, Remove: []string{"remove"}},
	{Struct: "dfl_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "dio_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "dp_aux_ep_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "ecard_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "ffa_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "fsl_mc_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "fw_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "gameport_driver", Probe: []string{"probe"}, Remove: []string{"disconnect"}, Driver: "driver"},
	{Struct: "gbphy_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "gio_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "greybus_driver", Probe: []string{"probe"}, Remove: []string{"disconnect"}, Driver: "driver"},
	{Struct: "hdac_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "hid_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "host1x_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "hv_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "i2c_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "i3c_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "idxd_device_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "intel_th_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "isa_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "ishtp_cl_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "locomo_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "matroxfb_driver", Probe: []string{"probe"}, Remove: []string{"remove"}},
	{Struct: "mcb_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "mcp_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "mdev_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "mdio_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "mdiodrv"},
	{Struct: "mei_cl_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "memstick_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "mhi_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "mhi_ep_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "mipi_dsi_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "mips_cdmm_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "mmc_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "nd_device_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "nubus_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "nvmem_layout_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "ocrdma_driver", Probe: []string{"probe"}, Remove: []string{"remove"}},
	{Struct: "omap_dss_driver", Probe: []string{"probe"}, Remove: []string{"remove", "disconnect"}},
	{Struct: "parisc_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "parport_driver", Probe: []string{"probe", "match_port", "attach"}, Remove: []string{"detach"}, Driver: "driver"},
	{Struct: "pci_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "pci_epf_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "pcie_port_service_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "pcmcia_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "peci_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "phy_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "mdiodrv"},
	{Struct: "platform_driver", Probe: []string{"probe"}, Remove: []string{"remove", "remove_new"}, Driver: "driver"},
	{Struct: "pnp_card_driver", Probe: []string{"probe"}, Remove: []string{"remove"}},
	{Struct: "pnp_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "ps3_system_bus_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "core"},
	{Struct: "ps3_vuart_port_driver", Probe: []string{"probe"}, Remove: []string{"remove"}},
	{Struct: "qedr_driver", Probe: []string{"probe"}, Remove: []string{"remove"}},
	{Struct: "rio_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "rpmsg_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "sa1111_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "scm_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "scmi_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "sdio_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "sdw_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "serdev_device_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "serio_driver", Probe: []string{"probe"}, Remove: []string{"disconnect"}, Driver: "driver"},
	{Struct: "siox_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "slim_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "snd_soc_component_driver", Probe: []string{"probe"}, Remove: []string{"remove"}},
	{Struct: "soundbus_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "spi_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "spi_mem_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "spidrv"},
	{Struct: "spmi_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "ssam_device_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "ssb_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "drv"},
	{Struct: "sunxi_rsb_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "tb_service_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "tifm_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "typec_altmode_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "ucb1x00_driver", Probe: []string{"probe"}, Remove: []string{"remove"}},
	{Struct: "ulpi_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "usb_composite_driver", Probe: []string{"bind"}, Remove: []string{"unbind", "disconnect"}},
	{Struct: "usb_device_driver", Probe: []string{"probe"}, Remove: []string{"disconnect"}, Driver: "driver"},
	{Struct: "usb_driver", Probe: []string{"probe"}, Remove: []string{"disconnect"}, Driver: "driver"},
	{Struct: "usb_gadget_driver", Probe: []string{"bind"}, Remove: []string{"unbind", "disconnect"}, Driver: "driver"},
	{Struct: "usb_serial_driver", Probe: []string{"probe", "attach", "port_probe"}, Remove: []string{"disconnect", "release", "port_remove"}, Driver: "driver"},
	{Struct: "vchiq_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "vdpa_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "vio_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "virtio_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "vme_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "wmi_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "xenbus_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "zorro_driver", Probe: []string{"probe"}, Remove: []string{"remove"}, Driver: "driver"},
	{Struct: "component_ops", Probe: []string{"bind"}, Remove: []string{"unbind"}},
}

// RuntimeRemoveMembers are the remove members a driver library may set
// at run time in a structure its caller supplies (pci_driver->remove =
// fn, drivers/net/ethernet/mellanox/mlxsw/pci.c:2488-2494): an
// assignment of a function to one counts as a remove callback.
var RuntimeRemoveMembers = []string{"remove", "remove_new", "disconnect"}

// SuppressBindAttrs is the struct device_driver member that removes the
// sysfs bind and unbind files.
const SuppressBindAttrs = "suppress_bind_attrs"

// DriverMacro is a module_*_driver() or builtin_*_driver() macro: it
// registers the driver structure named by its first argument.
type DriverMacro struct {
	Macro string
	// ProbeArg is the index of an argument naming the probe function
	// directly (module_platform_driver_probe); 0 when there is none.
	ProbeArg int
	// OtherStructArg is the index of a second driver structure it
	// registers (module_comedi_pci_driver); 0 when there is none.
	OtherStructArg int
	// Exit: the macro also defines the module's exit function, which
	// unregisters the driver. builtin_*_driver() define none
	// (device/driver.h:284-289).
	Exit bool
	// SuppressBind: the macro registers the driver with
	// suppress_bind_attrs set (platform_driver_probe,
	// drivers/base/platform.c:936-937).
	SuppressBind bool
}

// DriverMacros lists them (6.12 headers: include/linux/*.h and the
// drivers' own bus headers).
var DriverMacros = []DriverMacro{
	{Macro: "mdio_module_driver", Exit: true},
	{Macro: "module_acpi_driver", Exit: true},
	{Macro: "module_amba_driver", Exit: true},
	{Macro: "module_apr_driver", Exit: true},
	{Macro: "module_auxiliary_driver", Exit: true},
	{Macro: "module_bcma_driver", Exit: true},
	{Macro: "module_comedi_driver", Exit: true},
	{Macro: "module_coreboot_driver", Exit: true},
	{Macro: "module_cxl_driver", Exit: true},
	{Macro: "module_dfl_driver", Exit: true},
	{Macro: "module_driver", Exit: true},
	{Macro: "module_ffa_driver", Exit: true},
	{Macro: "module_fsi_driver", Exit: true},
	{Macro: "module_fsl_mc_driver", Exit: true},
	{Macro: "module_gameport_driver", Exit: true},
	{Macro: "module_gbphy_driver", Exit: true},
	{Macro: "module_gpr_driver", Exit: true},
	{Macro: "module_greybus_driver", Exit: true},
	{Macro: "module_hda_codec_driver", Exit: true},
	{Macro: "module_hid_driver", Exit: true},
	{Macro: "module_i2c_driver", Exit: true},
	{Macro: "module_i3c_driver", Exit: true},
	{Macro: "module_idxd_driver", Exit: true},
	{Macro: "module_isa_driver", Exit: true},
	{Macro: "module_isa_driver_with_irq", Exit: true},
	{Macro: "module_mcb_driver", Exit: true},
	{Macro: "module_mei_cl_driver", Exit: true},
	{Macro: "module_mhi_driver", Exit: true},
	{Macro: "module_mhi_ep_driver", Exit: true},
	{Macro: "module_mipi_dsi_driver", Exit: true},
	{Macro: "module_mips_cdmm_driver", Exit: true},
	{Macro: "module_moxtet_driver", Exit: true},
	{Macro: "module_nd_driver", Exit: true},
	{Macro: "module_nvmem_layout_driver", Exit: true},
	{Macro: "module_parport_driver", Exit: true},
	{Macro: "module_pata_parport_driver", Exit: true},
	{Macro: "module_pci_driver", Exit: true},
	{Macro: "module_pcmcia_driver", Exit: true},
	{Macro: "module_peci_driver", Exit: true},
	{Macro: "module_phy_driver", Exit: true},
	{Macro: "module_platform_driver", Exit: true},
	{Macro: "module_pnp_driver", Exit: true},
	{Macro: "module_rpmsg_driver", Exit: true},
	{Macro: "module_scmi_driver", Exit: true},
	{Macro: "module_sdio_driver", Exit: true},
	{Macro: "module_sdw_driver", Exit: true},
	{Macro: "module_serdev_device_driver", Exit: true},
	{Macro: "module_serio_driver", Exit: true},
	{Macro: "module_siox_driver", Exit: true},
	{Macro: "module_slim_driver", Exit: true},
	{Macro: "module_snd_seq_driver", Exit: true},
	{Macro: "module_spi_driver", Exit: true},
	{Macro: "module_spi_mem_driver", Exit: true},
	{Macro: "module_spmi_driver", Exit: true},
	{Macro: "module_ssam_device_driver", Exit: true},
	{Macro: "module_sunxi_rsb_driver", Exit: true},
	{Macro: "module_typec_altmode_driver", Exit: true},
	{Macro: "module_ulpi_driver", Exit: true},
	{Macro: "module_usb_composite_driver", Exit: true},
	{Macro: "module_usb_driver", Exit: true},
	{Macro: "module_usb_serial_driver", Exit: true},
	{Macro: "module_usb_stor_driver", Exit: true},
	{Macro: "module_vchiq_driver", Exit: true},
	{Macro: "module_vdpa_driver", Exit: true},
	{Macro: "module_virtio_driver", Exit: true},
	{Macro: "module_wmi_driver", Exit: true},
	{Macro: "module_comedi_pci_driver", Exit: true, OtherStructArg: 1},
	{Macro: "module_comedi_pcmcia_driver", Exit: true, OtherStructArg: 1},
	{Macro: "module_comedi_usb_driver", Exit: true, OtherStructArg: 1},
	{Macro: "module_i3c_i2c_driver", Exit: true, OtherStructArg: 1},
	{Macro: "module_platform_driver_probe", ProbeArg: 1, Exit: true, SuppressBind: true},
	{Macro: "builtin_platform_driver"},
	{Macro: "builtin_pci_driver"},
	{Macro: "builtin_i2c_driver"},
	{Macro: "builtin_amba_driver"},
	{Macro: "builtin_driver"},
	{Macro: "builtin_mips_cdmm_driver"},
	{Macro: "builtin_platform_driver_probe", ProbeArg: 1, SuppressBind: true},
}

// ModuleEntry is a macro that names a module's init or exit function.
type ModuleEntry struct {
	Macro string
	Exit  bool
}

// ModuleEntries lists module_init/module_exit and the initcall levels.
var ModuleEntries = []ModuleEntry{
	{"module_init", false}, {"module_exit", true}, {"late_initcall", false},
	{"subsys_initcall", false}, {"device_initcall", false}, {"fs_initcall", false},
	{"arch_initcall", false}, {"core_initcall", false}, {"postcore_initcall", false},
	{"rootfs_initcall", false}, {"late_initcall_sync", false}, {"subsys_initcall_sync", false},
}

// DevmAction is a call that registers a function to run when the device
// goes away (on remove, or when probe fails later): devres then tears the
// object down, so the driver need not.
type DevmAction struct {
	Func   string
	FnArg  int // the action function
	ObjArg int // the argument it will be called with
	// OrReset: the action also runs at once when the registration fails
	// (device.h:297-306).
	OrReset bool
}

// DevresPrefixes begin the names of the kernel's managed interfaces:
// what a devm_ function sets up is released by devres when the device is
// unbound (Documentation/driver-api/driver-model/devres.rst, "managed
// interface"; drivers/base/devres.c). A module that hands its objects to
// such a function of another module cannot tell from its own sources
// what that function's devres action tears down.
var DevresPrefixes = []string{"devm_"}

// DevmActions lists the devres action registrations, with the names the
// 6.12 macros expand to (device.h:293-309) and the DRM-managed actions,
// which run at the last drm_dev_put (drm_managed.h:20-45).
var DevmActions = []DevmAction{
	{"devm_add_action", 1, 2, false},
	{"devm_add_action_or_reset", 1, 2, true},
	{"__devm_add_action", 1, 2, false},
	{"__devm_add_action_or_reset", 1, 2, true},
	{"drmm_add_action", 1, 2, false},
	{"drmm_add_action_or_reset", 1, 2, true},
	{"__drmm_add_action", 1, 2, false},
	{"__drmm_add_action_or_reset", 1, 2, true},
}

// DevicePublishers are the calls that register a device with its
// subsystem, after which the subsystem may call the driver's operations
// for it at any time: a SCSI host's template and transport callbacks, a
// net_device's ops, a character device's file operations. Before a
// probe makes one (or requests its interrupt, arms a timer or schedules
// work: Registrations, IRQRequests, TimerArms, WorkQueueings), nothing
// of the driver can run for the device but probe itself, so what probe
// sets up first is set up when those callbacks run (the atomic pass's
// do-once set-up). Each is declared in the 6.12 headers named.
var DevicePublishers = []string{
	"scsi_add_host", "scsi_add_host_with_dma", "scsi_scan_host", "sas_register_ha", "fc_remote_port_add", // scsi/scsi_host.h, libsas.h, scsi_transport_fc.h
	"register_netdev", "register_netdevice", "devm_register_netdev", "register_candev", // linux/netdevice.h, can/dev.h
	"ieee80211_register_hw", "wiphy_register", // net/mac80211.h, net/cfg80211.h
	"device_add", "device_register", "cdev_add", "cdev_device_add", "misc_register", // linux/device.h, cdev.h, miscdevice.h
	"input_register_device", "video_register_device", "snd_card_register", "drm_dev_register", // input.h, media/v4l2-dev.h, sound/core.h, drm/drm_drv.h
	"usb_add_hcd", "spi_register_controller", "devm_spi_register_controller", // usb/hcd.h, spi/spi.h
	"i2c_add_adapter", "i2c_add_numbered_adapter", "devm_i2c_add_adapter", "mmc_add_host", // i2c.h, mmc/host.h
	"uart_add_one_port", "tty_port_register_device", "gpiochip_add_data", "devm_gpiochip_add_data", // serial_core.h, tty_port.h, gpio/driver.h
	"device_add_disk", "ata_host_activate", "ata_host_register", "register_framebuffer", // blkdev.h, libata.h, fb.h
	"devm_rtc_register_device", "watchdog_register_device", "devm_watchdog_register_device", // rtc.h, watchdog.h
	"hwrng_register", "devm_hwrng_register", "power_supply_register", "devm_power_supply_register", "dma_async_device_register", // hw_random.h, power_supply.h, dmaengine.h
}

// System sleep callbacks: the PM core calls them on suspend, hibernation
// and resume (drivers/base/power/main.c), never on unbind or module
// unload, so a teardown made there leaves the remove and exit paths as
// they were. Runtime-PM callbacks are not among them: remove often
// suspends the device through runtime PM (pm_runtime_put_sync,
// pm_runtime_force_suspend), and then its runtime_suspend runs there.
// A function that is also a runtime-PM callback is not counted.

// PMOpsStruct is the struct tag of PM operations tables.
const PMOpsStruct = "dev_pm_ops"

// PMSleepMembers are the struct dev_pm_ops members (linux/pm.h:286-310,
// Linux 6.12) of system sleep.
var PMSleepMembers = []string{
	"prepare", "complete", "suspend", "resume", "freeze", "thaw", "poweroff", "restore",
	"suspend_late", "resume_early", "freeze_late", "thaw_early", "poweroff_late", "restore_early",
	"suspend_noirq", "resume_noirq", "freeze_noirq", "thaw_noirq", "poweroff_noirq", "restore_noirq",
}

// PMRuntimeMembers are the struct dev_pm_ops members of runtime PM.
var PMRuntimeMembers = []string{"runtime_suspend", "runtime_resume", "runtime_idle"}

// PMMacro is a linux/pm.h macro that names PM callbacks: Sleep are the
// indexes of its system-sleep callback arguments, Runtime those of its
// runtime-PM ones.
type PMMacro struct {
	Name           string
	Sleep, Runtime []int
}

// PMMacros lists them (include/linux/pm.h:312-460,
// include/linux/pm_runtime.h:37; UNIVERSAL_DEV_PM_OPS and
// DEFINE_RUNTIME_DEV_PM_OPS use their callbacks for both).
var PMMacros = []PMMacro{
	{"SIMPLE_DEV_PM_OPS", []int{1, 2}, nil},
	{"DEFINE_SIMPLE_DEV_PM_OPS", []int{1, 2}, nil},
	{"SYSTEM_SLEEP_PM_OPS", []int{0, 1}, nil},
	{"SET_SYSTEM_SLEEP_PM_OPS", []int{0, 1}, nil},
	{"LATE_SYSTEM_SLEEP_PM_OPS", []int{0, 1}, nil},
	{"SET_LATE_SYSTEM_SLEEP_PM_OPS", []int{0, 1}, nil},
	{"NOIRQ_SYSTEM_SLEEP_PM_OPS", []int{0, 1}, nil},
	{"SET_NOIRQ_SYSTEM_SLEEP_PM_OPS", []int{0, 1}, nil},
	{"RUNTIME_PM_OPS", nil, []int{0, 1, 2}},
	{"SET_RUNTIME_PM_OPS", nil, []int{0, 1, 2}},
	{"UNIVERSAL_DEV_PM_OPS", nil, []int{1, 2, 3}},
	{"DEFINE_RUNTIME_DEV_PM_OPS", nil, []int{1, 2, 3}},
}

// PMMacroMark is a part of every PMMacros name: a file whose text lacks
// it names no PM macro.
const PMMacroMark = "PM_OPS"

var pmMacros = sync.OnceValue(func() map[string]*PMMacro {
	out := map[string]*PMMacro{}
	for i := range PMMacros {
		out[PMMacros[i].Name] = &PMMacros[i]
	}
	return out
})

// PMMacroFor returns the PM macro named name, or nil.
func PMMacroFor(name string) *PMMacro { return pmMacros()[name] }
