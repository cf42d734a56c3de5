package seedbed

import (
	"slices"
	"strings"
)

// Two-person rules (双人复核): decisions that one account may not take alone. Each rule names a
// decision that a second account, with the right role, takes after a first one: the first and
// second are both ledgered, and the same account acting as both is refused (ECONFLICT).
const (
	// TwoPersonRelease: the money of a tranche is released by an account other than the one that
	// accepted its milestone evidence, so that accepting evidence and paying are two people's
	// word.
	TwoPersonRelease = "release"
)

// TwoPersonRuleNames lists every two-person rule; all are on unless switched off.
var TwoPersonRuleNames = []string{TwoPersonRelease}

// TwoPersonRules says which two-person rules are switched off; the zero value has every rule on.
type TwoPersonRules struct {
	Off []string
}

// On reports whether the rule applies.
func (r TwoPersonRules) On(rule string) bool { return !slices.Contains(r.Off, rule) }

// ParseTwoPersonOff reads a comma-separated list of rules to switch off, refusing unknown names.
func ParseTwoPersonOff(s string) (TwoPersonRules, error) {
	var r TwoPersonRules
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(TwoPersonRuleNames, f) {
			return r, FieldError("two_person_off", Label{Zh: "未知的双人复核规则 %q，应为 %s", En: "unknown two-person rule %q; use %s"},
				f, strings.Join(TwoPersonRuleNames, ", "))
		}
		r.Off = append(r.Off, f)
	}
	return r, nil
}

// SecondPerson refuses a second decision by the account that took the first (first names it;
// ECONFLICT) or by one whose role may not take it (EFORBIDDEN).
func SecondPerson(a Actor, first string, perm Permission) error {
	if !RoleCan(a.Role, perm) {
		return Errorf(EFORBIDDEN, Label{Zh: "您的角色不能作出这一复核决定", En: "your role cannot take this second decision"})
	}
	if first != "" && a.Username == first {
		return Errorf(ECONFLICT, Label{Zh: "双人复核：%s 已作出前一决定，须由另一人复核", En: "two-person rule: %s took the first decision; another person must take the second"}, first)
	}
	return nil
}
