package policy

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"seedbed"
	"seedbed/policies"
)

// withConditions compiles the minimal policy with its conditions (and optionally its
// instruments) replaced.
func withConditions(t testing.TB, conditions, instruments string) *Compiled {
	t.Helper()
	src := minimal
	i, j := strings.Index(src, "conditions:"), strings.Index(src, "instruments:")
	src = src[:i] + "conditions:\n" + conditions + src[j:]
	if instruments != "" {
		i, j = strings.Index(src, "instruments:"), strings.Index(src, "tests:")
		src = src[:i] + "instruments:\n" + instruments + src[j:]
		src = strings.Replace(src, ", amounts: {grant: 10}", "", 1)
	}
	c, err := Check("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("policy does not check: %v\n%s", err, src)
	}
	return c
}

func clause(id, expr string) string {
	return fmt.Sprintf("  - id: %s\n    expr: '%s'\n", id, strings.ReplaceAll(expr, "'", "''"))
}

var day = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)

func TestEvaluateThreeValued(t *testing.T) {
	type want struct {
		status  Status
		failing string
		missing []string
	}
	cases := []struct {
		name    string
		clauses string
		in      seedbed.Innovator
		ind     map[string]float64
		want    want
	}{
		{"or decides without the empty field", clause("c", `employees < 200 || kind == "team"`),
			seedbed.Innovator{Kind: "team"}, nil, want{Eligible, "", nil}},
		{"or needs the empty field", clause("c", `employees < 200 || kind == "team"`),
			seedbed.Innovator{Kind: "enterprise"}, nil, want{Undecided, "", []string{"employees"}}},
		{"and fails without the empty field", clause("c", `employees < 200 && kind == "team"`),
			seedbed.Innovator{Kind: "enterprise"}, nil, want{Ineligible, "c", nil}},
		{"a failing clause beats an undecided one", clause("a", "employees < 200") + clause("b", `kind == "team"`),
			seedbed.Innovator{Kind: "enterprise"}, nil, want{Ineligible, "b", nil}},
		{"two empty fields", clause("a", "employees < 200") + clause("b", "revenue < 100.0"),
			seedbed.Innovator{Kind: "enterprise"}, nil, want{Undecided, "", []string{"employees", "revenue"}}},
		{"team is not an SME, decidedly", clause("c", "is_sme"),
			seedbed.Innovator{Kind: "team"}, nil, want{Ineligible, "c", nil}},
		{"SME needs the headcount", clause("c", "is_sme"),
			seedbed.Innovator{Kind: "enterprise", Industry: "software", Revenue: ptr(100.0)}, nil, want{Undecided, "", []string{"employees"}}},
		{"SME needs the sector", clause("c", "is_sme"),
			seedbed.Innovator{Kind: "enterprise", Employees: ptr(int64(20))}, nil, want{Undecided, "", []string{"industry", "revenue"}}},
		{"research sector needs no revenue", clause("c", "is_sme"),
			seedbed.Innovator{Kind: "enterprise", Industry: "research", Employees: ptr(int64(20))}, nil, want{Eligible, "", nil}},
		{"size class needs the kind", clause("c", `size_class == "large"`),
			seedbed.Innovator{}, nil, want{Undecided, "", []string{"kind"}}},
		{"recorded size class is used", clause("c", `size_class == "large"`),
			seedbed.Innovator{Kind: "enterprise", SizeClass: "large"}, nil, want{Eligible, "", nil}},
		{"age needs the founding year", clause("c", "age_years <= 5"),
			seedbed.Innovator{Kind: "enterprise"}, nil, want{Undecided, "", []string{"founded_year"}}},
		{"age on the evaluation day", clause("c", "age_years == 5"),
			seedbed.Innovator{FoundedYear: 2020}, nil, want{Eligible, "", nil}},
		{"empty tags are missing", clause("c", `"ai" in path_tags`),
			seedbed.Innovator{}, nil, want{Undecided, "", []string{"path_tags"}}},
		{"tags", clause("c", `path_tags.exists(t, t.startsWith("大"))`),
			seedbed.Innovator{PathTags: []string{"开源", "大模型"}}, nil, want{Eligible, "", nil}},
		{"missing indicator", clause("c", `indicators["momentum"] > 0.5`),
			seedbed.Innovator{}, nil, want{Undecided, "", []string{"indicators.momentum"}}},
		{"has() on a missing indicator decides", clause("c", `!has(indicators.misconduct)`),
			seedbed.Innovator{}, map[string]float64{"other": 1}, want{Eligible, "", nil}},
		{"indicator present", clause("c", `indicators.momentum > 0.5`),
			seedbed.Innovator{}, map[string]float64{"momentum": 0.7}, want{Eligible, "", nil}},
		{"division by zero cannot decide", clause("c", "100 / (employees - employees) > 1"),
			seedbed.Innovator{Employees: ptr(int64(3))}, nil, want{Undecided, "", nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := withConditions(t, c.clauses, "")
			r := p.Evaluate(&c.in, day, c.ind)
			got := want{r.Status, r.FailingClause, r.Missing}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v (reason %s)", got, c.want, r.Reason.En)
			}
			if d := p.Decide(NewInput(&c.in, day, c.ind)); d != r.Status {
				t.Errorf("Decide = %s, Evaluate = %s", d, r.Status)
			}
			if r.Status == Undecided && !strings.Contains(r.Reason.Zh, "无法判定") {
				t.Errorf("undecided without a reason: %+v", r.Reason)
			}
		})
	}
}

func TestEvaluateTrace(t *testing.T) {
	p := withConditions(t, clause("small", "employees < 200")+clause("kind", `kind in ["team", "enterprise"]`)+clause("sme", "is_sme"), "")
	in := seedbed.Innovator{Kind: "enterprise", Employees: ptr(int64(150)), Industry: "software"}
	r := p.Evaluate(&in, day, nil)
	cases := []struct {
		clause  int
		zh, en  string
		outcome Outcome
	}{
		{0, "员工数 150 < 200 ✓", "employees 150 < 200 ✓", Pass},
		{1, "主体类型 企业 为 草根团队、企业 之一 ✓", "kind Enterprise is one of Grassroots team, Enterprise ✓", Pass},
		{2, "属于中小企业（空） ?", "is an SME (empty) ?", Unknown},
	}
	for _, c := range cases {
		cr := r.Clauses[c.clause]
		if cr.Trace.Zh != c.zh || cr.Trace.En != c.en || cr.Outcome != c.outcome {
			t.Errorf("clause %s: trace %q / %q (%s), want %q / %q (%s)", cr.ID, cr.Trace.Zh, cr.Trace.En, cr.Outcome, c.zh, c.en, c.outcome)
		}
	}
	if got := r.Clauses[2].Note; got.Zh != "无法判定：营业收入（万元） 为空" || got.En != "cannot decide: revenue (10k CNY) is empty" {
		t.Errorf("note = %+v", got)
	}
	if v := r.Clauses[0].Values; len(v) != 1 || v[0].Field != "employees" || v[0].Value.Zh != "150" {
		t.Errorf("values = %+v", v)
	}
}

func TestEvaluateAmounts(t *testing.T) {
	instruments := `  - id: scaled
    kind: grant
    name: {zh: 按收入, en: By revenue}
    amount: revenue * 0.1
    cap: 50
    unit: wan_yuan
  - id: negative
    kind: voucher
    name: {zh: 负数, en: Negative}
    amount: revenue - 10000.0
    cap: 10
    unit: wan_yuan
  - id: matched
    kind: equity_coinvestment
    name: {zh: 跟投, en: Co-investment}
    amount: "300.0"
    cap: 1000
    unit: wan_yuan
    cofunding: {ratio: 0.5, own: 'indicators["own"]'}
  - id: nan
    kind: voucher
    name: {zh: 非数, en: NaN}
    amount: revenue / (revenue - revenue)
    cap: 10
    unit: wan_yuan
  - id: ai_only
    kind: compute_credits
    name: {zh: 算力, en: Compute}
    when: field == "ai"
    amount: "100"
    cap: 100
    unit: gpu_hours
`
	p := withConditions(t, clause("any", `kind != ""`), instruments)
	cases := []struct {
		name    string
		revenue float64
		own     *float64
		field   string
		want    map[string]string // instrument → "value" or outcome
	}{
		{"under the cap", 200, ptr(1000.0), "ai", map[string]string{"scaled": "20", "negative": "0", "matched": "300", "ai_only": "100", "nan": "undecided"}},
		{"capped", 900, ptr(400.0), "bio", map[string]string{"scaled": "50 capped", "matched": "200 cofunded", "ai_only": "not_applicable"}},
		{"own money unknown", 100, nil, "", map[string]string{"scaled": "10", "matched": "undecided", "ai_only": "undecided"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := seedbed.Innovator{Kind: "enterprise", Revenue: &c.revenue, Field: c.field}
			ind := map[string]float64{}
			if c.own != nil {
				ind["own"] = *c.own
			}
			r := p.Evaluate(&in, day, ind)
			if r.Status != Eligible {
				t.Fatalf("status %s", r.Status)
			}
			for id, want := range c.want {
				a, ok := findAmount(r.Amounts, id)
				if !ok {
					t.Fatalf("no amount %s", id)
				}
				got := string(a.Outcome)
				if a.Outcome == Pass {
					got = formatNumber(a.Value)
					if a.Capped {
						got += " capped"
					}
					if a.Cofunded {
						got += " cofunded"
					}
				}
				if got != want {
					t.Errorf("%s = %s, want %s (%s)", id, got, want, a.Note.En)
				}
			}
		})
	}
}

func TestRuntimeCostLimit(t *testing.T) {
	// Within the registry's 12 tags the static estimate is under the limit; a record beyond the
	// limits (400 tags) trips the runtime limit and is undecided, not an endless loop.
	p := withConditions(t, clause("pairs", `path_tags.all(a, path_tags.all(b, a + b != ""))`), "")
	tags := make([]string, 400)
	for i := range tags {
		tags[i] = fmt.Sprint("t", i)
	}
	r := p.Evaluate(&seedbed.Innovator{PathTags: tags}, day, nil)
	if r.Status != Undecided || !strings.Contains(r.Clauses[0].Note.En, "cost limit") {
		t.Errorf("status %s, note %q", r.Status, r.Clauses[0].Note.En)
	}
	r = p.Evaluate(&seedbed.Innovator{PathTags: tags[:12]}, day, nil)
	if r.Status != Eligible {
		t.Errorf("12 tags: status %s (%s)", r.Status, r.Reason.En)
	}
}

func TestEvaluateInForce(t *testing.T) {
	p := withConditions(t, clause("c", "true"), "")
	if r := p.Evaluate(&seedbed.Innovator{}, time.Date(2023, 12, 31, 23, 0, 0, 0, time.UTC), nil); r.InForce {
		t.Error("in force before effective_from")
	}
	if r := p.Evaluate(&seedbed.Innovator{}, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), nil); !r.InForce {
		t.Error("not in force on effective_from")
	}
}

// TestDecideAgreesWithEvaluate compares the fast path with the explained one over the starter
// library and many generated innovators, complete and incomplete.
func TestDecideAgreesWithEvaluate(t *testing.T) {
	cs := starterPolicies(t)
	rng := rand.New(rand.NewPCG(1, 2))
	counts := map[Status]int{}
	for i := 0; i < 3000; i++ {
		in, ind := randomInnovator(rng)
		x := NewInput(in, day, ind)
		for _, c := range cs {
			got, want := c.Decide(x), c.EvaluateInput(x).Status
			counts[want]++
			if got != want {
				t.Fatalf("%s on %+v: Decide %s, Evaluate %s", c.ID(), in, got, want)
			}
		}
	}
	for _, s := range []Status{Eligible, Ineligible, Undecided} {
		if counts[s] == 0 {
			t.Errorf("no %s results: the generator is too narrow (%v)", s, counts)
		}
	}
}

// starterPolicies loads the embedded starter library and returns the versions in force in 2026
// plus the 2024 version of the versioned policy.
func starterPolicies(t testing.TB) []*Compiled {
	t.Helper()
	lib, err := LoadFS(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	cs := lib.InForce(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	return append(cs, lib.Version("grassroots-seed", 1))
}

var (
	genKinds      = []string{"enterprise", "enterprise", "enterprise", "institute", "university", "team", "individual", ""}
	genIndustries = []string{"industry", "software", "research", "wholesale", "retail", "telecom", "other", ""}
	genFields     = append(seedbed.Fields.Codes(), "")
	genTags       = []string{"大模型", "llm", "开源", "研发贷款", "工业软件", "mRNA"}
)

// randomInnovator makes a registry-like innovator with some fields left empty.
func randomInnovator(rng *rand.Rand) (*seedbed.Innovator, map[string]float64) {
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	in := &seedbed.Innovator{
		Kind:     pick(genKinds),
		Industry: pick(genIndustries),
		Field:    pick(genFields),
		Driver:   pick([]string{"basic_research", "market_demand", "market_demand", ""}),
	}
	in.InnovationType = pick([]string{"national_team", "grassroots", "grassroots", ""})
	if rng.IntN(10) > 0 {
		e := int64(rng.ExpFloat64() * 200)
		in.Employees = &e
	}
	if rng.IntN(10) > 0 {
		r := rng.ExpFloat64() * 5000
		in.Revenue = &r
	}
	if rng.IntN(5) > 0 {
		in.FoundedYear = 2000 + rng.IntN(26)
	}
	for range rng.IntN(4) {
		in.PathTags = append(in.PathTags, pick(genTags))
	}
	ind := map[string]float64{}
	for _, k := range []string{"contract_value", "sme_partners", "own_investment", "honest_failures", "misconduct", "jv_round"} {
		if rng.IntN(2) == 0 {
			ind[k] = float64(rng.IntN(200))
		}
	}
	return in, ind
}

// BenchmarkEvaluate measures one innovator × policy evaluation on one goroutine, so evals/s is
// the rate per core. "decide" is the bulk path (status only) on an innovator whose fields are
// already converted, as when one Input serves all policies; "decide-fresh" converts the fields
// anew every time (one policy per innovator); "explain" builds the full bilingual trace.
func BenchmarkEvaluate(b *testing.B) {
	cs := starterPolicies(b)
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 1024
	ins := make([]*seedbed.Innovator, n)
	inds := make([]map[string]float64, n)
	inputs := make([]*Input, n)
	for i := range ins {
		ins[i], inds[i] = randomInnovator(rng)
		inputs[i] = NewInput(ins[i], day, inds[i])
	}
	for _, in := range inputs { // convert every field once
		for _, c := range cs {
			c.Decide(in)
		}
	}
	b.Run("decide", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			cs[i%len(cs)].Decide(inputs[(i/len(cs))%n])
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
	})
	b.Run("decide-fresh", func(b *testing.B) {
		b.ReportAllocs()
		x := &Input{}
		i := 0
		for b.Loop() {
			x.Reset(ins[i%n], day, inds[i%n])
			cs[i%len(cs)].Decide(x)
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
	})
	b.Run("explain", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			cs[i%len(cs)].EvaluateInput(inputs[(i/len(cs))%n])
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
	})
}

// BenchmarkRegistry100kx20 decides 20 policies for each of 100,000 innovators, sharded over
// GOMAXPROCS goroutines, each with one reused Input per innovator. One op is the whole registry.
func BenchmarkRegistry100kx20(b *testing.B) {
	base := starterPolicies(b)
	cs := make([]*Compiled, 20)
	for i := range cs {
		cs[i] = base[i%len(base)]
	}
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 100_000
	ins := make([]*seedbed.Innovator, n)
	inds := make([]map[string]float64, n)
	for i := range ins {
		ins[i], inds[i] = randomInnovator(rng)
	}
	workers := runtime.GOMAXPROCS(0)
	b.ReportAllocs()
	for b.Loop() {
		var wg sync.WaitGroup
		eligible := make([]int, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x := &Input{}
				for i := w; i < n; i += workers {
					x.Reset(ins[i], day, inds[i])
					for _, c := range cs {
						if c.Decide(x) == Eligible {
							eligible[w]++
						}
					}
				}
			}()
		}
		wg.Wait()
	}
	b.ReportMetric(float64(b.N)*n*20/b.Elapsed().Seconds(), "evals/s")
}

// TestConcurrentUse evaluates shared compiled policies from several goroutines, each with its
// own Input; run with -race.
func TestConcurrentUse(t *testing.T) {
	cs := starterPolicies(t)
	want := make([][]Status, 200)
	rng := rand.New(rand.NewPCG(7, 8))
	ins := make([]*seedbed.Innovator, len(want))
	inds := make([]map[string]float64, len(want))
	for i := range want {
		ins[i], inds[i] = randomInnovator(rng)
		for _, c := range cs {
			want[i] = append(want[i], c.Decide(NewInput(ins[i], day, inds[i])))
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := &Input{}
			for i := range want {
				x.Reset(ins[i], day, inds[i])
				for j, c := range cs {
					if got := c.Decide(x); got != want[i][j] {
						t.Errorf("goroutine %d: innovator %d policy %s: %s, want %s", g, i, c.ID(), got, want[i][j])
					}
					if j%3 == 0 {
						c.EvaluateInput(x)
					}
				}
			}
		}()
	}
	wg.Wait()
}
