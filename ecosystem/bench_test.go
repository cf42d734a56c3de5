package ecosystem

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"seedbed"
	"seedbed/evaluation"
)

// benchData builds a region of the size the dashboard must serve: 100,000 innovators in 20
// regions and 12 fields, 60,000 applications and 20,000 awards over 40 quarters (ten years), one
// award in ten failed, and 30,000 scored outcomes of which 1% are landmarks.
func benchData(innovators, awards int) *Data {
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, evaluation.BureauZone)
	at := func() time.Time { return start.Add(time.Duration(r.Int64N(int64(10 * 365 * 24 * time.Hour)))) }
	kinds := []string{seedbed.KindEnterprise, seedbed.KindEnterprise, seedbed.KindEnterprise, seedbed.KindTeam, seedbed.KindIndividual, seedbed.KindInstitute, seedbed.KindUniversity}
	sizes := []string{seedbed.SizeMicro, seedbed.SizeSmall, seedbed.SizeMedium, seedbed.SizeLarge, seedbed.SizeUnclassified}
	ins := make([]Innovator, innovators)
	for i := range ins {
		ins[i] = Innovator{ID: int64(i + 1), Name: fmt.Sprintf("主体%06d", i), Kind: kinds[r.IntN(len(kinds))], SizeClass: sizes[r.IntN(len(sizes))],
			Field: seedbed.Fields[r.IntN(len(seedbed.Fields))].Code, Region: fmt.Sprintf("区%02d", r.IntN(20)),
			PathTags: []string{fmt.Sprintf("路径%02d", r.IntN(60)), fmt.Sprintf("路径%02d", r.IntN(60))}, Registered: at()}
	}
	apps := make([]Application, 3*awards)
	for i := range apps {
		apps[i] = Application{ID: int64(i + 1), ProgramID: int64(r.IntN(200) + 1), InnovatorID: int64(r.IntN(innovators) + 1), Submitted: at()}
	}
	aws := make([]Award, awards)
	for i := range aws {
		a := Award{ID: int64(i + 1), ProgramID: apps[i].ProgramID, InnovatorID: apps[i].InnovatorID, ProgramTitle: "基准计划",
			Amount: 100_000 + r.Int64N(2_000_000), Status: seedbed.AwardActive, Awarded: apps[i].Submitted.Add(60 * 24 * time.Hour)}
		if i%10 == 0 {
			a.Status, a.Closed = seedbed.AwardFailed, a.Awarded.Add(400*24*time.Hour)
		}
		aws[i] = a
	}
	outs := make([]Outcome, 3*awards/2)
	for i := range outs {
		a := aws[r.IntN(len(aws))]
		outs[i] = Outcome{AwardID: a.ID, InnovatorID: a.InnovatorID, Period: evaluation.QuarterOf(a.Awarded).Add(r.IntN(8)),
			Scored: true, Landmark: r.IntN(100) == 0}
	}
	return NewData(start.AddDate(10, 0, 0), ins, apps, aws, outs)
}

// BenchmarkNewData measures indexing the rows of 100,000 innovators and 20,000 awards.
func BenchmarkNewData(b *testing.B) {
	d := benchData(100_000, 20_000)
	for b.Loop() {
		NewData(d.Now, flatten(d), d.Applications, d.Awards, d.Outcomes)
	}
}

func flatten(d *Data) []Innovator {
	out := make([]Innovator, 0, len(d.Innovators))
	for _, in := range d.Innovators {
		out = append(out, *in)
	}
	return out
}

// BenchmarkCompute measures every indicator of one scope (all regions and fields, one year).
func BenchmarkCompute(b *testing.B) {
	d := benchData(100_000, 20_000)
	y := d.Years()[len(d.Years())-2] // the last full year
	for b.Loop() {
		Compute(d, Scope{Year: y})
	}
}

// BenchmarkDashboardCold measures what the dashboard computes after a data change: every
// indicator for the scope, for each year of the data (the trends) and for each region and each
// field (the comparisons).
func BenchmarkDashboardCold(b *testing.B) {
	d := benchData(100_000, 20_000)
	y := d.Years()[len(d.Years())-2] // the last full year
	for b.Loop() {
		Compute(d, Scope{Year: y})
		for _, yy := range d.Years() {
			Compute(d, Scope{Year: yy})
		}
		for _, r := range d.Regions() {
			Compute(d, Scope{Region: r, Year: y})
		}
		for _, f := range seedbed.Fields {
			Compute(d, Scope{Field: f.Code, Year: y})
		}
	}
}
