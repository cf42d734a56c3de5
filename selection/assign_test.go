package selection

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"seedbed"
)

// randomInstance builds applications and reviewers over nOrgs organisations, with past joint
// applications, declared relations and expertise in a few fields.
func randomInstance(rng *rand.Rand, nApps, nRevs, nOrgs int) ([]AppInfo, []ReviewerInfo) {
	fields := seedbed.Fields.Codes()[:6]
	org := func() int64 { return 1 + rng.Int64N(int64(nOrgs)) }
	apps := make([]AppInfo, nApps)
	for i := range apps {
		a := AppInfo{ID: fmt.Sprintf("A-%d", i), ApplicantID: org(), Field: fields[rng.IntN(len(fields))]}
		a.ApplicantName = fmt.Sprintf("org %d", a.ApplicantID)
		for range rng.IntN(3) {
			a.CoApplicantIDs = append(a.CoApplicantIDs, org())
		}
		if rng.IntN(3) == 0 {
			a.Tags = append(a.Tags, fields[rng.IntN(len(fields))])
		}
		a.People = []string{fmt.Sprintf("person %d", rng.IntN(4*nOrgs))}
		apps[i] = a
	}
	revs := make([]ReviewerInfo, nRevs)
	for i := range revs {
		r := ReviewerInfo{ID: fmt.Sprintf("R-%d", i), OrgID: org()}
		for range 1 + rng.IntN(2) {
			r.Expertise = append(r.Expertise, fields[rng.IntN(len(fields))])
		}
		for j := range rng.IntN(3) {
			r.Past = append(r.Past, PastApplication{ID: fmt.Sprintf("P-%d-%d", i, j), Parties: []int64{r.OrgID, org()}})
		}
		if rng.IntN(2) == 0 {
			r.DeclaredIDs = append(r.DeclaredIDs, org())
		}
		if rng.IntN(4) == 0 {
			r.DeclaredNames = append(r.DeclaredNames, fmt.Sprintf("person %d", rng.IntN(4*nOrgs)))
		}
		if rng.IntN(5) == 0 && nApps > 0 {
			r.Recused = append(r.Recused, apps[rng.IntN(nApps)].ID)
		}
		revs[i] = r
	}
	return apps, revs
}

// checkAssignment verifies the invariants every assignment must meet, against Conflicts.
func checkAssignment(t *testing.T, apps []AppInfo, revs []ReviewerInfo, k int, as Assignment, problems []Problem) {
	t.Helper()
	revByID := map[string]ReviewerInfo{}
	for _, r := range revs {
		revByID[r.ID] = r
	}
	problem := map[string]bool{}
	for _, p := range problems {
		problem[p.AppID] = true
	}
	load := map[string]int{}
	for _, a := range apps {
		eligible := 0
		for _, r := range revs {
			if len(Conflicts(r, a)) == 0 {
				eligible++
			}
		}
		got := as.Reviewers(a.ID)
		for _, id := range got {
			if rs := Conflicts(revByID[id], a); len(rs) > 0 {
				t.Fatalf("reviewer %s assigned to %s despite %s", id, a.ID, rs[0].Label.En)
			}
			load[id]++
		}
		distinct := slices.Clone(got)
		slices.Sort(distinct)
		distinct = slices.Compact(distinct)
		switch {
		case eligible < k && (!problem[a.ID] || len(got) != 0):
			t.Fatalf("%s has %d eligible reviewers: problem %v, assigned %v", a.ID, eligible, problem[a.ID], got)
		case eligible >= k && (problem[a.ID] || len(distinct) != k || len(got) != k):
			t.Fatalf("%s has %d eligible reviewers: problem %v, assigned %v", a.ID, eligible, problem[a.ID], got)
		}
	}
	for _, r := range revs {
		if as.Load[r.ID] != load[r.ID] {
			t.Fatalf("load of %s reported %d, counted %d", r.ID, as.Load[r.ID], load[r.ID])
		}
	}
}

func loadSpread(as Assignment) (lo, hi int) {
	first := true
	for _, l := range as.Load {
		if first || l < lo {
			lo = l
		}
		if first || l > hi {
			hi = l
		}
		first = false
	}
	return lo, hi
}

func TestAssignNeverConflicted(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		nApps, nRevs, nOrgs := 1+rng.IntN(40), 1+rng.IntN(15), 2+rng.IntN(12)
		k := 1 + rng.IntN(4)
		apps, revs := randomInstance(rng, nApps, nRevs, nOrgs)
		as, problems := Assign(apps, revs, k, uint64(i))
		checkAssignment(t, apps, revs, k, as, problems)
	}
}

func TestAssignBalancedWhenConflictsAreFew(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 100 {
		// Many organisations make conflicts rare, so loads within one are achievable.
		nApps, nRevs := 20+rng.IntN(200), 5+rng.IntN(40)
		k := 1 + rng.IntN(3)
		apps, revs := randomInstance(rng, nApps, nRevs, 5000)
		as, problems := Assign(apps, revs, k, uint64(i))
		checkAssignment(t, apps, revs, k, as, problems)
		if lo, hi := loadSpread(as); hi-lo > 1 {
			t.Fatalf("instance %d (%d apps, %d reviewers, k=%d): loads from %d to %d", i, nApps, nRevs, k, lo, hi)
		}
	}
}

// TestAssignOptimalOnSmallInstances compares Assign with every possible assignment of small,
// heavily conflicted instances: its largest load and sum of squared loads must be the least
// possible, so its loads are within one whenever any assignment's are.
func TestAssignOptimalOnSmallInstances(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 600 {
		nApps, nRevs, k := 2+rng.IntN(5), 3+rng.IntN(4), 1+rng.IntN(2)
		apps, revs := randomInstance(rng, nApps, nRevs, 4+rng.IntN(6))
		as, problems := Assign(apps, revs, k, uint64(i))
		checkAssignment(t, apps, revs, k, as, problems)
		bestMax, bestSq, bestSpread := bruteForceLoads(apps, revs, k)
		gotMax, gotSq := 0, 0
		for _, l := range as.Load {
			gotMax = max(gotMax, l)
			gotSq += l * l
		}
		lo, hi := loadSpread(as)
		if gotMax != bestMax || gotSq != bestSq || (bestSpread <= 1 && hi-lo > 1) {
			t.Fatalf("instance %d: max %d sumsq %d spread %d; best possible %d, %d, %d", i, gotMax, gotSq, hi-lo, bestMax, bestSq, bestSpread)
		}
	}
}

// TestBalanceFromRandomStart starts the balancing step from a random assignment instead of the
// greedy one, which is usually close to balanced already, and checks that it still reaches the
// least sum of squared loads and keeps the multiset of loads through the expertise step.
func TestBalanceFromRandomStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	improved := 0
	for i := range 600 {
		nApps, nRevs, k := 2+rng.IntN(5), 3+rng.IntN(4), 1+rng.IntN(2)
		apps, revs := randomInstance(rng, nApps, nRevs, 4+rng.IntN(6))
		st := newAssignState(len(revs), k, uint64(i))
		tags := newTagIndex()
		for r := range revs {
			tags.addReviewer(r, len(revs), revs[r].Expertise)
		}
		for _, a := range apps {
			cells := make([]int8, len(revs))
			var elig []int32
			for r := range revs {
				cells[r] = -1
				if len(Conflicts(revs[r], a)) == 0 {
					cells[r] = tags.match(tags.appTags(a), r)
					elig = append(elig, int32(r))
				}
			}
			if len(elig) < k {
				continue
			}
			st.addApp(cells)
			at := len(st.cells) - 1
			rng.Shuffle(len(elig), func(x, y int) { elig[x], elig[y] = elig[y], elig[x] })
			st.assigned[at] = slices.Clone(elig[:k])
			for _, r := range elig[:k] {
				st.apps[r] = append(st.apps[r], int32(at))
			}
		}
		sumSq := func() (sq int, loads []int) {
			for r := range revs {
				l := st.load(int32(r))
				sq += l * l
				loads = append(loads, l)
			}
			slices.Sort(loads)
			return sq, loads
		}
		before, _ := sumSq()
		st.balance()
		after, loads := sumSq()
		if _, best, _ := bruteForceLoads(apps, revs, k); after != best {
			t.Fatalf("instance %d: sum of squares %d after balancing, least possible %d", i, after, best)
		}
		if after < before {
			improved++
		}
		st.improveExpertise()
		if _, again := sumSq(); !slices.Equal(loads, again) {
			t.Fatalf("instance %d: expertise step changed loads %v to %v", i, loads, again)
		}
		for a := range st.cells {
			for _, r := range st.assigned[a] {
				if st.cells[a][r] < 0 {
					t.Fatalf("instance %d: conflicted reviewer after balancing", i)
				}
			}
		}
	}
	if improved < 100 {
		t.Fatalf("balancing improved only %d random starts; the test does not exercise it", improved)
	}
}

// bruteForceLoads enumerates every assignment of k eligible reviewers to each application that
// has enough, and returns the least largest load, sum of squares and spread.
func bruteForceLoads(apps []AppInfo, revs []ReviewerInfo, k int) (bestMax, bestSq, bestSpread int) {
	var choices [][][]int
	for _, a := range apps {
		var elig []int
		for r := range revs {
			if len(Conflicts(revs[r], a)) == 0 {
				elig = append(elig, r)
			}
		}
		if len(elig) >= k {
			choices = append(choices, subsets(elig, k))
		}
	}
	bestMax, bestSq, bestSpread = 1<<30, 1<<30, 1<<30
	load := make([]int, len(revs))
	var walk func(i int)
	walk = func(i int) {
		if i == len(choices) {
			mx, mn, sq := 0, 1<<30, 0
			for _, l := range load {
				mx, mn, sq = max(mx, l), min(mn, l), sq+l*l
			}
			bestMax, bestSq, bestSpread = min(bestMax, mx), min(bestSq, sq), min(bestSpread, mx-mn)
			return
		}
		for _, s := range choices[i] {
			for _, r := range s {
				load[r]++
			}
			walk(i + 1)
			for _, r := range s {
				load[r]--
			}
		}
	}
	walk(0)
	return
}

func subsets(xs []int, k int) [][]int {
	if k == 0 {
		return [][]int{nil}
	}
	var out [][]int
	for i := range xs {
		for _, rest := range subsets(xs[i+1:], k-1) {
			out = append(out, append([]int{xs[i]}, rest...))
		}
	}
	return out
}

func TestAssignDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	apps, revs := randomInstance(rng, 150, 30, 40)
	a1, p1 := Assign(apps, revs, 3, 42)
	a2, p2 := Assign(apps, revs, 3, 42)
	if !reflect.DeepEqual(a1, a2) || !reflect.DeepEqual(p1, p2) {
		t.Fatal("same inputs and seed gave different assignments")
	}
	a3, _ := Assign(apps, revs, 3, 43)
	if reflect.DeepEqual(a1.Pairs, a3.Pairs) {
		t.Fatal("the seed has no effect on ties")
	}
}

func TestAssignPrefersExpertise(t *testing.T) {
	// Two fields, half the reviewers in each, no conflicts: a balanced assignment in which
	// every reviewer matches exists, and Assign must find it.
	var apps []AppInfo
	var revs []ReviewerInfo
	for i := range 40 {
		f := []string{"ai", "biomedicine"}[i%2]
		apps = append(apps, AppInfo{ID: fmt.Sprintf("A-%d", i), ApplicantID: int64(100 + i), Field: f})
	}
	for i := range 12 {
		f := []string{"AI ", "Biomedicine"}[i%2] // case and spaces do not matter
		revs = append(revs, ReviewerInfo{ID: fmt.Sprintf("R-%d", i), OrgID: int64(1 + i), Expertise: []string{f}})
	}
	as, problems := Assign(apps, revs, 3, 9)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	for _, p := range as.Pairs {
		if p.Expertise != 1 {
			t.Fatalf("%s reviews %s without matching expertise", p.ReviewerID, p.AppID)
		}
	}
	if lo, hi := loadSpread(as); hi-lo > 1 {
		t.Fatalf("loads from %d to %d", lo, hi)
	}
}

func TestAssignProblems(t *testing.T) {
	revs := []ReviewerInfo{{ID: "R1", OrgID: 1}, {ID: "R2", OrgID: 2}, {ID: "R3", OrgID: 3}, {ID: "R2", OrgID: 9}, {ID: ""}}
	apps := []AppInfo{
		{ID: "ok", ApplicantID: 7},
		{ID: "short", ApplicantID: 1}, // R1 is conflicted: 2 left, 3 needed
		{ID: "ok"},
		{ID: ""},
	}
	as, problems := Assign(apps, revs, 3, 1)
	var codes []string
	for _, p := range problems {
		codes = append(codes, p.Code+":"+p.AppID+p.ReviewerID)
		if p.Label.Zh == "" || p.Label.En == "" {
			t.Errorf("problem %s lacks a language", p.Code)
		}
	}
	want := []string{ProblemDuplicateReviewer + ":R2", ProblemBadInput + ":", ProblemTooFewReviewers + ":short", ProblemDuplicateApp + ":ok", ProblemBadInput + ":"}
	if !slices.Equal(codes, want) {
		t.Fatalf("problems %v, want %v", codes, want)
	}
	if got := as.Reviewers("short"); len(got) != 0 {
		t.Fatalf("short application got %v", got)
	}
	if got := as.Reviewers("ok"); !slices.Equal(got, []string{"R1", "R2", "R3"}) {
		t.Fatalf("ok application got %v", got)
	}
	if _, problems := Assign(apps, revs, 0, 1); len(problems) != 1 || problems[0].Code != ProblemBadInput {
		t.Fatalf("k=0: %v", problems)
	}
}

// BenchmarkAssign measures a program of 2,000 applications and 300 reviewers with k=3.
func BenchmarkAssign(b *testing.B) {
	rng := rand.New(rand.NewPCG(11, 12))
	apps, revs := randomInstance(rng, 2000, 300, 1500)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		as, problems := Assign(apps, revs, 3, uint64(i))
		if len(as.Pairs) == 0 || len(problems) > 0 {
			b.Fatalf("%d pairs, %d problems", len(as.Pairs), len(problems))
		}
	}
}
