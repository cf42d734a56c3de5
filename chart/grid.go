package chart

import (
	"html/template"
	"math"
	"strconv"
)

// GridChart draws a square lattice of cells as a heat map without axes: the landscape coverage
// of the epistemic-landscape model, for instance. Values[r*Cols+c] in [0, 1] is the cell's
// intensity (drawn as the opacity of the data colour); Back[r*Cols+c] > 0 shades the cell's
// background (e.g. the significant patches), so the map shows where it could have been covered.
// Row 0 is drawn at the bottom.
type GridChart struct {
	Title  string
	Desc   string // plain-language summary; empty generates one
	Cols   int
	Rows   int
	Values []float64
	Back   []float64
	Cell   int    // pixels per cell; 0 means 6
	Lang   string // "en" for English built-in text, anything else Chinese
	ID     string
}

// Render returns the chart as inline SVG for html/template.
func (c GridChart) Render() template.HTML { return trusted(c.SVG()) }

// SVG returns the chart as a standalone SVG document.
func (c GridChart) SVG() string {
	cell := float64(c.Cell)
	if c.Cell <= 0 || c.Cell > 50 {
		cell = 6
	}
	cols, rows := min(max(c.Cols, 0), 1000), min(max(c.Rows, 0), 1000)
	d := doc{kind: "grid", width: max(float64(cols)*cell, 1), height: max(float64(rows)*cell, 1), title: c.Title, id: c.ID, lang: c.Lang}
	at := func(v []float64, i int) float64 {
		if i < len(v) && finite(v[i]) {
			return math.Min(math.Max(v[i], 0), 1)
		}
		return 0
	}
	var w buf
	w.b = make([]byte, 0, 64+cols*rows*8)
	covered, shaded := 0, 0
	for r := range rows {
		for col := range cols {
			i := r*cols + col
			x, y := float64(col)*cell, float64(rows-1-r)*cell
			if at(c.Back, i) > 0 {
				shaded++
				w.rect(x, y, cell, cell, `fill="`+inkGrid+`"`, "")
			}
			if v := at(c.Values, i); v > 0 {
				covered++
				w.rect(x, y, cell, cell, `fill="`+palette[0]+`" fill-opacity="`+strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)+`"`, "")
			}
		}
	}
	d.desc = c.Desc
	if d.desc == "" {
		d.desc = pick(c.Lang, "共 "+itoa(cols*rows)+" 格，其中 "+itoa(shaded)+" 格为底色，"+itoa(covered)+" 格有覆盖。",
			itoa(cols*rows)+" cells, "+itoa(shaded)+" shaded, "+itoa(covered)+" covered.")
	}
	return d.wrap(w.b)
}
