package sim

// Label is a name shown to people, in Chinese and English.
type Label struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// In returns the label in lang ("zh" or "en"); anything but "en" gives Chinese.
func (l Label) In(lang string) string {
	if lang == "en" {
		return l.En
	}
	return l.Zh
}

// Strategy ids: stable names used in configs, results and the lab page.
const (
	NoSupport        = "no_support"
	PickBySize       = "pick_by_size"
	PickByForecast   = "pick_by_forecast"
	BroadSmallGrants = "broad_small_grants"
	PartialLottery   = "partial_lottery"
	StagedMilestones = "staged_milestones"
	Champions        = "champions"
)

// strategy is a government funding strategy; num is stable and seeds the strategy's random
// stream, so a strategy's numbers do not depend on which other strategies a Config lists.
type strategy struct {
	id    string
	num   uint64
	label Label
	about Label
	cell  *Cell // a cell of a factorial design; nil for the named strategies
}

var strategies = []strategy{
	{NoSupport, 0, Label{"不资助（基线）", "No support (baseline)"},
		Label{"不花预算，只看生态自身的产出。", "Spends nothing; the ecosystem on its own."}, nil},
	{PickBySize, 1, Label{"按规模择优", "Pick winners by size"},
		Label{"每轮把大额资助给规模最大、资源最多的申请者。", "Each round, large grants go to the largest, best-resourced applicants."}, nil},
	{PickByForecast, 2, Label{"按评审预测择优", "Pick winners by forecast"},
		Label{"每轮把大额资助给评审预测最高的申请者；预测有噪声和偏好。", "Each round, large grants go to the applicants with the highest noisy, biased reviewer forecast."}, nil},
	{BroadSmallGrants, 3, Label{"广泛小额资助", "Broad small grants"},
		Label{"每轮把小额资助随机发给尽可能多的申请者。", "Each round, small grants go to as many randomly chosen applicants as the budget allows."}, nil},
	{PartialLottery, 4, Label{"部分抽签", "Partial lottery"},
		Label{"评审先筛出可资助池，再在池中抽签发放大额资助。", "Reviewers shortlist a fundable pool; large grants are drawn by lot within it."}, nil},
	{StagedMilestones, 5, Label{"分阶段里程碑资助", "Staged milestone funding"},
		Label{"抽签进入，按里程碑分批拨付，未达里程碑即停止。", "Entry by lot; the grant is paid in tranches, each only if the last milestone was met."}, nil},
	{Champions, 6, Label{"专家力荐（非共识通道）", "Expert champions (non-consensus route)"},
		Label{"同部分抽签，另有几位领域专家各力荐一个未入围的申请者直接资助；专家不偏向主流路线和大机构。",
			"As the partial lottery, and a few field experts each champion one applicant the shortlist left out, funded directly; experts favour neither mainstream approaches nor large institutions."}, nil},
}

// StrategyIDs returns every strategy id in the canonical order, baseline first.
func StrategyIDs() []string {
	ids := make([]string, len(strategies))
	for i, s := range strategies {
		ids[i] = s.id
	}
	return ids
}

// ReferenceStrategyIDs returns the strategies of the reference configuration (DefaultConfig and
// examples/sim/default.yaml): the six that its published figures and benchmarks compare. Later
// strategies, such as champions, run when a configuration names them.
func ReferenceStrategyIDs() []string {
	return StrategyIDs()[:referenceStrategies]
}

// referenceStrategies is how many strategies, from the first in the list above, the reference
// configuration compares; strategies added since are listed after them.
const referenceStrategies = 6

// StrategyLabel returns a strategy's label and description, and false for an unknown id.
func StrategyLabel(id string) (label, about Label, ok bool) {
	s, ok := strategyByID(id)
	return s.label, s.about, ok
}

func strategyByID(id string) (strategy, bool) {
	for _, s := range strategies {
		if s.id == id {
			return s, true
		}
	}
	return strategy{}, false
}

// metrics lists every metric id with its label: the comparison table's first, then the rest.
var metrics = []struct {
	id    string
	label Label
}{
	{"landmarks", Label{"标志性成果数", "Landmark discoveries"}},
	{"landmarks_vs_baseline", Label{"较基线增加的成果数", "Landmarks vs baseline"}},
	{"time_to_first_landmark", Label{"首个标志性成果（季度）", "First landmark (quarter)"}},
	{"total_value", Label{"总价值", "Total value"}},
	{"path_diversity", Label{"探索路径数", "Paths explored"}},
	{"cost_per_landmark", Label{"每个标志性成果的成本", "Cost per landmark"}},
	{"spend", Label{"实际支出", "Spend"}},
	{"value_vs_baseline", Label{"较基线增加的价值", "Value vs baseline"}},
	{"grants", Label{"资助笔数", "Grants"}},
	{"survivors", Label{"期末存续团队", "Ventures active at the end"}},
	{"restarts", Label{"失败后重新创业次数", "Restarts after failure"}},
}

// MetricLabels returns the id and label of every metric a StrategyResult carries.
func MetricLabels() []MetricLabel {
	out := make([]MetricLabel, len(metrics))
	for i, m := range metrics {
		out[i] = MetricLabel{ID: m.id, Label: m.label}
	}
	return out
}

// MetricLabel names one output metric.
type MetricLabel struct {
	ID    string `json:"id"`
	Label Label  `json:"label"`
}
