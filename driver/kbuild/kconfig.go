package kbuild

import (
	"strings"
)

// ParseKconfig returns the types of the symbols a Kconfig file defines
// (config NAME and menuconfig NAME entries; Documentation/kbuild/
// kconfig-language.rst): the first type line of each entry (bool,
// tristate, def_bool, def_tristate, string, int, hex). A symbol defined
// twice has both types.
func ParseKconfig(src []byte) map[string][]SymbolType {
	out := map[string][]SymbolType{}
	current := ""
	for _, l := range strings.Split(string(src), "\n") {
		f := strings.Fields(stripComment(l))
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "config", "menuconfig":
			current = ""
			if len(f) > 1 {
				current = f[1]
			}
			continue
		case "choice", "endchoice", "menu", "endmenu", "if", "endif", "source", "rsource", "osource", "orsource", "comment", "mainmenu":
			current = ""
			continue
		}
		if current == "" {
			continue
		}
		var t SymbolType
		switch f[0] {
		case "bool", "def_bool", "boolean":
			t = Bool
		case "tristate", "def_tristate":
			t = Tristate
		case "string", "int", "hex", "def_string", "def_int", "def_hex":
			t = Other
		default:
			continue
		}
		out[current] = append(out[current], t)
		current = ""
	}
	return out
}

// typeOf folds the types of a symbol's definitions: any tristate
// definition makes it tristate (it may be a module).
func typeOf(ts []SymbolType) SymbolType {
	best := Unknown
	for _, t := range ts {
		switch {
		case t == Tristate:
			return Tristate
		case best == Unknown:
			best = t
		}
	}
	return best
}
