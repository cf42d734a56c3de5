package evaluation

import (
	"encoding/json"
	"testing"
	"time"
)

// q is a test shorthand for a known-good quarter.
func q(year, num int) Quarter {
	v, err := NewQuarter(year, num)
	if err != nil {
		panic(err)
	}
	return v
}

func TestParseQuarter(t *testing.T) {
	tests := []struct {
		in   string
		want Quarter
		ok   bool
	}{
		{"2024Q2", q(2024, 2), true},
		{"2024q2", q(2024, 2), true},
		{"2024-Q3", q(2024, 3), true},
		{" 2024 Q4 ", q(2024, 4), true},
		{"2024年第2季度", q(2024, 2), true},
		{"2024年第一季度", q(2024, 1), true},
		{"2024年Q4", q(2024, 4), true},
		{"1900Q1", q(1900, 1), true},
		{"2024Q5", 0, false},
		{"2024Q0", 0, false},
		{"2024", 0, false},
		{"24Q1", 0, false},
		{"1899Q4", 0, false},
		{"2024-06", 0, false},
		{"2024年6月", 0, false},
		{"abcdQ1", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseQuarter(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseQuarter(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestQuarterFormsAndArithmetic(t *testing.T) {
	x := q(2024, 2)
	if int(x) != 2024*4+1 {
		t.Fatalf("encoding: %d", int(x))
	}
	if x.String() != "2024Q2" || x.Zh() != "2024年第2季度" || x.Label().En != "2024Q2" {
		t.Errorf("forms: %q %q", x.String(), x.Zh())
	}
	if x.Add(3) != q(2025, 1) || x.Add(-2) != q(2023, 4) {
		t.Errorf("Add: %v %v", x.Add(3), x.Add(-2))
	}
	if Quarter(0).String() != "" {
		t.Errorf("zero quarter prints %q", Quarter(0).String())
	}
	if got := x.Start(time.UTC); !got.Equal(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Start = %v", got)
	}
	for _, tt := range []struct {
		t    time.Time
		want Quarter
	}{
		{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), q(2024, 1)},
		{time.Date(2024, 3, 31, 23, 59, 0, 0, time.UTC), q(2024, 1)},
		{time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), q(2024, 2)},
		{time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), q(2024, 4)},
	} {
		if got := QuarterOf(tt.t); got != tt.want {
			t.Errorf("QuarterOf(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

func TestQuarterJSON(t *testing.T) {
	type wrap struct {
		P Quarter `json:"p"`
	}
	b, err := json.Marshal(wrap{q(2023, 4)})
	if err != nil || string(b) != `{"p":"2023Q4"}` {
		t.Fatalf("marshal: %s %v", b, err)
	}
	var w wrap
	if err := json.Unmarshal([]byte(`{"p":"2023年第4季度"}`), &w); err != nil || w.P != q(2023, 4) {
		t.Fatalf("unmarshal: %v %v", w.P, err)
	}
	if err := json.Unmarshal([]byte(`{"p":"2023Q9"}`), &w); err == nil {
		t.Fatal("bad quarter accepted")
	}
}

func TestValidatePeriod(t *testing.T) {
	now := time.Date(2025, 5, 10, 0, 0, 0, 0, time.UTC) // 2025Q2
	tests := []struct {
		p  Quarter
		ok bool
	}{
		{q(2025, 2), true}, // the current quarter may be reported
		{q(2020, 1), true},
		{q(2025, 3), false},
		{q(2030, 1), false},
		{0, false},
	}
	for _, tt := range tests {
		if err := ValidatePeriod(tt.p, now); (err == nil) != tt.ok {
			t.Errorf("ValidatePeriod(%v) = %v, want ok=%v", tt.p, err, tt.ok)
		}
	}
}

func FuzzParseQuarter(f *testing.F) {
	for _, s := range []string{"2024Q2", "2024-Q1", "2024年第3季度", "2024年第四季度", "2024年Q2", "", "年", "9999Q9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseQuarter(s)
		if err != nil {
			return
		}
		if !v.Valid() {
			t.Fatalf("ParseQuarter(%q) = invalid %d without error", s, v)
		}
		for _, form := range []string{v.String(), v.Zh()} {
			if back, err := ParseQuarter(form); err != nil || back != v {
				t.Fatalf("round trip of %q via %q: %v %v", s, form, back, err)
			}
		}
	})
}
