package csvfile

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"seedbed"
	"seedbed/demo"
)

// tricky returns valid, normalised innovators whose text is hard on CSV and spreadsheets.
func tricky(t testing.TB) []seedbed.Innovator {
	zero, big := int64(0), int64(math.MaxInt64)
	zeroRev, frac := 0.0, 1234.5678
	list := []seedbed.Innovator{
		{ID: 7, Name: `=HYPERLINK("http://x","点我")`, Kind: seedbed.KindTeam, Description: "+1 and -1",
			ContactName: "@someone", ContactPhone: "+86 138 0000 0000", ContactEmail: "a@b.c"},
		{Name: `含,逗号 "引号" 和'撇号`, Kind: seedbed.KindIndividual, Description: "第一行\n第二行\n\n第四行", Region: "-杭州"},
		{Name: "'=已转义", Kind: seedbed.KindIndividual, Description: "'abc", PathTags: []string{"'=x", "=y", "带 空格"}},
		{Name: "''", Kind: seedbed.KindIndividual, Description: "'"},
		{Name: "𠀀𪚥 扩展字符 😀", Kind: seedbed.KindIndividual, Description: "€ ¥ ㎡ 〇", PathTags: []string{"-负号开头"}},
		{ID: 1<<53 + 1, Name: "数字", Kind: seedbed.KindEnterprise, CreditCode: "914403001922038216", Industry: "software",
			Employees: &zero, Revenue: &zeroRev, FoundedYear: 1800, ContactPhone: "13800000000"},
		{Name: "大数", Kind: seedbed.KindEnterprise, CreditCode: "91330100799655058B", Industry: "industry",
			Employees: &big, Revenue: &frac, Field: "quantum", InnovationType: "national_team", Driver: "basic_research"},
		{Name: "描述含\r回车", Kind: seedbed.KindTeam, Description: "a\rb\tc"},
		{Name: `\.`, Kind: seedbed.KindTeam, Description: "\"\"", Region: "@"},
	}
	for i := range list {
		list[i].Normalize()
		if err := list[i].Validate(); err != nil {
			t.Fatalf("tricky %d: %v", i, err)
		}
	}
	return list
}

// diffInnovators describes the first difference between two lists, or returns "".
func diffInnovators(got, want []seedbed.Innovator) string {
	if len(got) != len(want) {
		return fmt.Sprintf("got %d innovators, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := carried(got[i]), carried(want[i])
		if !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("innovator %d:\n got  %s\n want %s", i, show(g), show(w))
		}
	}
	return ""
}

// carried drops what CSV does not carry and makes nil and empty tag lists equal.
func carried(in seedbed.Innovator) seedbed.Innovator {
	in.Version = 0
	in.CreatedAt, in.UpdatedAt = time.Time{}, time.Time{}
	if len(in.PathTags) == 0 {
		in.PathTags = nil
	}
	return in
}

// show prints an innovator with its pointers followed.
func show(in seedbed.Innovator) string {
	e, r := "nil", "nil"
	if in.Employees != nil {
		e = fmt.Sprint(*in.Employees)
	}
	if in.Revenue != nil {
		r = fmt.Sprint(*in.Revenue)
	}
	return fmt.Sprintf("%+v employees=%s revenue=%s", in, e, r)
}

func TestRoundTrip(t *testing.T) {
	ins := append(demo.Innovators(11, 500), tricky(t)...)
	for i := range ins[:100] {
		ins[i].ID = int64(1000 + i)
	}
	for _, opts := range []WriteOptions{
		{},
		{NoBOM: true},
		{Encoding: "gb18030"},
		{Encoding: "GBK", ExcelSafe: true},
		{Lang: "en"},
		{Labels: true},
		{Labels: true, Lang: "en"},
		{ExcelSafe: true},
		{ExcelSafe: true, Labels: true, Lang: "en", Encoding: "gb18030"},
	} {
		t.Run(fmt.Sprintf("%+v", opts), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteInnovators(&buf, ins, opts); err != nil {
				t.Fatal(err)
			}
			got := mustRead(t, buf.Bytes(), ReadOptions{})
			if diff := diffInnovators(got, ins); diff != "" {
				t.Error(diff)
			}
			// What was read writes the same bytes again.
			var again bytes.Buffer
			if err := WriteInnovators(&again, got, opts); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Bytes(), buf.Bytes()) {
				t.Error("second write differs from the first")
			}
		})
	}
}

// TestRoundTripStreaming writes through Writer in small pieces and reads it back.
func TestRoundTripStreaming(t *testing.T) {
	ins := demo.Innovators(5, 3000) // more than flushAt bytes, so the writer drains mid-stream
	var out bytes.Buffer
	pieces := 0
	w := NewWriter(writerFunc(func(p []byte) (int, error) { pieces++; return out.Write(p) }), WriteOptions{Encoding: "gb18030"})
	for i := range ins {
		if err := w.Write(&ins[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if pieces < 2 {
		t.Errorf("writer passed output on in %d pieces, want several", pieces)
	}
	if diff := diffInnovators(mustRead(t, out.Bytes(), ReadOptions{}), ins); diff != "" {
		t.Error(diff)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestEscapeCell(t *testing.T) {
	for _, s := range []string{"", "'", "''", "'a", "'=", "=", "=1+1", "+", "-5", "@x", "\tx", "\rx", "'\t", "a=b", "中文", "'''="} {
		for _, safe := range []bool{false, true} {
			e := escapeCell(s, safe)
			if got := unescapeCell(e); got != s {
				t.Errorf("unescape(escape(%q, %v)) = %q", s, safe, got)
			}
			if safe && e != "" && strings.IndexByte("=+-@\t\r", e[0]) >= 0 {
				t.Errorf("escape(%q, true) = %q starts a formula", s, e)
			}
		}
	}
}

func TestWriteExcelSafe(t *testing.T) {
	in := seedbed.Innovator{Name: "=1+1", Kind: seedbed.KindEnterprise, CreditCode: "914403001922038216", ContactPhone: "13800000000"}
	for _, tc := range []struct {
		safe bool
		want []string
		not  []string
	}{
		{false, []string{",=1+1,", ",914403001922038216,", ",13800000000,"}, []string{"'=1+1", "\t"}},
		{true, []string{",'=1+1,", ",\"\t914403001922038216\",", ",\"\t13800000000\","}, []string{",=1+1,"}},
	} {
		var buf bytes.Buffer
		if err := WriteInnovators(&buf, []seedbed.Innovator{in}, WriteOptions{ExcelSafe: tc.safe}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, s := range tc.want {
			if !strings.Contains(out, s) {
				t.Errorf("ExcelSafe=%v: output lacks %q:\n%s", tc.safe, s, out)
			}
		}
		for _, s := range tc.not {
			if strings.Contains(out, s) {
				t.Errorf("ExcelSafe=%v: output has %q:\n%s", tc.safe, s, out)
			}
		}
	}
}

func TestWriteHeader(t *testing.T) {
	for _, tc := range []struct {
		opts   WriteOptions
		prefix string
	}{
		{WriteOptions{}, "\ufeff编号,名称,主体类型,统一社会信用代码,行业,从业人员,营业收入（万元）,企业规模,"},
		{WriteOptions{NoBOM: true, Lang: "en"}, "id,name,kind,credit_code,industry,employees,revenue,size_class,"},
		{WriteOptions{Encoding: "gb18030"}, "编号,名称,主体类型,"},
	} {
		var buf bytes.Buffer
		w := NewWriter(&buf, tc.opts)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if tc.opts.Encoding != "" {
			out, _ = simplifiedchinese.GB18030.NewDecoder().String(out)
		}
		if !strings.HasPrefix(out, tc.prefix) || strings.Count(out, "\n") != 1 {
			t.Errorf("%+v: header %q, want prefix %q and one line", tc.opts, out, tc.prefix)
		}
		if ins := mustRead(t, buf.Bytes(), ReadOptions{}); len(ins) != 0 {
			t.Errorf("empty export read as %d rows", len(ins))
		}
	}
}

func TestWriteRefuses(t *testing.T) {
	ok := seedbed.Innovator{Name: "甲", Kind: seedbed.KindTeam}
	bad := seedbed.Innovator{Name: "乙", Kind: seedbed.KindTeam, PathTags: []string{"a;b"}}
	var buf bytes.Buffer
	err := WriteInnovators(&buf, []seedbed.Innovator{ok, bad}, WriteOptions{})
	if seedbed.ErrorCode(err) != seedbed.EINVALID || buf.Len() != 0 {
		t.Errorf("separator in tag: err %v, %d bytes written", err, buf.Len())
	}
	w := NewWriter(&buf, WriteOptions{})
	if err := w.Write(&bad); err == nil {
		t.Error("Writer.Write accepted a tag with a separator")
	}
	if err := w.Write(&ok); err != nil {
		t.Errorf("Writer unusable after a refused row: %v", err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if ins := mustRead(t, buf.Bytes(), ReadOptions{}); len(ins) != 1 || ins[0].Name != "甲" {
		t.Errorf("read back %+v", ins)
	}

	w = NewWriter(io.Discard, WriteOptions{Encoding: "big5"})
	if err := w.Write(&ok); seedbed.ErrorCode(err) != seedbed.EINVALID {
		t.Errorf("unknown encoding: %v", err)
	}
	if err := w.Flush(); err == nil {
		t.Error("Flush after an unknown encoding succeeded")
	}
}

func BenchmarkWrite100k(b *testing.B) {
	ins := demo.Innovators(1, 100_000)
	for b.Loop() {
		if err := WriteInnovators(io.Discard, ins, WriteOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
