package layers

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/kdlint/kdlint/"

// allowed lists, for each package pattern ("x/*" is every package below
// x), the kdlint packages its non-test code may import. The first
// matching pattern counts.
var allowed = []struct {
	pkg     string
	imports []string
}{
	{"cmd/kdlint", []string{"internal/cli"}},
	{"internal/cli", []string{"analyzers", "analyzers/rule", "driver", "cparse", "output/*", "report", "kmodel", "internal/config", "internal/fix"}},
	{"internal/config", []string{"analyzers/rule", "kmodel", "report"}},
	{"internal/fix", []string{"report"}},
	{"internal/gendoc", []string{"analyzers", "output/rulesdoc"}},
	{"internal/irdump", []string{"cparse", "ir", "kmodel"}},
	{"internal/kdtest", []string{"analyzers", "analyzers/rule", "driver", "report"}},
	{"internal/layers", nil},
	{"output/rulesdoc", []string{"report"}},
	{"output/*", []string{"report", "output/rulesdoc"}},
	{"driver/internal/cache", nil},
	{"driver/kbuild", nil},
	{"driver", []string{"analyzers/rule", "analyzers/passes/input", "cparse", "driver/internal/cache", "driver/kbuild", "ir", "kmodel", "report"}},
	{"analyzers", []string{"analyzers/*", "kmodel", "report"}},
	{"analyzers/rule", []string{"kmodel", "report"}},
	{"analyzers/passes/*", []string{"analyzers/passes/*", "ir", "kmodel", "report"}},
	{"analyzers/*", []string{"analyzers/rule", "analyzers/passes/*", "ir", "kmodel", "report"}},
	{"cparse", []string{"ir", "kmodel"}},
	{"ir", nil},
	{"kmodel", nil},
	{"report", nil},
}

func matches(pattern, pkg string) bool {
	if strings.HasSuffix(pattern, "/*") {
		return strings.HasPrefix(pkg, strings.TrimSuffix(pattern, "*"))
	}
	return pattern == pkg
}

func rowFor(pkg string) ([]string, bool) {
	for _, r := range allowed {
		if matches(r.pkg, pkg) {
			return r.imports, true
		}
	}
	return nil, false
}

// TestImportDirection fails when a package imports a kdlint package its
// layer may not, or when a package has no row (a new package must be
// placed in the layering on purpose).
func TestImportDirection(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]map[string]bool{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := filepath.ToSlash(rel)
		if imports[pkg] == nil {
			imports[pkg] = map[string]bool{}
		}
		for _, im := range f.Imports {
			ip, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(ip, module) {
				imports[pkg][strings.TrimPrefix(ip, module)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 15 {
		t.Fatalf("found %d packages under %s; is the test run from internal/layers?", len(imports), root)
	}
	for pkg, ims := range imports {
		row, ok := rowFor(pkg)
		if !ok {
			t.Errorf("package %s has no place in the layering (add it to allowed)", pkg)
			continue
		}
	next:
		for im := range ims {
			for _, a := range row {
				if matches(a, im) && im != pkg {
					continue next
				}
			}
			t.Errorf("%s imports %s, which its layer may not", pkg, im)
		}
	}
	if _, err := os.Stat(path.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
}
