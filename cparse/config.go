package cparse

import "github.com/kdlint/kdlint/kmodel"

// Config configures the front end. The zero value is ready to use; it
// needs nothing (Needs), so that only ParseAll parses anything.
type Config struct {
	// IncludeDirs are extra directories searched for #include "..." files.
	IncludeDirs []string
	// Defines are NAME or NAME=VALUE macro definitions, as with -D.
	Defines []string
	// Includes are files read before every source file, as with -include.
	Includes []string
	// CompileCommands holds per-file flags from a compilation database,
	// by absolute path; they add to the flags above for the files' module.
	CompileCommands map[string]FileFlags
	// MaxFileSize is the largest file parsed, in bytes (default 10 MiB).
	MaxFileSize int64
	// ExpansionLimit bounds macro expansion work per parse, in tokens
	// (default: 16M, or 256 per byte of the file when that is more).
	ExpansionLimit int
	// MaxSkips is how many top-level items one file may lose before the
	// whole file is given up (default 200).
	MaxSkips int
	// Needs is what the analyses run on the modules act on: the union of
	// the enabled rules' needs. Only what can matter to them is parsed
	// (relevance.go); the zero value needs nothing, so that no module is
	// parsed.
	Needs kmodel.Needs
	// ParseAll parses every module and function body, also those that
	// provably hold nothing Needs is about; for measuring the front end.
	ParseAll bool
	// Model is the kernel model of the run; nil means kmodel.Default().
	Model *kmodel.Model
	// NoFileSums leaves the Sum of the module's own files (Module.Files)
	// zero in Module.Read, for a run that keeps no cache: only a cache
	// reads those sums (to tell whether a stored result still holds).
	// The other files read keep theirs, which analyses check before they
	// read such a file again.
	NoFileSums bool
}

func (c *Config) noFileSums() bool { return c != nil && c.NoFileSums }

func (c *Config) model() *kmodel.Model {
	if c == nil || c.Model == nil {
		return kmodel.Default()
	}
	return c.Model
}

func (c *Config) needs() kmodel.Needs {
	if c == nil {
		return kmodel.Needs{}
	}
	return c.Needs
}

func (c *Config) parseAll() bool { return c != nil && c.ParseAll }

func (c *Config) maxFileSize() int64 {
	if c == nil || c.MaxFileSize <= 0 {
		return 10 << 20
	}
	return c.MaxFileSize
}

// expansionLimit bounds macro expansion for a source of n bytes: real
// drivers with heavy register macros expand to a few hundred tokens per
// byte at worst, while a macro bomb grows without bound.
func (c *Config) expansionLimit(n int) int {
	if c == nil || c.ExpansionLimit <= 0 {
		return max(16<<20, 256*n)
	}
	return c.ExpansionLimit
}

func (c *Config) maxSkips() int {
	if c == nil || c.MaxSkips <= 0 {
		return 200
	}
	return c.MaxSkips
}

func (c *Config) includes() []string {
	if c == nil {
		return nil
	}
	return c.Includes
}

func (c *Config) includeDirs() []string {
	if c == nil {
		return nil
	}
	return c.IncludeDirs
}

func (c *Config) defines() []string {
	if c == nil {
		return nil
	}
	return c.Defines
}
