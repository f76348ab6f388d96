package config

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/kdlint/kdlint/kmodel"
)

// The kernel section: what the user's own code adds to the kernel model.
var kernelKeys = []string{"sleeping-functions", "non-sleeping-functions", "atomic-callbacks",
	"callback-registrations", "lock-wrappers", "teardown-helpers"}

// Contexts by the names the file uses.
var contexts = map[string]kmodel.Context{
	"hardirq": kmodel.HardIRQ, "softirq": kmodel.SoftIRQ, "atomic": kmodel.Locked, "process": kmodel.Process,
}

// contextKind is how messages name a callback declared in a context.
func contextKind(c kmodel.Context) string {
	switch c {
	case kmodel.HardIRQ:
		return "hard IRQ callback"
	case kmodel.SoftIRQ:
		return "softirq callback"
	case kmodel.Locked:
		return "atomic callback"
	}
	return "process-context callback"
}

// Lock classes by the names the file uses, with whether the class's
// operations name the lock as an argument by default.
var lockClasses = map[string]struct {
	class  kmodel.LockClass
	hasArg bool
}{
	"spinlock":  {kmodel.Spin, true},
	"irq":       {kmodel.IRQOff, false},
	"bh":        {kmodel.BHOff, false},
	"preempt":   {kmodel.PreemptOff, false},
	"rcu":       {kmodel.RCURead, false},
	"mutex":     {kmodel.Mutex, true},
	"semaphore": {kmodel.Semaphore, true},
}

// Object kinds by the names the file uses.
var objectKinds = map[string]kmodel.ObjectKind{
	"workqueue": kmodel.Workqueue, "tasklet": kmodel.Tasklet, "timer": kmodel.Timer, "work": kmodel.Work,
}

func names[T any](m map[string]T) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

func (p *reader) kernel(n ast.Node) {
	entries, _ := p.mapping(n, "kernel")
	ext := &p.f.Kernel
	for _, e := range entries {
		items, _ := p.sequence(e.value, "kernel."+e.key)
		for _, it := range items {
			switch e.key {
			case "sleeping-functions":
				p.sleeper(it, ext)
			case "non-sleeping-functions":
				if name, ok := p.funcName(it); ok {
					ext.NotSleeping = append(ext.NotSleeping, name)
				}
			case "atomic-callbacks":
				p.atomicCallback(it, ext)
			case "callback-registrations":
				p.registration(it, ext)
			case "lock-wrappers":
				p.lockWrapper(it, ext)
			case "teardown-helpers":
				p.teardown(it, ext)
			}
		}
		if !slices.Contains(kernelKeys, e.key) {
			p.unknownKey(e, "in kernel", kernelKeys)
		}
	}
}

// fields reads an item written as a mapping of the given keys, checking
// that the required ones are there. It returns the values by key.
func (p *reader) fields(n ast.Node, what string, keys []string, required []string) (map[string]ast.Node, bool) {
	entries, ok := p.mapping(n, what)
	if !ok {
		return nil, false
	}
	out := map[string]ast.Node{}
	good := true
	for _, e := range entries {
		if !slices.Contains(keys, e.key) {
			p.unknownKey(e, "in "+what, keys)
			good = false
			continue
		}
		out[e.key] = e.value
	}
	for _, k := range required {
		if out[k] == nil {
			p.errorf(n, "%s: %q is required", what, k)
			good = false
		}
	}
	return out, good
}

// isScalar reports whether n is a single value rather than a mapping.
func isScalar(n ast.Node) bool {
	switch unwrap(n).(type) {
	case *ast.MappingNode, *ast.MappingValueNode, *ast.SequenceNode, *ast.NullNode:
		return false
	}
	return true
}

// funcName reads a C function name.
func (p *reader) funcName(n ast.Node) (string, bool) {
	v, ok := p.scalar(n)
	if !ok {
		return "", false
	}
	if !isIdent(v) {
		p.errorf(n, "%q is not a C function name", v)
		return "", false
	}
	return v, true
}

// structTag reads a struct tag, written with or without "struct ".
func (p *reader) structTag(n ast.Node) (string, bool) {
	v, ok := p.scalar(n)
	if !ok {
		return "", false
	}
	tag := strings.TrimSpace(strings.TrimPrefix(v, "struct "))
	if !isIdent(tag) {
		p.errorf(n, "%q is not a C struct tag", v)
		return "", false
	}
	return tag, true
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c != '_' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// choice reads one of the names of m.
func choice[T any](p *reader, n ast.Node, what string, m map[string]T) (T, bool) {
	var zero T
	v, ok := p.scalar(n)
	if !ok {
		return zero, false
	}
	x, ok := m[v]
	if !ok {
		p.errorf(n, "%s %q: want one of %s", what, v, names(m))
		return zero, false
	}
	return x, true
}

// sleeper: a name, or {function, gfp-arg}.
func (p *reader) sleeper(n ast.Node, ext *kmodel.Extension) {
	s := kmodel.Sleeper{GFPArg: -1, LockArg: -1}
	if isScalar(n) {
		name, ok := p.funcName(n)
		if ok {
			s.Func = name
			ext.Sleepers = append(ext.Sleepers, s)
		}
		return
	}
	f, ok := p.fields(n, "a sleeping function", []string{"function", "gfp-arg"}, []string{"function"})
	if !ok {
		return
	}
	name, ok := p.funcName(f["function"])
	if !ok {
		return
	}
	s.Func = name
	if g := f["gfp-arg"]; g != nil {
		if s.GFPArg, ok = p.integer(g, "gfp-arg"); !ok {
			return
		}
	}
	ext.Sleepers = append(ext.Sleepers, s)
}

// atomicCallback: {function, context} or {struct, member, context}.
func (p *reader) atomicCallback(n ast.Node, ext *kmodel.Extension) {
	f, ok := p.fields(n, "an atomic callback", []string{"function", "struct", "member", "context"}, []string{"context"})
	if !ok {
		return
	}
	atomic := map[string]kmodel.Context{}
	for k, c := range contexts {
		if c.Atomic() {
			atomic[k] = c
		}
	}
	ctx, ok := choice(p, f["context"], "context", atomic)
	if !ok {
		return
	}
	switch {
	case f["function"] != nil && f["struct"] == nil && f["member"] == nil:
		if name, ok := p.funcName(f["function"]); ok {
			ext.ContextFuncs = append(ext.ContextFuncs, kmodel.ContextFunc{Func: name, Context: ctx,
				Kind: contextKind(ctx), By: filepath.Base(p.path)})
		}
	case f["function"] == nil && f["struct"] != nil && f["member"] != nil:
		tag, ok1 := p.structTag(f["struct"])
		member, ok2 := p.funcName(f["member"])
		if ok1 && ok2 {
			ext.OpsSlots = append(ext.OpsSlots, kmodel.OpsSlot{Struct: tag, Field: member,
				Context: ctx, Kind: contextKind(ctx)})
		}
	default:
		p.errorf(n, "an atomic callback names either a function, or a struct and a member (an operations-table slot)")
	}
}

// registration: {function, arg, context}.
func (p *reader) registration(n ast.Node, ext *kmodel.Extension) {
	f, ok := p.fields(n, "a callback registration", []string{"function", "arg", "context"}, []string{"function", "arg", "context"})
	if !ok {
		return
	}
	name, ok1 := p.funcName(f["function"])
	arg, ok2 := p.integer(f["arg"], "arg")
	ctx, ok3 := choice(p, f["context"], "context", contexts)
	if ok1 && ok2 && ok3 {
		ext.Registrations = append(ext.Registrations, kmodel.Registration{Func: name, Arg: arg, Context: ctx, Kind: contextKind(ctx)})
	}
}

// lockWrapper: {function, lock, arg, releases, try}.
func (p *reader) lockWrapper(n ast.Node, ext *kmodel.Extension) {
	f, ok := p.fields(n, "a lock wrapper", []string{"function", "lock", "arg", "releases", "try"}, []string{"function", "lock"})
	if !ok {
		return
	}
	name, ok1 := p.funcName(f["function"])
	lc, ok2 := choice(p, f["lock"], "lock", lockClasses)
	if !ok1 || !ok2 {
		return
	}
	op := kmodel.LockOp{Func: name, Acquire: true, Class: lc.class, Arg: -1, Flags: -1}
	if lc.hasArg {
		op.Arg = 0
	}
	if a := f["arg"]; a != nil {
		if op.Arg, ok = p.integer(a, "arg"); !ok {
			return
		}
	}
	if r := f["releases"]; r != nil {
		rel, ok := p.boolean(r, "releases")
		if !ok {
			return
		}
		op.Acquire = !rel
	}
	if t := f["try"]; t != nil {
		if op.Try, ok = p.boolean(t, "try"); !ok {
			return
		}
		if op.Try && !op.Acquire {
			p.errorf(t, "a lock wrapper that releases cannot be a trylock")
			return
		}
	}
	ext.LockOps = append(ext.LockOps, op)
}

// teardown: {function, object, arg, destroys, waits}.
func (p *reader) teardown(n ast.Node, ext *kmodel.Extension) {
	f, ok := p.fields(n, "a teardown helper", []string{"function", "object", "arg", "destroys", "waits"}, []string{"function", "object"})
	if !ok {
		return
	}
	name, ok1 := p.funcName(f["function"])
	kind, ok2 := choice(p, f["object"], "object", objectKinds)
	if !ok1 || !ok2 {
		return
	}
	td := kmodel.Teardown{Func: name, Kind: kind, ObjArg: 0, Destroy: true, Waits: true}
	if a := f["arg"]; a != nil {
		if td.ObjArg, ok = p.integer(a, "arg"); !ok {
			return
		}
	}
	if d := f["destroys"]; d != nil {
		if td.Destroy, ok = p.boolean(d, "destroys"); !ok {
			return
		}
	}
	if w := f["waits"]; w != nil {
		if td.Waits, ok = p.boolean(w, "waits"); !ok {
			return
		}
	}
	ext.Teardowns = append(ext.Teardowns, td)
}
