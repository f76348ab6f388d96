package driver

// The result cache. A module's result depends on kdlint itself (version
// and binary), the run's configuration (rules, their options, the
// front-end flags) and the content of every file the front end read for
// it. The last is known exactly only after parsing, as go build learns a
// package's headers only by compiling it, so lookups take two steps:
//
//  1. the key hashes kdlint, the configuration and the module's own
//     files (the files the module was given);
//  2. the entry stored under it lists every other file the front end
//     read (headers from anywhere, -include files) with the hash of its
//     content, and the paths where it looked for a header and found
//     none; the entry counts only when each file still hashes the same
//     and each absent path is still absent.
//
// An entry that fails any check (not ours, wrong shape, checksum, stale
// dependency) is a miss: the module is analysed and the entry rewritten.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/kdlint/kdlint/driver/internal/cache"
	"github.com/kdlint/kdlint/ir"
)

// entryFormat changes whenever the layout of an entry changes.
const entryFormat = 4 // 3: kdlint:ignore comments stored, applied per run; 4: absent headers

// entry is what the cache stores for a module.
type entry struct {
	Format int      `json:"format"`
	Deps   []dep    `json:"deps"`
	Absent []string `json:"absent"`
	Sum    string   `json:"sum"` // SHA-256 of Result
	// Result is the moduleResult, as JSON.
	Result json.RawMessage `json:"result"`
}

type dep struct {
	Path string `json:"path"`
	Sum  string `json:"sum"`
}

// configKey names every setting of the run that changes results.
func (pl *plan) configKey() string {
	var b strings.Builder
	fmt.Fprintf(&b, "version %s\nbinary %s\nmodel %s\n", pl.opts.Version, buildIdentity(), pl.frontend.Model.ID())
	for _, r := range pl.opts.Rules {
		fmt.Fprintf(&b, "rule %s\n", r.Doc.ID)
		for _, o := range r.Options {
			v, ok := pl.opts.RuleOptions[o]
			if !ok {
				v = o.Default
			}
			fmt.Fprintf(&b, "option %s.%s=%s\n", r.Doc.ID, o.Name, v)
		}
	}
	fe := pl.frontend
	fmt.Fprintf(&b, "parse-all %t\nmax-file-size %d\nexpansion-limit %d\nmax-skips %d\n",
		fe.ParseAll, fe.MaxFileSize, fe.ExpansionLimit, fe.MaxSkips)
	for _, d := range fe.IncludeDirs {
		fmt.Fprintf(&b, "I %s\n", d)
	}
	for _, d := range fe.Defines {
		fmt.Fprintf(&b, "D %s\n", d)
	}
	for _, f := range fe.Includes {
		fmt.Fprintf(&b, "include %s\n", f) // its content is a dependency
	}
	files := make([]string, 0, len(fe.CompileCommands))
	for f := range fe.CompileCommands {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		ff, _ := json.Marshal(fe.CompileCommands[f])
		fmt.Fprintf(&b, "compile %s %s\n", f, ff)
	}
	return b.String()
}

// cached returns the module's result from the cache when everything it
// depends on is unchanged, and analyses it (and stores the result)
// otherwise.
func (pl *plan) cached(mod Module) moduleResult {
	c := pl.cache
	if c == nil {
		r, _ := pl.analyse(mod)
		return r
	}
	h := cache.NewHasher()
	h.AddString(pl.config)
	own := map[string]string{} // the module's files: path -> sum
	for _, f := range mod.Files {
		sum, err := fileSum(f)
		if err != nil {
			r, _ := pl.analyse(mod) // the analysis reports the file
			return r
		}
		own[f] = sum
		h.AddString(f)
		h.AddString(sum)
	}
	h.AddString(unitsKey(mod.Units))
	key := h.Key()
	if b, ok := c.Get(key); ok {
		if r, ok := decodeEntry(b, mod, own); ok {
			return r
		}
	}
	r, m := pl.analyse(mod)
	if b, err := encodeEntry(r, m); err == nil {
		_ = c.Put(key, b) // a cache that cannot be written only costs speed
	}
	return r
}

func encodeEntry(r moduleResult, m *ir.Module) ([]byte, error) {
	if m == nil {
		return nil, errors.New("the front end failed: nothing to cache")
	}
	res, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	e := entry{Format: entryFormat, Result: res, Sum: sumOf(res), Absent: m.Absent}
	for _, s := range m.Read {
		e.Deps = append(e.Deps, dep{Path: s.Path, Sum: hex.EncodeToString(s.Sum[:])})
	}
	return json.Marshal(e)
}

// decodeEntry returns the result an entry holds, or false when the entry
// is not one kdlint wrote for this module or a file it depends on changed.
func decodeEntry(b []byte, mod Module, own map[string]string) (moduleResult, bool) {
	var e entry
	if json.Unmarshal(b, &e) != nil || e.Format != entryFormat || e.Sum != sumOf(e.Result) {
		return moduleResult{}, false
	}
	known := map[string]bool{}
	for _, d := range e.Deps {
		known[d.Path] = true
		sum, ok := own[d.Path]
		if !ok {
			var err error
			if sum, err = fileSum(d.Path); err != nil {
				return moduleResult{}, false
			}
		}
		if sum != d.Sum {
			return moduleResult{}, false
		}
	}
	for _, p := range e.Absent {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			return moduleResult{}, false
		}
	}
	for _, f := range mod.Files {
		known[f] = true
	}
	var r moduleResult
	dec := json.NewDecoder(bytes.NewReader(e.Result))
	dec.DisallowUnknownFields()
	if dec.Decode(&r) != nil || !r.valid(mod, known) {
		return moduleResult{}, false
	}
	return r, true
}

// valid checks the shape of a decoded result: a result for this module's
// files, with findings and notices located in files the analysis read.
func (r *moduleResult) valid(mod Module, known map[string]bool) bool {
	if r.Stats.Files != len(mod.Files) || r.Reasons == nil {
		return false
	}
	for _, f := range r.Findings {
		if !known[f.Path] || f.Line < 1 || f.RuleID == "" || f.Message == "" {
			return false
		}
	}
	for _, n := range r.Notices {
		if n.Kind == 0 || n.Message == "" {
			return false
		}
	}
	return true
}

func sumOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func fileSum(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return sumOf(b), nil
}

// buildIdentity identifies this kdlint binary, as go build's cache keys
// on the compiler's: a rebuilt kdlint (even with the same version number)
// must not reuse results an older one computed.
var buildIdentity = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(filepath.Clean(exe))
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
})
