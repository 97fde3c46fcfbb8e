package main

// Reads the test tables out of distribution/reference's own *_test.go files with go/ast, so the
// fixture holds Docker's rows verbatim (strings.Repeat and concatenations evaluated, error
// variables replaced by their messages) rather than a hand transcription.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/distribution/reference"
	"github.com/opencontainers/go-digest"
)

var errorMessages = map[string]string{
	"ErrReferenceInvalidFormat": reference.ErrReferenceInvalidFormat.Error(),
	"ErrTagInvalidFormat":       reference.ErrTagInvalidFormat.Error(),
	"ErrDigestInvalidFormat":    reference.ErrDigestInvalidFormat.Error(),
	"ErrNameContainsUppercase":  reference.ErrNameContainsUppercase.Error(),
	"ErrNameEmpty":              reference.ErrNameEmpty.Error(),
	"ErrNameTooLong":            reference.ErrNameTooLong.Error(),
	"ErrNameNotCanonical":       reference.ErrNameNotCanonical.Error(),
	"ErrDigestInvalidLength":    digest.ErrDigestInvalidLength.Error(),
	"ErrDigestUnsupported":      digest.ErrDigestUnsupported.Error(),
}

// tableSpec names one table: the test function and the variable holding its literal.
type tableSpec struct{ file, function, variable string }

var tableSpecs = []tableSpec{
	{"reference_test.go", "TestReferenceParse", "tests"},
	{"normalize_test.go", "TestValidateReferenceName", "validRepoNames"},
	{"normalize_test.go", "TestValidateReferenceName", "invalidRepoNames"},
	{"normalize_test.go", "TestValidateRemoteName", "validRepositoryNames"},
	{"normalize_test.go", "TestValidateRemoteName", "invalidRepositoryNames"},
	{"normalize_test.go", "TestParseRepositoryInfo", "tests"},
	{"normalize_test.go", "TestNormalizedSplitHostname", "tests"},
	{"normalize_test.go", "TestParseDockerRef", "tests"},
	{"regexp_test.go", "TestDomainRegexp", "tests"},
	{"regexp_test.go", "TestFullNameRegexp", "tests"},
	{"regexp_test.go", "TestReferenceRegexp", "tests"},
	{"regexp_test.go", "TestIdentifierRegexp", "tests"},
}

func extractTables(dir string) (map[string]any, error) {
	out := map[string]any{}
	fset := token.NewFileSet()
	for _, spec := range tableSpecs {
		file, err := parser.ParseFile(fset, filepath.Join(dir, spec.file), nil, 0)
		if err != nil {
			return nil, err
		}
		lit, err := findTable(file, spec)
		if err != nil {
			return nil, err
		}
		value, err := evaluate(lit)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", spec.function, spec.variable, err)
		}
		out[spec.function+"."+spec.variable] = value
	}
	return out, nil
}

func findTable(file *ast.File, spec tableSpec) (ast.Expr, error) {
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Name.Name != spec.function {
			continue
		}
		var found ast.Expr
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			assign, ok := n.(*ast.AssignStmt)
			if !ok || found != nil {
				return found == nil
			}
			for i, lhs := range assign.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && id.Name == spec.variable && i < len(assign.Rhs) {
					if lit, ok := assign.Rhs[i].(*ast.CompositeLit); ok {
						found = lit
					}
				}
			}
			return found == nil
		})
		if found != nil {
			return found, nil
		}
	}
	return nil, fmt.Errorf("table %s.%s not found in %s", spec.function, spec.variable, spec.file)
}

func evaluate(expr ast.Expr) (any, error) {
	switch e := expr.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			return strconv.Unquote(e.Value)
		}
		return nil, fmt.Errorf("unsupported literal %s", e.Value)
	case *ast.Ident:
		switch e.Name {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "nil":
			return nil, nil
		}
		if msg, ok := errorMessages[e.Name]; ok {
			return map[string]any{"error": msg}, nil
		}
		return nil, fmt.Errorf("unknown identifier %s", e.Name)
	case *ast.SelectorExpr:
		if msg, ok := errorMessages[e.Sel.Name]; ok {
			return map[string]any{"error": msg}, nil
		}
		return nil, fmt.Errorf("unknown selector %s", e.Sel.Name)
	case *ast.BinaryExpr:
		left, err := evaluate(e.X)
		if err != nil {
			return nil, err
		}
		right, err := evaluate(e.Y)
		if err != nil {
			return nil, err
		}
		ls, lok := left.(string)
		rs, rok := right.(string)
		if e.Op != token.ADD || !lok || !rok {
			return nil, fmt.Errorf("unsupported binary expression")
		}
		return ls + rs, nil
	case *ast.CallExpr:
		name := callName(e.Fun)
		if name == "strings.Repeat" {
			text, err := evaluate(e.Args[0])
			if err != nil {
				return nil, err
			}
			count, err := strconv.Atoi(e.Args[1].(*ast.BasicLit).Value)
			if err != nil {
				return nil, err
			}
			return strings.Repeat(text.(string), count), nil
		}
		args := make([]any, 0, len(e.Args))
		for _, a := range e.Args {
			v, err := evaluate(a)
			if err != nil {
				return nil, err
			}
			args = append(args, v)
		}
		switch name {
		case "digestReference":
			return map[string]any{"digestReference": args[0]}, nil
		}
		return nil, fmt.Errorf("unsupported call %s", name)
	case *ast.CompositeLit:
		if len(e.Elts) > 0 {
			if _, keyed := e.Elts[0].(*ast.KeyValueExpr); keyed {
				row := map[string]any{}
				for _, elt := range e.Elts {
					kv := elt.(*ast.KeyValueExpr)
					v, err := evaluate(kv.Value)
					if err != nil {
						return nil, err
					}
					row[kv.Key.(*ast.Ident).Name] = v
				}
				return row, nil
			}
		}
		list := make([]any, 0, len(e.Elts))
		for _, elt := range e.Elts {
			v, err := evaluate(elt)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	}
	return nil, fmt.Errorf("unsupported expression %T", expr)
}

func callName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return x.Name + "." + f.Sel.Name
		}
	}
	return ""
}
