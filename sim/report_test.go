package sim

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
)

func TestWriteTable(t *testing.T) {
	res, err := Run(context.Background(), smallConfig())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"Landmark discoveries", "标志性成果数", "Cost per landmark", "± = 95%", res.ConfigHash[:12]} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	for _, s := range res.Strategies {
		if !strings.Contains(out, s.Label.Zh+" / "+s.ID) {
			t.Errorf("table lacks the row of %s", s.ID)
		}
	}
	// Columns line up: every row of the body starts its second column at the same display offset.
	lines := strings.Split(out, "\n")
	var starts []int
	for _, l := range lines {
		if i := strings.Index(l, "  "); strings.Contains(l, " / ") && i > 0 && strings.Contains(l, "±") {
			starts = append(starts, displayWidth(l[:i]))
			rest := strings.TrimLeft(l[i:], " ")
			starts[len(starts)-1] += len(l[i:]) - len(rest)
		}
	}
	for _, s := range starts {
		if s != starts[0] {
			t.Errorf("misaligned columns: second column starts at %v", starts)
			break
		}
	}
}

func TestWriteCSV(t *testing.T) {
	res, err := Run(context.Background(), smallConfig())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(res.Strategies)+1 {
		t.Fatalf("%d rows, want header + %d", len(rows), len(res.Strategies))
	}
	if rows[0][0] != "strategy" || rows[1][0] != NoSupport {
		t.Errorf("header %v, first row %v", rows[0][:3], rows[1][:3])
	}
	col := -1
	for i, h := range rows[0] {
		if h == "landmarks_mean" {
			col = i
		}
	}
	if col < 0 || rows[1][col] == "" {
		t.Errorf("no landmarks_mean column or value")
	}
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{{"abc", 3}, {"策略", 4}, {"策略 / Strategy", 15}, {"（）", 4}, {"", 0}}
	for _, tt := range tests {
		if got := displayWidth(tt.s); got != tt.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}
