package selection

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"seedbed"
)

// Assignment problem codes.
const (
	ProblemTooFewReviewers   = "too_few_reviewers" // fewer than k reviewers without a conflict
	ProblemDuplicateApp      = "duplicate_app"
	ProblemDuplicateReviewer = "duplicate_reviewer"
	ProblemBadInput          = "bad_input" // k below 1, or an empty id
)

// Pair is one reviewer assigned to one application.
type Pair struct {
	AppID      string `json:"app_id"`
	ReviewerID string `json:"reviewer_id"`
	Expertise  int    `json:"expertise"` // how many of the application's field and tags the reviewer's expertise covers
}

// Assignment is the result of Assign: who reviews what, and how many each reviewer got.
type Assignment struct {
	Pairs []Pair         `json:"pairs"` // in the order of the applications given, then of the reviewers given
	Load  map[string]int `json:"load"`  // reviewer id → applications assigned, for every reviewer
}

// Reviewers returns the reviewers assigned to an application, in the order of Pairs.
func (as Assignment) Reviewers(appID string) []string {
	var out []string
	for _, p := range as.Pairs {
		if p.AppID == appID {
			out = append(out, p.ReviewerID)
		}
	}
	return out
}

// Problem is something Assign could not do, for the officer to resolve.
type Problem struct {
	AppID      string        `json:"app_id,omitempty"`
	ReviewerID string        `json:"reviewer_id,omitempty"`
	Code       string        `json:"code"`
	Label      seedbed.Label `json:"label"`
}

// Assign gives each application k distinct reviewers, none of them conflicted (see Conflicts).
// It balances the load first: the assignment minimises the largest load, and among those it
// leaves no reviewer two or more applications above another who could take one over, so loads
// differ by at most one whenever the conflicts allow it. Within that balance it prefers reviewers
// whose expertise tags match the application's field and tags. The result depends only on the
// inputs and the seed, which breaks ties. An application with fewer than k unconflicted
// reviewers gets none at all and is reported as a problem, as are duplicate ids and k < 1.
func Assign(apps []AppInfo, reviewers []ReviewerInfo, k int, seed uint64) (Assignment, []Problem) {
	return AssignWeighted(apps, reviewers, k, seed, 0)
}

// AssignWeighted is Assign with expertise weighed against load. At weight 0 it is Assign: load
// balanced first. A weight w in (0, 1) lets a reviewer take up to w/(1−w) times the balanced load
// more than the balance, where that gives applications reviewers with matching expertise, and
// the final pass hands an application to a better-matched reviewer with room left; at weight 1
// expertise comes first and load only breaks ties. Conflicts are avoided at every weight.
func AssignWeighted(apps []AppInfo, reviewers []ReviewerInfo, k int, seed uint64, weight float64) (Assignment, []Problem) {
	var problems []Problem
	out := Assignment{Load: map[string]int{}}
	if k < 1 {
		return out, []Problem{{Code: ProblemBadInput, Label: seedbed.Label{
			Zh: fmt.Sprintf("每份申请的评审人数应至少为 1，实际为 %d", k),
			En: fmt.Sprintf("each application needs at least 1 reviewer, k is %d", k)}}}
	}
	var revs []ReviewerInfo
	seenRev := map[string]bool{}
	for _, r := range reviewers {
		switch {
		case r.ID == "":
			problems = append(problems, Problem{Code: ProblemBadInput, Label: seedbed.Label{
				Zh: "有评审专家缺少编号，已跳过", En: "a reviewer has no id and was left out"}})
		case seenRev[r.ID]:
			problems = append(problems, Problem{ReviewerID: r.ID, Code: ProblemDuplicateReviewer, Label: seedbed.Label{
				Zh: fmt.Sprintf("评审专家 %s 重复出现，只保留第一次", r.ID),
				En: fmt.Sprintf("reviewer %s appears twice; only the first is used", r.ID)}})
		default:
			seenRev[r.ID] = true
			revs = append(revs, r)
			out.Load[r.ID] = 0
		}
	}
	st := newAssignState(len(revs), k, seed)
	idx := make([]*reviewerIndex, len(revs))
	tags := newTagIndex()
	for i, r := range revs {
		idx[i] = newReviewerIndex(r)
		tags.addReviewer(i, len(revs), r.Expertise)
	}
	var kept []AppInfo
	seenApp := map[string]bool{}
	for _, a := range apps {
		switch {
		case a.ID == "":
			problems = append(problems, Problem{Code: ProblemBadInput, Label: seedbed.Label{
				Zh: "有申请缺少编号，已跳过", En: "an application has no id and was left out"}})
			continue
		case seenApp[a.ID]:
			problems = append(problems, Problem{AppID: a.ID, Code: ProblemDuplicateApp, Label: seedbed.Label{
				Zh: fmt.Sprintf("申请 %s 重复出现，只保留第一次", a.ID),
				En: fmt.Sprintf("application %s appears twice; only the first is used", a.ID)}})
			continue
		}
		seenApp[a.ID] = true
		ai := newAppIndex(a)
		appTags := tags.appTags(a)
		cells := make([]int8, len(revs))
		eligible := 0
		for r := range revs {
			if idx[r].check(ai, nil) {
				cells[r] = -1
				continue
			}
			cells[r] = tags.match(appTags, r)
			eligible++
		}
		if eligible < k {
			problems = append(problems, Problem{AppID: a.ID, Code: ProblemTooFewReviewers, Label: seedbed.Label{
				Zh: fmt.Sprintf("申请 %s 只有 %d 位无利益冲突的评审专家，需要 %d 位；未分配，请增加评审专家", a.ID, eligible, k),
				En: fmt.Sprintf("application %s has only %d reviewers without a conflict of interest and needs %d; none assigned, please add reviewers", a.ID, eligible, k)}})
			continue
		}
		st.addApp(cells)
		kept = append(kept, a)
	}
	st.slack = expertiseSlack(weight, len(kept), k, len(revs))
	st.greedy()
	if st.slack == 0 {
		st.balance()
	}
	st.improveExpertise()
	for a, app := range kept {
		rs := slices.Clone(st.assigned[a])
		slices.Sort(rs)
		for _, r := range rs {
			out.Pairs = append(out.Pairs, Pair{AppID: app.ID, ReviewerID: revs[r].ID, Expertise: int(st.cell(a, int(r)))})
			out.Load[revs[r].ID]++
		}
	}
	return out, problems
}

// expertiseSlack turns an expertise weight into the load a reviewer may take above the balanced
// one: none at 0, w/(1−w) times the balanced load in between, without limit at 1.
func expertiseSlack(w float64, apps, k, reviewers int) int {
	if !(w > 0) || reviewers == 0 {
		return 0
	}
	if w >= 1 {
		return apps * k
	}
	balanced := (apps*k + reviewers - 1) / reviewers
	return int(math.Ceil(float64(balanced) * w / (1 - w)))
}

// tagIndex numbers expertise tags and records which reviewer holds which.
type tagIndex struct {
	ids map[string]int
	has [][]bool // tag → reviewer → holds it
}

func newTagIndex() *tagIndex { return &tagIndex{ids: map[string]int{}} }

func normaliseTag(t string) string { return strings.ToLower(strings.TrimSpace(norm.NFKC.String(t))) }

func (ti *tagIndex) addReviewer(r, n int, tags []string) {
	for _, t := range tags {
		t = normaliseTag(t)
		if t == "" {
			continue
		}
		id, ok := ti.ids[t]
		if !ok {
			id = len(ti.has)
			ti.ids[t] = id
			ti.has = append(ti.has, make([]bool, n))
		}
		ti.has[id][r] = true
	}
}

// appTags returns the distinct known tag numbers of an application's field and tags; tags no
// reviewer holds cannot match and are left out.
func (ti *tagIndex) appTags(a AppInfo) []int {
	var out []int
	for _, t := range append([]string{a.Field}, a.Tags...) {
		if id, ok := ti.ids[normaliseTag(t)]; ok && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func (ti *tagIndex) match(appTags []int, r int) int8 {
	n := 0
	for _, t := range appTags {
		if ti.has[t][r] && n < 127 {
			n++
		}
	}
	return int8(n)
}
