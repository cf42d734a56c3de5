package evaluation

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"seedbed"
)

func TestReadObservationsCSV(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Observation
	}{
		{
			name: "chinese headers with BOM and labels",
			in: "\uFEFF主体ID,指标,期间,数值,单位,来源\n" +
				"12,专利申请,2024年第3季度,3,件,进展报告\n" +
				"12,研发投入,2024Q3,120.5,万元,\n",
			want: []Observation{
				{InnovatorID: 12, Indicator: PatentsFiled, Period: q(2024, 3), Value: 3, Unit: UnitCount, Source: SourceProgressReport, Line: 2},
				{InnovatorID: 12, Indicator: RDSpend, Period: q(2024, 3), Value: 120.5, Unit: UnitWanYuan, Source: SourceCSV, Line: 3},
			},
		},
		{
			name: "english headers in another order, no unit or source, blank row skipped",
			in:   "period,Value,indicator,innovator_id\r\n2023Q1,7,revenue,5\r\n,,,\r\n2023-Q2,0,oss_commits,5\r\n",
			want: []Observation{
				{InnovatorID: 5, Indicator: Revenue, Period: q(2023, 1), Value: 7, Unit: UnitWanYuan, Source: SourceCSV, Line: 2},
				{InnovatorID: 5, Indicator: OSSCommits, Period: q(2023, 2), Value: 0, Unit: UnitCount, Source: SourceCSV, Line: 4},
			},
		},
		{
			name: "quoted cell spanning lines keeps physical line numbers",
			in:   "innovator_id,indicator,period,value,source\n1,revenue,2023Q1,1,\"import\n_csv\"\n2,revenue,2023Q1,2,import_csv\n",
			want: []Observation{
				{InnovatorID: 1, Indicator: Revenue, Period: q(2023, 1), Value: 1, Unit: UnitWanYuan, Source: "import\n_csv", Line: 2},
				{InnovatorID: 2, Indicator: Revenue, Period: q(2023, 1), Value: 2, Unit: UnitWanYuan, Source: SourceCSV, Line: 4},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadObservationsCSV(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d rows %+v", len(got), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("row %d: got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// where is the position of an expected error.
type where struct {
	line, column int
	field        string
}

func positions(err error) []where {
	var es seedbed.Errors
	if !errors.As(err, &es) {
		return nil
	}
	out := make([]where, len(es))
	for i, e := range es {
		out[i] = where{e.Line, e.Column, e.Field}
	}
	return out
}

func TestReadObservationsCSVBadInput(t *testing.T) {
	const hdr = "主体ID,指标,期间,数值\n"
	tests := []struct {
		name string
		in   string
		want []where
	}{
		{"empty file", "", []where{{1, 0, ""}}},
		{"unknown and duplicate headers", "主体ID,指标,期间,数值,颜色,value\n", []where{{1, 5, "颜色"}, {1, 6, "value"}}},
		{"missing required column", "主体ID,指标,期间\n", []where{{1, 0, "value"}}},
		{"every bad cell of every row", hdr + "x,专利申请,2024Q1,1\n3,likes,2024Q9,abc\n4,专利申请,2024Q1,2\n",
			[]where{{2, 1, "主体ID"}, {3, 2, "指标"}, {3, 3, "期间"}, {3, 4, "数值"}}},
		{"wrong cell count", hdr + "1,专利申请,2024Q1\n", []where{{2, 0, ""}}},
		{"non-UTF-8 (GBK) cell", hdr + "1,\xd7\xa8\xc0\xfb,2024Q1,1\n", []where{{2, 2, "指标"}}},
		{"NaN value", hdr + "1,专利申请,2024Q1,NaN\n", []where{{2, 4, "数值"}}},
		{"negative id", hdr + "-3,专利申请,2024Q1,1\n", []where{{2, 1, "主体ID"}}},
		{"bare quote", hdr + "1,专利申请,2024\"Q1,1\n2,专利申请,2024Q1,1\n", []where{{2, 0, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs, err := ReadObservationsCSV(strings.NewReader(tt.in))
			if err == nil || obs != nil {
				t.Fatalf("accepted: %+v", obs)
			}
			got := positions(err)
			if len(got) != len(tt.want) {
				t.Fatalf("errors %v (%v), want %v", got, err, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("error %d at %+v, want %+v (%v)", i, got[i], tt.want[i], err)
				}
			}
		})
	}
}

func TestImportObservationsCSVReportsBothStepsInLineOrder(t *testing.T) {
	in := "innovator_id,indicator,period,value,unit\n" +
		"1,patents_filed,2024Q1,-2,件\n" + // validation: negative
		"x,patents_filed,2024Q1,1,件\n" + // reading: bad id
		"1,rd_spend,2030Q1,5,元\n" + // validation: future and unit
		"1,patents_filed,2024Q2,1,件\n" // good
	obs, err := ImportObservationsCSV(strings.NewReader(in), testNow)
	if obs != nil {
		t.Fatal("nothing may be returned when a row is bad")
	}
	want := []where{{2, 0, "value"}, {3, 1, "innovator_id"}, {4, 0, "period"}, {4, 0, "unit"}}
	got := positions(err)
	if len(got) != len(want) {
		t.Fatalf("errors %v (%v)", got, err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("error %d at %+v, want %+v", i, got[i], want[i])
		}
	}
	good := "innovator_id,indicator,period,value\n1,patents_filed,2024Q1,2\n1,patents_filed,2024Q2,3\n"
	if obs, err := ImportObservationsCSV(strings.NewReader(good), testNow); err != nil || len(obs) != 2 {
		t.Fatalf("good file: %v %v", obs, err)
	}
}

func TestReadObservationsCSVLimits(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("innovator_id,indicator,period,value\n")
	for range MaxCSVErrors + 10 {
		b.WriteString("x,patents_filed,2024Q1,1\n")
	}
	_, err := ReadObservationsCSV(&b)
	var es seedbed.Errors
	if !errors.As(err, &es) || len(es) != MaxCSVErrors+1 || !strings.Contains(es[MaxCSVErrors].Error(), "more errors") {
		t.Fatalf("error cap: %d errors", len(es))
	}
}

func FuzzReadObservationsCSV(f *testing.F) {
	f.Add("\uFEFF主体ID,指标,期间,数值,单位,来源\n12,专利申请,2024年第3季度,3,件,进展报告\n")
	f.Add("innovator_id,indicator,period,value\n1,revenue,2024Q1,1e3\n2,\"x\ny\",2024Q1,1\n")
	f.Add("innovator_id,indicator,period,value\n1,revenue,2024Q1,\"1\n")
	f.Add("a,b\n\"\"\"\n,,\n")
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, in string) {
		obs, err := ReadObservationsCSV(strings.NewReader(in))
		if err != nil {
			if obs != nil {
				t.Fatal("rows returned with an error")
			}
			var es seedbed.Errors
			if !errors.As(err, &es) && seedbed.ErrorCode(err) != seedbed.ETOOLARGE {
				t.Fatalf("not a user error: %v", err)
			}
			for _, e := range es {
				if e.Line < 1 && !strings.Contains(e.Error(), "more errors") {
					t.Fatalf("error without a line: %v", e)
				}
			}
			return
		}
		prev := 1
		for _, o := range obs {
			if o.Line <= prev || o.InnovatorID <= 0 || !o.Period.Valid() || o.Source == "" {
				t.Fatalf("bad row accepted: %+v", o)
			}
			if _, ok := LookupIndicator(o.Indicator); !ok {
				t.Fatalf("unknown indicator accepted: %+v", o)
			}
			prev = o.Line
		}
		_ = ValidateObservations(obs, now) // must not panic
	})
}

// BenchmarkImportObservationsCSV measures reading and validating a 10,000-row file.
func BenchmarkImportObservationsCSV(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("主体ID,指标,期间,数值,单位,来源\n")
	for i := range 10000 {
		fmt.Fprintf(&buf, "%d,专利申请,%dQ%d,%d,件,进展报告\n", 1+i/40, 2015+(i%40)/4, 1+i%4, i%17)
	}
	data := buf.Bytes()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		obs, err := ImportObservationsCSV(bytes.NewReader(data), now)
		if err != nil || len(obs) != 10000 {
			b.Fatal(err)
		}
	}
}
