package entries

// declared records the module's functions that the run's kernel model
// says run in a context by their name alone (kmodel.ContextFunc: a
// callback of the user's own code declared in .kdlint.yaml), as
// callbacks registered at their definition.
func (f *finder) declared() {
	for _, fn := range f.m.Funcs {
		cf := f.km.ContextFuncFor(fn.Name)
		if cf == nil {
			continue
		}
		kind := cf.Kind
		if kind == "" {
			kind = "callback"
		}
		by := cf.By
		if by == "" {
			by = "the kernel model"
		}
		f.file, f.fn = fn.File, nil
		f.callback(fn.Name, Callback{Context: cf.Context, Kind: kind, Pos: fn.Pos, By: by})
	}
}
