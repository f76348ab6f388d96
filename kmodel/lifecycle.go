package kmodel

// Lifecycles of deferred-work objects: what creates, arms and tears them
// down, the bus driver structures and macros that name the probe, remove,
// init and exit entry points, and devres actions.
//
// Part of the data half of the kernel API model (see doc.go).

// ObjectKind is a kind of deferred-work object with a lifecycle.
type ObjectKind uint8

const (
	Workqueue ObjectKind = iota
	Tasklet
	Timer
	Work
)

func (k ObjectKind) String() string {
	return [...]string{"workqueue", "tasklet", "timer", "work item"}[k]
}

// Setup is a call that creates or initialises a deferred-work object.
type Setup struct {
	Func   string
	Kind   ObjectKind
	ObjArg int // index of the object argument; -1: the return value
}

// Setups lists object creation and initialisation calls.
var Setups = []Setup{
	{"create_workqueue", Workqueue, -1}, {"create_singlethread_workqueue", Workqueue, -1},
	{"create_freezable_workqueue", Workqueue, -1}, {"alloc_workqueue", Workqueue, -1},
	{"alloc_ordered_workqueue", Workqueue, -1},
	{"tasklet_init", Tasklet, 0}, {"tasklet_setup", Tasklet, 0},
	{"DECLARE_TASKLET", Tasklet, 0}, {"DECLARE_TASKLET_OLD", Tasklet, 0},
	{"DECLARE_TASKLET_DISABLED", Tasklet, 0}, {"DECLARE_TASKLET_DISABLED_OLD", Tasklet, 0},
	{"timer_setup", Timer, 0}, {"setup_timer", Timer, 0}, {"init_timer", Timer, 0},
	{"DEFINE_TIMER", Timer, 0},
	{"INIT_WORK", Work, 0}, {"INIT_DELAYED_WORK", Work, 0},
	{"DECLARE_WORK", Work, 0}, {"DECLARE_DELAYED_WORK", Work, 0},
}

// Teardown is a call that stops or destroys a deferred-work object.
type Teardown struct {
	Func    string
	Kind    ObjectKind
	ObjArg  int
	Destroy bool // releases the object (destroy_workqueue, tasklet_kill, del_timer_sync)
	Waits   bool // waits for a running callback to finish
}

// Teardowns lists teardown calls. Since 2.6.36 destroy_workqueue drains the
// queue itself, so it both flushes and destroys.
var Teardowns = []Teardown{
	{"destroy_workqueue", Workqueue, 0, true, true},
	{"flush_workqueue", Workqueue, 0, false, true},
	{"drain_workqueue", Workqueue, 0, false, true},
	{"tasklet_kill", Tasklet, 0, true, true},
	{"del_timer_sync", Timer, 0, true, true}, {"timer_delete_sync", Timer, 0, true, true},
	{"timer_shutdown_sync", Timer, 0, true, true},
	{"del_timer", Timer, 0, true, false}, {"timer_delete", Timer, 0, true, false},
	{"timer_shutdown", Timer, 0, true, false},
	{"cancel_work_sync", Work, 0, true, true}, {"cancel_delayed_work_sync", Work, 0, true, true},
	{"flush_work", Work, 0, false, true}, {"flush_delayed_work", Work, 0, false, true},
	{"disable_work_sync", Work, 0, true, true}, {"disable_delayed_work_sync", Work, 0, true, true},
	{"cancel_work", Work, 0, true, false}, {"cancel_delayed_work", Work, 0, true, false},
}

// DriverStruct is a bus driver structure whose members name the probe and
// remove entry points.
type DriverStruct struct {
	Struct string
	Probe  []string
	Remove []string
}

// DriverStructs lists the bus driver structures kdlint understands.
var DriverStructs = []DriverStruct{
	{"platform_driver", []string{"probe"}, []string{"remove", "remove_new"}},
	{"pci_driver", []string{"probe"}, []string{"remove"}},
	{"i2c_driver", []string{"probe", "probe_new"}, []string{"remove"}},
	{"spi_driver", []string{"probe"}, []string{"remove"}},
	{"usb_driver", []string{"probe"}, []string{"disconnect"}},
	{"sdio_driver", []string{"probe"}, []string{"remove"}},
	{"serdev_device_driver", []string{"probe"}, []string{"remove"}},
	{"auxiliary_driver", []string{"probe"}, []string{"remove"}},
	{"virtio_driver", []string{"probe"}, []string{"remove"}},
	{"hid_driver", []string{"probe"}, []string{"remove"}},
	{"amba_driver", []string{"probe"}, []string{"remove"}},
	{"mdio_driver", []string{"probe"}, []string{"remove"}},
}

// DriverMacro is a module_*_driver() macro: it registers the driver
// structure named by its first argument as the module's init and exit.
type DriverMacro struct {
	Macro string
	// ProbeArg is the index of an argument naming the probe function
	// directly (module_platform_driver_probe); 0 when there is none.
	ProbeArg int
}

// DriverMacros lists the module_*_driver() helpers.
var DriverMacros = []DriverMacro{
	{Macro: "module_platform_driver"}, {Macro: "module_pci_driver"}, {Macro: "module_i2c_driver"},
	{Macro: "module_spi_driver"}, {Macro: "module_usb_driver"}, {Macro: "module_sdio_driver"},
	{Macro: "module_serdev_device_driver"}, {Macro: "module_auxiliary_driver"}, {Macro: "module_virtio_driver"},
	{Macro: "module_hid_driver"}, {Macro: "module_amba_driver"}, {Macro: "module_mdio_driver"},
	{Macro: "module_platform_driver_probe", ProbeArg: 1}, {Macro: "builtin_platform_driver"}, {Macro: "module_driver"},
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
}

// DevmActions lists the devres action registrations.
var DevmActions = []DevmAction{
	{"devm_add_action", 1, 2},
	{"devm_add_action_or_reset", 1, 2},
}
