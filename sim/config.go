package sim

// Config is one simulation: the population, the landscapes they search, how they behave, how the
// government funds them, and how many replications to run. Its JSON and YAML keys are snake_case;
// docs/model.md gives each parameter's meaning, default and range.
type Config struct {
	Seed         uint64     `json:"seed" yaml:"seed"`
	Replications int        `json:"replications" yaml:"replications"`
	Quarters     int        `json:"quarters" yaml:"quarters"`
	Strategies   []string   `json:"strategies" yaml:"strategies"`
	Population   Population `json:"population" yaml:"population"`
	Landscape    Landscape  `json:"landscape" yaml:"landscape"`
	Behaviour    Behaviour  `json:"behaviour" yaml:"behaviour"`
	Funding      Funding    `json:"funding" yaml:"funding"`
}

// Population is the mix of innovators; the shares are what the lab page sets from the live registry.
type Population struct {
	Innovators         int     `json:"innovators" yaml:"innovators"`
	Fields             int     `json:"fields" yaml:"fields"`
	ShareSmall         float64 `json:"share_small" yaml:"share_small"`
	ShareGrassroots    float64 `json:"share_grassroots" yaml:"share_grassroots"`
	ShareNonMainstream float64 `json:"share_non_mainstream" yaml:"share_non_mainstream"`
	DriveGrassroots    float64 `json:"drive_grassroots" yaml:"drive_grassroots"`
	DriveNational      float64 `json:"drive_national" yaml:"drive_national"`
	DriveSpread        float64 `json:"drive_spread" yaml:"drive_spread"`
}

// Landscape sets the NK landscapes of technical approaches, one per field, and what counts as a
// viable approach and as a landmark.
type Landscape struct {
	Bits             int     `json:"bits" yaml:"bits"`
	Ruggedness       int     `json:"ruggedness" yaml:"ruggedness"`
	MainstreamRadius int     `json:"mainstream_radius" yaml:"mainstream_radius"`
	ViableZ          float64 `json:"viable_z" yaml:"viable_z"`
	LandmarkZ        float64 `json:"landmark_z" yaml:"landmark_z"`
	ValueTail        float64 `json:"value_tail" yaml:"value_tail"`
}

// Behaviour sets how ventures burn money, search, earn, grow complacent and try again.
type Behaviour struct {
	BurnSmall        float64 `json:"burn_small" yaml:"burn_small"`
	BurnLarge        float64 `json:"burn_large" yaml:"burn_large"`
	TrialsSmall      int     `json:"trials_small" yaml:"trials_small"`
	TrialsLarge      int     `json:"trials_large" yaml:"trials_large"`
	RunwayQuarters   float64 `json:"runway_quarters" yaml:"runway_quarters"`
	ResourceRunway   float64 `json:"resource_runway" yaml:"resource_runway"`
	ResourceTrials   int     `json:"resource_trials" yaml:"resource_trials"`
	ViableRevenue    float64 `json:"viable_revenue" yaml:"viable_revenue"`
	LandmarkRunway   float64 `json:"landmark_runway" yaml:"landmark_runway"`
	JumpProb         float64 `json:"jump_prob" yaml:"jump_prob"`
	JumpBits         int     `json:"jump_bits" yaml:"jump_bits"`
	ExploreSlack     float64 `json:"explore_slack" yaml:"explore_slack"`
	Complacency      float64 `json:"complacency" yaml:"complacency"`
	ComplacencyHalf  float64 `json:"complacency_half" yaml:"complacency_half"`
	FailureTolerance float64 `json:"failure_tolerance" yaml:"failure_tolerance"`
}

// Funding sets the government's budget and the knobs of its strategies; every strategy gets the
// same Budget.
type Funding struct {
	Budget         float64 `json:"budget" yaml:"budget"`
	RoundQuarters  int     `json:"round_quarters" yaml:"round_quarters"`
	GrantSize      float64 `json:"grant_size" yaml:"grant_size"`
	SmallGrantSize float64 `json:"small_grant_size" yaml:"small_grant_size"`
	ReviewNoise    float64 `json:"review_noise" yaml:"review_noise"`
	MainstreamBias float64 `json:"mainstream_bias" yaml:"mainstream_bias"`
	StatusBias     float64 `json:"status_bias" yaml:"status_bias"`
	LotteryPool    float64 `json:"lottery_pool" yaml:"lottery_pool"`
	Champions      int     `json:"champions" yaml:"champions"`
	Stages         int     `json:"stages" yaml:"stages"`
	MilestoneGain  float64 `json:"milestone_gain" yaml:"milestone_gain"`
}

// DefaultConfig returns the reference configuration, the same as examples/sim/default.yaml.
func DefaultConfig() Config {
	return Config{
		Seed:         20250101,
		Replications: 100,
		Quarters:     40,
		Strategies:   ReferenceStrategyIDs(),
		Population: Population{
			Innovators:         2000,
			Fields:             4,
			ShareSmall:         0.8,
			ShareGrassroots:    0.7,
			ShareNonMainstream: 0.3,
			DriveGrassroots:    0.8,
			DriveNational:      0.6,
			DriveSpread:        0.4,
		},
		Landscape: Landscape{
			Bits:             20,
			Ruggedness:       5,
			MainstreamRadius: 2,
			ViableZ:          2.5,
			LandmarkZ:        3.8,
			ValueTail:        1.5,
		},
		Behaviour: Behaviour{
			BurnSmall:        1,
			BurnLarge:        4,
			TrialsSmall:      1,
			TrialsLarge:      2,
			RunwayQuarters:   6,
			ResourceRunway:   8,
			ResourceTrials:   1,
			ViableRevenue:    1.2,
			LandmarkRunway:   20,
			JumpProb:         0.2,
			JumpBits:         3,
			ExploreSlack:     0.5,
			Complacency:      0.3,
			ComplacencyHalf:  8,
			FailureTolerance: 0.5,
		},
		Funding: Funding{
			Budget:         20000,
			RoundQuarters:  4,
			GrantSize:      40,
			SmallGrantSize: 4,
			ReviewNoise:    1,
			MainstreamBias: 0.5,
			StatusBias:     0.5,
			LotteryPool:    3,
			Champions:      5,
			Stages:         3,
			MilestoneGain:  0.25,
		},
	}
}

// AgentSteps returns the work a Run of c does, in agent-steps (innovators × quarters ×
// replications × strategies), so that callers such as the lab page can bound a request's cost
// before running it; the reference machine does roughly 10⁸ per second on two cores.
func (c Config) AgentSteps() int64 {
	return int64(c.Population.Innovators) * int64(c.Quarters) * int64(c.Replications) * int64(len(c.Strategies))
}
