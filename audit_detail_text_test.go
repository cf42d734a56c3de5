package seedbed

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestReadDetail(t *testing.T) {
	cases := []struct{ action, detail, zh, en string }{
		{"review.assign", "36 pairs, 0 problems", "分配 36 对，问题 0 个", "36 pairs assigned, 0 problems"},
		{"tranche.release", "award 12, tranche 2, 300000 yuan", "资助 12，第 2 期，300000 元", ""},
		{"award.closeout", "exceeded, 3 outcomes", "结题评价：超出预期，成果 3 项", ""},
		{"program.select", "lottery: 12 decisions, spent 100 of 200", "", ""},
		{"user.role", "officer → auditor", "", ""},
		{"user.create", "u-li (reviewer)", "u-li（评审专家）", ""},
		{"denied", "program.manage", "缺少权限：管理计划", "lacking the right to manage programs"},
		{"denied", "registry.read innovator 7", "", ""},
		{"denied", "tranche 3 of innovator 9", "拨付批次 3（属创新主体 9）", ""},
		{"personal.read", "objectors' contacts", "异议人的联系方式", ""},
		{"innovator.update", "name,credit_code,size_class", "名称、统一社会信用代码、企业规模", "name, credit code, size"},
		{"risk_filing.file", "application:98", "申请 98", "application 98"},
		{"reviewer.profile", `{"declared_ids":[3],"declared_names":[],"expertise":["ai","大模型"],"org_id":4}`, "专长：人工智能、大模型；任职单位：创新主体 4；声明回避：主体 1 个，人员或单位 0 项", ""},
		{"login", "recovery code", "以恢复码登录", ""},
		{"approval.propose", "policy overlap-seed@1", "", ""},
		{"consultation.open", "grassroots-seed v2: 2026-01-01 – 2026-01-20", "grassroots-seed 第 2 版：2026-01-01 至 2026-01-20", ""},
	}
	for _, c := range cases {
		got, ok := AuditDetail(c.action, c.detail)
		if !ok || got.Zh == c.detail || (c.zh != "" && got.Zh != c.zh) || (c.en != "" && got.En != c.en) {
			t.Errorf("%s %q: %q %v", c.action, c.detail, got, ok)
		}
	}
	for _, c := range []struct{ action, detail string }{
		{"review.assign", "36 pairs"},
		{"award.closeout", "splendid, 3 outcomes"},
		{"denied", "application 5: the call is closed"},
		{"program.create", "2019 年小微创新种子计划"},
		{"innovator.update", "name,secret_field"},
	} {
		if got, ok := AuditDetail(c.action, c.detail); ok || got.Zh != c.detail || got.En != c.detail {
			t.Errorf("%s %q should stay as recorded: %q", c.action, c.detail, got)
		}
	}
}

// TestEveryAuditDetailFormIsRead fails when a use case writes an audit detail of a new form
// (fmt.Sprintf) for an action detailForms does not read.
func TestEveryAuditDetailFormIsRead(t *testing.T) {
	call := regexp.MustCompile(`Audit\(ctx, [^,]+, ("[a-z_.]+"|[a-zA-Z.+"_]+), "[a-z_]*", [^,]+,\s*fmt\.Sprintf\("([^"]+)"`)
	files, _ := filepath.Glob("app/*.go")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			n++
			action := strings.Trim(m[1], `"`)
			if !strings.HasPrefix(m[1], `"`) {
				continue // an action chosen at run time
			}
			read := false
			for a := range detailForms {
				read = read || a == action || strings.HasSuffix(a, ".") && strings.HasPrefix(action, a)
			}
			if !read {
				t.Errorf("%s: action %s writes the detail %q, which no form of detailForms reads", f, action, m[2])
			}
		}
	}
	if n < 20 {
		t.Fatalf("found only %d audit details written with fmt.Sprintf", n)
	}
}
