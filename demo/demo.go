// Package demo generates a realistic synthetic innovation region for demonstrations, manual
// testing and benchmarks: the innovator registry of a Zhejiang-like region, from a fixed seed.
//
// The mix follows the essay's picture of where innovation comes from: many small and
// grassroots actors beside a few large and state-organised ones. Shares of kinds are in
// KindShares; within kinds, sizes, innovation types, drivers and fields are drawn as the
// comments of the generating functions say. Everything is synthetic except the first
// innovator, 杭州深度求索人工智能基础技术研究有限公司, whose credit code is generated too.
//
// The package is pure computation: it must not depend on storage, HTTP or the file system, and
// it must stay deterministic (same seed, same output, on every machine), so it draws only from
// an explicitly seeded PCG source and never iterates over a map.
package demo

import (
	"math/rand/v2"

	"seedbed"
)

// RefYear is the "current" year of the synthetic region; generation never reads the clock.
const RefYear = 2025

// KindShares are the target shares of innovator kinds, in per mille. Enterprises dominate,
// and most of them are micro or small; grassroots teams and individual inventors together are
// about a fifth, institutes and universities a small minority.
var KindShares = []struct {
	Kind     string
	PerMille int
}{
	{seedbed.KindEnterprise, 700},
	{seedbed.KindIndividual, 130},
	{seedbed.KindTeam, 90},
	{seedbed.KindInstitute, 50},
	{seedbed.KindUniversity, 30},
}

// gen holds the random source and what has been handed out, for uniqueness.
type gen struct {
	r     *rand.Rand
	names map[string]bool
	codes map[string]bool
}

// Innovators returns n synthetic innovators generated from seed, normalised and valid, with
// unique names and credit codes. The first is always 杭州深度求索人工智能基础技术研究有限公司.
// The same seed gives the same innovators.
func Innovators(seed uint64, n int) []seedbed.Innovator {
	if n <= 0 {
		return []seedbed.Innovator{}
	}
	g := &gen{
		r:     rand.New(rand.NewPCG(seed, seed^0x5EEDBED0C0FFEE)),
		names: make(map[string]bool, n),
		codes: make(map[string]bool, n),
	}
	kindWeights := make([]int, len(KindShares))
	for i, s := range KindShares {
		kindWeights[i] = s.PerMille
	}
	out := make([]seedbed.Innovator, 0, n)
	out = append(out, g.deepSeek())
	for len(out) < n {
		var in seedbed.Innovator
		switch KindShares[g.pickIndex(kindWeights)].Kind {
		case seedbed.KindEnterprise:
			in = g.enterprise()
		case seedbed.KindInstitute:
			in = g.institute()
		case seedbed.KindUniversity:
			in = g.university()
		case seedbed.KindTeam:
			in = g.team()
		default:
			in = g.individual()
		}
		g.contact(&in)
		in.Normalize()
		out = append(out, in)
	}
	return out
}

// deepSeek returns the one real-world innovator of the region, the essay's example. Its driver
// is basic research: it funds open-ended work on foundation models from its own money rather
// than building to a customer's order, the self-driven, non-mainstream path the essay
// describes. Its figures and credit code are synthetic.
func (g *gen) deepSeek() seedbed.Innovator {
	const name = "杭州深度求索人工智能基础技术研究有限公司"
	g.names[name] = true
	d := districtByRegion("杭州市拱墅区")
	in := seedbed.Innovator{
		Name:           name,
		Kind:           seedbed.KindEnterprise,
		CreditCode:     g.newCreditCode(regEnterprise, d.code, orgMA),
		Industry:       "software",
		Employees:      ptr(int64(160)),
		Revenue:        ptr(2000.0),
		InnovationType: "grassroots",
		Driver:         "basic_research",
		Field:          "ai",
		PathTags:       []string{"开源", "非主流路线", "大模型", "混合专家模型"},
		Region:         d.region,
		FoundedYear:    2023,
		Description:    "致力于通用人工智能基础模型研究，以开源方式发布大语言模型，用自有资金支持长期探索。",
	}
	g.contact(&in)
	in.Normalize()
	return in
}

// pickIndex returns an index drawn with the given weights.
func (g *gen) pickIndex(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := g.r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// one returns a uniformly drawn element of list.
func (g *gen) one(list []string) string { return list[g.r.IntN(len(list))] }

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// district draws a district by weight.
func (g *gen) district() district { return districts[g.pickIndex(districtWeights)] }

func ptr[T any](v T) *T { return &v }
