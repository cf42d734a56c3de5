package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/policies"
)

// seedConsultationsDemo puts two draft policies out for comment (征求意见): joint
// proof-of-concept support for institutes and firms, consulted on in the autumn, its comments
// answered and the policy published to take effect next year; and SME support tiered by R&D
// intensity, open for comment now, with comments answered and one waiting.
func seedConsultationsDemo(ctx context.Context, ap *app.App, spec demoSpec, out io.Writer) error {
	officer, err := demoActor(ctx, ap, "officer")
	if err != nil {
		return err
	}
	second, err := demoActor(ctx, ap, "officer2")
	if err != nil {
		return err
	}
	store := ap.Store()
	t0 := spec.clock()
	now := t0.AddDate(0, 0, -60)
	saved := store.Now
	store.Now = func() time.Time { return now }
	defer func() { store.Now = saved }()
	ks := ap.Consultations

	// The concluded one.
	poc, err := demoDraft(ctx, ap, officer, "institute-poc.yaml", "institute-firm-poc",
		seedbed.Label{Zh: "院所与企业联合概念验证资助", En: "Joint proof-of-concept support for institutes and firms"},
		"科研院所、高校与企业联合开展概念验证的，按阶段给予资助；企业参与验证方案设计和样机测试。",
		"Staged support for proof-of-concept work that institutes or universities do jointly with firms, the firm taking part in the design of the test and the prototype trial.")
	if err != nil {
		return err
	}
	k, err := ks.OpenConsultation(ctx, officer, poc.PolicyID, poc.Version, seedbed.NoticePeriod{
		Note: "拟于明年起施行。欢迎高校、科研院所、企业和个人提出意见。"})
	if err != nil {
		return err
	}
	comments := []struct{ text, contact, answer string }{
		{"联合申报时，企业出资比例是否有下限？建议不设硬性比例，由双方约定。", "", "采纳。正式稿不设出资比例下限，由合作双方在协议中约定。"},
		{"建议允许已退休的科研人员作为项目负责人。", "poc-feedback@example.cn", "部分采纳。退休人员可作为团队成员参与，负责人仍须为在职人员，以便承担管理责任。"},
		{"概念验证失败的项目，能否不影响单位下一年度的申报？", "", "采纳。正式稿写明：按计划完成验证但结论为否定的，视为诚实失败，不影响再次申报。"},
	}
	var ids []int64
	for i, c := range comments {
		now = now.Add(time.Duration(20+i*7) * time.Hour)
		x, err := ks.Comment(ctx, fmt.Sprintf("198.51.100.%d", 20+i), k.ID, seedbed.CommentInput{Text: c.text, Contact: c.contact})
		if err != nil {
			return err
		}
		ids = append(ids, x.ID)
	}
	now = dayAfterCST(k.EndOn)
	for i, c := range comments {
		now = now.Add(time.Hour)
		if _, err := ks.AnswerComment(ctx, officer, k.ID, ids[i], c.answer); err != nil {
			return err
		}
	}
	now = now.Add(24 * time.Hour)
	_, err = ap.Policies.Publish(ctx, officer, poc.PolicyID, poc.Version)
	if err := demoApprove(ctx, ap.Approvals, err, second, "已核对征求意见的采纳情况"); err != nil {
		return err
	}
	now = now.Add(time.Hour)
	if _, err := ks.ConcludeConsultation(ctx, officer, k.ID, poc.Version, "共收到意见 3 条，采纳 2 条、部分采纳 1 条，均已答复；修改后的政策已发布，自明年起施行。"); err != nil {
		return err
	}

	// The one open now.
	now = t0.AddDate(0, 0, -3).Add(2 * time.Hour)
	sme, err := demoDraft(ctx, ap, officer, "sme-market-rnd.yaml", "sme-rnd-intensity",
		seedbed.Label{Zh: "中小企业研发投入强度分档补助", En: "SME R&D support tiered by R&D intensity"},
		"对中小企业按研发投入强度分档给予研发后补助，并对研发贷款和知识产权质押贷款给予贴息。",
		"Post-hoc R&D support for SMEs tiered by R&D intensity, with an interest subsidy on R&D loans and loans secured on intellectual property.")
	if err != nil {
		return err
	}
	k, err = ks.OpenConsultation(ctx, officer, sme.PolicyID, sme.Version, seedbed.NoticePeriod{
		Note: "征求意见期内，任何单位和个人均可提出意见，可以不留联系方式。"})
	if err != nil {
		return err
	}
	open := []struct{ text, answer string }{
		{"分档标准建议参考同行业平均研发投入强度，而不是统一比例。", "感谢意见。正式稿将按国民经济行业大类分别设定分档标准，并公布测算依据。"},
		{"建议贴息范围包括知识产权质押贷款。", "采纳。贴息范围将包括知识产权质押贷款。"},
		{"初创企业没有上年营业收入，建议另设补助方式。", ""},
	}
	for i, c := range open {
		now = now.Add(time.Duration(5+i*9) * time.Hour)
		x, err := ks.Comment(ctx, fmt.Sprintf("203.0.113.%d", 50+i), k.ID, seedbed.CommentInput{Text: c.text})
		if err != nil {
			return err
		}
		if c.answer == "" {
			continue
		}
		now = now.Add(4 * time.Hour)
		if _, err := ks.AnswerComment(ctx, officer, k.ID, x.ID, c.answer); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "demo: 2 drafts put out for comment, one concluded and published, one open now")
	return nil
}

// demoDraft uploads a draft of a new policy made from a starter policy: its id, title and
// summary replaced, taking effect next year.
func demoDraft(ctx context.Context, ap *app.App, a seedbed.Actor, file, id string, title seedbed.Label, zh, en string) (*demoVersion, error) {
	src, err := policies.FS.ReadFile(file)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(src), "\n")
	next := ap.Store().Now().In(time.FixedZone("CST", 8*3600)).Year() + 1
	block := ""
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "id: "):
			lines[i] = "id: " + id
		case l == "title:" || l == "summary:":
			block = l
		case block == "title:" && strings.HasPrefix(l, "  zh:"):
			lines[i] = "  zh: " + strconv.Quote(title.Zh)
		case block == "title:" && strings.HasPrefix(l, "  en:"):
			lines[i], block = "  en: "+strconv.Quote(title.En), ""
		case strings.HasPrefix(l, "effective_from:"):
			lines[i] = fmt.Sprintf("effective_from: %d-01-01", next)
		case strings.HasPrefix(strings.TrimSpace(l), "as_of: 20"):
			// the test cases move into the new version's years; none depends on an age
			at := strings.Index(l, "as_of: 20") + len("as_of: ")
			lines[i] = l[:at] + strconv.Itoa(next) + l[at+4:]
		case block == "summary:" && strings.HasPrefix(l, "  zh:"):
			lines[i] = "  zh: " + strconv.Quote(zh)
		case block == "summary:" && strings.HasPrefix(l, "  en:"):
			lines[i], block = "  en: "+strconv.Quote(en), ""
		}
	}
	pv, err := ap.Policies.Upload(ctx, a, id+".yaml", []byte(strings.Join(lines, "\n")))
	if err != nil {
		return nil, fmt.Errorf("draft of %s: %w", file, err)
	}
	return &demoVersion{PolicyID: pv.PolicyID, Version: pv.Version}, nil
}

type demoVersion struct {
	PolicyID string
	Version  int
}
