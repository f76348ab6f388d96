package kmodel

// Execution contexts: which registrations and members make a callback
// run in which context, and the calls that test the context.
//
// Part of the data half of the kernel API model (see doc.go).

// Registration is a call that registers a callback to run in a context.
type Registration struct {
	Func    string
	Arg     int // index of the callback argument
	Context Context
	Kind    string // how messages name the callback, e.g. "tasklet handler"
}

// Registrations lists calls (and macros used like calls) that make a
// function run in a known context. Process-context registrations (work
// items, threaded IRQ handlers) are listed so that the call graph knows
// the function is an entry point that may sleep.
var Registrations = []Registration{
	{"tasklet_init", 1, SoftIRQ, "tasklet handler"},
	{"tasklet_setup", 1, SoftIRQ, "tasklet handler"},
	{"DECLARE_TASKLET", 1, SoftIRQ, "tasklet handler"},
	{"DECLARE_TASKLET_OLD", 1, SoftIRQ, "tasklet handler"},
	{"DECLARE_TASKLET_DISABLED", 1, SoftIRQ, "tasklet handler"},
	{"DECLARE_TASKLET_DISABLED_OLD", 1, SoftIRQ, "tasklet handler"},
	{"timer_setup", 1, SoftIRQ, "timer callback"},
	{"timer_setup_on_stack", 1, SoftIRQ, "timer callback"},
	{"setup_timer", 1, SoftIRQ, "timer callback"},
	{"setup_timer_on_stack", 1, SoftIRQ, "timer callback"},
	{"setup_deferrable_timer", 1, SoftIRQ, "timer callback"},
	{"DEFINE_TIMER", 1, SoftIRQ, "timer callback"},
	{"TIMER_INITIALIZER", 0, SoftIRQ, "timer callback"},
	{"__TIMER_INITIALIZER", 0, SoftIRQ, "timer callback"},
	{"hrtimer_setup", 1, HardIRQ, "hrtimer callback"},
	{"request_irq", 1, HardIRQ, "hard IRQ handler"},
	{"request_any_context_irq", 1, HardIRQ, "hard IRQ handler"},
	{"request_percpu_irq", 1, HardIRQ, "hard IRQ handler"},
	{"devm_request_irq", 2, HardIRQ, "hard IRQ handler"},
	{"request_threaded_irq", 1, HardIRQ, "hard IRQ handler"},
	{"request_threaded_irq", 2, Process, "threaded IRQ handler"},
	{"devm_request_threaded_irq", 2, HardIRQ, "hard IRQ handler"},
	{"devm_request_threaded_irq", 3, Process, "threaded IRQ handler"},
	// RCU callbacks run from RCU_SOFTIRQ or, in rcuc/rcuo kthreads,
	// under local_bh_disable() (kernel/rcu/tree.c:2575, 2912;
	// tree_nocb.h:922-924): always with bottom halves off.
	{"call_rcu", 1, SoftIRQ, "RCU callback"},
	{"call_rcu_hurry", 1, SoftIRQ, "RCU callback"},
	// call_srcu() callbacks run under local_bh_disable()
	// (kernel/rcu/srcutree.c:1761-1763).
	{"call_srcu", 2, BHDisabled, "SRCU callback"},
	// URB completion handlers run in the host controller's interrupt
	// handler, or from a BH workqueue for HCD_BH controllers
	// (drivers/usb/core/hcd.c:1722-1752; "Context: atomic", 1707).
	{"usb_fill_control_urb", 6, AnyIRQ, "URB completion handler"},
	{"usb_fill_bulk_urb", 5, AnyIRQ, "URB completion handler"},
	{"usb_fill_int_urb", 5, AnyIRQ, "URB completion handler"},
	{"netif_napi_add", 2, SoftIRQ, "NAPI poll function"},
	{"netif_napi_add_weight", 2, SoftIRQ, "NAPI poll function"},
	{"netif_napi_add_tx", 2, SoftIRQ, "NAPI poll function"},
	{"netif_napi_add_tx_weight", 2, SoftIRQ, "NAPI poll function"},
	{"INIT_WORK", 1, Process, "work function"},
	{"INIT_DELAYED_WORK", 1, Process, "work function"},
	{"DECLARE_WORK", 1, Process, "work function"},
	{"DECLARE_DELAYED_WORK", 1, Process, "work function"},
}

// FieldCallback is a struct field that holds a callback run in a context
// when a function is assigned to it (timer.function = fn).
type FieldCallback struct {
	Field   string
	Context Context
	Kind    string
	Object  ObjectKind // the kind of object whose member it is
	// NoObject marks a member of a structure that is no deferred-work
	// object (led_classdev.brightness_set): Object does not apply.
	NoObject bool
	// Where names the context exactly for messages; Context.String()
	// when empty.
	Where string
}

// FieldCallbacks lists callback fields set by assignment. Old timer code
// sets .function after init_timer(); hrtimers set it after hrtimer_init()
// (HrtimerInits tells them apart).
var FieldCallbacks = []FieldCallback{
	{Field: "function", Context: SoftIRQ, Kind: "timer callback", Object: Timer},
	// An LED's brightness_set "Must not sleep" (include/linux/leds.h:
	// 127-132): the LED core's blink timer calls it (drivers/leds/
	// led-core.c:68-113 led_timer_function -> led_set_brightness_nosleep
	// -> __led_set_brightness, 43-53); drivers that sleep set
	// brightness_set_blocking instead, which the core calls from a work
	// item. Drivers mostly assign it at probe (led->cdev.brightness_set
	// = fn); OpsSlots has the initializer form.
	{Field: "brightness_set", Context: SoftIRQ, Kind: "LED brightness_set callback", NoObject: true,
		Where: "called from the LED core's blink timer, must not sleep"},
}

// HrtimerInit is a call that sets up an hrtimer (linux/hrtimer.h). Its
// callback runs in hard IRQ context, unless the mode is one of the
// HRTIMER_MODE_*_SOFT modes, which run it in softirq context.
type HrtimerInit struct {
	Func    string
	ObjArg  int // the timer
	ModeArg int // the hrtimer mode
}

// HrtimerInits lists the hrtimer set-up calls: hrtimer_init() before
// .function is assigned, hrtimer_setup() (6.13+) with the callback.
var HrtimerInits = []HrtimerInit{
	{"hrtimer_init", 0, 2},
	{"hrtimer_init_on_stack", 0, 2},
	{"hrtimer_setup", 0, 3},
}

// HrtimerKind is how messages name an hrtimer callback.
const HrtimerKind = "hrtimer callback"

// OpsSlot is a member of an operations table whose callback the kernel calls
// in a known context: an atomic one, or process context with interrupts
// and bottom halves enabled, where a spinlock that an interrupt handler
// also takes must be taken with them disabled (KD203).
type OpsSlot struct {
	Struct  string // struct tag of the table
	Field   string
	Context Context
	Kind    string
	// Where names the context exactly for messages ("BH disabled, TX
	// queue lock held"); Context.String() when empty.
	Where string
}

// SoftIRQSlots lists the members of OpsSlots whose callback the kernel
// also calls from a softirq, as "struct.field": a lock such a callback
// takes is taken in softirq context on those paths (Linux 6.12).
var SoftIRQSlots = []string{
	// net_tx_action(), the NET_TX_SOFTIRQ handler (net/core/dev.c:5442,
	// 12507), runs qdisc_run() (5514) -> sch_direct_xmit() ->
	// dev_hard_start_xmit() (net/sched/sch_generic.c:354).
	"net_device_ops.ndo_start_xmit",
}

// ContextFunc is a function that runs in a context by its name alone: a
// callback of the user's own code that the kernel model cannot see
// registered (it is called through the driver's own function pointer, or
// registered by code outside the module). Only a run's extension declares
// them (Extension.ContextFuncs).
type ContextFunc struct {
	Func    string
	Context Context
	Kind    string // how messages name the callback, e.g. "callback"
	By      string // what declares it, for messages, e.g. ".kdlint.yaml"
}

// Context names of the operations-table slots below.
const (
	underPortLock = "under the port lock, IRQs off"
	underDescLock = "under the IRQ descriptor's raw spinlock"
)

// OpsSlots lists operations-table members that run in a known context
// (Linux 6.12): atomic ones first, then process-context ones. The
// process-context slots start process context for KD203 as probe and
// work functions do; they are no atomic roots. net_device_ops' ndo_open,
// ndo_stop and ndo_change_mtu are not listed: they take the IRQ's locks
// before request_irq(), after free_irq() or napi_disable(), or around
// disable_irq(), an order KD203 does not follow (on 6.12 drivers/ they
// added 12 findings, 1 true).
var OpsSlots = []OpsSlot{
	// __dev_queue_xmit() calls it under rcu_read_lock_bh() and the TX
	// queue's _xmit_lock (net/core/dev.c:4518, 4594), net_tx_action()
	// from the softirq (sch_generic.c:326, 352), netpoll with IRQs off.
	{"net_device_ops", "ndo_start_xmit", BHDisabled, "ndo_start_xmit callback", "BH disabled, TX queue lock held"},
	// dev_get_stats() from /proc/net/dev under rcu_read_lock()
	// (net-procfs.c:22-47) and from bonding under a spinlock
	// (bond_main.c:4578-4588); "Context: atomic" (netdevices.rst:254-256).
	{"net_device_ops", "ndo_get_stats64", Locked, "ndo_get_stats64 callback", "under RCU or a spinlock"},
	// dev_set_rx_mode(): netif_addr_lock_bh() (dev.c:8942-8946).
	{"net_device_ops", "ndo_set_rx_mode", BHDisabled, "ndo_set_rx_mode callback", "BH disabled, address list lock held"},
	// dev_watchdog() timer holds the TX locks (sch_generic.c:512, 550).
	{"net_device_ops", "ndo_tx_timeout", SoftIRQ, "ndo_tx_timeout callback", "timer callback, TX queue locks held"},
	// uart_ops members called under uart_port_lock (serial_core.c:
	// 161-172, 131-133, 183-187, 223-237, 1793, 2502, 1216-1250, 685-690;
	// include/linux/serial_core.h says so for each).
	{"uart_ops", "start_tx", Locked, "uart_ops start_tx callback", underPortLock},
	{"uart_ops", "stop_tx", Locked, "uart_ops stop_tx callback", underPortLock},
	{"uart_ops", "set_mctrl", Locked, "uart_ops set_mctrl callback", underPortLock},
	{"uart_ops", "get_mctrl", Locked, "uart_ops get_mctrl callback", underPortLock},
	{"uart_ops", "stop_rx", Locked, "uart_ops stop_rx callback", underPortLock},
	{"uart_ops", "start_rx", Locked, "uart_ops start_rx callback", underPortLock},
	{"uart_ops", "enable_ms", Locked, "uart_ops enable_ms callback", underPortLock},
	{"uart_ops", "flush_buffer", Locked, "uart_ops flush_buffer callback", underPortLock},
	// irq_chip callbacks run under desc->lock, a raw spinlock with IRQs
	// off, from the flow handlers (kernel/irq/chip.c:538-853) and from
	// the enable/disable/set-type/affinity paths (manage.c:457-468,
	// 960-985, 1621-1831); irq_bus_lock/irq_bus_sync_unlock and
	// irq_request_resources run outside it and may sleep.
	{"irq_chip", "irq_mask", Locked, "irq_chip irq_mask callback", underDescLock},
	{"irq_chip", "irq_unmask", Locked, "irq_chip irq_unmask callback", underDescLock},
	{"irq_chip", "irq_mask_ack", Locked, "irq_chip irq_mask_ack callback", underDescLock},
	{"irq_chip", "irq_ack", Locked, "irq_chip irq_ack callback", underDescLock},
	{"irq_chip", "irq_eoi", Locked, "irq_chip irq_eoi callback", underDescLock},
	{"irq_chip", "irq_set_type", Locked, "irq_chip irq_set_type callback", underDescLock},
	{"irq_chip", "irq_enable", Locked, "irq_chip irq_enable callback", underDescLock},
	{"irq_chip", "irq_disable", Locked, "irq_chip irq_disable callback", underDescLock},
	{"irq_chip", "irq_startup", Locked, "irq_chip irq_startup callback", underDescLock},
	{"irq_chip", "irq_shutdown", Locked, "irq_chip irq_shutdown callback", underDescLock},
	{"irq_chip", "irq_set_affinity", Locked, "irq_chip irq_set_affinity callback", underDescLock},
	{"irq_chip", "irq_set_wake", Locked, "irq_chip irq_set_wake callback", underDescLock},
	{"irq_chip", "irq_retrigger", Locked, "irq_chip irq_retrigger callback", underDescLock},
	// clk_ops.enable/.disable run under the enable_lock spinlock with
	// IRQs off: "This function must not sleep"
	// (include/linux/clk-provider.h:110-125; drivers/clk/clk.c:1213, 1272).
	{"clk_ops", "enable", Locked, "clk_ops enable callback", "under the clock enable spinlock"},
	{"clk_ops", "disable", Locked, "clk_ops disable callback", "under the clock enable spinlock"},
	{"clk_ops", "is_enabled", Locked, "clk_ops is_enabled callback", "under the clock enable spinlock"},
	// A legacy console's write runs from printk's console flush with
	// interrupts off (kernel/printk/printk.c:3074-3089,
	// console_emit_next_record: printk_safe_enter_irqsave() around
	// con->write()), and printk may be called from any context.
	{"console", "write", Locked, "console write callback", "printk's console flush, IRQs off"},
	// See FieldCallbacks: brightness_set, set in a led_classdev initializer.
	{"led_classdev", "brightness_set", SoftIRQ, "LED brightness_set callback", "called from the LED core's blink timer, must not sleep"},

	// The VFS calls them from system calls: fs/read_write.c:382 (llseek),
	// 488-527 (read_iter), 567 (read), 590-616 (write_iter), 681 (write);
	// fs/ioctl.c:51 (unlocked_ioctl), 940 (compat_ioctl); fs/open.c:960
	// (open); include/linux/poll.h:92 (poll); include/linux/fs.h:2225
	// (mmap, under the mmap rwsem); fs/sync.c:183-188 (fsync); release
	// from __fput() (fs/file_table.c:468), in task work or a kworker.
	{"file_operations", "open", Process, "file_operations open callback", ""},
	{"file_operations", "release", Process, "file_operations release callback", ""},
	{"file_operations", "read", Process, "file_operations read callback", ""},
	{"file_operations", "write", Process, "file_operations write callback", ""},
	{"file_operations", "read_iter", Process, "file_operations read_iter callback", ""},
	{"file_operations", "write_iter", Process, "file_operations write_iter callback", ""},
	{"file_operations", "unlocked_ioctl", Process, "file_operations unlocked_ioctl callback", ""},
	{"file_operations", "compat_ioctl", Process, "file_operations compat_ioctl callback", ""},
	{"file_operations", "llseek", Process, "file_operations llseek callback", ""},
	{"file_operations", "poll", Process, "file_operations poll callback", ""},
	{"file_operations", "mmap", Process, "file_operations mmap callback", ""},
	{"file_operations", "fsync", Process, "file_operations fsync callback", ""},
}

// StructRegistration is a call that registers a structure whose member
// holds a callback: register_netevent_notifier(&nb) runs
// nb.notifier_call.
type StructRegistration struct {
	Func    string
	Arg     int    // the structure (a pointer to it)
	Member  string // its member that holds the callback
	Context Context
	Kind    string
	Where   string
}

// NotifierChain is a notifier head whose chain runs in a context of its
// own: a StructRegistration on it (its argument 0) gives its callbacks
// this Kind and Where, and IRQsOff says irqs_disabled() is true in them.
type NotifierChain struct {
	Head        string
	Kind, Where string
	IRQsOff     bool
}

// NotifierChains lists them: panic() disables interrupts
// (kernel/panic.c:365) before it runs the panic chain (436).
var NotifierChains = []NotifierChain{
	{"panic_notifier_list", "panic notifier", "panic path, interrupts off", true},
}

// StructRegistrations lists the registrations of atomic notifier chains
// (Linux 6.12): atomic_notifier_call_chain() runs the chain under
// rcu_read_lock() (kernel/notifier.c:225-235), so its callbacks must not
// sleep. Blocking and raw chains (register_netdevice_notifier,
// register_inetaddr_notifier, register_reboot_notifier) run in process
// context and are not listed. Restart handlers (register_restart_handler)
// run on an atomic chain too, but late in shutdown, where I2C transfers
// switch to their atomic mode (drivers/i2c/i2c-core.h:31-50), which is
// what they mostly do: they are not listed either.
var StructRegistrations = []StructRegistration{
	{"atomic_notifier_chain_register", 1, "notifier_call", Locked, "atomic notifier", "RCU read side, must not sleep"},
	{"atomic_notifier_chain_register_unique_prio", 1, "notifier_call", Locked, "atomic notifier", "RCU read side, must not sleep"},
	// net/core/netevent.c:17, 28-30
	{"register_netevent_notifier", 0, "notifier_call", Locked, "netevent notifier", "atomic notifier chain, RCU read side"},
	// net/ipv6/addrconf_core.c:92, 95-98
	{"register_inet6addr_notifier", 0, "notifier_call", Locked, "inet6addr notifier", "atomic notifier chain, RCU read side"},
	// kernel/notifier.c:581, 600-602
	{"register_die_notifier", 0, "notifier_call", Locked, "die notifier", "atomic notifier chain"},
	// drivers/tty/vt/keyboard.c:161-166, 1476-1497
	{"register_keyboard_notifier", 0, "notifier_call", Locked, "keyboard notifier", "atomic notifier chain"},
	// net/switchdev/switchdev.c:474, 483-485
	{"register_switchdev_notifier", 0, "notifier_call", Locked, "switchdev notifier", "atomic notifier chain"},
}

// WorkQueueing is a call that queues a work item on a workqueue.
type WorkQueueing struct {
	Func    string
	WQArg   int
	WorkArg int
}

// WorkQueueings lists the queueing calls (include/linux/workqueue.h:
// 589-745). A work item queued on a BH workqueue runs in softirq context
// (kernel/softirq.c:832-842, workqueue.c:3604, 3651).
var WorkQueueings = []WorkQueueing{
	{"queue_work", 0, 1}, {"queue_work_on", 1, 2}, {"queue_delayed_work", 0, 1},
	{"queue_delayed_work_on", 1, 2}, {"mod_delayed_work", 0, 1}, {"mod_delayed_work_on", 1, 2},
	{"enable_and_queue_work", 0, 1}, {"queue_rcu_work", 0, 1},
}

// BHWorkqueues are the system workqueues that run their work in softirq
// context (include/linux/workqueue.h:468-469; kernel/workqueue.c:7886-7888).
var BHWorkqueues = []string{"system_bh_wq", "system_bh_highpri_wq"}

// WorkqueueAlloc is a call that creates a workqueue whose flags argument
// may hold WQBHFlag.
type WorkqueueAlloc struct {
	Func     string
	FlagsArg int
}

// WorkqueueAllocs lists the workqueue allocations with a flags argument.
var WorkqueueAllocs = []WorkqueueAlloc{{"alloc_workqueue", 1}}

// WQBHFlag is the flag that makes a workqueue a BH one
// (include/linux/workqueue.h:370).
const WQBHFlag = "WQ_BH"

// BHWorkKind is how messages name a work function queued on a BH
// workqueue.
const BHWorkKind = "BH work function"

// TimerPendingTests are the calls that tell whether a timer is armed
// and not yet expired (include/linux/timer.h): false for a timer in its
// own callback, unless something armed it again meanwhile.
var TimerPendingTests = []string{"timer_pending", "hrtimer_is_queued", "hrtimer_active"}

// TimerArm is a call that arms a timer (or an hrtimer): its callback can
// run only after one.
type TimerArm struct {
	Func   string
	ObjArg int
}

// TimerArms lists the arming calls (kernel/time/timer.c,
// include/linux/hrtimer.h, 6.12).
var TimerArms = []TimerArm{
	{"add_timer", 0}, {"mod_timer", 0}, {"add_timer_on", 0}, {"timer_reduce", 0}, {"mod_timer_pending", 0},
	{"add_timer_global", 0}, {"add_timer_local", 0},
	{"hrtimer_start", 0}, {"hrtimer_start_range_ns", 0}, {"hrtimer_start_expires", 0}, {"hrtimer_restart", 0},
}

// ContextTest is a call that tells code which context it runs in
// (linux/preempt.h, linux/irqflags.h): true in the contexts of True, false
// in those of False, unknown in the others. Process context with a lock
// held is in neither list: what the tests say there depends on the lock
// (spin_lock_bh counts as softirq) and on the kernel configuration.
type ContextTest struct {
	Func        string
	True, False []Context
	// IRQsOff is set for a test that is true wherever interrupts are
	// off, as under a lock taken with spin_lock_irqsave() and not
	// dropped (irqs_disabled(): include/linux/irqflags.h).
	IRQsOff bool
}

// interruptContexts are those in which in_interrupt() is true.
var interruptContexts = []Context{HardIRQ, SoftIRQ, BHDisabled, AnyIRQ}

// ContextTests lists the context tests. A hard IRQ may interrupt a
// softirq, so the softirq tests are unknown in hard IRQ context.
// With bottom halves disabled in process context in_interrupt() and
// in_softirq() are true (softirq_count() is raised: bottom_half.h:18-21,
// preempt.h:114-143) while in_serving_softirq() need not be.
var ContextTests = []ContextTest{
	{Func: "in_interrupt", True: interruptContexts},
	{Func: "in_irq", True: []Context{HardIRQ}, False: []Context{SoftIRQ, BHDisabled}},
	{Func: "in_hardirq", True: []Context{HardIRQ}, False: []Context{SoftIRQ, BHDisabled}},
	{Func: "in_softirq", True: []Context{SoftIRQ, BHDisabled}},
	{Func: "in_serving_softirq", True: []Context{SoftIRQ}},
	{Func: "in_task", False: []Context{HardIRQ, SoftIRQ, AnyIRQ}},
	{Func: "in_atomic", True: []Context{HardIRQ, SoftIRQ, BHDisabled, AnyIRQ}},
	{Func: "preemptible", False: []Context{HardIRQ, SoftIRQ, BHDisabled, AnyIRQ}},
	{Func: "irqs_disabled", True: []Context{HardIRQ}, IRQsOff: true},
}

// StaticKey is a call that reads or changes a static key
// (include/linux/jump_label.h, 6.12): Arg is the key, given by address
// (&key, or &key.key for the struct static_key inside a
// DEFINE_STATIC_KEY_* key).
type StaticKey struct {
	Func string
	Arg  int
}

// StaticKeyMember is the member of a DEFINE_STATIC_KEY_TRUE/FALSE key
// that holds its struct static_key (struct static_key_true and
// static_key_false, jump_label.h:362-368; the deferred keys too,
// jump_label_ratelimit.h:9-25, so &key.key.key as well): calls
// given &key.key name the key itself.
const StaticKeyMember = "key"

// StaticKeyTests are the calls that read a static key: each is true when
// the key is enabled (jump_label.h:205-215, 271-283, 418-423, 485-521;
// static_branch_maybe(config, key) tests key, 516-521).
var StaticKeyTests = []StaticKey{
	{"static_branch_likely", 0}, {"static_branch_unlikely", 0}, {"static_key_enabled", 0},
	{"static_key_false", 0}, {"static_key_true", 0}, {"static_branch_maybe", 1},
}

// StaticKeyChanges are the calls that enable or disable a static key, or
// change its count (jump_label.h:228-237, 301-343, 524-536;
// jump_label_ratelimit.h).
var StaticKeyChanges = []StaticKey{
	{"static_branch_enable", 0}, {"static_branch_disable", 0}, {"static_branch_inc", 0}, {"static_branch_dec", 0},
	{"static_branch_enable_cpuslocked", 0}, {"static_branch_disable_cpuslocked", 0},
	{"static_branch_inc_cpuslocked", 0}, {"static_branch_dec_cpuslocked", 0},
	{"static_key_enable", 0}, {"static_key_disable", 0}, {"static_key_slow_inc", 0}, {"static_key_slow_dec", 0},
	{"static_key_enable_cpuslocked", 0}, {"static_key_disable_cpuslocked", 0},
	{"static_key_slow_inc_cpuslocked", 0}, {"static_key_slow_dec_cpuslocked", 0},
	{"static_key_fast_inc_not_disabled", 0},
	{"static_branch_deferred_inc", 0}, {"static_branch_slow_dec_deferred", 0}, {"static_key_slow_dec_deferred", 0},
}
