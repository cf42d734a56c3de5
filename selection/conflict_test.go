package selection

import (
	"slices"
	"strings"
	"testing"

	"seedbed"
)

func TestConflicts(t *testing.T) {
	app := AppInfo{ID: "A-1", ApplicantID: 10, ApplicantName: "杭州深度求索科技有限公司",
		CoApplicantIDs: []int64{11}, CoApplicantNames: []string{"浙江大学计算机学院"}, People: []string{"张 三", "Li Wei"}}
	cases := []struct {
		name  string
		r     ReviewerInfo
		codes []string
		text  string // part of the first reason's Chinese label
	}{
		{"unrelated", ReviewerInfo{ID: "r", OrgID: 99, DeclaredNames: []string{"张三丰", "浙大"}}, nil, ""},
		{"same organisation", ReviewerInfo{ID: "r", OrgID: 10}, []string{ConflictSameOrg}, "申请单位"},
		{"organisation is co-applicant", ReviewerInfo{ID: "r", OrgID: 11}, []string{ConflictSameOrg}, "合作单位"},
		{"past co-applicant", ReviewerInfo{ID: "r", OrgID: 99, Past: []PastApplication{{ID: "P-2019-3", Parties: []int64{99, 11}}}},
			[]string{ConflictPastCoApplicant}, "P-2019-3"},
		{"own organisation in past application is not a second reason", ReviewerInfo{ID: "r", OrgID: 10, Past: []PastApplication{{ID: "P-1", Parties: []int64{10}}}},
			[]string{ConflictSameOrg}, "申请单位"},
		{"declared innovator", ReviewerInfo{ID: "r", DeclaredIDs: []int64{11}}, []string{ConflictDeclaredRelation}, "主体编号 11"},
		{"declared person, spacing and case differ", ReviewerInfo{ID: "r", DeclaredNames: []string{"张三", "li  wei"}},
			[]string{ConflictDeclaredRelation, ConflictDeclaredRelation}, "张 三"},
		{"declared full-width name", ReviewerInfo{ID: "r", DeclaredNames: []string{"ＬＩ ＷＥＩ"}}, []string{ConflictDeclaredRelation}, "Li Wei"},
		{"declared organisation inside a longer name", ReviewerInfo{ID: "r", DeclaredNames: []string{"浙江大学"}}, []string{ConflictDeclaredRelation}, "浙江大学计算机学院"},
		{"recused", ReviewerInfo{ID: "r", Recused: []string{"A-1"}}, []string{ConflictDeclared}, "申报"},
		{"several", ReviewerInfo{ID: "r", OrgID: 10, DeclaredIDs: []int64{11}, Recused: []string{"A-1"}},
			[]string{ConflictDeclared, ConflictSameOrg, ConflictDeclaredRelation}, "申报"},
	}
	for _, c := range cases {
		rs := Conflicts(c.r, app)
		var codes []string
		for _, x := range rs {
			codes = append(codes, x.Code)
			if x.Label.Zh == "" || x.Label.En == "" {
				t.Errorf("%s: reason %s lacks a language", c.name, x.Code)
			}
		}
		if !slices.Equal(codes, c.codes) {
			t.Errorf("%s: codes %v, want %v", c.name, codes, c.codes)
			continue
		}
		if len(rs) > 0 && !strings.Contains(rs[0].Label.Zh, c.text) {
			t.Errorf("%s: reason %q does not mention %q", c.name, rs[0].Label.Zh, c.text)
		}
		// The fast check used by Assign must agree with the full list.
		if got := newReviewerIndex(c.r).check(newAppIndex(app), nil); got != (len(rs) > 0) {
			t.Errorf("%s: quick check says %v, reasons %v", c.name, got, codes)
		}
	}
}

func TestConflictsUnknownIDs(t *testing.T) {
	// An organisation id of 0 means "none" and must not match an application without an applicant id.
	r := ReviewerInfo{ID: "r", Past: []PastApplication{{ID: "P", Parties: []int64{0}}}}
	a := AppInfo{ID: "A", CoApplicantIDs: []int64{0}}
	if rs := Conflicts(r, a); len(rs) != 0 {
		t.Fatalf("unknown ids conflict: %v", rs)
	}
	// With no applicant id, a co-applicant that is the reviewer's organisation is named as such.
	rs := Conflicts(ReviewerInfo{ID: "r", OrgID: 5}, AppInfo{ID: "A", CoApplicantIDs: []int64{5}})
	if len(rs) != 1 || !strings.Contains(rs[0].Label.En, "co-applicant") {
		t.Fatalf("got %v", rs)
	}
}

func TestMayOpen(t *testing.T) {
	app := AppInfo{ID: "A", ApplicantID: 1}
	cases := []struct {
		name     string
		r        ReviewerInfo
		declared bool
		code     string
		text     string
	}{
		{"declared, no conflict", ReviewerInfo{ID: "r", OrgID: 2}, true, "", ""},
		{"not yet declared", ReviewerInfo{ID: "r", OrgID: 2}, false, seedbed.EFORBIDDEN, "请先声明"},
		{"conflicted although declared", ReviewerInfo{ID: "r", OrgID: 1}, true, seedbed.EFORBIDDEN, "申请单位"},
	}
	for _, c := range cases {
		err := MayOpen(c.r, app, c.declared)
		if c.code == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if seedbed.ErrorCode(err) != c.code || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s: got %v, want %s mentioning %q", c.name, err, c.code, c.text)
		}
	}
}

func TestNamesMatch(t *testing.T) {
	cases := []struct {
		declared, party string
		want            bool
	}{
		{"张三", "张三", true},
		{"张三", "张三丰", false},
		{"浙江大学", "浙江大学计算机学院", true},
		{"浙江大学计算机学院", "浙江大学", false},
		{"Deep Seek", "deepseek", true},
		{"欧阳·娜娜", "欧阳娜娜", true},
		{"", "张三", false},
	}
	for _, c := range cases {
		d, p := normaliseName(c.declared), normaliseName(c.party)
		if got := d != "" && namesMatch(d, p); got != c.want {
			t.Errorf("%q vs %q: %v, want %v", c.declared, c.party, got, c.want)
		}
	}
}
