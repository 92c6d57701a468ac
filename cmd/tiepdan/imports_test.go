package main

import (
	"bufio"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The direction of imports is a rule of the whole module, not of one of its
// packages, so its test lives with the binary: cmd/tiepdan is the one package
// above all the others.

// importRule says what one package of the module may import.
type importRule struct {
	// imports are the packages of the module it may import.
	imports []string
	// restricted limits what it imports from outside the module to the
	// standard library and the modules listed (with their packages); an
	// unrestricted package may import any module.
	restricted bool
	modules    []string
}

// importRules places every package of the module, as STYLE.md draws the
// house: imports point down, cmd → web → {workflow, export → report} → cases
// and storage → {report, export, cases}. A package missing from here fails the test, so
// that a new one is placed when it is added.
var importRules = map[string]importRule{
	// The domain: nouns and contracts, standard library only.
	"cases": {restricted: true},
	// The state machine, deadlines, calendar and schedule: cases only, and
	// the state machine library.
	"workflow": {imports: []string{"cases"}, restricted: true, modules: []string{"github.com/looplab/fsm"}},
	// The statistics: cases only (the workflow comes in through the
	// deadlines it is handed, the history through its own Store interface),
	// and excelize for the XLSX rendering.
	"report": {imports: []string{"cases"}, restricted: true, modules: []string{"github.com/xuri/excelize/v2"}},
	// The registers as files (the reception book, the register of
	// petitions): cases, the report's periods and workbook conventions, and
	// excelize; the history through its own Store interface.
	"export": {imports: []string{"report", "cases"}, restricted: true, modules: []string{"github.com/xuri/excelize/v2"}},
	// The databases implement the interfaces of report, export and cases;
	// never web or workflow.
	"storage": {imports: []string{"report", "export", "cases"}},
	// The pages and the API: never storage, which cmd hands in behind
	// interfaces; the backups of --backup-dir, which the admin page lists.
	"web": {imports: []string{"workflow", "report", "export", "cases", "internal/backups"}},
	// The rotation directory of serve --backup-dir: its names, records and
	// rotation; standard library only.
	"internal/backups": {restricted: true},
	// The demo history generator: commands (cases) on the working days of
	// the product's calendar (workflow); only cmd runs it.
	"internal/demo": {imports: []string{"workflow", "cases"}},
	// The harness of web's HTTP tests and cmd's, wiring a real server on
	// real storage: no rule lets a package import it, so only tests do.
	"internal/webtest": {imports: []string{"web", "storage", "workflow", "report", "export", "cases"}},
	// The suite that every backend of storage must pass, run by storage's
	// tests for SQLite: like webtest, no rule lets a package import it, so
	// only tests do.
	"storage/storetest": {imports: []string{"web", "storage", "workflow", "report", "export", "internal/demo", "cases"}},
	// A PostgreSQL schema of its own for a test (TIEPDAN_TEST_POSTGRES),
	// through pgx's database/sql driver: no rule lets a package import it,
	// so only tests do.
	"internal/pgtest": {restricted: true, modules: []string{"github.com/jackc/pgx/v5"}},
	// The load generator drives the built binary from outside, over HTTP
	// and as a child process, so it imports nothing of the module.
	"scripts/load": {},
	// The binary wires everything together.
	"cmd/tiepdan": {imports: []string{"web", "workflow", "report", "export", "storage", "internal/demo", "internal/backups", "cases"}},
}

// TestImportsPointDown reads the imports of every package of the module
// (test files aside: a test may use storage, say, to set up its data) and
// fails on a package that importRules does not place, on a package it names
// that is gone, and on an import the rules do not allow.
func TestImportsPointDown(t *testing.T) {
	root := filepath.Join("..", "..")
	module := modulePath(t, filepath.Join(root, "go.mod"))
	pkgs := moduleImports(t, root)

	for name := range importRules {
		if _, ok := pkgs[name]; !ok {
			t.Errorf("importRules places %s, but the module has no such package: remove it or say where it went", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(pkgs)) {
		rule, ok := importRules[name]
		if !ok {
			t.Errorf("package %s is not placed in importRules (cmd/tiepdan/imports_test.go): say what it may import", name)
			continue
		}
		for _, imp := range pkgs[name] {
			if rel, ok := strings.CutPrefix(imp.path, module+"/"); ok {
				if !slices.Contains(rule.imports, rel) {
					t.Errorf("%s imports %s: %s may import only %s of the module (STYLE.md)",
						imp.file, rel, name, orNothing(rule.imports))
				}
				continue
			}
			first, _, _ := strings.Cut(imp.path, "/")
			if !rule.restricted || !strings.Contains(first, ".") {
				continue // the standard library, or a package free to use any module
			}
			if !slices.ContainsFunc(rule.modules, func(m string) bool { return imp.path == m || strings.HasPrefix(imp.path, m+"/") }) {
				t.Errorf("%s imports %s: outside the module, %s may import only the standard library%s (STYLE.md)",
					imp.file, imp.path, name, andModules(rule.modules))
			}
		}
	}
}

// anImport is one import of a non-test file.
type anImport struct {
	file string // the file's path from the module's root
	path string
}

// moduleImports returns the imports of the non-test files of every package
// under root, by the package's directory from root. It walks the tree as the
// go command does (skipping testdata, and directories whose names start with
// "." or "_"), and reads every file whatever its build constraints, so that
// an import in a file built only on another system counts too.
func moduleImports(t *testing.T, root string) map[string][]anImport {
	t.Helper()
	pkgs := map[string][]anImport{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if file != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(file, "go.mod")); err == nil && file != root {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, file)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := path.Dir(rel)
		if _, ok := pkgs[dir]; !ok {
			pkgs[dir] = nil // a package without imports is still a package
		}
		for _, spec := range f.Imports {
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return err
			}
			pkgs[dir] = append(pkgs[dir], anImport{file: rel, path: p})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) == 0 {
		t.Fatalf("no package found under %s", root)
	}
	return pkgs
}

// modulePath reads the module's path from go.mod.
func modulePath(t *testing.T, gomod string) string {
	t.Helper()
	f, err := os.Open(gomod)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	t.Fatalf("%s has no module line", gomod)
	return ""
}

func orNothing(pkgs []string) string {
	if len(pkgs) == 0 {
		return "nothing"
	}
	return strings.Join(pkgs, ", ")
}

func andModules(modules []string) string {
	if len(modules) == 0 {
		return ""
	}
	return " and " + strings.Join(modules, ", ")
}
