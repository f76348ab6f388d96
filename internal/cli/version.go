package cli

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// versionText is what -version prints: kdlint's version, then what Go's
// build information says of the binary: the module version it was built
// as, the commit, whether the tree had changes that were not committed,
// and the Go toolchain.
func versionText(bi *debug.BuildInfo, ok bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "kdlint %s\n", Version)
	if !ok || bi == nil {
		b.WriteString("build information: none (not built with module support)\n")
		return b.String()
	}
	module := bi.Main.Version
	if module == "" {
		module = "(devel)"
	}
	fmt.Fprintf(&b, "module: %s %s\n", firstNonEmpty(bi.Main.Path, "github.com/kdlint/kdlint"), module)
	setting := map[string]string{}
	for _, s := range bi.Settings {
		setting[s.Key] = s.Value
	}
	switch rev := setting["vcs.revision"]; {
	case rev != "":
		if t := setting["vcs.time"]; t != "" {
			rev += " (" + t + ")"
		}
		fmt.Fprintf(&b, "commit: %s\n", rev)
		modified := "no"
		if setting["vcs.modified"] == "true" {
			modified = "yes: built with changes that are not committed"
		}
		fmt.Fprintf(&b, "modified: %s\n", modified)
	case module != "(devel)":
		// go install module@version: the version names the commit, a
		// pseudo-version (v0.0.0-20250102150405-abcdef123456) by its
		// prefix, a release by its tag.
		if i := strings.LastIndexByte(module, '-'); i > 0 && len(module)-i-1 == 12 && isHex(module[i+1:]) {
			fmt.Fprintf(&b, "commit: %s (from the module version)\n", module[i+1:])
		} else {
			fmt.Fprintf(&b, "commit: the one tagged %s\n", module)
		}
		b.WriteString("modified: no (built from the module proxy's copy of the commit)\n")
	default:
		b.WriteString("commit: unknown (built without version control information: -buildvcs=false, or not from a git checkout)\n")
		b.WriteString("modified: unknown\n")
	}
	fmt.Fprintf(&b, "go: %s\n", bi.GoVersion)
	return b.String()
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func isHex(s string) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return s != ""
}
