package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"seedbed/app"
)

// grassrootsSeedV3 is the demo's reform of the flagship policy: from a day after the demo's
// today, medium-sized firms may apply, firms must be at most 5 years old (7 before), and teams
// and individuals get 35 (30 before). FROM stands for its first day.
const grassrootsSeedV3 = `# 草根团队与小微企业种子资助（第 3 版，改革方案）
# 与第 2 版相比：中型企业也可申请；企业年限收紧到 5 年；团队和个人的资助提高到 35 万元。
id: grassroots-seed
version: 3
title:
  zh: 草根团队与中小企业种子资助
  en: Seed grants for grassroots teams and small and medium firms
summary:
  zh: 面向草根团队、个人和成立不久的中小企业，轻申请、小额度、合格者中抽签确定资助对象，不预设技术路线；第 3 版起中型企业也可申请，企业年限收紧到 5 年，团队和个人资助提高。
  en: Small grants for grassroots teams, individuals and young small and medium firms, with a light application and a partial lottery; from version 3 medium firms may apply, firms must be at most 5 years old, and teams and individuals get more.
issuer:
  zh: 市科学技术局
  en: Municipal Science and Technology Bureau
effective_from: FROM
segment: grassroots_sme
selection: lottery
application: light
horizon_months: 12
notes:
  zh: 以往项目诚实失败的，不影响本次申请。
  en: An earlier project that failed honestly does not count against an application.

conditions:
  - id: subject
    text:
      zh: 申请主体为草根团队、个人，或中型、小型、微型企业
      en: the applicant is a grassroots team, an individual, or a medium, small or micro enterprise
    expr: kind in ["team", "individual"] || (kind == "enterprise" && size_class in ["medium", "small", "micro"])
  - id: young
    text:
      zh: 团队和个人不限；企业成立不超过 5 年
      en: no limit for teams and individuals; firms at most 5 years old
    expr: kind in ["team", "individual"] || age_years <= 5
  - id: self_driven
    text:
      zh: 市场需求驱动或草根型创新
      en: market-driven or grassroots innovation
    expr: driver == "market_demand" || innovation_type == "grassroots"

instruments:
  - id: seed_grant
    kind: grant
    name:
      zh: 种子资助
      en: Seed grant
    amount: 'kind == "enterprise" ? 40.0 : 35.0'
    cap: 50
    unit: wan_yuan
  - id: compute
    kind: compute_credits
    name:
      zh: 算力券
      en: Compute credits
    when: field in ["ai", "robotics"]
    amount: "2000"
    cap: 2000
    unit: gpu_hours

tests:
  - name: ai_team_gets_more
    as_of: FROM
    innovator:
      kind: team
      innovation_type: grassroots
      driver: market_demand
      field: ai
    expect:
      status: eligible
      amounts: {seed_grant: 35, compute: 2000}
  - name: institute_refused
    as_of: FROM
    innovator:
      kind: institute
      driver: market_demand
    expect:
      status: ineligible
      failing_clause: subject
`

// seedReformDemo uploads version 3 of grassroots-seed, taking effect on the first day of the
// month after next, shows its reform comparison over the registry, and publishes it through the
// two-person rule: the officer proposes, the second officer approves. Publishing it ends
// version 2 the day before.
func seedReformDemo(ctx context.Context, a *app.App, spec demoSpec, out io.Writer) error {
	officer, err := demoActor(ctx, a, "officer")
	if err != nil {
		return err
	}
	second, err := demoActor(ctx, a, "officer2")
	if err != nil {
		return err
	}
	t := spec.today
	from := time.Date(t.Year(), t.Month()+2, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	pv, err := a.Policies.Upload(ctx, officer, "grassroots-seed-v3.yaml", []byte(strings.ReplaceAll(grassrootsSeedV3, "FROM", from)))
	if err != nil {
		return fmt.Errorf("grassroots-seed v3: %w", err)
	}
	r, err := a.Policies.Reform(ctx, pv.PolicyID, pv.Version, 10)
	if err != nil {
		return err
	}
	_, err = a.Policies.Publish(ctx, officer, pv.PolicyID, pv.Version)
	if err := demoApprove(ctx, a.Approvals, err, second, "改革对比已核：新增中型企业，收紧企业年限"); err != nil {
		return fmt.Errorf("grassroots-seed v3: %w", err)
	}
	fmt.Fprintf(out, "demo: grassroots-seed v3 from %s published; reform comparison: %d gain, %d lose eligibility, %d granted more\n",
		from, r.Total.Gains, r.Total.Loses, r.Total.More)
	return nil
}
