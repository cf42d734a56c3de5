package selection

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"seedbed"
)

// Conflict-of-interest reason codes.
const (
	ConflictSameOrg          = "same_org"          // the reviewer belongs to the applicant or a co-applicant
	ConflictPastCoApplicant  = "past_coapplicant"  // a party applied together with the reviewer before
	ConflictDeclaredRelation = "declared_relation" // the reviewer declared a relation with a party
	ConflictDeclared         = "declared_conflict" // the reviewer declared a conflict with this application
)

// minContainedName is the shortest declared name (in characters) that also matches when it is
// only part of a party's name, so that "浙江大学" matches "浙江大学计算机学院" while a two-character
// personal name matches only itself.
const minContainedName = 4

// ReviewerInfo is what conflict checks and assignment need to know about one reviewer.
type ReviewerInfo struct {
	ID            string            `json:"id"`
	OrgID         int64             `json:"org_id"`         // innovator id of the reviewer's organisation; 0 for none
	Expertise     []string          `json:"expertise"`      // expertise tags, matched against an application's field and tags
	DeclaredIDs   []int64           `json:"declared_ids"`   // innovators the reviewer declared a relation with
	DeclaredNames []string          `json:"declared_names"` // people or organisations the reviewer declared, as free text
	Past          []PastApplication `json:"past"`           // earlier applications the reviewer took part in
	Recused       []string          `json:"recused"`        // applications the reviewer declared a conflict with
}

// PastApplication is an earlier application a reviewer took part in, with all its parties.
type PastApplication struct {
	ID      string  `json:"id"`
	Parties []int64 `json:"parties"` // innovator ids of the applicant and the co-applicants
}

// AppInfo is what conflict checks and assignment need to know about one application.
type AppInfo struct {
	ID               string   `json:"id"`
	ApplicantID      int64    `json:"applicant_id"`
	ApplicantName    string   `json:"applicant_name"`
	CoApplicantIDs   []int64  `json:"coapplicant_ids"`
	CoApplicantNames []string `json:"coapplicant_names"`
	People           []string `json:"people"` // names of the people named in the application
	Field            string   `json:"field"`
	Tags             []string `json:"tags"`
}

// Reason explains one conflict of interest, for the officer and the reviewer.
type Reason struct {
	Code  string        `json:"code"`
	Label seedbed.Label `json:"label"`
}

// Conflicts returns every reason the reviewer must not review the application, or nil.
func Conflicts(r ReviewerInfo, a AppInfo) []Reason {
	var out []Reason
	newReviewerIndex(r).check(newAppIndex(a), &out)
	return out
}

// MayOpen decides whether an application may be shown to a reviewer: there must be no conflict
// of interest, and the reviewer must first have declared that there is none. It returns nil, or
// an EFORBIDDEN error that gives the reasons.
func MayOpen(r ReviewerInfo, a AppInfo, declaredNoConflict bool) error {
	if rs := Conflicts(r, a); len(rs) > 0 {
		zh, en := make([]string, len(rs)), make([]string, len(rs))
		for i, x := range rs {
			zh[i], en[i] = x.Label.Zh, x.Label.En
		}
		return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "存在利益冲突，不能评审此申请：%[1]s", En: "conflict of interest, you may not review this application: %[2]s"}, strings.Join(zh, "；"), strings.Join(en, "; "))
	}
	if !declaredNoConflict {
		return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "请先声明与此申请不存在利益冲突", En: "please declare first that you have no conflict of interest with this application"})
	}
	return nil
}

// reviewerIndex holds a reviewer's conflict facts in sets, built once and checked against many
// applications.
type reviewerIndex struct {
	org      int64
	declared map[int64]bool
	past     map[int64]string // party → first past application it shared with the reviewer
	names    []string         // normalised declared names
	recused  map[string]bool
}

func newReviewerIndex(r ReviewerInfo) *reviewerIndex {
	ri := &reviewerIndex{org: r.OrgID, declared: map[int64]bool{}, past: map[int64]string{}, recused: map[string]bool{}}
	for _, id := range r.DeclaredIDs {
		ri.declared[id] = true
	}
	for _, p := range r.Past {
		for _, id := range p.Parties {
			if _, ok := ri.past[id]; !ok && id != 0 && id != r.OrgID {
				ri.past[id] = p.ID
			}
		}
	}
	for _, n := range r.DeclaredNames {
		if k := normaliseName(n); k != "" {
			ri.names = append(ri.names, k)
		}
	}
	for _, id := range r.Recused {
		ri.recused[id] = true
	}
	return ri
}

// appIndex holds an application's parties in the form the checks compare.
type appIndex struct {
	id           string
	hasApplicant bool     // parties[0] is the applicant
	parties      []int64  // applicant first, then co-applicants; 0 (unknown) left out
	names        []string // normalised names of the applicant, co-applicants and people
	shown        []string // the same names as written, for messages
}

func newAppIndex(a AppInfo) *appIndex {
	ai := &appIndex{id: a.ID}
	if a.ApplicantID != 0 {
		ai.hasApplicant = true
		ai.parties = append(ai.parties, a.ApplicantID)
	}
	for _, id := range a.CoApplicantIDs {
		if id != 0 {
			ai.parties = append(ai.parties, id)
		}
	}
	add := func(n string) {
		if k := normaliseName(n); k != "" {
			ai.names = append(ai.names, k)
			ai.shown = append(ai.shown, strings.TrimSpace(n))
		}
	}
	add(a.ApplicantName)
	for _, n := range a.CoApplicantNames {
		add(n)
	}
	for _, n := range a.People {
		add(n)
	}
	return ai
}

// check reports whether the reviewer is conflicted with the application. With out nil it stops
// at the first reason; otherwise it appends every reason to *out.
func (ri *reviewerIndex) check(ai *appIndex, out *[]Reason) bool {
	found := false
	add := func(code string, l seedbed.Label) bool {
		found = true
		if out == nil {
			return true
		}
		*out = append(*out, Reason{Code: code, Label: l})
		return false
	}
	if ri.recused[ai.id] && add(ConflictDeclared, seedbed.Label{
		Zh: "评审专家已申报与本申请存在利益冲突",
		En: "the reviewer declared a conflict of interest with this application"}) {
		return true
	}
	for i, p := range ai.parties {
		if ri.org != 0 && p == ri.org {
			l := seedbed.Label{
				Zh: fmt.Sprintf("评审专家所在单位（主体编号 %d）是本申请的申请单位", p),
				En: fmt.Sprintf("the reviewer's organisation (innovator %d) is the applicant", p)}
			if i > 0 || !ai.hasApplicant {
				l = seedbed.Label{
					Zh: fmt.Sprintf("评审专家所在单位（主体编号 %d）是本申请的合作单位", p),
					En: fmt.Sprintf("the reviewer's organisation (innovator %d) is a co-applicant", p)}
			}
			if add(ConflictSameOrg, l) {
				return true
			}
		}
		if past, ok := ri.past[p]; ok && add(ConflictPastCoApplicant, seedbed.Label{
			Zh: fmt.Sprintf("主体编号 %d 曾在申请 %s 中与评审专家共同申请", p, past),
			En: fmt.Sprintf("innovator %d applied together with the reviewer in application %s", p, past)}) {
			return true
		}
		if ri.declared[p] && add(ConflictDeclaredRelation, seedbed.Label{
			Zh: fmt.Sprintf("评审专家申报了与主体编号 %d 的关系", p),
			En: fmt.Sprintf("the reviewer declared a relation with innovator %d", p)}) {
			return true
		}
	}
	for _, d := range ri.names {
		for j, n := range ai.names {
			if namesMatch(d, n) && add(ConflictDeclaredRelation, seedbed.Label{
				Zh: fmt.Sprintf("评审专家申报了与「%s」的关系", ai.shown[j]),
				En: fmt.Sprintf("the reviewer declared a relation with %q", ai.shown[j])}) {
				return true
			}
		}
	}
	return found
}

// normaliseName folds the ways one name gets typed (full-width letters, case, spaces, the middle
// dot of transliterated names) into one key.
func normaliseName(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || r == '·' || r == '•' || r == '・' || unicode.IsControl(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// namesMatch reports whether a declared name d denotes the party name n: the same name, or a
// long enough declared name inside it.
func namesMatch(d, n string) bool {
	if d == n {
		return true
	}
	return utf8.RuneCountInString(d) >= minContainedName && strings.Contains(n, d)
}
