// Package kmodel is kdlint's kernel API model: the kernel facts every rule
// depends on, kept as data in one place.
//
// It has two halves:
//
//   - the tables, one file per topic: sleep.go (which calls may sleep),
//     locks.go (which calls take which locks, and lock guards),
//     contexts.go (which registrations and members make a callback run in
//     which execution context, and the context tests), lifecycle.go (what
//     creates and tears down deferred-work objects, the driver structures
//     and macros that name the entry points, devres actions), regmap.go
//     (which regmaps take a mutex) and errors.go (how code reports
//     failure). kmodel.go indexes them;
//     analyzers consult them through its lookup functions and never
//     hard-code a kernel function name. needs.go derives, from what rules
//     declare they act on, the names the front end must keep.
//   - prelude.h: the C declarations (typedefs and macros) that stand in for
//     the kernel headers, so driver code parses without a kernel tree. The
//     front end (cparse) includes only the entries a file actually uses.
//
// To teach kdlint a new kernel API, add a row to the table of its topic
// (and, if drivers use it as a macro that does not look like a function
// call, a definition to prelude.h). Facts come from the Linux 6.12 sources
// and Documentation/; where a fact changed across versions, the row notes
// the version.
package kmodel
