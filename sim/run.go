package sim

import (
	"context"
	"runtime"
	"sync"
)

// Run validates cfg and simulates every strategy in it over cfg.Replications replications, using
// runtime.GOMAXPROCS workers. The result depends only on cfg and ModelVersion, never on the number
// of workers. It returns the validation error, or ctx's error if ctx ends first.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	return runWorkers(ctx, cfg, runtime.GOMAXPROCS(0))
}

// RunProgress is Run that tells progress, after each replication in order, how many of the
// configuration's replications are done.
func RunProgress(ctx context.Context, cfg Config, progress func(done, total int)) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var perRep func(int, []stratOut)
	if progress != nil {
		perRep = func(rep int, _ []stratOut) { progress(rep+1, cfg.Replications) }
	}
	return runModel(ctx, newModel(cfg), runtime.GOMAXPROCS(0), perRep)
}

// repOut is the outcome of one replication: one stratOut per strategy.
type repOut struct {
	rep  int
	outs []stratOut
}

// runWorkers runs replications over the workers and folds their outcomes into the accumulators
// in replication order. At most a window of outcomes is held at a time, so memory does not grow
// with the number of replications.
func runWorkers(ctx context.Context, cfg Config, workers int) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return runModel(ctx, newModel(cfg), workers, nil)
}

// runModel runs m's strategies; perRep, when not nil, sees each replication's outcomes in
// replication order.
func runModel(ctx context.Context, m *model, workers int, perRep func(rep int, outs []stratOut)) (*Result, error) {
	cfg := m.cfg
	workers = max(1, min(workers, cfg.Replications))
	// A window of slots, replication rep in slot rep % window: a worker takes the next
	// replication as soon as it is free, and a slot is reused once its outcome is folded, so no
	// worker waits for the others at the end of a batch.
	window := 4 * workers
	slots := make([]repOut, window)
	done := make([]chan struct{}, window)
	for i := range slots {
		slots[i].outs = make([]stratOut, len(m.strategies))
		for s := range slots[i].outs {
			slots[i].outs[s] = newStratOut(m.quarters)
		}
		done[i] = make(chan struct{}, 1)
	}
	accs := make([]strategyAcc, len(m.strategies))
	var active int64
	baseline := -1
	for s, st := range m.strategies {
		if st.id == NoSupport {
			baseline = s
		}
	}

	jobs := make(chan int, window)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func(w *world) {
			defer wg.Done()
			for rep := range jobs {
				if ctx.Err() == nil {
					w.replicate(cfg.Seed, rep, &slots[rep%window])
				}
				done[rep%window] <- struct{}{}
			}
		}(newWorld(m))
	}
	defer func() {
		close(jobs)
		wg.Wait()
	}()
	sent := min(window, cfg.Replications)
	for rep := range sent {
		jobs <- rep
	}
	for rep := 0; rep < cfg.Replications; rep++ {
		<-done[rep%window]
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out := &slots[rep%window]
		var base *stratOut
		if baseline >= 0 {
			base = &out.outs[baseline]
		}
		for s := range accs {
			accs[s].add(&out.outs[s], base)
			active += int64(out.outs[s].activeSteps)
		}
		if perRep != nil {
			perRep(rep, out.outs)
		}
		if sent < cfg.Replications {
			jobs <- sent // its slot is the one just folded
			sent++
		}
	}

	res := &Result{
		ModelVersion: ModelVersion,
		ConfigHash:   cfg.Hash(),
		Config:       cfg,
		AgentSteps:   cfg.AgentSteps(),
		ActiveSteps:  active,
		Metrics:      MetricLabels(),
	}
	for s, st := range m.strategies {
		res.Strategies = append(res.Strategies, accs[s].result(st))
	}
	return res, nil
}

// Stream purposes: the second coordinate of streamFor after the replication index.
const (
	purposePopulation = 1 << 32 // landscapes and initial population, shared by all strategies
	purposeStrategy   = 2 << 32 // plus the strategy's stable number: its dynamics
)

// replicate runs replication rep of every strategy. All strategies start from the same landscapes
// and population (common random numbers), which sharpens the comparison between them.
func (w *world) replicate(seed uint64, rep int, out *repOut) {
	out.rep = rep
	r := streamFor(seed, uint64(rep), purposePopulation)
	w.populate(&r)
	for s, st := range w.m.strategies {
		rs := streamFor(seed, uint64(rep), purposeStrategy+st.num)
		w.runStrategy(st, &rs, &out.outs[s])
	}
}
