package sqlstore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// groupCommit runs queued write transactions on SQLite's single write connection in batches:
// one SQLite transaction (one fsync) per batch, each member inside its own savepoint, so that a
// failing member is rolled back alone; every member is acknowledged after the batch commits.
type groupCommit struct {
	once    sync.Once
	queue   chan *groupMember
	stop    chan struct{} // closed by Close
	stopped chan struct{} // closed when the goroutine has ended
	batches atomic.Int64  // batches committed or failed, for benchmarks
	syncs   atomic.Int64  // syncs of the log by a Durable store (wal_sync.go)
	synced  chan syncBatch
	// A Durable store's batches handed to the sync and not yet acknowledged (written by the
	// group goroutine only), and a signal for each acknowledged.
	unsynced int
	acked    chan struct{}
}

type groupMember struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan error
}

// The statements around each member.
const (
	savepointMember = `SAVEPOINT member`
	rollbackMember  = `ROLLBACK TO member`
	releaseMember   = `RELEASE member`
)

// maxGroup is the most members one batch holds.
const maxGroup = 256

// groupTx queues fn for the next batch and waits until the batch has committed (or fn failed).
// Once queued, a member waits for its batch even when its context ends, so that what it is told
// is what happened; a member whose context ended before its turn is not run.
func (s *Store) groupTx(ctx context.Context, fn func(tx *Tx) error) error {
	s.group.once.Do(func() {
		s.group.queue = make(chan *groupMember, maxGroup)
		s.group.stop = make(chan struct{})
		s.group.stopped = make(chan struct{})
		go s.groupLoop()
	})
	m := &groupMember{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.group.queue <- m:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.group.stop:
		return fmt.Errorf("begin: the store is closed")
	}
	return <-m.done
}

// stopGroup ends the batching goroutine, after the batch it is running.
func (s *Store) stopGroup() {
	s.group.once.Do(func() {}) // never start one after this
	if s.group.stop != nil {
		close(s.group.stop)
		<-s.group.stopped
	}
}

func (s *Store) groupLoop() {
	defer close(s.group.stopped)
	if s.durable {
		s.group.synced, s.group.acked = make(chan syncBatch, 8), make(chan struct{}, 32)
		syncStopped := make(chan struct{})
		go s.syncLoop(s.group.synced, syncStopped)
		defer func() {
			close(s.group.synced)
			<-syncStopped
		}()
	}
	for {
		var first *groupMember
		select {
		case first = <-s.group.queue:
		case <-s.group.stop:
			for {
				select {
				case m := <-s.group.queue:
					m.done <- fmt.Errorf("begin: the store is closed")
				default:
					return
				}
			}
		}
		batch := []*groupMember{first}
	drain:
		for len(batch) < maxGroup {
			select {
			case m := <-s.group.queue:
				batch = append(batch, m)
			default:
				break drain
			}
		}
		s.runGroup(batch)
	}
}

// extendGroup adds the next queued member to a running batch while an earlier batch waits for
// the sync of the log (Durable): the batch would wait for a sync after that one anyway, so it
// takes in the members that arrive meanwhile, and commits once no earlier sync is pending.
func (s *Store) extendGroup(batch *[]*groupMember, errs *[]error) bool {
	for s.group.unsynced > 0 && len(*batch) < maxGroup {
		select {
		case m := <-s.group.queue:
			*batch, *errs = append(*batch, m), append(*errs, nil)
			return true
		case <-s.group.acked:
			s.group.unsynced--
		}
	}
	return false
}

func (s *Store) runGroup(batch []*groupMember) {
	s.group.batches.Add(1)
	ctx := context.Background()
	tx, err := s.begin(ctx)
	if err != nil {
		for _, m := range batch {
			m.done <- err
		}
		return
	}
	errs := make([]error, len(batch), maxGroup)
	ok := 0
	for i := 0; i < len(batch) || s.extendGroup(&batch, &errs); i++ {
		m := batch[i]
		if err := m.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if _, err := tx.execPrepared(ctx, savepointMember); err != nil {
			errs[i] = err
			continue
		}
		mtx := *tx
		mtx.now = s.Now().UTC()
		tx.led.mark()
		if err := m.fn(&mtx); err != nil {
			errs[i] = err
			tx.led.reset()
			if _, rerr := tx.execPrepared(ctx, rollbackMember); rerr != nil {
				// The transaction itself is gone: nothing of the batch is committed.
				// The member's failure ended the whole transaction: nothing of the batch is
				// committed, so it fails alone and every other member runs again on its own.
				tx.Rollback()
				for j, m := range batch {
					switch {
					case j == i:
						m.done <- err
					case j < i && errs[j] != nil:
						m.done <- errs[j]
					default:
						m.done <- s.soloTx(m.ctx, m.fn)
					}
				}
				return
			}
		} else {
			ok++
		}
		if _, err := tx.execPrepared(ctx, releaseMember); err != nil && errs[i] == nil {
			errs[i] = err
		}
	}
	// One signed head and one write of the frontier for the whole batch, stamped after its
	// last member.
	tx.now = s.Now().UTC()
	err = tx.saveLedger(ctx)
	if err == nil {
		err = tx.Commit()
	} else {
		tx.Rollback()
	}
	if err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = classify(fmt.Errorf("commit: %w", err))
			}
		}
	} else if s.durable && ok > 0 {
		// Acknowledged once the log is synced, while the next batch runs.
		s.group.synced <- syncBatch{members: batch, errs: errs}
		s.group.unsynced++
		return
	}
	for i, m := range batch {
		m.done <- errs[i]
	}
}
