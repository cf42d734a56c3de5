package chart

import (
	"encoding/xml"
	"errors"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// renderer is what every chart type has in common.
type renderer = Chart

// wellFormed decodes svg with encoding/xml and checks the accessible frame: one root <svg>
// with role="img", a <title> and a <desc>, and a viewBox.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	if err := checkSVG(svg); err != nil {
		t.Fatalf("%v\n%s", err, svg)
	}
}

func checkSVG(svg string) error {
	dec := xml.NewDecoder(strings.NewReader(svg))
	depth, roots := 0, 0
	sawTitle, sawDesc := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if el.Name.Local != "svg" {
					return errors.New("root is <" + el.Name.Local + ">")
				}
				attrs := map[string]string{}
				for _, a := range el.Attr {
					attrs[a.Name.Local] = a.Value
				}
				if attrs["role"] != "img" {
					return errors.New(`root lacks role="img"`)
				}
				if attrs["viewBox"] == "" {
					return errors.New("root lacks viewBox")
				}
				if !strings.Contains(attrs["font-family"], "WenQuanYi Micro Hei") {
					return errors.New("root lacks the CJK font stack")
				}
			}
			if depth == 1 && el.Name.Local == "title" {
				sawTitle = true
			}
			if depth == 1 && el.Name.Local == "desc" {
				sawDesc = true
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		return errors.New("not exactly one closed root element")
	}
	if !sawTitle || !sawDesc {
		return errors.New("missing <title> or <desc> under the root")
	}
	return nil
}

// textOf returns all character data of the SVG, unescaped, for checking what a reader sees.
func textOf(t *testing.T, svg string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var sb strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return sb.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			sb.Write(cd)
			sb.WriteByte('\n')
		}
	}
}

const hostile = `<script>alert("x")</script>&amp;'"]]>` + "\x00\x1b\xff\ufffe"

// everyChart returns one of each chart type with every caller text set to s.
func everyChart(s string, values []float64) map[string]renderer {
	ref := RefLine{Value: 1, Label: s}
	return map[string]renderer{
		"line": LineChart{Title: s, Desc: "", XLabels: []string{s, s, s}, YLabel: s,
			Series:  []Series{{Name: s, Values: values}, {Name: s, Values: values}},
			Markers: []Marker{{AtIndex: 1, Label: s}}, Bands: []Band{{From: 0, To: 1, Label: s}}},
		"bar":          BarChart{Title: s, Labels: []string{s, s}, Values: values, YLabel: s, Markers: []Marker{{AtIndex: 0, Label: s}}},
		"lorenz":       LorenzChart{Title: s, Values: values},
		"pareto":       ParetoChart{Title: s, Labels: []string{s, s}, Values: values, YLabel: s},
		"distribution": DistributionChart{Title: s, Groups: []Group{{Name: s, Values: values}}, XLabel: s},
		"histogram":    HistogramChart{Title: s, Groups: []Group{{Name: s, Values: values}, {Name: s}}, XLabel: s},
		"interval": IntervalChart{Title: s, XLabel: s, Refs: []RefLine{ref},
			Rows: []Interval{{Name: s, Mean: at(values, 0), Lo: at(values, 1), Hi: at(values, 2)}}},
		"sparkline": Sparkline{Title: s, Values: values, Refs: []RefLine{ref}},
	}
}

func at(vs []float64, i int) float64 {
	if i < len(vs) {
		return vs[i]
	}
	return math.NaN()
}

func TestEveryChartEdgeCases(t *testing.T) {
	inf := math.Inf(1)
	nan := math.NaN()
	cases := []struct {
		name   string
		values []float64
	}{
		{"nil", nil},
		{"empty", []float64{}},
		{"single", []float64{3}},
		{"all equal", []float64{5, 5, 5, 5}},
		{"all zero", []float64{0, 0, 0}},
		{"negative", []float64{-3, -1, -7, 2}},
		{"nan and inf only", []float64{nan, inf, -inf}},
		{"nan mixed", []float64{1, nan, 3, inf, 2}},
		{"huge", []float64{math.MaxFloat64, -math.MaxFloat64, 1e300}},
		{"tiny", []float64{1e-300, 2e-300, math.SmallestNonzeroFloat64}},
		{"nearly equal", []float64{1, math.Nextafter(1, 2), 1}},
		{"fractions", []float64{0.1, 0.2, 0.30000000000000004}},
	}
	for _, tc := range cases {
		for kind, c := range everyChart("资助 2024Q2", tc.values) {
			t.Run(tc.name+"/"+kind, func(t *testing.T) {
				svg := c.SVG()
				wellFormed(t, svg)
				if svg != c.SVG() {
					t.Fatal("two renders differ")
				}
				if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
					t.Fatalf("non-finite number leaked into the SVG:\n%s", svg)
				}
			})
		}
	}
}

func TestEveryChartEscapesHostileText(t *testing.T) {
	for kind, c := range everyChart(hostile, []float64{1, 2, 3}) {
		t.Run(kind, func(t *testing.T) {
			svg := c.SVG()
			wellFormed(t, svg)
			if strings.Contains(svg, "<script") {
				t.Fatalf("raw <script in output:\n%s", svg)
			}
			if !strings.Contains(svg, "&lt;script&gt;") {
				t.Fatalf("escaped caller text missing:\n%s", svg)
			}
			if !strings.Contains(textOf(t, svg), `<script>alert("x")</script>`) {
				t.Fatal("caller text did not round-trip through the XML decoder")
			}
		})
	}
}

func TestEveryChartEmptyShowsNoData(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		want := say(lang, msgNoData)
		charts := []renderer{
			LineChart{Lang: lang}, BarChart{Lang: lang}, LorenzChart{Lang: lang}, ParetoChart{Lang: lang},
			DistributionChart{Lang: lang}, HistogramChart{Lang: lang}, IntervalChart{Lang: lang}, Sparkline{Lang: lang},
		}
		for _, c := range charts {
			svg := c.SVG()
			wellFormed(t, svg)
			if !strings.Contains(textOf(t, svg), want) {
				t.Errorf("%T in %s: no %q in\n%s", c, lang, want, svg)
			}
		}
	}
}

func TestIDs(t *testing.T) {
	a := BarChart{Title: "A", Values: []float64{1}}.SVG()
	b := BarChart{Title: "B", Values: []float64{1}}.SVG()
	idOf := func(svg string) string {
		i := strings.Index(svg, `<title id="`)
		j := strings.Index(svg[i+11:], `"`)
		return svg[i+11 : i+11+j]
	}
	if idOf(a) == idOf(b) {
		t.Errorf("different charts share the id %q", idOf(a))
	}
	c := BarChart{Title: "A", Values: []float64{1}, ID: `my chart"><x`}.SVG()
	wellFormed(t, c)
	if got := idOf(c); got != "mychartx-t" {
		t.Errorf("caller id sanitised to %q, want mychartx-t", got)
	}
}

// TestWriteSamples renders one realistic example of each chart into a temporary folder (kept
// only for the test's lifetime), checking each file reads back well-formed.
func TestWriteSamples(t *testing.T) {
	dir := t.TempDir()
	for name, c := range samples() {
		svg := c.SVG()
		wellFormed(t, svg)
		path := filepath.Join(dir, name+".svg")
		if err := os.WriteFile(path, []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
		back, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		wellFormed(t, string(back))
	}
	t.Logf("samples in %s", dir)
}

// samples are realistic charts of the kinds seedbed pages show.
func samples() map[string]renderer {
	quarters := make([]string, 40)
	for i := range quarters {
		quarters[i] = itoa(2015+i/4) + "Q" + itoa(i%4+1)
	}
	series := func(k int) []Series {
		names := []string{"专利申请", "软件发布", "提交报告", "论文", "标准", "合同"}
		out := make([]Series, k)
		for s := range out {
			vs := make([]float64, len(quarters))
			for i := range vs {
				vs[i] = float64((i*(s+3)+s*7)%11) + float64(i)/4*float64(s%3)
			}
			if s == 2 {
				vs[5], vs[6] = math.NaN(), math.NaN()
			}
			out[s] = Series{Name: names[s%len(names)], Values: vs}
		}
		return out
	}
	skewed := make([]float64, 60)
	for i := range skewed {
		skewed[i] = 1000 / float64((i*7)%60+1)
	}
	runs := func(shift, spread int) []float64 {
		vs := make([]float64, 200)
		for i := range vs {
			vs[i] = float64(shift + (i*i+3*i)%spread)
		}
		return vs
	}
	return map[string]renderer{
		"line": LineChart{Title: "创新者指标（季度）", XLabels: quarters, Series: series(3), YLabel: "件数",
			Markers: []Marker{{AtIndex: 37, Label: "资助 2024Q2"}}, Bands: []Band{{From: 37, To: 39, Label: "资助期"}}},
		"line-6": LineChart{Title: "Indicators", XLabels: quarters, Series: series(6), Lang: "en", Format: FormatCompactEn},
		"bar": BarChart{Title: "标志性成果（年度）", Labels: []string{"2019", "2020", "2021", "2022", "2023", "2024"},
			Values: []float64{2, 5, 3, 8, 13, 21}, YLabel: "项", Markers: []Marker{{AtIndex: 3, Label: "新政策"}}},
		"lorenz": LorenzChart{Title: "组合价值集中度", Values: skewed},
		"pareto": ParetoChart{Title: "Portfolio value", Values: skewed, Lang: "en"},
		"distribution": DistributionChart{Title: "各策略标志性成果数分布", XLabel: "每次模拟的标志性成果数", Groups: []Group{
			{Name: "择优集中", Values: runs(0, 6)}, {Name: "广泛小额", Values: runs(2, 9)}, {Name: "部分抽签", Values: runs(3, 8)}}},
		"histogram": HistogramChart{Title: "各策略标志性成果数直方图", XLabel: "标志性成果数", Groups: []Group{
			{Name: "择优集中", Values: runs(0, 6)}, {Name: "广泛小额", Values: runs(2, 9)}, {Name: "部分抽签", Values: runs(3, 8)}}},
		"interval": IntervalChart{Title: "平均价值比较", XLabel: "平均价值（95% 置信区间）",
			Refs: []RefLine{{Value: 100, Label: "基准"}},
			Rows: []Interval{{"择优集中", 96, 90, 102}, {"广泛小额", 118, 109, 127}, {"部分抽签", 121, 115, 127}}},
		"sparkline": Sparkline{Title: "动量", Values: []float64{0.2, 0.5, 0.4, 0.9, 1.3, 1.1}, Refs: []RefLine{{Value: 0}}},
	}
}

// node is a parsed SVG element, for tests that check structure.
type node struct {
	name     string
	attr     map[string]string
	text     string
	children []*node
}

// parse decodes svg into a tree, failing the test if it is not well-formed.
func parse(t *testing.T, svg string) *node {
	t.Helper()
	wellFormed(t, svg)
	dec := xml.NewDecoder(strings.NewReader(svg))
	root := &node{}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		top := stack[len(stack)-1]
		switch el := tok.(type) {
		case xml.StartElement:
			n := &node{name: el.Name.Local, attr: map[string]string{}}
			for _, a := range el.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(el)
		}
	}
	return root.children[0]
}

// all returns the elements under n (depth first) for which keep is true.
func (n *node) all(keep func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(x *node) {
		for _, c := range x.children {
			if keep(c) {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

// named returns a predicate matching elements by name and, optionally, one attribute value.
func named(name string, attrKV ...string) func(*node) bool {
	return func(n *node) bool {
		if n.name != name {
			return false
		}
		for i := 0; i+1 < len(attrKV); i += 2 {
			if n.attr[attrKV[i]] != attrKV[i+1] {
				return false
			}
		}
		return true
	}
}

// texts returns the content of every <text> element.
func (n *node) texts() []string {
	var out []string
	for _, x := range n.all(named("text")) {
		out = append(out, x.text)
	}
	return out
}

// desc returns the <desc> text.
func (n *node) desc() string {
	for _, c := range n.children {
		if c.name == "desc" {
			return c.text
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestRenderInTemplate(t *testing.T) {
	page := template.Must(template.New("page").Parse(`<figure>{{.}}</figure>`))
	for kind, c := range everyChart(hostile, []float64{1, 2, 3}) {
		var sb strings.Builder
		if err := page.Execute(&sb, c.Render()); err != nil {
			t.Fatal(err)
		}
		out := sb.String()
		if !strings.HasPrefix(out, "<figure><svg ") || strings.Contains(out, "<script") {
			t.Errorf("%s: template output starts %.40q and must hold raw SVG with escaped text", kind, out)
		}
		if out != "<figure>"+c.SVG()+"</figure>" {
			t.Errorf("%s: Render differs from SVG", kind)
		}
	}
}
