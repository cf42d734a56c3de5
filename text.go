package seedbed

import "unicode/utf8"

// CheckText refuses text that no field of seedbed may hold: bytes that are not UTF-8, and control
// characters other than tab, line feed and carriage return (NUL among them, which PostgreSQL
// cannot store and which no person types). It returns an invalid-input error naming field, or
// nil (check the result against nil before storing it in an error interface). Every way in — forms, JSON, query strings, CSV cells — applies it before anything is
// stored, so that both database engines see the same text.
func CheckText(field, s string) *Error {
	if !utf8.ValidString(s) {
		return FieldError(field, Label{Zh: "含有无效的 UTF-8 字节，请以 UTF-8 编码提交", En: "contains bytes that are not valid UTF-8; send the text as UTF-8"})
	}
	n := 0
	for _, r := range s {
		n++
		if isForbiddenControl(r) {
			return FieldError(field, Label{Zh: "第 %d 个字符是控制字符 %U，不能保存", En: "character %d is the control character %U, which cannot be stored"}, n, r)
		}
	}
	return nil
}

// isForbiddenControl reports the C0 and C1 control characters and DEL, except tab, line feed
// and carriage return.
func isForbiddenControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	}
	return r < 0x20 || (r >= 0x7f && r <= 0x9f)
}
