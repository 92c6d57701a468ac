package report_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// report imports only cases and the standard library (STYLE.md): the
// workflow comes in through Deadlines, the history through Store. The one
// exception is the XLSX rendering, which needs excelize, in xlsx.go alone.
func TestReportImportsOnlyCases(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			if name == "xlsx.go" && path == "github.com/xuri/excelize/v2" {
				continue
			}
			if strings.Contains(first, ".") && path != "github.com/tiepdan/tiepdan/cases" {
				t.Errorf("%s imports %s: report may import only cases and the standard library (and excelize in xlsx.go)", name, path)
			}
		}
	}
}
