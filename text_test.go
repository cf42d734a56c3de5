package seedbed

import "testing"

func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"杭州深度求索", true},
		{"第一行\n第二行\r\n\t缩进", true},
		{"", true},
		{"a\x00b", false},
		{"响铃\x07", false},
		{"删除\x7f", false},
		{"C1 \u0085", false},
		{"\xff\xfe", false},
	} {
		e := CheckText("name", c.in)
		if (e == nil) != c.ok {
			t.Errorf("CheckText(%q) = %v, want ok=%v", c.in, e, c.ok)
		}
		if e != nil && (e.Field != "name" || e.Code != EINVALID) {
			t.Errorf("CheckText(%q) = %+v, want an invalid-input error on name", c.in, e)
		}
	}
}
