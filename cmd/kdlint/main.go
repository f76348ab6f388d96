// Command kdlint is a static linter for Linux kernel driver C code.
//
// Usage:
//
//	kdlint [flags] [path ...]
//
// See README.md and rules.md, or run kdlint -help.
package main

import (
	"os"

	"github.com/kdlint/kdlint/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
