package demo

import (
	"strings"

	"seedbed"
)

// usccChars is the character set of the Unified Social Credit Code (GB 32100-2015).
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// orgWeights are the GB 11714 position weights of an organisation code's first eight characters.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// Registration authority and organisation type, the first two characters of a credit code.
const (
	regEnterprise  = "91" // 市场监管部门登记的企业
	regPublicInst  = "12" // 机构编制部门登记的事业单位
	regPrivateNonp = "52" // 民政部门登记的民办非企业单位（社会服务机构）
)

// Organisation-code styles: older codes are eight digits; codes issued with the credit-code
// reform start with MA (enterprises) or MJ (social organisations).
const (
	orgDigits = iota
	orgMA
	orgMJ
)

// orgCodeCheck returns the GB 11714 check character of an 8-character organisation code body:
// 11 - (sum of value × weight mod 11), where digits are worth 0-9 and letters A-Z 10-35, 10 is
// written X and 11 is written 0. ok is false when body is not 8 digits or capital letters.
func orgCodeCheck(body string) (check byte, ok bool) {
	if len(body) != 8 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		var v int
		switch c := body[i]; {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0, false
		}
		sum += v * orgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', true
	case 11:
		return '0', true
	default:
		return byte('0' + c), true
	}
}

// validOrgCode reports whether code is a 9-character organisation code whose last character is
// its GB 11714 check character.
func validOrgCode(code string) bool {
	if len(code) != 9 {
		return false
	}
	c, ok := orgCodeCheck(code[:8])
	return ok && c == code[8]
}

// creditCode assembles a credit code from the registration prefix, the 6-digit division code
// and an 8-character organisation code body, adding both check characters. The organisation
// code's check may be X, which the credit-code character set allows.
func creditCode(prefix, division, orgBody string) string {
	c, ok := orgCodeCheck(orgBody)
	if !ok || len(prefix) != 2 || len(division) != 6 {
		panic("demo: malformed credit code parts " + prefix + division + orgBody)
	}
	body := prefix + division + orgBody + string(c)
	return body + string(seedbed.CreditCodeCheck(body))
}

// newCreditCode returns a credit code not yet handed out.
func (g *gen) newCreditCode(prefix, division string, style int) string {
	for {
		var b strings.Builder
		switch style {
		case orgMA:
			b.WriteString("MA")
		case orgMJ:
			b.WriteString("MJ")
		default:
			b.WriteByte(byte('1' + g.r.IntN(9))) // old codes rarely start with 0
		}
		for b.Len() < 8 {
			if style == orgDigits {
				b.WriteByte(byte('0' + g.r.IntN(10)))
			} else {
				b.WriteByte(usccChars[g.r.IntN(len(usccChars))])
			}
		}
		code := creditCode(prefix, division, b.String())
		if !g.codes[code] {
			g.codes[code] = true
			return code
		}
	}
}
