package demo

import (
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"seedbed"
)

// checkRegistry checks what must hold for any generated registry: valid, normalised records,
// unique names and credit codes, well-formed codes and contacts.
func checkRegistry(t *testing.T, ins []seedbed.Innovator) {
	t.Helper()
	names := map[string]int{}
	codes := map[string]int{}
	phone := regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	for i := range ins {
		in := ins[i]
		again := in
		again.PathTags = slices.Clone(in.PathTags)
		again.Normalize()
		if !reflect.DeepEqual(normTags(again), normTags(in)) {
			t.Errorf("%d %s: not normalised", i, in.Name)
		}
		if err := in.Validate(); err != nil {
			t.Errorf("%d %s: %v", i, in.Name, err)
		}
		if j, dup := names[in.Name]; dup {
			t.Errorf("name %s at %d and %d", in.Name, j, i)
		}
		names[in.Name] = i
		if in.CreditCode != "" {
			if j, dup := codes[in.CreditCode]; dup {
				t.Errorf("credit code %s at %d and %d", in.CreditCode, j, i)
			}
			codes[in.CreditCode] = i
			if err := seedbed.ValidateCreditCode(in.CreditCode); err != nil {
				t.Errorf("%s: %s: %v", in.Name, in.CreditCode, err)
			}
			if !validOrgCode(in.CreditCode[8:17]) {
				t.Errorf("%s: %s: organisation code %s fails GB 11714", in.Name, in.CreditCode, in.CreditCode[8:17])
			}
		}
		if !phone.MatchString(in.ContactPhone) {
			t.Errorf("%s: phone %q", in.Name, in.ContactPhone)
		}
		if !strings.Contains(in.ContactEmail, "@example.") || in.ContactName == "" {
			t.Errorf("%s: contact %q %q", in.Name, in.ContactName, in.ContactEmail)
		}
		if in.FoundedYear > RefYear || (in.Kind != seedbed.KindIndividual && in.FoundedYear < 1900) {
			t.Errorf("%s: founded %d", in.Name, in.FoundedYear)
		}
	}
}

// normTags makes nil and empty tag lists compare equal.
func normTags(in seedbed.Innovator) seedbed.Innovator {
	if len(in.PathTags) == 0 {
		in.PathTags = nil
	}
	return in
}

func TestInnovatorsRegistry(t *testing.T) {
	for _, tc := range []struct {
		seed uint64
		n    int
	}{{1, 2000}, {42, 2000}, {7, 1}, {7, 37}} {
		ins := Innovators(tc.seed, tc.n)
		if len(ins) != tc.n {
			t.Fatalf("seed %d: got %d innovators, want %d", tc.seed, len(ins), tc.n)
		}
		checkRegistry(t, ins)
		if !strings.Contains(ins[0].Name, "深度") || ins[0].Kind != seedbed.KindEnterprise || ins[0].CreditCode == "" {
			t.Errorf("seed %d: first innovator is %+v, want 深度求索", tc.seed, ins[0])
		}
	}
	if got := Innovators(1, 0); len(got) != 0 {
		t.Errorf("n=0 gave %d innovators", len(got))
	}
}

func TestInnovatorsDeterministic(t *testing.T) {
	a, b := Innovators(99, 500), Innovators(99, 500)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different registries")
	}
	c := Innovators(100, 500)
	same := 0
	for i := 1; i < len(a); i++ {
		if a[i].Name == c[i].Name {
			same++
		}
	}
	if same > 25 {
		t.Errorf("seeds 99 and 100 share %d of 499 names", same)
	}
	// A prefix of a longer run is the shorter run: n only says when to stop.
	if long := Innovators(99, 800); !reflect.DeepEqual(long[:500], a) {
		t.Error("Innovators(99, 800)[:500] differs from Innovators(99, 500)")
	}
}

// share is a proportion with the tolerance a test allows it.
type share struct {
	name      string
	got, want float64
	n         int
}

func (s share) ok() bool {
	tol := math.Max(0.015, 4*math.Sqrt(s.want*(1-s.want)/float64(s.n)))
	return math.Abs(s.got-s.want) <= tol
}

func TestInnovatorsMix(t *testing.T) {
	ins := Innovators(2024, 4000)
	count := func(keep func(*seedbed.Innovator) bool) (n int) {
		for i := range ins {
			if keep(&ins[i]) {
				n++
			}
		}
		return n
	}
	total := float64(len(ins))
	var shares []share
	for _, ks := range KindShares {
		n := count(func(in *seedbed.Innovator) bool { return in.Kind == ks.Kind })
		shares = append(shares, share{ks.Kind, float64(n) / total, float64(ks.PerMille) / 1000, len(ins)})
	}
	for _, s := range shares {
		if !s.ok() {
			t.Errorf("share of %s = %.3f, want %.3f", s.name, s.got, s.want)
		}
	}

	firms := count(func(in *seedbed.Innovator) bool { return in.Kind == seedbed.KindEnterprise })
	ratio := func(keep func(*seedbed.Innovator) bool, of func(*seedbed.Innovator) bool) float64 {
		return float64(count(func(in *seedbed.Innovator) bool { return of(in) && keep(in) })) / float64(count(of))
	}
	isFirm := func(in *seedbed.Innovator) bool { return in.Kind == seedbed.KindEnterprise }
	isResearch := func(in *seedbed.Innovator) bool {
		return in.Kind == seedbed.KindInstitute || in.Kind == seedbed.KindUniversity
	}
	isGrassroots := func(in *seedbed.Innovator) bool {
		return in.Kind == seedbed.KindTeam || in.Kind == seedbed.KindIndividual
	}
	size := func(c string) func(*seedbed.Innovator) bool {
		return func(in *seedbed.Innovator) bool { return in.SizeClass == c }
	}
	national := func(in *seedbed.Innovator) bool { return in.InnovationType == "national_team" }
	basic := func(in *seedbed.Innovator) bool { return in.Driver == "basic_research" }
	tagged := func(in *seedbed.Innovator) bool { return len(in.PathTags) > 0 }
	nonMainstream := func(in *seedbed.Innovator) bool { return slices.Contains(in.PathTags, tagNonMainstream) }
	micro, small := ratio(size(seedbed.SizeMicro), isFirm), ratio(size(seedbed.SizeSmall), isFirm)
	for _, c := range []struct {
		what     string
		got      float64
		min, max float64
	}{
		{"micro and small among firms", micro + small, 0.80, 0.97},
		{"large among firms", ratio(size(seedbed.SizeLarge), isFirm), 0.005, 0.05},
		{"medium among firms", ratio(size(seedbed.SizeMedium), isFirm), 0.01, 0.12},
		{"unclassified among firms", ratio(size(seedbed.SizeUnclassified), isFirm), 0.01, 0.06},
		{"national team among teams and individuals", ratio(national, isGrassroots), 0, 0},
		{"national team among institutes and universities", ratio(national, isResearch), 0.3, 0.7},
		{"national team among firms", ratio(national, isFirm), 0.005, 0.08},
		{"national team among large firms", ratio(national, size(seedbed.SizeLarge)), 0.3, 1},
		{"basic research among institutes and universities", ratio(basic, isResearch), 0.55, 0.95},
		{"basic research among firms", ratio(basic, isFirm), 0.1, 0.35},
		{"non-mainstream among tagged", ratio(nonMainstream, tagged), 0.18, 0.38},
		{"tagged", ratio(tagged, func(*seedbed.Innovator) bool { return true }), 0.85, 0.97},
	} {
		if c.got < c.min || c.got > c.max {
			t.Errorf("%s = %.3f, want within [%.3f, %.3f]", c.what, c.got, c.min, c.max)
		}
	}
	if firms == 0 {
		t.Fatal("no firms")
	}
}

func TestInnovatorsConsistent(t *testing.T) {
	sectors := map[string][]string{
		"ai":      {"software", "research"},
		"digital": {"software", "telecom", "wholesale", "retail"},
		"quantum": {"research", "industry"},
	}
	for _, in := range Innovators(5, 3000) {
		switch in.Kind {
		case seedbed.KindEnterprise:
			if want, ok := sectors[in.Field]; ok && !slices.Contains(want, in.Industry) {
				t.Errorf("%s: field %s in sector %s", in.Name, in.Field, in.Industry)
			}
			if in.Employees == nil || *in.Employees < 1 {
				t.Errorf("%s: firm without employees", in.Name)
			}
			if in.CreditCode[:2] != regEnterprise {
				t.Errorf("%s: firm credit code %s", in.Name, in.CreditCode)
			}
			d := districtByRegion(in.Region)
			if div := in.CreditCode[2:8]; div != d.code && div != divisionZhejiang {
				t.Errorf("%s in %s: division %s", in.Name, in.Region, div)
			}
		case seedbed.KindInstitute, seedbed.KindUniversity:
			if p := in.CreditCode[:2]; p != regPublicInst && p != regPrivateNonp {
				t.Errorf("%s: credit code %s", in.Name, in.CreditCode)
			}
			if in.Revenue != nil {
				t.Errorf("%s: revenue for a %s", in.Name, in.Kind)
			}
		case seedbed.KindTeam:
			if in.CreditCode != "" || in.Employees == nil || *in.Employees < 2 || *in.Employees > 30 {
				t.Errorf("%s: team %+v", in.Name, in)
			}
		case seedbed.KindIndividual:
			if in.CreditCode != "" || in.ContactName != in.Name {
				t.Errorf("%s: individual %+v", in.Name, in)
			}
		}
		if in.Kind != seedbed.KindEnterprise && in.SizeClass != seedbed.SizeUnclassified {
			t.Errorf("%s: %s has size %s", in.Name, in.Kind, in.SizeClass)
		}
	}
}

func TestInnovators100k(t *testing.T) {
	if testing.Short() {
		t.Skip("large registry")
	}
	checkRegistry(t, Innovators(3, 100_000))
}

func BenchmarkInnovators100k(b *testing.B) {
	for b.Loop() {
		Innovators(1, 100_000)
	}
}
