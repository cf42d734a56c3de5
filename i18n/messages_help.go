package i18n

// Help: how seedbed computes the figures it shows, in plain words, for the people who rely on
// them. Each topic is a heading and paragraphs; pages link to a topic by its anchor.
func init() {
	Register(Zh, map[string]string{
		"help.title": "计算方法说明",
		"help.lead":  "本页说明平台上各项数字是怎样算出来的、该怎样读。所有计算都可以用同样的数据重算出同样的结果。",
		"help.toc":   "目录",

		"help.scores.title": "评审得分与资助线",
		"help.scores.p1":    "每位评审专家按评分细则给出 0–100 分。专家之间宽严不一：同一份申请，严格的专家给 60 分，宽松的专家可能给 85 分。平台用“交叉随机效应”模型同时估计每份申请的质量和每位专家的宽严，再把申请的质量换算成“标准化得分”。",
		"help.scores.p2":    "标准化得分以全部原始分的标准差为单位，0 表示与本计划的平均水平相当，+1 表示高出一个标准差，一般落在 -2 到 +2 之间。每个得分都带一个 95% 区间：评审意见越少、越不一致，区间越宽。",
		"help.scores.p3":    "“资助线”是按得分从高到低资助、预算刚好用完时最后一份获资助申请的得分。得分达到资助线即在预算内获得资助；“高于资助线 0.4”意思是比资助线高出 0.4 个标准差。原始分相差超过 30 分的申请会被标出“评审意见分歧大”，不会被平均掉。",

		"help.lottery.title": "部分随机抽签",
		"help.lottery.p1":    "当几份申请的得分区间与资助线上申请的区间重叠时，评审无法可靠地区分它们的高下。低于质量门槛的申请不予资助；区间整体高于资助线的直接资助；其余与资助线无法区分的申请进入抽签，分配剩余预算。",
		"help.lottery.p2":    "抽签前先公布“承诺”：参加抽签的申请名单和一个事先约定的公开随机数来源。抽签用这个随机数为每份申请算出签号并排序，任何人都可以用公布的数据重算，结果与平台公布的一致才算有效。",

		"help.momentum.title": "创新势能",
		"help.momentum.p1":    "创新势能描述申报主体在申报之前的发展轨迹：技术产出是否在增长、市场是否在增长、是否主要靠自有资金在推进。它只供评审参考，不单独决定是否资助。",
		"help.momentum.p2":    "平台取申报前最近 8 个季度的指标，每个指标先取对数 ln(1+x)，再求每季度的变化趋势，换算成年增长率并截断在 ±100% 以内。技术占 50%、市场占 30%、自有资金推进占 20%，合成 0–100 分：50 分表示持平，高于 50 表示在增长，低于 50 表示在下降。数据不足 4 个季度的指标不计入，并在页面上说明。",

		"help.complacency.title": "“死于安乐”预警",
		"help.complacency.p1":    "对每个获资助主体，比较它获资助前后的技术产出趋势，并与同领域、同规模、相近起点但没有获资助的主体相比。如果获资助后技术产出相对同类明显放缓，或者技术停滞而报告、评奖、申请补贴等非技术活动明显增加，就发出预警。",
		"help.complacency.p2":    "“双重差分 -0.098 对数点/季度”的意思是：与对照组相比，该主体资助后的技术产出每季度少增长约 9.8%（对数点约等于百分比变化）。预警只是提醒项目主管去了解情况，不是处罚，也不是失信记录。",

		"help.impact.title": "成果与标志性成果",
		"help.impact.p1":    "每项成果都与同领域、同一资助年份的全部资助项目中同类成果比较，算出百分位：第 90 百分位表示好于 90% 的同批项目。进入前 1%（第 99 百分位以上）的是标志性成果。",
		"help.impact.p2":    "一个资助项目的得分取它最好的一项成果的百分位，所以再多平庸的成果也不会提高得分；低于第 10 百分位的成果不计分。一个项目的“价值”按稀有程度计：中等成果算 2，前 10% 算 10，标志性成果至少算 100。",

		"help.concentration.title": "资金与价值的集中程度",
		"help.concentration.p1":    "基尼系数衡量价值（或资金）在各资助项目之间分布得有多不均匀：0 表示人人相同，越接近 1 越集中在少数项目上。创新的回报本来就高度集中，所以较高的基尼系数并不说明资助失败，而说明少数项目贡献了大部分成果。",
		"help.concentration.p2":    "“前 10% 的资助占价值的 64%”意思是：按价值排序，最好的十分之一资助项目贡献了全部价值的 64%。",

		"help.ecosystem.title": "创新生态指标",
		"help.ecosystem.p1":    "生态仪表盘按地区、领域和年份统计：新设立的企业、首次获资助者的资金占比、中小企业和草根团队的占比、非主流技术路线的资金占比、失败后再次申报的比例、资助期限，以及平台给受资助者带来的报告负担。",
		"help.ecosystem.p2":    "计算基数不足 5 个的占比、集中度和中位数不予显示，以免少数几个数据点被误读为趋势。",

		"help.lab.title": "生态实验室模型",
		"help.lab.p1":    "生态实验室用一个多主体模型比较不同的资助制度：在同样的预算下，模拟许多创新主体在一片“技术地形”上探索，比较按排名择优、达标即资助、部分随机抽签等做法下，产生的标志性成果、探索的广度和资金集中度。",
		"help.lab.p2":    "模型的结论取决于它的假设，适合比较不同制度设计的方向，而不是预测具体数字。同样的参数和随机种子总能得到完全相同的结果。预算以万元计。",

		"help.ledger.title": "决策账本",
		"help.ledger.p1":    "每项影响资金或个人的决定（发布计划、评分、抽签、资助、拨付、免责认定等）都按时间顺序记入决策账本。账本是一棵默克尔树，定期由平台的密钥签名；任何一条记录被改动，树根就会改变，签名便不再成立。",
		"help.ledger.p2":    "审计人员可以在“核验账本”页面重算整本账，也可以导出账本交给第三方离线核验。",

		"help.exemption.title": "容错免责认定",
		"help.exemption.p1":    "资助项目诚实失败时，平台逐条核对当时的决策是否遵守了有效的规范程序：计划是否公开发布、评审是否独立且足额、利益冲突是否申报、抽签是否按承诺进行、资助名单是否公示、集体决策是否达到法定人数等。每一条都以账本中的记录为证。",
		"help.exemption.p2":    "全部条件满足时草拟“予以容错免责”，由审计或纪检人员确认或改判，并写明理由。",

		"link.how_computed": "怎样计算的？",
	})
	Register(En, map[string]string{
		"help.title": "How the figures are computed",
		"help.lead":  "This page explains how each figure on the platform is computed and how to read it. Every computation gives the same result again from the same data.",
		"help.toc":   "Contents",

		"help.scores.title": "Review scores and the funding line",
		"help.scores.p1":    "Each reviewer scores 0 to 100 by the rubric. Reviewers differ in harshness: an application a strict reviewer gives 60 a lenient one may give 85. seedbed estimates each application's quality and each reviewer's leniency together (a crossed random-effects model) and turns the quality into a normalised score.",
		"help.scores.p2":    "The normalised score is in units of the standard deviation of all raw scores: 0 is the program's average, +1 one standard deviation above it; most scores lie between −2 and +2. Each score has a 95% interval, wider when there are few reviews or they disagree.",
		"help.scores.p3":    "The funding line is the score of the last application funded when funding from the top down until the budget runs out. A score at or above the line is funded within the budget; \"0.4 above the funding line\" means 0.4 standard deviations above it. Applications whose raw scores differ by more than 30 points are flagged as disputed, never averaged away.",

		"help.lottery.title": "Partial lottery",
		"help.lottery.p1":    "When the score intervals of several applications overlap the interval of the application at the funding line, review cannot tell them apart. Applications below the quality bar are declined; those wholly above the line are funded; the rest, which cannot be told apart from the line, enter a draw for the budget left.",
		"help.lottery.p2":    "Before the draw seedbed publishes a commitment: the list of applications in the draw and a public source of randomness agreed in advance. The draw turns that random value into a ticket for each application; anyone can recompute it from the published data, and the draw stands only if the result matches.",

		"help.momentum.title": "Momentum",
		"help.momentum.p1":    "Momentum describes an applicant's trajectory before it applied: is its technical output growing, is its market growing, and is it progressing mainly on its own money? It is shown to reviewers as context and never decides on its own.",
		"help.momentum.p2":    "seedbed takes the last 8 quarters before the application, takes each indicator as ln(1+x), finds its trend per quarter, turns that into annual growth and clips it at ±100%. Technical output weighs 50%, market 30%, progress on own money 20%, giving a score from 0 to 100: 50 is flat, above 50 growing, below 50 declining. An indicator with fewer than 4 quarters of data is left out, and the page says so.",

		"help.complacency.title": "Complacency early warning",
		"help.complacency.p1":    "For each awardee seedbed compares the trend of its technical output before and after the award with innovators of the same field and size that started from a similar level and were not funded. When technical output slows markedly against them, or stalls while reports, award and subsidy applications and other non-technical activity grow, a warning is raised.",
		"help.complacency.p2":    "\"Difference-in-differences −0.098 log points per quarter\" means that, against the comparison group, the awardee's technical output grew about 9.8% less each quarter after the award (a log point is roughly a percentage change). A warning asks the officer to find out what happened; it is not a penalty and not a mark of misconduct.",

		"help.impact.title": "Outcomes and landmarks",
		"help.impact.p1":    "Each outcome is compared with the outcomes of the same kind of every award of the same field and award year, as a percentile: the 90th percentile means better than 90% of that cohort. An outcome in the top 1% (the 99th percentile or above) is a landmark.",
		"help.impact.p2":    "An award scores the percentile of its best outcome, so no number of mediocre outcomes raises it; outcomes below the 10th percentile earn nothing. An award's value counts rarity: a median result is worth 2, a top-10% result 10, a landmark at least 100.",

		"help.concentration.title": "How concentrated money and value are",
		"help.concentration.p1":    "The Gini coefficient measures how unevenly value (or money) is spread over awards: 0 means all equal, values near 1 mean a few awards hold nearly everything. The returns of innovation are concentrated by nature, so a high Gini does not mean support failed; it means a few awards produced most of the results.",
		"help.concentration.p2":    "\"The top 10% of awards hold 64% of the value\" means that, ranked by value, the best tenth of the awards produced 64% of all the value.",

		"help.ecosystem.title": "Ecosystem indicators",
		"help.ecosystem.p1":    "The ecosystem dashboard counts, by region, field and year: new firms, the share of money going to first-time awardees, the shares of SMEs and grassroots teams, the share of money on non-mainstream technical paths, how many retry after a failure, how long funding lasts, and the reporting burden the platform places on awardees.",
		"help.ecosystem.p2":    "Shares, concentrations and medians computed from fewer than 5 cases are not shown, so that a handful of data points is not read as a trend.",

		"help.lab.title": "The ecosystem lab's model",
		"help.lab.p1":    "The ecosystem lab compares support designs with an agent-based model: under the same budget, many innovators explore a landscape of technical possibilities, and the lab compares ranked selection, threshold funding and partial lotteries by the landmarks they produce, the breadth of exploration and how concentrated the money becomes.",
		"help.lab.p2":    "Its conclusions follow from its assumptions: use it to compare the direction of designs, not to predict exact figures. The same parameters and seed always give exactly the same result. Budgets are in 10,000 yuan.",

		"help.ledger.title": "The decision ledger",
		"help.ledger.p1":    "Every decision that affects money or a person (publishing a program, scores, draws, awards, payments, exemption decisions…) is written, in order, to the decision ledger. The ledger is a Merkle tree signed regularly with the platform's key; changing any record changes the tree's root, and the signature no longer holds.",
		"help.ledger.p2":    "Auditors recompute the whole ledger on the \"Verify the ledger\" page, or export it for a third party to verify offline.",

		"help.exemption.title": "Exemption for officials",
		"help.exemption.p1":    "When an award fails honestly, seedbed checks condition by condition whether the decision followed the procedure in force: the program published, review independent and sufficient, conflicts declared, the draw made as committed, the funding list on public notice, the collective decision quorate. Each condition is proved by records in the ledger.",
		"help.exemption.p2":    "When every condition is met the draft reads \"exempt\"; an auditor or discipline inspector confirms or overrides it, with written reasons.",

		"link.how_computed": "How is this computed?",
	})
}
