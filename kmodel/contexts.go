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
	{"call_rcu", 1, SoftIRQ, "RCU callback"},
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
}

// FieldCallbacks lists callback fields set by assignment. Old timer code
// sets .function after init_timer(); hrtimers set it after hrtimer_init()
// (HrtimerInits tells them apart).
var FieldCallbacks = []FieldCallback{
	{"function", SoftIRQ, "timer callback", Timer},
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
// in atomic context.
type OpsSlot struct {
	Struct  string // struct tag of the table
	Field   string
	Context Context
	Kind    string
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

// OpsSlots lists operations-table members that run in atomic context.
var OpsSlots = []OpsSlot{
	{"net_device_ops", "ndo_start_xmit", SoftIRQ, "ndo_start_xmit (runs with BHs disabled)"},
	{"uart_ops", "start_tx", Locked, "uart start_tx (runs under the port lock)"},
	{"uart_ops", "stop_tx", Locked, "uart stop_tx (runs under the port lock)"},
	{"irq_chip", "irq_mask", HardIRQ, "irq_chip callback"},
	{"irq_chip", "irq_unmask", HardIRQ, "irq_chip callback"},
	{"irq_chip", "irq_ack", HardIRQ, "irq_chip callback"},
	{"irq_chip", "irq_eoi", HardIRQ, "irq_chip callback"},
	{"irq_chip", "irq_set_type", HardIRQ, "irq_chip callback"},
}

// ContextTest is a call that tells code which context it runs in
// (linux/preempt.h, linux/irqflags.h): true in the contexts of True, false
// in those of False, unknown in the others. Process context with a lock
// held is in neither list: what the tests say there depends on the lock
// (spin_lock_bh counts as softirq) and on the kernel configuration.
type ContextTest struct {
	Func        string
	True, False []Context
}

// ContextTests lists the context tests. A hard IRQ may interrupt a
// softirq, so the softirq tests are unknown in hard IRQ context.
var ContextTests = []ContextTest{
	{Func: "in_interrupt", True: []Context{HardIRQ, SoftIRQ}},
	{Func: "in_irq", True: []Context{HardIRQ}, False: []Context{SoftIRQ}},
	{Func: "in_hardirq", True: []Context{HardIRQ}, False: []Context{SoftIRQ}},
	{Func: "in_softirq", True: []Context{SoftIRQ}},
	{Func: "in_serving_softirq", True: []Context{SoftIRQ}},
	{Func: "in_task", False: []Context{HardIRQ, SoftIRQ}},
	{Func: "in_atomic", True: []Context{HardIRQ, SoftIRQ}},
	{Func: "preemptible", False: []Context{HardIRQ, SoftIRQ}},
	{Func: "irqs_disabled", True: []Context{HardIRQ}},
}
