// Package regmaps defines the helper Analyzer that tells, for each file
// of a driver module, whether the regmaps its code uses are known to
// take a mutex and sleep: an access through one (regmap_write,
// regmap_update_bits, ...) then sleeps, and is wrong in atomic context.
//
// Which regmap a call uses is not followed through the code. A file's
// regmaps are known to sleep when the file (with the module headers it
// includes) makes regmaps only with constructors of slow buses
// (devm_regmap_init_i2c, regmap_init_spi, ...; kmodel.RegmapInits) or on
// a bus of its own that the file defines (devm_regmap_init(dev,
// &foo_bus, ...), or NULL), is handed none from elsewhere
// (dev_get_regmap, syscon lookups; kmodel.RegmapSources) and names no
// regmap_config or regmap_bus member that changes the locking
// (.fast_io, .disable_locking, .lock, ...). A file
// that makes and is handed no regmap at all (the core of a driver whose
// bus glue is in other files) takes the module's answer: all the files
// that make or are handed regmaps must know theirs to sleep. Anything
// else is unknown, and unknown is not reported.
package regmaps

import (
	"bytes"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kdlint/kdlint/analyzers/passes/ctext"
	"github.com/kdlint/kdlint/analyzers/passes/input"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// Analyzer finds the files whose regmaps sleep.
var Analyzer = &analysis.Analyzer{
	Name:       "regmaps",
	Doc:        "tell which files of a driver module use only regmaps that take a mutex",
	Run:        run,
	Requires:   []*analysis.Analyzer{input.Analyzer, input.KernelModel},
	ResultType: reflect.TypeOf((*Regmaps)(nil)),
}

// Of returns the result of a pass that requires Analyzer.
func Of(pass *analysis.Pass) *Regmaps { return pass.ResultOf[Analyzer].(*Regmaps) }

// Regmaps is what the Analyzer found.
type Regmaps struct {
	sleeping map[string]*Evidence // by ir.File.Path
}

// Evidence is the constructor that shows a file's regmaps sleep: the
// first in the file, or in the module for a file that makes none.
type Evidence struct {
	Init   string // devm_regmap_init_i2c
	Bus    string // "I2C"; "" for a bus of the driver's own
	Config string // the regmap_config passed, as written ("&foo_regmap_config")
	// OwnBus is the driver's struct regmap_bus passed to regmap_init()
	// or devm_regmap_init() ("foo_bus" for &foo_bus), or "NULL".
	OwnBus string
	Pos    token.Pos
}

// Sleeping returns the evidence that the regmaps of file sleep, or nil
// when that is not known.
func (r *Regmaps) Sleeping(file string) *Evidence { return r.sleeping[file] }

func run(pass *analysis.Pass) (any, error) {
	m := input.Of(pass)
	km := input.Model(pass)
	byBase := map[string][]*ir.File{}
	for _, f := range m.Files {
		byBase[filepath.Base(f.Path)] = append(byBase[filepath.Base(f.Path)], f)
	}
	out := &Regmaps{sleeping: map[string]*Evidence{}}
	var module *Evidence
	moduleKnown := true
	var neutral []string // files that make and are handed no regmap
	for _, f := range m.Files {
		if f.Src == nil || f.Tok == nil || !bytes.Contains(f.Src, []byte("regmap")) {
			neutral = append(neutral, f.Path)
			continue
		}
		s := scanFile(km, f, included(f, byBase))
		switch {
		case s.unknown:
			moduleKnown = false
		case s.first != nil:
			out.sleeping[f.Path] = s.first
			if module == nil {
				module = s.first
			}
		default:
			neutral = append(neutral, f.Path)
		}
	}
	if module != nil && moduleKnown {
		for _, p := range neutral {
			out.sleeping[p] = module
		}
	}
	return out, nil
}

// included returns the module's headers that f includes with quotes.
func included(f *ir.File, byBase map[string][]*ir.File) []*ir.File {
	var out []*ir.File
	for _, line := range bytes.Split(f.Src, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if !bytes.HasPrefix(line, []byte("#")) {
			continue
		}
		rest := bytes.TrimSpace(line[1:])
		if !bytes.HasPrefix(rest, []byte("include")) {
			continue
		}
		rest = bytes.TrimSpace(rest[len("include"):])
		if len(rest) < 2 || rest[0] != '"' {
			continue
		}
		if end := bytes.IndexByte(rest[1:], '"'); end > 0 {
			for _, h := range byBase[filepath.Base(string(rest[1:1+end]))] {
				if h != f {
					out = append(out, h)
				}
			}
		}
	}
	return out
}

// fileScan is what one file's text says of its regmaps.
type fileScan struct {
	first *Evidence // the first slow constructor, nil if none
	// unknown is set when the file makes or is handed a regmap that may
	// not take a mutex.
	unknown bool
}

// scanFile reads f's text, and the texts of the headers it includes.
func scanFile(km *kmodel.Model, f *ir.File, headers []*ir.File) fileScan {
	var s fileScan
	lockMembers := map[string]bool{}
	for _, n := range km.RegmapLockMembers() {
		lockMembers[n] = true
	}
	for _, text := range append([]*ir.File{f}, headers...) {
		if text.Src == nil {
			continue
		}
		src := text.Src
		ctext.EachIdent(src, func(from, to int) {
			name := string(src[from:to])
			if lockMembers[name] && designates(src, from, name) {
				s.unknown = true
			}
		})
		ctext.EachCall(src, func(from, to int) {
			name := string(src[from:to])
			if km.IsRegmapSource(name) {
				s.unknown = true
				return
			}
			r := km.RegmapInitFor(name)
			if r == nil {
				return
			}
			if r.Fast {
				s.unknown = true
				return
			}
			if text != f {
				// A header's constructor: the file may be handed a
				// regmap it does not make itself.
				s.unknown = true
				return
			}
			args := ctext.Args(src, ctext.Next(src, to))
			cfg, bus := "", ""
			if r.ConfigArg < len(args) {
				cfg = args[r.ConfigArg]
			}
			if r.OwnBus {
				ok := false
				if kmodel.BusArg < len(args) {
					bus, ok = ownBus(args[kmodel.BusArg], f.Src, headers)
				}
				if !ok {
					s.unknown = true
					return
				}
			}
			if s.first != nil {
				return
			}
			s.first = &Evidence{Init: name, Bus: r.Bus, Config: cfg, OwnBus: bus, Pos: f.Tok.Pos(from)}
		})
	}
	return s
}

// designates reports whether the name at src[from:] is a member that
// code names: after '.' or '->' (a designated initializer, an
// assignment). The generic names (lock, unlock, lock_arg) count only in
// a designated initializer, .lock = ..., where a regmap_config names
// its own lock callbacks; the others count wherever a member is named.
func designates(src []byte, from int, name string) bool {
	i := from - 1
	for i >= 0 && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n') {
		i--
	}
	member := i >= 0 && src[i] == '.' || i >= 1 && src[i] == '>' && src[i-1] == '-'
	if !member {
		return false
	}
	if !strings.HasPrefix(name, "lock") && name != "unlock" {
		return true
	}
	if src[i] != '.' {
		return false
	}
	j := ctext.Next(src, from+len(name))
	return j < len(src) && src[j] == '=' && (j+1 >= len(src) || src[j+1] != '=')
}

// ownBus returns the bus argument of regmap_init() or devm_regmap_init(),
// as written, without its &, when it is NULL or a struct regmap_bus that
// src or one of headers defines: one whose initializer the lock
// members' scan has read. Another bus (a parameter, a bus of another
// file or module) is not known: ok is false.
func ownBus(arg string, src []byte, headers []*ir.File) (bus string, ok bool) {
	bus = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(arg), "&"))
	if bus == "NULL" || definesBus(src, bus) {
		return bus, true
	}
	for _, h := range headers {
		if definesBus(h.Src, bus) {
			return bus, true
		}
	}
	return "", false
}

// definesBus reports whether text defines name, an identifier, as a
// struct regmap_bus with an initializer: "struct regmap_bus name = {".
func definesBus(text []byte, name string) bool {
	if name == "" || strings.IndexFunc(name, func(r rune) bool { return r > 127 || !ctext.IsIdentByte(byte(r)) }) >= 0 {
		return false
	}
	const tag = kmodel.RegmapBusStruct
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(tag))
		if j < 0 {
			return false
		}
		at := i + j
		i = at + len(tag)
		if at > 0 && ctext.IsIdentByte(text[at-1]) {
			continue
		}
		k := ctext.Next(text, i)
		if !bytes.HasPrefix(text[k:], []byte(name)) {
			continue
		}
		end := k + len(name)
		if end < len(text) && ctext.IsIdentByte(text[end]) {
			continue
		}
		if e := ctext.Next(text, end); e < len(text) && text[e] == '=' {
			return true
		}
	}
}
