package sqlstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Durable commits on SQLite (Options.Durable): a write transaction is acknowledged only once
// the write-ahead log holding its commit is on disk, as with synchronous=FULL, which syncs the
// log inside every commit. Here the connection commits at synchronous=NORMAL (SQLite still
// syncs the log before every checkpoint and the database after it) and the store syncs the log
// itself after the commit: group commit hands each committed batch to a second goroutine, which
// syncs once for every batch waiting and then acknowledges their members, while the next batch
// already runs on the connection. The log is written in order, so the sync that covers a
// batch's commit covers every commit before it, and an acknowledged transaction never rests
// on one a power cut could take away. What a power cut can take away is a transaction
// committed but not yet acknowledged, which other readers may already have seen — as they
// can see a decision whose writer has not been answered yet on any engine.

// syncBatch is a committed batch waiting for the sync of the log before its members hear.
type syncBatch struct {
	members []*groupMember
	errs    []error
}

// syncLog makes everything written to the database's log so far durable. A missing log was
// checkpointed into the database and removed, which syncs the database first.
func (s *Store) syncLog() error {
	if s.syncHook != nil {
		return s.syncHook()
	}
	f, err := os.OpenFile(s.Path+"-wal", os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		f, err = os.OpenFile(s.Path, os.O_RDWR, 0)
	}
	if err != nil {
		return fmt.Errorf("sync the log: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync the log: %w", err)
	}
	return nil
}

// syncLoop acknowledges committed batches after syncing the log, once for all those waiting.
func (s *Store) syncLoop(queue <-chan syncBatch, done chan<- struct{}) {
	defer close(done)
	for b := range queue {
		waiting := []syncBatch{b}
	drain:
		for {
			select {
			case b, ok := <-queue:
				if !ok {
					break drain
				}
				waiting = append(waiting, b)
			default:
				break drain
			}
		}
		err := s.syncLog()
		s.group.syncs.Add(1)
		for _, b := range waiting {
			for i, m := range b.members {
				if b.errs[i] == nil && err != nil {
					b.errs[i] = err
				}
				m.done <- b.errs[i]
			}
			s.group.acked <- struct{}{}
		}
	}
}
