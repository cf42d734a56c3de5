package seedbed

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// EventIdentityReveal: an officer revealed the applicants' identities of a blind program to the
// panel, once the scores were final.
const EventIdentityReveal = "identity_reveal"

// Anonymise removes from an application what identifies who applied: the organisation, its
// registry id, the team, the people and the co-applicants, and the attachments (whose contents
// cannot be checked). The title, direction, use of funds, amount, field and tags — the
// anonymised part the call asks for — stay.
func (a *Application) Anonymise() {
	a.InnovatorID, a.InnovatorName, a.Team = 0, "", ""
	a.People, a.CoApplicantIDs, a.Attachments = []string{}, []int64{}, []Attachment{}
	a.CreatedBy = ""
}

// Anonymise removes the applicant's name from an assignment, for a reviewer of a blind program.
func (as *Assignment) Anonymise() {
	as.ApplicantName = ""
	as.Blind = true
}

// IdentityMention is a place where the anonymised part of an application names who applied.
type IdentityMention struct {
	Field string `json:"field"` // title, direction, unlocks or extra.<key>
	Found string `json:"found"` // the name or code found there
}

// legalForms are the endings of organisation names that applicants drop when they name
// themselves ("深度求索有限公司" is written "深度求索").
var legalForms = []string{"股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "研究院", "研究所"}

// IdentityMentions finds where the anonymised part of an application (title, direction, use of
// funds, answers to the program's questions) names the applicant organisation — in full or
// without its legal form, if that leaves four characters or more — its credit code, or a team
// member. Names compare after Unicode NFKC and case folding. It warns; it does not refuse.
func IdentityMentions(a *Application, orgName, creditCode string) []IdentityMention {
	var names []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) >= 2 {
			names = append(names, s)
		}
	}
	add(orgName)
	for _, f := range legalForms {
		if core, ok := strings.CutSuffix(orgName, f); ok && utf8.RuneCountInString(core) >= 4 {
			add(core)
			break
		}
	}
	add(creditCode)
	for _, p := range a.People {
		add(p)
	}
	fields := []struct{ name, text string }{{"title", a.Title}, {"direction", a.Direction}, {"unlocks", a.Unlocks}}
	keys := make([]string, 0, len(a.Extra))
	for k := range a.Extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fields = append(fields, struct{ name, text string }{"extra." + k, a.Extra[k]})
	}
	var out []IdentityMention
	for _, f := range fields {
		text := foldText(f.text)
		for _, n := range names {
			if strings.Contains(text, foldText(n)) {
				out = append(out, IdentityMention{Field: f.name, Found: n})
			}
		}
	}
	return out
}

func foldText(s string) string { return strings.ToLower(norm.NFKC.String(s)) }
