package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestGridChart(t *testing.T) {
	g := GridChart{Title: "覆盖 <map>", Cols: 3, Rows: 2, Values: []float64{0, 0.5, 2, 0, 0, 0}, Back: []float64{1, 1, 0, 0, 0, 0}, Lang: "en"}
	svg := g.SVG()
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	if n := strings.Count(svg, "<rect"); n != 4 {
		t.Errorf("%d rects, want 4 (two shaded, two covered)", n)
	}
	if !strings.Contains(svg, `fill-opacity="1"`) || !strings.Contains(svg, `fill-opacity="0.5"`) {
		t.Errorf("opacities not clamped to [0, 1]: %s", svg)
	}
	if !strings.Contains(svg, "2 shaded, 2 covered") {
		t.Errorf("no summary: %s", svg)
	}
	if empty := (GridChart{}).SVG(); !strings.Contains(empty, "<svg") {
		t.Error("an empty grid does not render")
	}
}
