package seedbed

import (
	"strings"
	"unicode/utf8"
)

// creditCodeChars is the character set of the Unified Social Credit Code (GB 32100-2015):
// digits and upper-case letters without I, O, S, V and Z. A character's value is its index.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCodeWeights are the position weights of the first 17 characters (3^i mod 31).
var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ValidateCreditCode checks a Unified Social Credit Code (统一社会信用代码): 18 characters from
// the standard's set, with the check character GB 32100-2015 prescribes in the last place.
// The message says what is wrong, in Chinese and English.
func ValidateCreditCode(code string) error {
	if n := utf8.RuneCountInString(code); n != 18 {
		return Errorf(EINVALID, Label{Zh: "统一社会信用代码应为 18 位，实际 %d 位", En: "a credit code has 18 characters, got %d"}, n)
	}
	if len(code) != 18 {
		// 18 characters but more bytes: one of them is not ASCII (a full-width letter, say).
		for i, r := range []rune(code) {
			if r >= utf8.RuneSelf {
				return Errorf(EINVALID, Label{Zh: "第 %d 位字符“%c”不是半角字母或数字（请使用半角字符）", En: "character %d %q is not a half-width letter or digit"}, i+1, r)
			}
		}
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(creditCodeChars, code[i]) < 0 {
			return Errorf(EINVALID, Label{Zh: "第 %d 位字符 %q 不在代码字符集内（不使用 I、O、S、V、Z 和小写字母）", En: "character %d %q is not allowed (no I, O, S, V, Z or lower case)"}, i+1, code[i])
		}
	}
	want := CreditCodeCheck(code[:17])
	if code[17] != want {
		return Errorf(EINVALID, Label{Zh: "校验位错误：应为 %c，实际为 %c", En: "wrong check character: want %c, got %c"}, want, code[17])
	}
	return nil
}

// CreditCodeCheck computes the check character for the first 17 characters of a credit code.
// It panics if body is not 17 characters from the code's character set.
func CreditCodeCheck(body string) byte {
	if len(body) != 17 {
		panic("seedbed: credit code body must have 17 characters")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeChars, body[i])
		if v < 0 {
			panic("seedbed: credit code body has a character outside the code set")
		}
		sum += v * creditCodeWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return creditCodeChars[c]
}
