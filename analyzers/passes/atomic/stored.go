package atomic

import (
	"go/token"
	"regexp"
	"strings"

	"github.com/kdlint/kdlint/analyzers/passes/entries"
	"github.com/kdlint/kdlint/ir"
	"github.com/kdlint/kdlint/kmodel"
)

// A callback stored in a member of a structure that is no deferred-work
// object (led_classdev.brightness_set) runs only once stored, so what
// holds of the structure that embeds it at the store holds when the
// callback runs, on the same terms as for a timer's arming calls
// (armed.go). leds-gpio stores its non-sleeping brightness_set only
// under if (!led_dat->can_sleep), and the callback sleeps only when
// led_dat->can_sleep is set:
//
//	led_dat->can_sleep = gpiod_cansleep(led_dat->gpiod);
//	if (!led_dat->can_sleep)
//		led_dat->cdev.brightness_set = gpio_led_set;
//
// The member must be assigned only in the function that stores the
// callback, and not after the test; the callback's variable for the
// structure is the one it gets from its first parameter
// (containerVars).

// storedFacts returns, for the callbacks stored by assignment in a
// member of an embedded structure, the member facts their roots start
// with.
func storedFacts(m *ir.Module, km *kmodel.Model, ents *entries.Entries, mf *moduleFacts) map[*entries.Callback]env {
	tracked := mf.members
	if len(tracked) == 0 {
		return nil
	}
	blind := mf.blind()
	if blind == nil {
		return nil
	}
	var writers map[string]map[*ir.Func]bool
	var boolean, notBoolean map[string]bool
	ev := &evaluator{km: km, enums: m.Enums}
	out := map[*entries.Callback]env{}
	for _, f := range m.Funcs {
		for i := range ents.Callbacks[f] {
			cb := &ents.Callbacks[f][i]
			if cb.Object != nil || len(cb.By) < 2 || cb.By[0] != '.' {
				continue
			}
			if fc := km.FieldCallbackFor(cb.By[1:]); fc == nil || !fc.NoObject {
				continue // a timer's: armedFacts
			}
			at := funcAt(m, cb.Pos)
			if at == nil || blind[at.File] {
				continue
			}
			bi, store := storeAt(at, cb.Pos)
			if store == nil {
				continue
			}
			// led_dat->cdev.brightness_set: the facts are of led_dat.
			holder, ok := store.LHS.(*ir.Member)
			if !ok {
				continue
			}
			embedded, ok := holder.X.(*ir.Member)
			if !ok {
				continue
			}
			if writers == nil {
				writers, boolean, notBoolean = memberAssignments(m, tracked)
			}
			got := guardFacts(ev, at, bi, embedded.X.String(), tracked, boolean, notBoolean)
			if len(got) == 0 {
				continue
			}
			vars := containerVars(m, f)
			private := privateStruct(m, at, embedded.X)
			var b env
			for mem, v := range got {
				if !onlyIn(writers[mem], at, private) || writtenUnseen(mf.texts, mem, privateFile(at, private)) {
					continue
				}
				for _, name := range vars {
					b = b.with("."+name+"."+mem, v, false)
				}
			}
			if len(b) > 0 {
				out[cb] = b
			}
		}
	}
	return out
}

// storeAt returns the assignment of f at pos and the index of its block.
func storeAt(f *ir.Func, pos token.Pos) (int, *ir.Assign) {
	for bi, b := range f.Blocks {
		for _, n := range b.Nodes {
			if a, ok := n.(*ir.Assign); ok && a.P == pos {
				return bi, a
			}
		}
	}
	return 0, nil
}

// onlyIn reports whether f is the only function in fs, or fs is empty;
// when private, functions of other .c files do not count (a module
// header's may be expanded in f's file).
func onlyIn(fs map[*ir.Func]bool, f *ir.Func, private bool) bool {
	for g := range fs {
		if g != f && (!private || g.File == f.File || strings.HasSuffix(g.File, ".h")) {
			return false
		}
	}
	return true
}

// privateFile is f's file when private, else "" (the whole module).
func privateFile(f *ir.Func, private bool) string {
	if private {
		return f.File
	}
	return ""
}

// privateStruct reports whether base, a parameter or local of f, is
// declared as a pointer to a structure that f's own .c file defines
// (struct gpio_led_data *led_dat): then no other file can write its
// members, and a member of that name written in another file of the
// directory (another module's structure) is not this one. The text is
// read: the front end keeps no types.
func privateStruct(m *ir.Module, f *ir.Func, base ir.Expr) bool {
	id, ok := base.(*ir.Ident)
	if !ok || !strings.HasSuffix(f.File, ".c") {
		return false
	}
	var src []byte
	var text []byte
	for _, file := range m.Files {
		if file.Path != f.File || file.Tok == nil || !f.Pos.IsValid() || !f.End.IsValid() {
			continue
		}
		lo, hi := file.Tok.Offset(f.Pos), file.Tok.Offset(f.End)
		if 0 <= lo && lo <= hi && hi <= len(file.Src) {
			src, text = file.Src, file.Src[lo:hi]
		}
	}
	decl := regexp.MustCompile(`\bstruct\s+(\w+)\s*\*\s*` + regexp.QuoteMeta(id.Name) + `\b`)
	tags := map[string]bool{}
	for _, g := range decl.FindAllSubmatch(text, -1) {
		tags[string(g[1])] = true
	}
	if len(tags) != 1 {
		return false // not declared so, or declared twice
	}
	for tag := range tags {
		def := regexp.MustCompile(`\bstruct\s+` + regexp.QuoteMeta(tag) + `\s*\{`)
		return def.Match(src)
	}
	return false
}
