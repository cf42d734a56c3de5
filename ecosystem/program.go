package ecosystem

import "seedbed/evaluation"

// Breadth is how broadly one program's awards reach: the shares of its awards (by count and by
// money) that went to SMEs and to grassroots teams and individuals. A share is nil, with the
// status undefined, while the program has no award; a program's own shares are facts about it,
// not estimates, so they need no minimum base.
type Breadth struct {
	Awards               int               `json:"awards_made"`
	SMEShare             *float64          `json:"sme_share"`
	GrassrootsShare      *float64          `json:"grassroots_share"`
	SMEShareMoney        *float64          `json:"sme_share_money"`
	GrassrootsShareMoney *float64          `json:"grassroots_share_money"`
	Status               evaluation.Status `json:"breadth_status"`
}

// ProgramBreadth returns the breadth of the program's awards.
func ProgramBreadth(d *Data, programID int64) Breadth {
	var n, sme, grass int
	var money, smeMoney, grassMoney float64
	for i := range d.Awards {
		a := &d.Awards[i]
		if a.ProgramID != programID {
			continue
		}
		in := d.Innovators[a.InnovatorID]
		n++
		money += float64(a.Amount)
		if in.SME() {
			sme++
			smeMoney += float64(a.Amount)
		}
		if in.Grassroots() {
			grass++
			grassMoney += float64(a.Amount)
		}
	}
	b := Breadth{Awards: n, Status: evaluation.StatusUndefined}
	share := func(part, whole float64) *float64 {
		if v, ok := Share(part, whole); ok {
			return &v
		}
		return nil
	}
	if n > 0 {
		b.Status = evaluation.StatusOK
		b.SMEShare, b.GrassrootsShare = share(float64(sme), float64(n)), share(float64(grass), float64(n))
		b.SMEShareMoney, b.GrassrootsShareMoney = share(smeMoney, money), share(grassMoney, money)
	}
	return b
}
