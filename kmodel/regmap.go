package kmodel

import "strings"

// Regmaps: whether an access through a regmap sleeps depends on the
// regmap. __regmap_init (drivers/base/regmap/regmap.c:697-760, Linux
// 6.12) gives a regmap a spinlock when its bus or its config asks for
// fast I/O (only the MMIO and RAM buses do: regmap-mmio.c:398,
// regmap-ram.c:50, regmap-raw-ram.c:103), no lock with
// .disable_locking, the config's own .lock/.unlock, or a hwspinlock with
// .use_hwlock; and a mutex otherwise. On the buses that are not fast
// every transfer sleeps as well (i2c_transfer, spi_sync, ...).
//
// Part of the data half of the kernel API model (see doc.go).

// RegmapInit is a call (a macro of linux/regmap.h) that makes a regmap
// on a bus.
type RegmapInit struct {
	Func      string
	ConfigArg int    // index of the struct regmap_config argument
	Bus       string // how messages name the bus, e.g. "I2C"
	// Fast marks the buses that do fast I/O: their regmaps take a
	// spinlock and do not sleep.
	Fast bool
	// OwnBus marks regmap_init() and devm_regmap_init(), whose argument
	// 1 is the bus: NULL (the config's own reg_read/reg_write) or a
	// struct regmap_bus of the driver's. Such a regmap takes a mutex
	// unless the bus or the config asks for fast I/O (__regmap_init,
	// regmap.c:737-757), which a driver's text shows: the bus passed
	// must be NULL or defined in the file, and fast_io named nowhere
	// (RegmapLockMembers).
	OwnBus bool
}

// BusArg is the bus argument of an OwnBus constructor.
const BusArg = 1

// RegmapBusStruct is the struct tag of a regmap bus (linux/regmap.h:567).
const RegmapBusStruct = "regmap_bus"

// RegmapInits lists the regmap constructors of linux/regmap.h (6.12),
// plain and devm_; the __-prefixed functions they expand to take the
// same arguments first and are matched by their macro's name
// (RegmapInitFor).
var RegmapInits = regmapInits(
	RegmapInit{"regmap_init_i2c", 1, "I2C", false, false},
	RegmapInit{"regmap_init_sccb", 1, "SCCB (I2C)", false, false},
	RegmapInit{"regmap_init_mdio", 1, "MDIO", false, false},
	RegmapInit{"regmap_init_slimbus", 1, "SLIMbus", false, false},
	RegmapInit{"regmap_init_spi", 1, "SPI", false, false},
	RegmapInit{"regmap_init_spmi_base", 1, "SPMI", false, false},
	RegmapInit{"regmap_init_spmi_ext", 1, "SPMI", false, false},
	RegmapInit{"regmap_init_w1", 1, "1-Wire", false, false},
	RegmapInit{"regmap_init_ac97", 1, "AC'97", false, false},
	RegmapInit{"regmap_init_sdw", 1, "SoundWire", false, false},
	RegmapInit{"regmap_init_sdw_mbq", 1, "SoundWire", false, false},
	RegmapInit{"regmap_init_i3c", 1, "I3C", false, false},
	RegmapInit{"regmap_init_spi_avmm", 1, "SPI", false, false},
	RegmapInit{"regmap_init_fsi", 2, "FSI", false, false},
	RegmapInit{"regmap_init_mmio", 2, "MMIO", true, false},
	RegmapInit{"regmap_init_mmio_clk", 3, "MMIO", true, false},
	RegmapInit{"regmap_init", 3, "", false, true},
)

// regmapInits returns rows with their devm_ forms, which take the same
// arguments (linux/regmap.h).
func regmapInits(rows ...RegmapInit) []RegmapInit {
	out := make([]RegmapInit, 0, 2*len(rows))
	for _, r := range rows {
		devm := r
		devm.Func = "devm_" + r.Func
		out = append(out, r, devm)
	}
	return out
}

// RegmapSources are the calls that hand a driver a regmap made
// elsewhere (a parent MFD's, a syscon's): what locking such a regmap
// has cannot be read from the driver. So can any call whose name
// contains one of RegmapSourceParts.
var RegmapSources = []string{
	"dev_get_regmap", "device_node_to_regmap",
	"syscon_node_to_regmap", "syscon_regmap_lookup_by_compatible", "syscon_regmap_lookup_by_phandle",
	"syscon_regmap_lookup_by_phandle_args", "syscon_regmap_lookup_by_phandle_optional",
}

// RegmapSourceParts are parts of names that say a call returns a regmap
// (foo_get_regmap, of_node_to_regmap, ...).
var RegmapSourceParts = []string{"get_regmap", "to_regmap", "regmap_lookup"}

// RegmapLockMembers are the members of struct regmap_config that change
// its locking (linux/regmap.h: struct regmap_config): a driver that
// names one may have regmaps that do not take a mutex.
var RegmapLockMembers = []string{
	"fast_io", "disable_locking", "use_raw_spinlock", "lock", "unlock", "lock_arg",
	"use_hwlock", "hwlock_id", "hwlock_mode",
}

// RegmapInitFor returns the regmap constructor fn is, or nil: by its
// name, or by that of the macro that expands to it (__regmap_init_i2c
// for regmap_init_i2c, __devm_regmap_init_spi for devm_regmap_init_spi).
func (m *Model) RegmapInitFor(fn string) *RegmapInit {
	if r := m.regmapInits[fn]; r != nil {
		return r
	}
	if len(fn) > 2 && fn[:2] == "__" {
		return m.regmapInits[fn[2:]]
	}
	return nil
}

// IsRegmapSource reports whether a call to fn hands the driver a regmap
// whose locking it cannot know (RegmapSources, RegmapSourceParts, and
// the __ functions behind them).
func (m *Model) IsRegmapSource(fn string) bool {
	if m.regmapSources[fn] || len(fn) > 2 && fn[:2] == "__" && m.regmapSources[fn[2:]] {
		return true
	}
	for _, p := range m.t.RegmapSourceParts {
		if strings.Contains(fn, p) {
			return true
		}
	}
	return false
}

// RegmapLockMembers returns the regmap_config members that change its
// locking.
func (m *Model) RegmapLockMembers() []string { return m.t.RegmapLockMembers }
