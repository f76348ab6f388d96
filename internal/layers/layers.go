// Package layers states, and its test enforces, the direction of kdlint's
// imports. Code flows one way, top to bottom:
//
//	cmd/kdlint
//	internal/cli                 flags, output selection, exit status (reads report)
//	driver, output/*             loading, caching, suppression; text, SARIF, rule docs
//	analyzers (the registry)
//	analyzers/<rule>             one rule each
//	analyzers/passes/*           helper passes that report nothing (and ctext, their text scans)
//	analyzers/rule               the rule contract
//	cparse                       the C front end (driver only)
//	ir, kmodel, report           the IR, the kernel model, what a run produces
//
// A package may import only what its row of allowed (layers_test.go) lists.
// Rules never see the front end; the command line never sees a pass.
package layers
