package cparse

// Compilation databases: the compile_commands.json that the kernel's
// scripts/clang-tools/gen_compile_commands.py writes for a configured tree
// gives each file's exact -I, -D and -include flags.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FileFlags are the front-end flags of one file.
type FileFlags struct {
	IncludeDirs []string
	Defines     []string
	Includes    []string
}

// LoadCompileCommands reads a compilation database and returns the flags
// of each file, by absolute path.
func LoadCompileCommands(path string) (map[string]FileFlags, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var entries []struct {
		Directory string   `json:"directory"`
		File      string   `json:"file"`
		Command   string   `json:"command"`
		Arguments []string `json:"arguments"`
	}
	if err := json.Unmarshal(b, &entries); err != nil {
		return nil, fmt.Errorf("%s: not a compilation database: %v", path, err)
	}
	out := make(map[string]FileFlags, len(entries))
	for _, e := range entries {
		args := e.Arguments
		if len(args) == 0 {
			args = strings.Fields(e.Command) // the kernel's commands need no shell quoting
		}
		abs := func(p string) string {
			if filepath.IsAbs(p) {
				return filepath.Clean(p)
			}
			return filepath.Join(e.Directory, p)
		}
		var ff FileFlags
		for i := 0; i < len(args); i++ {
			a := args[i]
			next := func() string {
				if i+1 < len(args) {
					i++
					return args[i]
				}
				return ""
			}
			switch {
			case a == "-I" || a == "-isystem" || a == "-iquote":
				ff.IncludeDirs = append(ff.IncludeDirs, abs(next()))
			case strings.HasPrefix(a, "-I"):
				ff.IncludeDirs = append(ff.IncludeDirs, abs(a[2:]))
			case a == "-D":
				ff.Defines = append(ff.Defines, next())
			case strings.HasPrefix(a, "-D"):
				ff.Defines = append(ff.Defines, a[2:])
			case a == "-include":
				ff.Includes = append(ff.Includes, abs(next()))
			}
		}
		out[abs(e.File)] = ff
	}
	return out, nil
}

// moduleConfig merges the global configuration with the compilation
// database entries of the module's files.
func moduleConfig(cfg *Config, paths []string) *Config {
	if cfg == nil || len(cfg.CompileCommands) == 0 {
		return cfg
	}
	c := *cfg
	seen := map[string]bool{}
	add := func(list *[]string, items []string) {
		for _, it := range items {
			if !seen[it] {
				seen[it] = true
				*list = append(*list, it)
			}
		}
	}
	c.IncludeDirs = append([]string(nil), cfg.IncludeDirs...)
	c.Defines = append([]string(nil), cfg.Defines...)
	c.Includes = append([]string(nil), cfg.Includes...)
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if ff, ok := cfg.CompileCommands[abs]; ok {
			add(&c.IncludeDirs, ff.IncludeDirs)
			add(&c.Defines, ff.Defines)
			add(&c.Includes, ff.Includes)
		}
	}
	return &c
}
