package seedbed

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// The culture survey asks innovators, anonymously, how the environment feels on the five
// dimensions of innovation culture the essay names: market-driven motivation, grassroots paths,
// a long-term rhythm, a relaxed environment that tolerates failure, and results-minded policy.
// The questionnaire is versioned: a wave records the version it asked, and answers are read
// against that version.

// Likert answers run from LikertMin (strongly disagree) to LikertMax (strongly agree).
const (
	LikertMin      = 1
	LikertMax      = 5
	MaxFreeTextLen = 1000
	// DefaultCultureK is the least number of respondents a published group may have.
	DefaultCultureK = 10
)

// Question kinds.
const (
	QuestionLikert = "likert"
	QuestionText   = "text"
)

// CultureDimensions are the essay's five dimensions of innovation culture.
var CultureDimensions = OptionSet{
	{"market", Label{"市场驱动的动力", "Market-driven motivation"}},
	{"grassroots", Label{"草根与非主流路径", "Grassroots and non-mainstream paths"}},
	{"long_term", Label{"长期主义的节奏", "A long-term rhythm"}},
	{"tolerance", Label{"宽松环境与宽容失败", "A relaxed environment that tolerates failure"}},
	{"results", Label{"重实效的政策", "Results-minded policy"}},
}

// LikertScale labels the answers from 1 to 5.
var LikertScale = OptionSet{
	{"1", Label{"非常不同意", "Strongly disagree"}},
	{"2", Label{"不同意", "Disagree"}},
	{"3", Label{"说不清", "Neither agree nor disagree"}},
	{"4", Label{"同意", "Agree"}},
	{"5", Label{"非常同意", "Strongly agree"}},
}

// Question is one item of the questionnaire.
type Question struct {
	Key       string `json:"key"`
	Dimension string `json:"dimension,omitempty"` // Likert items only
	Kind      string `json:"kind"`
	Text      Label  `json:"text"`
}

// Questionnaire is one version of the culture survey.
type Questionnaire struct {
	Version   int        `json:"version"`
	Questions []Question `json:"questions"`
}

// CultureQuestionnaires are the versions of the questionnaire, oldest first; a new version is
// added here, never edited in place, so that past waves keep their meaning.
var CultureQuestionnaires = []Questionnaire{{Version: 1, Questions: []Question{
	{"market_direction", "market", QuestionLikert, Label{"我们的研发方向主要由市场和用户的需求决定，而不是由申报指南决定。", "Our R&D direction is set mainly by what markets and users need, not by funding calls."}},
	{"market_motive", "market", QuestionLikert, Label{"我们做创新主要是为了赢得市场，而不是为了拿到补贴。", "We innovate mainly to win markets, not to obtain subsidies."}},
	{"grassroots_chance", "grassroots", QuestionLikert, Label{"没有名校、大企业或关系背景的团队，在这里也有公平的机会获得支持。", "Teams without a famous university, a large firm or connections behind them get a fair chance of support here."}},
	{"grassroots_path", "grassroots", QuestionLikert, Label{"我们可以走非主流的技术路线，而不会因此被评审或政策排除在外。", "We can take a non-mainstream technical path without being shut out by reviewers or policies."}},
	{"long_term_horizon", "long_term", QuestionLikert, Label{"我们能够为三年以上才见成效的技术方向持续投入。", "We can keep investing in directions that take more than three years to pay off."}},
	{"long_term_focus", "long_term", QuestionLikert, Label{"支持政策的节奏让我们能专注长期目标，而不是频繁应付考核和报告。", "The rhythm of support lets us focus on long-term goals rather than frequent assessments and reports."}},
	{"tolerance_retry", "tolerance", QuestionLikert, Label{"项目即使诚实地失败了，我们仍可以再次申请并获得支持。", "Even after an honest failure we can apply again and be supported."}},
	{"tolerance_stigma", "tolerance", QuestionLikert, Label{"在这里，尝试而失败不会被看作耻辱。", "Here, trying and failing is not seen as a disgrace."}},
	{"results_impact", "results", QuestionLikert, Label{"政府评价我们时看重实际成果和影响，而不是论文、专利或报告的数量。", "The government judges us by real results and impact, not by counts of papers, patents or reports."}},
	{"results_rules", "results", QuestionLikert, Label{"政策规则公开、可预期，我们不靠关系也知道如何申请。", "The rules are published and predictable; we know how to apply without connections."}},
	{"change_one_thing", "", QuestionText, Label{"要让这里更适合创新，您最希望改变的一件事是什么？（选填）", "What one thing would you most like changed to make this a better place to innovate? (optional)"}},
}}}

// CurrentQuestionnaire is the latest version, the one new waves ask.
func CurrentQuestionnaire() Questionnaire { return CultureQuestionnaires[len(CultureQuestionnaires)-1] }

// QuestionnaireVersion returns a version of the questionnaire, or ENOTFOUND.
func QuestionnaireVersion(v int) (Questionnaire, error) {
	for _, q := range CultureQuestionnaires {
		if q.Version == v {
			return q, nil
		}
	}
	return Questionnaire{}, Errorf(ENOTFOUND, Label{Zh: "问卷没有第 %d 版", En: "the questionnaire has no version %d"}, v)
}

// SurveyWave is one round of the survey: a questionnaire version asked between two dates.
type SurveyWave struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Version   int       `json:"version"`
	OpensOn   time.Time `json:"opens_on"`
	ClosesOn  time.Time `json:"closes_on"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Invited   int       `json:"invited"`
	Responses int       `json:"responses"`
}

// Validate checks a new wave's fields.
func (w *SurveyWave) Validate() error {
	var es Errors
	w.Title = strings.TrimSpace(w.Title)
	if w.Title == "" || utf8.RuneCountInString(w.Title) > 100 {
		es = append(es, FieldError("title", Label{Zh: "请填写标题（不超过 100 字）", En: "give a title (at most 100 characters)"}))
	} else if e := CheckText("title", w.Title); e != nil {
		es = append(es, e)
	}
	if w.OpensOn.IsZero() || w.ClosesOn.IsZero() || !w.ClosesOn.After(w.OpensOn) {
		es = append(es, FieldError("closes_on", Label{Zh: "截止日期应晚于开始日期", En: "the closing date must come after the opening date"}))
	}
	return errorsOrNil(es)
}

// SurveyAnswers are one respondent's answers: Likert items by key, free text by key.
type SurveyAnswers struct {
	Likert map[string]int    `json:"likert"`
	Text   map[string]string `json:"text"`
}

// Check validates answers against a questionnaire: every Likert item answered from 1 to 5,
// free text optional and bounded, no unknown keys. Every problem names its question.
func (a SurveyAnswers) Check(q Questionnaire) error {
	var es Errors
	known := map[string]Question{}
	for _, qu := range q.Questions {
		known[qu.Key] = qu
		switch qu.Kind {
		case QuestionLikert:
			v, ok := a.Likert[qu.Key]
			if !ok {
				es = append(es, FieldError(qu.Key, Label{Zh: "请回答这一题", En: "please answer this question"}))
			} else if v < LikertMin || v > LikertMax {
				es = append(es, FieldError(qu.Key, Label{Zh: "答案应为 %d 到 %d 之间的整数，收到 %d", En: "the answer must be a whole number from %d to %d, got %d"}, LikertMin, LikertMax, v))
			}
		case QuestionText:
			t := a.Text[qu.Key]
			if utf8.RuneCountInString(t) > MaxFreeTextLen {
				es = append(es, FieldError(qu.Key, Label{Zh: "不超过 %d 字", En: "at most %d characters"}, MaxFreeTextLen))
			} else if e := CheckText(qu.Key, t); e != nil {
				es = append(es, e)
			}
		}
	}
	for _, k := range sortedKeys(a.Likert) {
		if qu, ok := known[k]; !ok || qu.Kind != QuestionLikert {
			es = append(es, FieldError(k, Label{Zh: "问卷中没有这道选择题", En: "the questionnaire has no such rated question"}))
		}
	}
	for _, k := range sortedKeys(a.Text) {
		if qu, ok := known[k]; !ok || qu.Kind != QuestionText {
			es = append(es, FieldError(k, Label{Zh: "问卷中没有这道填空题", En: "the questionnaire has no such open question"}))
		}
	}
	return errorsOrNil(es)
}

// SurveyInvitation is one link issued to one innovator: shown once to the officer who issued
// it, for sending; the platform keeps only a hash of the token and the respondent's group, never
// whom it was for.
type SurveyInvitation struct {
	InnovatorID   int64  `json:"innovator_id"`
	InnovatorName string `json:"innovator_name"`
	Token         string `json:"token"`
	Path          string `json:"path"`
}

// CultureGroupings are the ways results may be broken down: one dimension at a time, so that
// no published cell is an intersection a reader could subtract down to a few people.
var CultureGroupings = OptionSet{
	{"region", Label{"按地区", "by region"}},
	{"kind", Label{"按主体类型", "by kind of innovator"}},
}

func errorsOrNil(es Errors) error {
	if len(es) == 0 {
		return nil
	}
	return es
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
