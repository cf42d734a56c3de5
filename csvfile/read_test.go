package csvfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"seedbed"
	"seedbed/demo"
)

// sample is a small file in Chinese, with a quoted multi-line description.
const sample = "名称,主体类型,统一社会信用代码,行业,从业人员,营业收入（万元）,创新类型,驱动类型,技术领域,技术路径标签,地区,成立年份,简介\n" +
	"杭州云途智能科技有限公司,企业,91330100799655058B,软件和信息技术服务业,\"1,200\",35000.5,草根型,市场需求驱动,人工智能,开源；非主流路线|端侧模型,杭州市西湖区,2019,\"做端侧模型，\n也做推理优化\"\n" +
	"开源大模型推理优化团队,草根团队,,,6,,grassroots,basic_research,ai,开源,杭州市余杭区,2024,\n"

// want is what sample holds.
func sampleWant() []seedbed.Innovator {
	emp, rev, six := int64(1200), 35000.5, int64(6)
	a := seedbed.Innovator{Name: "杭州云途智能科技有限公司", Kind: "enterprise", CreditCode: "91330100799655058B",
		Industry: "software", Employees: &emp, Revenue: &rev, InnovationType: "grassroots", Driver: "market_demand",
		Field: "ai", PathTags: []string{"开源", "非主流路线", "端侧模型"}, Region: "杭州市西湖区", FoundedYear: 2019,
		Description: "做端侧模型，\n也做推理优化"}
	b := seedbed.Innovator{Name: "开源大模型推理优化团队", Kind: "team", Employees: &six, InnovationType: "grassroots",
		Driver: "basic_research", Field: "ai", PathTags: []string{"开源"}, Region: "杭州市余杭区", FoundedYear: 2024}
	a.Normalize()
	b.Normalize()
	return []seedbed.Innovator{a, b}
}

// mustRead reads text and fails the test on error.
func mustRead(t *testing.T, data []byte, opts ReadOptions) []seedbed.Innovator {
	t.Helper()
	ins, err := ReadInnovators(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatalf("ReadInnovators: %v", describe(err))
	}
	return ins
}

// describe lists every error of a seedbed.Errors.
func describe(err error) string {
	var es seedbed.Errors
	if !errors.As(err, &es) {
		return err.Error()
	}
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "\n  %s [%s]", e.Error(), e.Code)
	}
	return b.String()
}

// userErrors returns the list in err, failing the test if err is not a seedbed.Errors.
func userErrors(t *testing.T, err error) seedbed.Errors {
	t.Helper()
	var es seedbed.Errors
	if !errors.As(err, &es) || len(es) == 0 {
		t.Fatalf("want seedbed.Errors, got %v", err)
	}
	return es
}

func TestReadEncodings(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(sample)
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().String(sample)
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(sample)
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(sample)
	tabbed := strings.ReplaceAll(strings.SplitN(sample, "\n", 2)[0], ",", "\t") + "\n" +
		"杭州云途智能科技有限公司\t企业\t91330100799655058B\t软件和信息技术服务业\t1200\t35000.5\t草根型\t市场需求驱动\t人工智能\t开源；非主流路线|端侧模型\t杭州市西湖区\t2019\t\"做端侧模型，\n也做推理优化\"\n" +
		"开源大模型推理优化团队\t草根团队\t\t\t6\t\tgrassroots\tbasic_research\tai\t开源\t杭州市余杭区\t2024\t\n"
	for _, tc := range []struct {
		name string
		data string
	}{
		{"utf-8", sample},
		{"utf-8 with BOM", "\ufeff" + sample},
		{"utf-8 CRLF", strings.ReplaceAll(sample, "\n", "\r\n")},
		{"gbk", gbk},
		{"gb18030", gb18030},
		{"utf-16le", utf16le},
		{"utf-16be", utf16be},
		{"tab-separated", tabbed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustRead(t, []byte(tc.data), ReadOptions{})
			if diff := diffInnovators(got, sampleWant()); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// TestReadLateNonASCII reads a GBK file whose first non-ASCII byte comes after the first 64 KB.
func TestReadLateNonASCII(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,kind\n")
	for i := 0; b.Len() < 100<<10; i++ {
		fmt.Fprintf(&b, "Person %d,individual\n", i)
	}
	b.WriteString("王小明,个人\n")
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(b.String())
	ins := mustRead(t, []byte(gbk), ReadOptions{})
	if last := ins[len(ins)-1]; last.Name != "王小明" || last.Kind != seedbed.KindIndividual {
		t.Errorf("last row read as %q %q", last.Name, last.Kind)
	}
}

func TestReadUnknownEncoding(t *testing.T) {
	big5, err := traditionalchinese.Big5.NewEncoder().String("名稱,類型,簡介\n杭州雲途智慧科技有限公司,企業,專注於端側模型與推理優化的研發\n寧波海峰資訊技術有限公司,企業,從事工業網際網路相關產品研發\n")
	if err != nil {
		t.Fatal(err)
	}
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(sample)
	for _, tc := range []struct {
		name string
		data string
		line int
	}{
		{"invalid in UTF-8 and GB18030", "name,kind\n张三,个人\n\xff\xfe\xfd,x\n", 1},
		{"big5", big5, 1},
		{"utf-16 without BOM", utf16, 1},
		{"bad byte on line 3", "name,kind\nab,individual\ncd\x81\x20,individual\n", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadInnovators(strings.NewReader(tc.data), ReadOptions{})
			es := userErrors(t, err)
			if es[0].Code != seedbed.EINVALID || !strings.Contains(es[0].Error(), "编码") || !strings.Contains(es[0].Error(), "encoding") {
				t.Errorf("got %v, want an encoding error in zh and en", describe(err))
			}
			if tc.name == "bad byte on line 3" && es[0].Line != tc.line {
				t.Errorf("line %d, want %d", es[0].Line, tc.line)
			}
		})
	}
}

// TestReadUndecodableLate reports bytes that are invalid UTF-8 after the detection window at
// their line and column.
func TestReadUndecodableLate(t *testing.T) {
	var b strings.Builder
	b.WriteString("名称,主体类型\n")
	for i := 0; b.Len() < 100<<10; i++ {
		fmt.Fprintf(&b, "张%d,个人\n", i)
	}
	b.WriteString("ok,个人\nbad\xff,个人\n")
	_, err := ReadInnovators(strings.NewReader(b.String()), ReadOptions{})
	es := userErrors(t, err)
	lines := strings.Count(b.String(), "\n")
	if len(es) != 1 || es[0].Line != lines || es[0].Column != 1 || es[0].Field != "名称" {
		t.Errorf("got %s, want one error at line %d column 1", describe(err), lines)
	}
}

// cellRef is where an error is expected.
type cellRef struct {
	line, column int
	field        string
}

func TestReadBadRows(t *testing.T) {
	const data = "名称,主体类型,统一社会信用代码,从业人员,营业收入（万元）,简介\n" + // 1
		"甲公司,企业,91330100799655058B,10,100,ok\n" + // 2
		"乙公司,外星人,,5,abc,\"多行\n" + // 3
		"简介\"\n" + // 4
		"丙公司,企业,91330100799655058B,-3,1,重复代码\n" + // 5
		"\n" + // 6
		",个人,,,,没有名称\n" + // 7
		"丁团队,团队,91330100799655058C,,,\n" + // 8
		"戊,企业,,1,1,x,多出一格\n" + // 9
		",,,,,\n" + // 10: blank row, skipped
		"己,Enterprise,914403001922038216,1.5,1e400,\n" + // 11
		"\"庚\n公司\",外星人,,,,\n" // 12-13: the kind cell is on line 13
	_, err := ReadInnovators(strings.NewReader(data), ReadOptions{})
	es := userErrors(t, err)
	want := []cellRef{
		{3, 2, "主体类型"},
		{3, 5, "营业收入（万元）"},
		{5, 3, "统一社会信用代码"},
		{5, 4, "从业人员"},
		{7, 1, "名称"},
		{8, 3, "统一社会信用代码"},
		{9, 3, "统一社会信用代码"},
		{9, 7, ""},
		{11, 4, "从业人员"},
		{11, 5, "营业收入（万元）"},
		{13, 2, "主体类型"},
	}
	if len(es) != len(want) {
		t.Fatalf("got %d errors, want %d:%s", len(es), len(want), describe(err))
	}
	for i, w := range want {
		e := es[i]
		if e.Line != w.line || e.Column != w.column || e.Field != w.field || e.Code != seedbed.EINVALID || !strings.Contains(e.Error(), "/ ") {
			t.Errorf("error %d = %q at %d:%d %q, want %d:%d %q", i, e.Error(), e.Line, e.Column, e.Field, w.line, w.column, w.field)
		}
	}
	if !strings.Contains(es[2].Error(), "第 2 行") || !strings.Contains(es[2].Error(), "line 2") {
		t.Errorf("duplicate should name line 2: %s", es[2].Error())
	}
}

func TestReadHeaders(t *testing.T) {
	for _, tc := range []struct {
		name    string
		header  string
		opts    ReadOptions
		wantErr []cellRef // nil: the file reads
	}{
		{"chinese", "名称,主体类型,统一社会信用代码", ReadOptions{}, nil},
		{"english", "name,kind,credit_code", ReadOptions{}, nil},
		{"english spaced and capitalised", " Name , KIND ,Credit Code", ReadOptions{}, nil},
		{"full-width", "ｎａｍｅ,Ｋｉｎｄ,ＣＲＥＤＩＴ＿ＣＯＤＥ", ReadOptions{}, nil},
		{"aliases and required marks", "企业名称*,类型*,信用代码", ReadOptions{}, nil},
		{"missing kind", "名称,统一社会信用代码", ReadOptions{}, []cellRef{{1, 0, "kind"}}},
		{"missing both", "统一社会信用代码,简介,地区", ReadOptions{}, []cellRef{{1, 0, "name"}, {1, 0, "kind"}}},
		{"unknown column", "名称,主体类型,统一社会信用代码,备注", ReadOptions{}, []cellRef{{1, 4, "备注"}, {1, 0, ""}}},
		{"unknown column ignored", "名称,主体类型,统一社会信用代码,备注", ReadOptions{IgnoreUnknown: true}, nil},
		{"revenue in yuan is not revenue", "名称,主体类型,统一社会信用代码,营业收入（元）", ReadOptions{IgnoreUnknown: false}, []cellRef{{1, 4, "营业收入（元）"}, {1, 0, ""}}},
		{"duplicate column", "名称,name,主体类型,统一社会信用代码", ReadOptions{}, []cellRef{{1, 2, "name"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			row := []string{"杭州甲科技有限公司", "企业", "91330100799655058B"}
			cells := strings.Count(tc.header, ",") + 1
			for len(row) < cells {
				row = append(row, "")
			}
			data := tc.header + "\n" + strings.Join(row[:cells], ",") + "\n"
			ins, err := ReadInnovators(strings.NewReader(data), tc.opts)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatal(describe(err))
				}
				if len(ins) != 1 || ins[0].Name != "杭州甲科技有限公司" || ins[0].Kind != "enterprise" || ins[0].CreditCode != "91330100799655058B" {
					t.Errorf("read %+v", ins)
				}
				return
			}
			es := userErrors(t, err)
			if len(es) != len(tc.wantErr) {
				t.Fatalf("got %d errors, want %d:%s", len(es), len(tc.wantErr), describe(err))
			}
			for i, w := range tc.wantErr {
				if es[i].Line != w.line || es[i].Column != w.column || es[i].Field != w.field {
					t.Errorf("error %d at %d:%d %q, want %d:%d %q: %s", i, es[i].Line, es[i].Column, es[i].Field, w.line, w.column, w.field, es[i].Error())
				}
			}
		})
	}
}

func TestReadCodedValues(t *testing.T) {
	for _, tc := range []struct {
		kind, field, driver, want string
	}{
		{"企业", "人工智能", "市场需求驱动", "enterprise/ai/market_demand"},
		{"enterprise", "ai", "market_demand", "enterprise/ai/market_demand"},
		{"ENTERPRISE", "AI", "Market-demand-driven", "enterprise/ai/market_demand"},
		{"公司", "芯片", "市场需求", "enterprise/semiconductor/market_demand"},
		{"Research institute", "Quantum information", "basic research", "institute/quantum/basic_research"},
		{"科研院所", "量子信息", "基础研究", "institute/quantum/basic_research"},
		{" 高校 ", " new_materials ", "basic_research", "university/new_materials/basic_research"},
	} {
		data := fmt.Sprintf("名称,主体类型,统一社会信用代码,技术领域,驱动类型\n某单位,%s,91330100799655058B,%s,%s\n", tc.kind, tc.field, tc.driver)
		ins := mustRead(t, []byte(data), ReadOptions{})
		if got := ins[0].Kind + "/" + ins[0].Field + "/" + ins[0].Driver; got != tc.want {
			t.Errorf("%s/%s/%s read as %s, want %s", tc.kind, tc.field, tc.driver, got, tc.want)
		}
	}
}

// TestReadCreditCodeVectors reads the shared credit-code vectors: valid codes read, invalid ones
// are reported at the credit-code cell.
func TestReadCreditCodeVectors(t *testing.T) {
	f, err := os.Open("../../shared/data/vectors/uscc.txt")
	if err != nil {
		t.Skip("no shared test vectors:", err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		kind, code, ok := strings.Cut(sc.Text(), " ")
		if !ok || (kind != "valid" && kind != "invalid") {
			continue
		}
		n++
		data := "名称,主体类型,统一社会信用代码\n某公司,企业," + code + "\n"
		ins, err := ReadInnovators(strings.NewReader(data), ReadOptions{})
		if kind == "valid" {
			if err != nil || ins[0].CreditCode != code {
				t.Errorf("%s: %v", code, describe(err))
			}
			continue
		}
		if err == nil {
			t.Errorf("%s read as valid", code)
			continue
		}
		if es := userErrors(t, err); es[0].Line != 2 || es[0].Column != 3 {
			t.Errorf("%s: error at %d:%d", code, es[0].Line, es[0].Column)
		}
	}
	if n == 0 {
		t.Error("no vectors read")
	}
}

func TestReadLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("名称,主体类型,从业人员\n")
	for i := range 50 {
		fmt.Fprintf(&b, "团队%d,团队,%s\n", i, map[bool]string{true: "-1", false: "3"}[i%2 == 0])
	}
	data := b.String()

	_, err := ReadInnovators(strings.NewReader(data), ReadOptions{MaxRows: 10})
	if es := userErrors(t, err); es[0].Code != seedbed.ETOOLARGE || es[0].Line != 12 {
		t.Errorf("MaxRows: got %s", describe(err))
	}

	_, err = ReadInnovators(strings.NewReader(data), ReadOptions{MaxErrors: 5})
	es := userErrors(t, err)
	if len(es) != 6 || !strings.Contains(es[5].Error(), "20 more") {
		t.Errorf("MaxErrors: got %s", describe(err))
	}
	_, err = ReadInnovators(strings.NewReader(data), ReadOptions{MaxErrors: -1})
	if es := userErrors(t, err); len(es) != 25 {
		t.Errorf("no cap: got %d errors, want 25", len(es))
	}
}

func TestReadProgress(t *testing.T) {
	var b bytes.Buffer
	if err := WriteInnovators(&b, demo.Innovators(1, 5000), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	size := int64(b.Len())
	var calls, lastRows int
	var lastBytes, lastTotal int64
	ins, err := ReadInnovators(bytes.NewReader(b.Bytes()), ReadOptions{Progress: func(rows int, read, total int64) {
		if rows < lastRows || read < lastBytes {
			t.Errorf("progress went backwards: %d/%d after %d/%d", rows, read, lastRows, lastBytes)
		}
		calls++
		lastRows, lastBytes, lastTotal = rows, read, total
	}})
	if err != nil {
		t.Fatal(describe(err))
	}
	if calls < 2 || lastRows != len(ins) || lastRows != 5000 || lastBytes != size || lastTotal != size {
		t.Errorf("progress: %d calls, last %d rows %d/%d bytes; want 5000 rows, %d bytes", calls, lastRows, lastBytes, lastTotal, size)
	}
}

func TestReadEmpty(t *testing.T) {
	_, err := ReadInnovators(strings.NewReader(""), ReadOptions{})
	if es := userErrors(t, err); !strings.Contains(es[0].Error(), "empty") {
		t.Errorf("empty file: %s", describe(err))
	}
	ins, err := ReadInnovators(strings.NewReader("\ufeff名称,主体类型\n\n"), ReadOptions{})
	if err != nil || ins == nil || len(ins) != 0 {
		t.Errorf("header only: %v, %v", ins, err)
	}
}

func TestReadMalformedCSV(t *testing.T) {
	data := "名称,主体类型\n甲\"乙,团队\n丙,团队\n丁,外星人\n"
	_, err := ReadInnovators(strings.NewReader(data), ReadOptions{})
	es := userErrors(t, err)
	if len(es) != 2 || es[0].Line != 2 || es[1].Line != 4 {
		t.Errorf("got %s, want a quote error on line 2 and a kind error on line 4", describe(err))
	}
}

func BenchmarkRead100k(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteInnovators(&buf, demo.Innovators(1, 100_000), WriteOptions{}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		ins, err := ReadInnovators(bytes.NewReader(data), ReadOptions{})
		if err != nil || len(ins) != 100_000 {
			b.Fatal(len(ins), err)
		}
	}
}
