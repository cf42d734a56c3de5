package ledger

// defaultBatch is the number of entries whose roots one worker recomputes at a time: large
// enough that handing a batch over costs little, small enough to keep memory constant.
const defaultBatch = 4096

// rootPool recomputes the root after every entry on worker goroutines. The caller's goroutine
// reads the rows, hashes the leaves and keeps the frontier (about a third of the work); it
// hands each batch of leaf hashes, stored roots and head roots to a worker together with a copy
// of the frontier at the batch's start, and the worker recomputes the roots from there. Results
// are taken in batch order, so the first problem found is the first in the log.
type rootPool struct {
	batch    int
	jobs     chan *rootBatch
	inflight []*rootBatch // dispatched, oldest first
	cur      *rootBatch   // being filled
	free     []*rootBatch
	max      int    // most batches in flight
	first    *found // first problem found by a worker
	// headProblem builds the head_root problem of head j; it only reads the checker's heads.
	headProblem func(j int) *Problem
}

type rootBatch struct {
	start  uint64    // log size before the first leaf
	f      *Frontier // frontier at start; the worker advances it
	leaves []Hash
	roots  []Hash
	heads  []batchHead
	res    *found
	done   chan struct{}
}

// batchHead is a signed head whose root is compared after the leaf that brings the log to size.
type batchHead struct {
	j    int
	size uint64
	root Hash
}

func newRootPool(workers, batch int, headProblem func(int) *Problem) *rootPool {
	p := &rootPool{batch: batch, jobs: make(chan *rootBatch, workers), max: 2*workers + 1, headProblem: headProblem}
	for range workers {
		go func() {
			for b := range p.jobs {
				b.res = b.run(p.headProblem)
				b.done <- struct{}{}
			}
		}()
	}
	return p
}

// add queues the next leaf and its stored root; f is the frontier before the leaf.
func (p *rootPool) add(f *Frontier, leaf, root Hash) {
	if p.cur == nil {
		p.cur = p.newBatch(f)
	}
	p.cur.leaves = append(p.cur.leaves, leaf)
	p.cur.roots = append(p.cur.roots, root)
}

// addHead queues a head root check after the leaf added last.
func (p *rootPool) addHead(j int, root Hash) {
	b := p.cur
	b.heads = append(b.heads, batchHead{j: j, size: b.start + uint64(len(b.leaves)), root: root})
}

func (p *rootPool) newBatch(f *Frontier) *rootBatch {
	var b *rootBatch
	if n := len(p.free); n > 0 {
		b, p.free = p.free[n-1], p.free[:n-1]
		b.leaves, b.roots, b.heads, b.res = b.leaves[:0], b.roots[:0], b.heads[:0], nil
	} else {
		b = &rootBatch{f: NewFrontier(f.alg), leaves: make([]Hash, 0, p.batch), roots: make([]Hash, 0, p.batch), done: make(chan struct{}, 1)}
	}
	b.start = f.size
	b.f.size = f.size
	b.f.nodes = append(b.f.nodes[:0], f.nodes...)
	return b
}

// flushIfFull hands the current batch to a worker once it is full, and returns the first
// problem found so far.
func (p *rootPool) flushIfFull() *found {
	if p.cur != nil && len(p.cur.leaves) >= p.batch {
		p.dispatch()
	}
	return p.first
}

func (p *rootPool) dispatch() {
	b := p.cur
	p.cur = nil
	if p.first != nil { // only the first problem matters; skip the work
		p.free = append(p.free, b)
		return
	}
	if len(p.inflight) >= p.max {
		p.collect(true)
	}
	p.inflight = append(p.inflight, b)
	p.jobs <- b
}

// collect takes finished batches in order; with wait it waits for the oldest one.
func (p *rootPool) collect(wait bool) {
	for len(p.inflight) > 0 {
		b := p.inflight[0]
		if wait {
			<-b.done
			wait = false
		} else {
			select {
			case <-b.done:
			default:
				return
			}
		}
		p.inflight = p.inflight[1:]
		if p.first == nil && b.res != nil {
			p.first = b.res
		}
		p.free = append(p.free, b)
	}
}

// poll returns the first problem found so far without waiting.
func (p *rootPool) poll() *found {
	p.collect(false)
	return p.first
}

// close checks the last partial batch, waits for all workers, stops them and returns the first
// problem they found.
func (p *rootPool) close() *found {
	if p.cur != nil && len(p.cur.leaves) > 0 {
		p.dispatch()
	}
	for len(p.inflight) > 0 {
		p.collect(true)
	}
	close(p.jobs)
	return p.first
}

// run recomputes the batch's roots and compares them with the stored roots and head roots.
func (b *rootBatch) run(headProblem func(int) *Problem) *found {
	h := 0
	for i, leaf := range b.leaves {
		b.f.push(leaf)
		root := b.f.Root()
		size := b.start + uint64(i) + 1
		if root != b.roots[i] {
			return &found{problemKey{size, 1, 0}, newProblem(ProblemRootChanged, size-1, size-1, nil)}
		}
		for ; h < len(b.heads) && b.heads[h].size == size; h++ {
			if b.heads[h].root != root {
				return &found{problemKey{size, 2, b.heads[h].j}, headProblem(b.heads[h].j)}
			}
		}
	}
	return nil
}
