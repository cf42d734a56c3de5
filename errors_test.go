package seedbed

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorInEachLanguage(t *testing.T) {
	state := Label{Zh: "草稿", En: "draft"}
	e := FieldError("state", Label{Zh: "项目处于%s状态，不能提交（第 %d 次）", En: "the program is a %s; it cannot take applications (try %d)"}, state, 2)
	cases := []struct{ lang, want string }{
		{"zh", "项目处于草稿状态，不能提交（第 2 次）"},
		{"en", "the program is a draft; it cannot take applications (try 2)"},
	}
	for _, c := range cases {
		if got := e.In(c.lang); got != c.want {
			t.Errorf("In(%s) = %q, want %q", c.lang, got, c.want)
		}
	}
	if got, want := e.Error(), "state: 项目处于草稿状态，不能提交（第 2 次） / the program is a draft; it cannot take applications (try 2)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	wrapped := fmt.Errorf("saving: %w", e)
	if ErrorIn(wrapped, "en") != e.In("en") || ErrorCode(wrapped) != EINVALID {
		t.Errorf("ErrorIn does not unwrap: %q", ErrorIn(wrapped, "en"))
	}
	if ErrorIn(errors.New("disk full"), "en") != "internal error" || ErrorIn(errors.New("disk full"), "zh") != "内部错误" {
		t.Error("an internal error's detail is shown")
	}
}

func TestErrorQuotesAnotherInTheSameLanguage(t *testing.T) {
	inner := Errorf(ENOTFOUND, Label{Zh: "没有这个项目", En: "no such program"})
	outer := FieldError("program_id", "%s", inner)
	if outer.In("zh") != "没有这个项目" || outer.In("en") != "no such program" {
		t.Errorf("quoted error: zh %q, en %q", outer.In("zh"), outer.In("en"))
	}
	plain := Errorf(EINTERNAL, "row %d missing", 3)
	if plain.In("zh") != "row 3 missing" || plain.Error() != "row 3 missing" {
		t.Errorf("plain message: %q / %q", plain.In("zh"), plain.Error())
	}
	es := Errors{inner, outer}
	if es.In("en") != "no such program (and 1 more)" || es.In("zh") != "没有这个项目（另有 1 处）" {
		t.Errorf("Errors.In: %q, %q", es.In("en"), es.In("zh"))
	}
}

func TestErrorQuotesAWrappedError(t *testing.T) {
	inner := FieldError("period", Label{Zh: "期间格式错误", En: "malformed period"})
	outer := FieldError("value", Same("%v"), fmt.Errorf("row 3: %w", inner))
	if outer.In("zh") != "期间格式错误" || outer.In("en") != "malformed period" {
		t.Errorf("wrapped error quoted as %q / %q", outer.In("zh"), outer.In("en"))
	}
}

func TestErrorInALanguageThatTakesNoArguments(t *testing.T) {
	e := Errorf(ECONFLICT, Label{Zh: "申请已被修改（版本 %d，您编辑的是版本 %d），请刷新后重试", En: "changed since you opened it; reload and try again"}, 3, 2)
	if got := e.In("en"); got != "changed since you opened it; reload and try again" {
		t.Errorf("In(en) = %q", got)
	}
	if got := e.In("zh"); got != "申请已被修改（版本 3，您编辑的是版本 2），请刷新后重试" {
		t.Errorf("In(zh) = %q", got)
	}
}

func TestErrorInALanguageThatTakesFewerArguments(t *testing.T) {
	e := FieldError("kind", Label{Zh: "未知的类型 %q，应为 %s", En: "unknown kind %q"}, "x", "a, b")
	if got := e.In("en"); got != `unknown kind "x"` {
		t.Errorf("In(en) = %q", got)
	}
}
