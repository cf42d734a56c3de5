package ecosystem

import (
	"sort"
	"time"

	"seedbed"
	"seedbed/evaluation"
)

// Innovator is what the indicators need of a registered innovator.
type Innovator struct {
	ID         int64
	Name       string
	Kind       string
	SizeClass  string
	Field      string
	Region     string
	PathTags   []string
	Registered time.Time // when it entered the registry
	BecameFirm time.Time // when a grassroots team in the registry became an enterprise; zero if never

	year, firmYear int // of Registered and BecameFirm, set by NewData
}

// SME reports whether the innovator is a small or medium-sized enterprise (micro, small or
// medium under the national classification); an unclassified firm is not counted as one.
func (in *Innovator) SME() bool {
	return in.Kind == seedbed.KindEnterprise &&
		(in.SizeClass == seedbed.SizeMicro || in.SizeClass == seedbed.SizeSmall || in.SizeClass == seedbed.SizeMedium)
}

// Grassroots reports whether the innovator is a grassroots team or an individual.
func (in *Innovator) Grassroots() bool {
	return in.Kind == seedbed.KindTeam || in.Kind == seedbed.KindIndividual
}

// Application is a submitted application.
type Application struct {
	ID, ProgramID, InnovatorID int64
	Submitted                  time.Time

	year int        // of Submitted, set by NewData
	in   *Innovator // set by NewData
}

// Award is an award with the program it came from. Failed reports an award that ended without
// success: closed as an honest failure or stopped at a stage gate, at Closed.
type Award struct {
	ID, ProgramID, InnovatorID int64
	ProgramTitle               string
	Amount                     int64 // yuan
	Status                     string
	Awarded                    time.Time
	Closed                     time.Time // zero while open
	LastDue                    time.Time // when its last tranche falls due: the funding horizon
	Reports                    int       // milestone reports (one per tranche) the award demands

	year, closedYear int        // of Awarded and Closed, set by NewData
	in               *Innovator // set by NewData
}

// HorizonMonths returns the calendar months from the award to its last tranche's due date
// (days beyond whole months counted as thirtieths), and false when the award has no tranche.
func (a *Award) HorizonMonths() (float64, bool) {
	if a.LastDue.IsZero() {
		return 0, false
	}
	from, to := a.Awarded.In(evaluation.BureauZone), a.LastDue.In(evaluation.BureauZone)
	return float64(12*(to.Year()-from.Year())+int(to.Month())-int(from.Month())) + float64(to.Day()-from.Day())/30, true
}

// MultiYearMonths is the horizon from which support counts as multi-year.
const MultiYearMonths = 24

// Failed reports whether the award ended without success (an honest failure or a stop).
func (a *Award) Failed() bool {
	return (a.Status == seedbed.AwardFailed || a.Status == seedbed.AwardStopped) && !a.Closed.IsZero()
}

// Outcome is a scored outcome of an award, from the impact evaluation: Scored is false when no
// reference group was large enough to score it, Landmark when it ranks at or above the landmark
// percentile.
type Outcome struct {
	AwardID, InnovatorID int64
	Period               evaluation.Quarter
	Scored, Landmark     bool
}

// Data is everything the indicators are computed from, indexed once. Build it with NewData and
// do not change it afterwards: computations share it.
type Data struct {
	Now          time.Time // the time the figures are for; years are taken in evaluation.BureauZone
	Innovators   map[int64]*Innovator
	Applications []Application
	Awards       []Award
	Outcomes     []Outcome

	list       []Innovator // the rows Innovators points into, in input order
	regions    []string
	years      []int
	firstAward map[int64]int64       // innovator → id of its first award
	appTimes   map[int64][]time.Time // innovator → its submissions, in time order
	awardTimes map[int64][]time.Time // innovator → its awards, in time order
	awardByID  map[int64]*Award
}

// NewData indexes the rows, keeping its own copies. Applications and awards of innovators not
// in the list are ignored.
func NewData(now time.Time, innovators []Innovator, apps []Application, awards []Award, outcomes []Outcome) *Data {
	d := &Data{Now: now, Innovators: make(map[int64]*Innovator, len(innovators)), Outcomes: outcomes,
		firstAward: map[int64]int64{}, appTimes: map[int64][]time.Time{}, awardTimes: map[int64][]time.Time{},
		awardByID: make(map[int64]*Award, len(awards))}
	d.list = append([]Innovator(nil), innovators...)
	seen := map[string]bool{}
	for i := range d.list {
		in := &d.list[i]
		in.year = yearOf(in.Registered)
		if !in.BecameFirm.IsZero() {
			in.firmYear = yearOf(in.BecameFirm)
		}
		d.Innovators[in.ID] = in
		if in.Region != "" && !seen[in.Region] {
			seen[in.Region] = true
			d.regions = append(d.regions, in.Region)
		}
	}
	sort.Strings(d.regions)
	d.Applications = make([]Application, 0, len(apps))
	for _, a := range apps {
		if a.in = d.Innovators[a.InnovatorID]; a.in != nil {
			a.year = yearOf(a.Submitted)
			d.Applications = append(d.Applications, a)
			d.appTimes[a.InnovatorID] = append(d.appTimes[a.InnovatorID], a.Submitted)
		}
	}
	d.Awards = make([]Award, 0, len(awards))
	for _, a := range awards {
		if a.in = d.Innovators[a.InnovatorID]; a.in != nil {
			a.year = yearOf(a.Awarded)
			if !a.Closed.IsZero() {
				a.closedYear = yearOf(a.Closed)
			}
			d.Awards = append(d.Awards, a)
		}
	}
	sort.Slice(d.Awards, func(i, j int) bool {
		if !d.Awards[i].Awarded.Equal(d.Awards[j].Awarded) {
			return d.Awards[i].Awarded.Before(d.Awards[j].Awarded)
		}
		return d.Awards[i].ID < d.Awards[j].ID
	})
	for i := range d.Awards {
		a := &d.Awards[i]
		d.awardByID[a.ID] = a
		if _, ok := d.firstAward[a.InnovatorID]; !ok {
			d.firstAward[a.InnovatorID] = a.ID
		}
		d.awardTimes[a.InnovatorID] = append(d.awardTimes[a.InnovatorID], a.Awarded)
	}
	for _, ts := range d.appTimes {
		sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	}
	d.years = d.spanYears()
	return d
}

// Regions lists the regions innovators are registered in, sorted.
func (d *Data) Regions() []string { return d.regions }

// Years lists the calendar years from the first award or registration to now, oldest first.
func (d *Data) Years() []int { return d.years }

func (d *Data) spanYears() []int {
	first := yearOf(d.Now)
	for i := range d.list {
		if !d.list[i].Registered.IsZero() {
			first = min(first, d.list[i].year)
		}
	}
	if len(d.Awards) > 0 {
		first = min(first, yearOf(d.Awards[0].Awarded))
	}
	var ys []int
	for y := first; y <= yearOf(d.Now); y++ {
		ys = append(ys, y)
	}
	return ys
}

// yearOf returns t's calendar year in the bureau's time zone.
func yearOf(t time.Time) int { return t.In(evaluation.BureauZone).Year() }

// after returns the first time in ts (sorted) strictly after t, and false when there is none.
func after(ts []time.Time, t time.Time) (time.Time, bool) {
	i := sort.Search(len(ts), func(i int) bool { return ts[i].After(t) })
	if i == len(ts) {
		return time.Time{}, false
	}
	return ts[i], true
}
