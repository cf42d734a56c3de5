package csvfile

import (
	"strings"
	"testing"
)

// TestReadRaggedAndControl refuses a row that leaves out columns and cells holding control
// characters, each at its line and column, and keeps tabs and line breaks inside quoted text.
func TestReadRaggedAndControl(t *testing.T) {
	const data = "名称,主体类型,从业人员,简介\n" + // 1
		"甲公司,团队,10,ok\n" + // 2
		"乙公司,团队\n" + // 3: two of four columns
		"丙\x00公司,团队,5,x\n" + // 4: NUL in the name
		"丁公司,团队,5,\"换行\n与\t制表符可以\"\n" + // 5-6: kept
		"戊公司,团队,5,响铃\x07\n" // 7: BEL in the description
	_, err := ReadInnovators(strings.NewReader(data), ReadOptions{})
	es := userErrors(t, err)
	want := []cellRef{
		{3, 2, ""},
		{4, 1, "名称"},
		{7, 4, "简介"},
	}
	if len(es) != len(want) {
		t.Fatalf("got %d errors, want %d:%s", len(es), len(want), describe(err))
	}
	for i, w := range want {
		if e := es[i]; e.Line != w.line || e.Column != w.column || e.Field != w.field {
			t.Errorf("error %d = %q at %d:%d %q, want %d:%d %q", i, e.Error(), e.Line, e.Column, e.Field, w.line, w.column, w.field)
		}
	}
	if !strings.Contains(es[0].Error(), "4") || !strings.Contains(es[1].Error(), "U+0000") {
		t.Errorf("messages do not say what is wrong: %q, %q", es[0].Error(), es[1].Error())
	}
}
