package sim

import "math"

// Kinds of innovator, as bits of agents.kind.
const (
	kindLarge         = 1 << 0
	kindNational      = 1 << 1
	kindNonMainstream = 1 << 2
)

// model holds the constants derived once from a validated Config, in the units the hot loop uses
// (contribution sums, 32-bit probability thresholds, money per quarter indexed by size).
type model struct {
	cfg         Config
	n           int
	fields      int
	bits        int
	quarters    int
	viable      int32 // sum threshold of a viable approach
	landmark    int32 // sum threshold of a landmark
	slack       int32 // explorers' slack, in sum units
	milestone   int32 // staged funding's milestone gain, in sum units
	incremental bool  // evaluate one-bit changes from the loci they touch
	burn        [2]float32
	trials      [2]int
	startCash   [2]float32
	resThr      [2]float32
	revenue     [2]float32
	bonusCash   [2]float32 // cash a landmark brings
	resTrials   int
	noKernel    bool // quarter takes its general path even where tabledStretch would serve (tests)
	maxTrials   int  // the most trials of a quarter's step: trials_large or trials_small, plus resource_trials
	jumpThr     uint64
	jumpBits    int
	tolThr      uint64
	alphaInv    float64
	rounds      int
	roundMoney  float64
	strategies  []strategy
	bar         float64 // factorial designs: the forecast lottery_bar applicants must reach
	// zHalf and zSD are zForSum's constants, bits/2 and √(bits/12); forecastBias is the
	// reviewers' bias by kind: mainstream_bias for mainstream teams, then status_bias for
	// national teams and large firms (0 where it does not apply).
	zHalf, zSD   float64
	forecastBias [8][2]float64
	kinds        [8]kindConsts
}

// kindConsts are the constants of a quarter's step that depend on an innovator's kind (its size,
// and whether it explores), gathered so that the step reaches them through one pointer.
type kindConsts struct {
	burn, resThr, startCash, bonusCash float32
	revenue                            [2]float32 // by viability: 0, or the viable revenue
	trials, resTrials                  int        // trials, and more when cash reaches resThr
	// slack is how much worse a one-bit trial may be and still be considered: explore_slack for
	// explorers, −1 (only strictly better) for the others.
	slack int32
	// jump is the 16-bit threshold of a long jump: a trial is one when its word's low 16 bits are
	// below it; 0 for mainstream teams, which never jump.
	jump uint32
	_    [16]byte // to 64 bytes, which the quarter's assembly loop indexes by a shift
}

func newModel(c Config) *model {
	b, s, f := c.Behaviour, c.Landscape, c.Funding
	m := &model{
		cfg:         c,
		n:           c.Population.Innovators,
		fields:      c.Population.Fields,
		bits:        s.Bits,
		quarters:    c.Quarters,
		viable:      sumForZ(s.Bits, s.ViableZ),
		landmark:    sumForZ(s.Bits, s.LandmarkZ),
		slack:       sumSpan(s.Bits, b.ExploreSlack),
		milestone:   sumSpan(s.Bits, f.MilestoneGain),
		incremental: 2*(s.Ruggedness+1) < s.Bits,
		resTrials:   b.ResourceTrials,
		jumpThr:     threshold32(b.JumpProb),
		jumpBits:    b.JumpBits,
		tolThr:      threshold32(b.FailureTolerance),
		alphaInv:    1 / s.ValueTail,
		rounds:      (c.Quarters + f.RoundQuarters - 1) / f.RoundQuarters,
	}
	m.roundMoney = f.Budget / float64(m.rounds)
	for size, burn := range [2]float64{b.BurnSmall, b.BurnLarge} {
		m.burn[size] = float32(burn)
		m.startCash[size] = float32(float64(b.RunwayQuarters * burn))
		m.resThr[size] = float32(float64(b.ResourceRunway * burn))
		m.revenue[size] = float32(float64(b.ViableRevenue * burn))
		m.bonusCash[size] = float32(float64(b.LandmarkRunway * burn))
	}
	m.trials = [2]int{b.TrialsSmall, b.TrialsLarge}
	m.maxTrials = max(b.TrialsSmall, b.TrialsLarge) + b.ResourceTrials
	for k := range m.kinds {
		size := k & kindLarge
		kc := kindConsts{
			burn: m.burn[size], resThr: m.resThr[size], startCash: m.startCash[size], bonusCash: m.bonusCash[size],
			revenue: [2]float32{0, m.revenue[size]}, trials: m.trials[size], resTrials: m.resTrials, slack: -1,
		}
		if k&kindNonMainstream != 0 {
			kc.slack, kc.jump = m.slack, uint32(m.jumpThr>>16)
		}
		m.kinds[k] = kc
	}
	m.zHalf, m.zSD = float64(float64(s.Bits)/2), math.Sqrt(float64(s.Bits)/12)
	for k := range m.forecastBias {
		if k&kindNonMainstream == 0 {
			m.forecastBias[k][0] = f.MainstreamBias
		}
		if k&(kindNational|kindLarge) != 0 {
			m.forecastBias[k][1] = f.StatusBias
		}
	}
	for _, id := range c.Strategies {
		st, _ := strategyByID(id)
		m.strategies = append(m.strategies, st)
	}
	return m
}

// z is zForSum(m.bits, s), with its constants computed once.
func (m *model) z(s int32) float64 { return zWith(s, m.zHalf, m.zSD) }
