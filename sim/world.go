package sim

// venture is one innovator's state, in one 32-byte record: a quarter's step reads and writes its
// venture in one place, through one index.
type venture struct {
	work   uint64  // 32-bit threshold of drive: the venture works when uint32(next()) < work
	geno   uint32  // current technical approach
	fit    int32   // its fitness (contribution sum)
	cash   float32 // money left, in the same units as burn and grants
	drive  float32 // self-drive: the probability of doing technical work in a quarter
	field  uint8   // technical field
	kind   uint8   // kindLarge | kindNational | kindNonMainstream
	failed bool    // failed at least once (and restarted) in this run
	found  bool    // staged funding: a landmark since the last tranche
	// rej has bit b set when flipping bit b of the current approach was tried and refused: the
	// flip's fitness is fixed and visits only accumulate, so it would be refused again until the
	// approach changes. It saves re-evaluating a refused flip.
	rej uint32
}

// world is one worker's scratch space, reused for every replication and strategy it runs, so
// that memory does not grow with the number of replications.
type world struct {
	m       *model
	land    landscape
	init    []venture // the replication's initial population, shared by all strategies
	a       []venture // the population as one strategy's run changes it
	live    []int32   // the agents alive, in index order
	stage   []uint8   // staged funding: tranches received; stageDropped when cut off
	ref     []int32   // staged funding: fitness at the last tranche
	visited []uint64  // bitset over (field, approach): visited by anyone
	// distinct counts the bits set in visited (the run's diversity); touched[:nTouched] lists the
	// words of visited set since it was last cleared, so that reset clears only those, unless
	// there were more than touched can hold (touchedAll).
	distinct   int
	touched    []uint32
	nTouched   int
	touchedAll bool
	kernel     tabledKernel // quarterKernel's state
	discovered []discovery  // the quarter's landmarks, waiting for discover
	idx        []int32      // funding scratch: applicants
	score      []float64    // funding scratch: scores by agent
	keys       []float64    // funding scratch: topK's scores, in the applicants' order
}

const stageDropped = 255

// discoveredRoom is how many landmarks of a quarter wait for discover before they are valued (at
// least a step's trials, for quarterKernel).
var discoveredRoom = 256

func newWorld(m *model) *world {
	n := m.n
	return &world{
		m:          m,
		land:       newLandscape(m.fields, m.bits, m.cfg.Landscape.Ruggedness),
		init:       make([]venture, n),
		a:          make([]venture, n),
		stage:      make([]uint8, n),
		ref:        make([]int32, n),
		visited:    make([]uint64, (m.fields<<m.bits+63)/64),
		touched:    make([]uint32, max(64, (m.fields<<m.bits+63)/64/16)),
		discovered: make([]discovery, 0, max(discoveredRoom, m.maxTrials)),
		idx:        make([]int32, 0, n),
		score:      make([]float64, n),
		keys:       make([]float64, n),
	}
}

// populate draws the replication's landscapes and initial population from its own stream.
func (w *world) populate(r *rng) {
	w.land.draw(r)
	p, m := w.m.cfg.Population, w.m
	radius := w.m.cfg.Landscape.MainstreamRadius
	shareSmall, shareGrass, shareNon := threshold32(p.ShareSmall), threshold32(p.ShareGrassroots), threshold32(p.ShareNonMainstream)
	for i := 0; i < m.n; i++ {
		f := r.intn(m.fields)
		x := r.next()
		var k uint8
		if uint64(uint32(x)) >= shareSmall {
			k |= kindLarge
		}
		if x>>32 >= shareGrass {
			k |= kindNational
		}
		y := r.next()
		if uint64(uint32(y)) < shareNon {
			k |= kindNonMainstream
		}
		mean := p.DriveGrassroots
		if k&kindNational != 0 {
			mean = p.DriveNational
		}
		u := float64(float64(y>>32) * 0x1p-32)
		d := mean + float64(p.DriveSpread*(u-0.5))
		d = min(max(d, 0), 1)
		var g uint32
		if k&kindNonMainstream != 0 {
			g = uint32(r.next()) & w.land.approachMask()
		} else {
			g = w.land.mainstream[f]
			for j := 0; j < radius; j++ {
				g ^= 1 << r.intn(m.bits)
			}
		}
		w.init[i] = venture{
			field: uint8(f), kind: k, drive: float32(d), work: threshold32(float64(float32(d))), geno: g,
			fit: w.land.fitness(f, g), cash: m.startCash[k&kindLarge],
		}
	}
}

// reset restores the initial population before a strategy's run and marks the starting
// approaches as visited (they are prior art, not discoveries).
func (w *world) reset() {
	copy(w.a, w.init)
	w.clearVisited()
	clear(w.stage)
	w.live = w.live[:0]
	for i := 0; i < w.m.n; i++ {
		w.live = append(w.live, int32(i))
		v := uint64(w.a[i].field)<<w.land.bits | uint64(w.a[i].geno)
		w.visit(v)
	}
}

// clearVisited empties the visited bitset: the words listed in touched, or all of it.
func (w *world) clearVisited() {
	if w.touchedAll {
		clear(w.visited)
	} else {
		for _, j := range w.touched[:w.nTouched] {
			w.visited[j] = 0
		}
	}
	w.nTouched, w.touchedAll, w.distinct = 0, false, 0
}

// visit marks approach v (field and approach bits) visited, counting it if it is new.
func (w *world) visit(v uint64) {
	word, bit := &w.visited[v>>6], uint64(1)<<(v&63)
	if *word&bit != 0 {
		return
	}
	*word |= bit
	w.distinct++
	if w.nTouched < len(w.touched) {
		w.touched[w.nTouched] = uint32(v >> 6)
		w.nTouched++
	} else {
		w.touchedAll = true
	}
}

// stratOut is what one strategy's run of one replication produced.
type stratOut struct {
	landmarks int
	first     int // quarter (1-based) of the first landmark; 0 if none
	value     float64
	spend     float64
	diversity int
	alive     int
	restarts  int
	grants    int
	// activeSteps counts the quarters of active ventures (the agent-steps that did work).
	activeSteps int
	byKind      [3]int    // landmarks by small, grassroots, non-mainstream innovators
	cum         []float64 // cumulative value at the end of each quarter
	cumMarks    []int     // cumulative landmarks at the end of each quarter
}

func newStratOut(quarters int) stratOut {
	return stratOut{cum: make([]float64, quarters), cumMarks: make([]int, quarters)}
}

func (o *stratOut) reset() {
	cum, marks := o.cum, o.cumMarks
	clear(cum)
	clear(marks)
	*o = stratOut{cum: cum, cumMarks: marks}
}

// runStrategy runs one strategy over the horizon, from the replication's initial population.
func (w *world) runStrategy(st strategy, r *rng, out *stratOut) {
	w.reset()
	out.reset()
	money := 0.0
	roundQ := w.m.cfg.Funding.RoundQuarters
	for q := 0; q < w.m.quarters; q++ {
		if q%roundQ == 0 && st.id != NoSupport {
			money = w.fund(st, money+w.m.roundMoney, r, out)
		}
		w.quarter(q, r, out)
		out.cum[q] = out.value
		out.cumMarks[q] = out.landmarks
	}
	out.diversity = w.distinct
	out.alive = len(w.live)
}
