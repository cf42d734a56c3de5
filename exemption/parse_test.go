package exemption

import (
	"io/fs"
	"strings"
	"testing"

	"seedbed"
	"seedbed/procedures"
)

func TestStandardProceduresParse(t *testing.T) {
	files, err := fs.Glob(procedures.FS, "*.yaml")
	if err != nil || len(files) < 3 {
		t.Fatalf("procedure files: %v %v", files, err)
	}
	for _, f := range files {
		src, _ := fs.ReadFile(procedures.FS, f)
		p, err := Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if p.ID == "" || p.Version < 1 || len(p.Steps) < 4 || p.Title.Zh == "" || p.Title.En == "" || len(p.SHA256()) != 64 {
			t.Errorf("%s: %+v", f, p)
		}
		for _, st := range p.Steps {
			if st.Title.En == "" {
				t.Errorf("%s: step %s has no English title", f, st.ID)
			}
		}
	}
}

const goodProcedure = `id: small-grant
version: 1
title: {zh: 小额资助程序, en: Small grants}
effective_from: 2026-01-01
steps:
  - id: reviews
    title: {zh: 两名专家, en: Two experts}
    evidence: score
    min: 2
`

func TestParseErrorsNameLineAndColumn(t *testing.T) {
	cases := []struct {
		name, src, field string
		line, col        int
	}{
		{"unknown key", goodProcedure + "colour: red\n", "colour", 10, 1},
		{"duplicate key", goodProcedure + "version: 2\n", "version", 10, 1},
		{"missing steps", strings.Replace(goodProcedure, "steps:", "stepz:", 1), "stepz", 5, 1},
		{"bad id", strings.Replace(goodProcedure, "small-grant", "Small Grant", 1), "id", 1, 5},
		{"bad version", strings.Replace(goodProcedure, "version: 1", "version: one", 1), "version", 2, 10},
		{"bad date", strings.Replace(goodProcedure, "2026-01-01", "2026-13-01", 1), "effective_from", 4, 17},
		{"unknown evidence", strings.Replace(goodProcedure, "evidence: score", "evidence: vibes", 1), "steps[0].evidence", 8, 15},
		{"parameter of another kind", goodProcedure + "    min_days: 5\n", "steps[0].min_days", 10, 15},
		{"min out of range", strings.Replace(goodProcedure, "min: 2", "min: 0", 1), "steps[0].min", 9, 10},
		{"empty Chinese title", strings.Replace(goodProcedure, "zh: 两名专家", "zh: ''", 1), "steps[0].title.zh", 7, 17},
		{"ends before it starts", goodProcedure + "effective_to: 2025-01-01\n", "effective_to", 10, 15},
		{"unknown selection mode", goodProcedure + "applies_to: {selection_modes: [auction]}\n", "applies_to.selection_modes", 10, 32},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.src))
			es, ok := err.(seedbed.Errors)
			if !ok || len(es) == 0 {
				t.Fatalf("want errors, got %v", err)
			}
			e := es[0]
			if e.Field != c.field || e.Line != c.line || e.Column != c.col || !strings.Contains(e.Error(), " / ") {
				t.Fatalf("got %s at %d:%d (%s); want %s at %d:%d", e.Field, e.Line, e.Column, e.Error(), c.field, c.line, c.col)
			}
		})
	}
	if _, err := Parse([]byte(goodProcedure)); err != nil {
		t.Fatalf("good procedure: %v", err)
	}
	for _, bad := range []string{"", "a: [1", "- 1\n- 2\n", goodProcedure + "---\nid: x\n", "id: &a x\nversion: *a\n"} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodProcedure))
	files, _ := fs.Glob(procedures.FS, "*.yaml")
	for _, name := range files {
		src, _ := fs.ReadFile(procedures.FS, name)
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse(src)
		if err == nil {
			if p.ID == "" || len(p.Steps) == 0 || p.Title.Zh == "" {
				t.Fatalf("accepted an incomplete procedure: %+v", p)
			}
			return
		}
		es, ok := err.(seedbed.Errors)
		if !ok || len(es) == 0 {
			t.Fatalf("error of type %T: %v", err, err)
		}
	})
}
