package sim

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
	jumpThr     uint64
	jumpBits    int
	tolThr      uint64
	alphaInv    float64
	rounds      int
	roundMoney  float64
	strategies  []strategy
	bar         float64 // factorial designs: the forecast lottery_bar applicants must reach
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
	for _, id := range c.Strategies {
		st, _ := strategyByID(id)
		m.strategies = append(m.strategies, st)
	}
	return m
}
