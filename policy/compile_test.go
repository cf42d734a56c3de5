package policy

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestCheckTestdata checks that each broken file in testdata is refused with the problems
// at the right lines and columns.
func TestCheckTestdata(t *testing.T) {
	cases := []struct {
		file string
		want []string // "line:col: substring of the message"
	}{
		{"bad-yaml-syntax.yaml", []string{"3:1: YAML syntax error"}},
		{"bad-cel-syntax.yaml", []string{"10:23: syntax error"}},
		{"bad-type.yaml", []string{
			"12:19: type error: found no matching overload for '_<_' applied to '(int, string)'",
			"14:11: condition expression must return bool, not int",
			"19:21: type error: found no matching overload for '_*_'",
		}},
		{"bad-unknown-field.yaml", []string{
			"10:36: unknown field or function \"staff\"",
			"18:5: unknown key \"budget\" in instrument",
			"22:35: innovator has no field \"headcount\"",
		}},
		{"bad-cost.yaml", []string{"10:11: condition expression may cost up to"}},
		{"bad-structure.yaml", []string{"1:1: missing the required key \"summary\"", "7:1: unknown key \"colour\"", "21:46: wrong type"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			src, err := os.ReadFile("testdata/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Check(c.file, src)
			var el ErrorList
			if !errors.As(err, &el) {
				t.Fatalf("want an ErrorList, got %v", err)
			}
			for _, w := range c.want {
				if !hasError(el, c.file, w) {
					t.Errorf("errors:\n%v\nwant one at %s", el, w)
				}
			}
		})
	}
}

func hasError(el ErrorList, file, want string) bool {
	for _, e := range el {
		pos := fmt.Sprintf("%d:%d: ", e.Line, e.Column)
		if e.File == file && strings.HasPrefix(want, pos) && strings.Contains(e.Error(), strings.TrimPrefix(want, pos)) {
			return true
		}
	}
	return false
}

// TestExpressionPositions checks CEL error positions inside every YAML scalar style.
func TestExpressionPositions(t *testing.T) {
	cases := []struct {
		name, expr string
		want       string
	}{
		{"plain", `expr: kind == "team" && bogus`, "10:29"},
		{"single quoted", `expr: 'kind == "team" && bogus'`, "10:30"},
		{"double quoted", `expr: "kind == \"team\" && bogus"`, "10:32"},
		{"literal block", "expr: |\n      kind == \"team\" &&\n        bogus", "12:9"},
		{"folded block", "expr: >\n      kind == \"team\" &&\n      bogus", "12:7"},
		{"plain multi-line", "expr: kind == \"team\"\n      && bogus", "11:10"},
		{"chinese literal before", `expr: region == "杭州市" && bogus`, "10:30"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(minimal, "expr: employees < 200", c.expr, 1)
			_, err := Check("p.yaml", []byte(src))
			var el ErrorList
			if !errors.As(err, &el) {
				t.Fatalf("want an ErrorList, got %v", err)
			}
			if !hasError(el, "p.yaml", c.want+": unknown field or function \"bogus\"") {
				t.Errorf("errors:\n%v\nwant bogus at %s", el, c.want)
			}
		})
	}
}

func TestCompileRules(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"condition must be bool", "expr: employees < 200", "expr: revenue", "10:11: condition expression must return bool, not double"},
		{"amount must be a number", `amount: "10.0"`, `amount: kind`, "15:13: amount expression must return number, not string"},
		{"when must be bool", `amount: "10.0"`, "amount: \"10.0\"\n    when: revenue", "16:11: when expression must return bool"},
		{"large firms co-fund only", "segment: open", "segment: large_enterprise", "12:5: a large-enterprise policy co-funds only"},
		{"cost over the limit", "expr: employees < 200", `expr: path_tags.all(a, path_tags.all(b, description.contains(a + b)))`, "10:11: condition expression may cost up to"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(minimal, c.old, c.new, 1)
			_, err := Check("p.yaml", []byte(src))
			var el ErrorList
			if !errors.As(err, &el) {
				t.Fatalf("want an ErrorList, got %v", err)
			}
			if !hasError(el, "p.yaml", c.want) {
				t.Errorf("errors:\n%v\nwant %s", el, c.want)
			}
		})
	}
}

func TestCompileAcceptsIntAmountsAndMinMax(t *testing.T) {
	for _, amount := range []string{`"10"`, "min(revenue * 0.1, 500)", "max(employees, 3)", "min(1.5, 2.5)", `double(size(path_tags)) * 2.0`} {
		src := strings.Replace(minimal, `amount: "10.0"`, "amount: "+amount, 1)
		src = strings.Replace(src, "expect: {status: eligible, amounts: {grant: 10}}", "expect: {status: eligible}", 1)
		if _, err := Check("p.yaml", []byte(src)); err != nil {
			t.Errorf("amount %s: %v", amount, err)
		}
	}
}
