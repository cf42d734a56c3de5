package ecosystem

import (
	"sort"

	"seedbed"
)

// CultureResponse is one anonymous answer sheet with the respondent's group: the region and kind
// recorded on the invitation, nothing that names the respondent.
type CultureResponse struct {
	WaveID  int64
	Region  string
	Kind    string
	Answers seedbed.SurveyAnswers
}

// CultureCell is one published group of one wave: how many answered, and — only when the group
// is large enough — the mean of each question and of each dimension (1 to 5).
type CultureCell struct {
	Group      string             `json:"group"` // "" for everyone
	N          int                `json:"n"`     // 0 when suppressed
	Suppressed bool               `json:"suppressed"`
	Questions  map[string]float64 `json:"questions,omitempty"`
	Dimensions map[string]float64 `json:"dimensions,omitempty"`
}

// CultureWave is one wave's results: everyone, then the published groups of one breakdown (a
// suppressed group is left out, its name included).
type CultureWave struct {
	WaveID int64         `json:"wave_id"`
	Total  CultureCell   `json:"total"`
	Groups []CultureCell `json:"groups"`
	Texts  []string      `json:"texts,omitempty"` // free-text answers, sorted, when the wave is published
}

// CultureReport is the survey's results: each wave (oldest first) with everyone and the groups
// of one breakdown, every group of at least K respondents.
type CultureReport struct {
	K             int                   `json:"k"`
	By            string                `json:"by"`
	Questionnaire seedbed.Questionnaire `json:"questionnaire"`
	Waves         []seedbed.SurveyWave  `json:"waves"`
	Results       []CultureWave         `json:"results"`
}

// CultureResults computes each wave's results broken down by "region", "kind" or "" (no
// breakdown) and suppresses every group of fewer than k respondents. Suppression is made safe
// against subtraction: within a wave, the groups of a breakdown partition its respondents, so
// the total minus the published groups is the suppressed ones together; when those number
// fewer than k, the next smallest groups are suppressed too until they number at least k. A wave
// of fewer than k respondents is suppressed whole. Nothing of a suppressed group is published,
// not even its name or count. Only one breakdown is offered at a time, so that no intersection of two
// published groups can be derived exactly.
func CultureResults(q seedbed.Questionnaire, rs []CultureResponse, waves []int64, by string, k int) []CultureWave {
	if k < 1 {
		k = 1
	}
	byWave := map[int64][]CultureResponse{}
	for _, r := range rs {
		byWave[r.WaveID] = append(byWave[r.WaveID], r)
	}
	out := make([]CultureWave, 0, len(waves))
	for _, w := range waves {
		wr := byWave[w]
		res := CultureWave{WaveID: w, Total: cultureCell(q, "", wr, k), Groups: []CultureCell{}}
		if !res.Total.Suppressed {
			for _, r := range wr {
				for _, qu := range q.Questions {
					if t := r.Answers.Text[qu.Key]; qu.Kind == seedbed.QuestionText && t != "" {
						res.Texts = append(res.Texts, t)
					}
				}
			}
			sort.Strings(res.Texts)
		}
		if by != "" {
			groups := map[string][]CultureResponse{}
			for _, r := range wr {
				g := r.Region
				if by == "kind" {
					g = r.Kind
				}
				groups[g] = append(groups[g], r)
			}
			names := make([]string, 0, len(groups))
			for g := range groups {
				names = append(names, g)
			}
			// smallest first, so that secondary suppression takes the least information
			sort.Slice(names, func(i, j int) bool {
				if ni, nj := len(groups[names[i]]), len(groups[names[j]]); ni != nj {
					return ni < nj
				}
				return names[i] < names[j]
			})
			suppressed, hidden := map[string]bool{}, 0
			for _, g := range names {
				if res.Total.Suppressed || len(groups[g]) < k {
					suppressed[g], hidden = true, hidden+len(groups[g])
				}
			}
			for _, g := range names {
				if hidden == 0 || hidden >= k {
					break
				}
				if !suppressed[g] {
					suppressed[g], hidden = true, hidden+len(groups[g])
				}
			}
			sort.Strings(names)
			for _, g := range names {
				if !suppressed[g] {
					res.Groups = append(res.Groups, cultureCell(q, g, groups[g], k))
				}
			}
		}
		out = append(out, res)
	}
	return out
}

// cultureCell is one group's count and means, or a suppressed cell when it is below k.
func cultureCell(q seedbed.Questionnaire, group string, rs []CultureResponse, k int) CultureCell {
	if len(rs) < k {
		return CultureCell{Group: group, Suppressed: true}
	}
	c := CultureCell{Group: group, N: len(rs), Questions: map[string]float64{}, Dimensions: map[string]float64{}}
	dimSum, dimN := map[string]float64{}, map[string]int{}
	for _, qu := range q.Questions {
		if qu.Kind != seedbed.QuestionLikert {
			continue
		}
		sum := 0
		for _, r := range rs {
			sum += r.Answers.Likert[qu.Key]
		}
		c.Questions[qu.Key] = float64(sum) / float64(len(rs))
		dimSum[qu.Dimension] += float64(sum)
		dimN[qu.Dimension] += len(rs)
	}
	for d, s := range dimSum {
		c.Dimensions[d] = s / float64(dimN[d])
	}
	return c
}
