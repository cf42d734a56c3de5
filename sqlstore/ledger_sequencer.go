package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"seedbed"
	"seedbed/ledger"
)

// On PostgreSQL a decision does not append to the ledger inside its own transaction: it
// writes its event row and a row of ledger_queue, and commits without touching the ledger's
// state row, so that concurrent decisions wait on no common lock. A sequencer then appends the
// committed events in batches, in event id order within each batch, with one signed head per
// batch, in a transaction of its own that locks the ledger's state row (the one lock two
// servers sharing the database take in turn, so that the log cannot fork). The decision's
// InTx returns after the batch holding its event has committed, so that an acknowledged
// decision is in the ledger, as on SQLite; if sequencing fails the decision stays committed and
// queued, and the next batch (or the next start, app.Ledger.Open) appends it. Queued events
// are committed decisions: verification counts them in the state it reconciles and does not
// report them as missing from the log.
//
// Each round of the sequencer also chains the audit rows committed since the last
// (audit_sequencer.go), in a transaction of its own after the ledger's.

// seqBatchMax is the most events one sequencer transaction appends.
const seqBatchMax = 1000

// seqPoll is how often the sequencer looks for events queued by other servers.
const seqPoll = 250 * time.Millisecond

type sequencer struct {
	once     sync.Once
	mu       sync.Mutex
	next     chan struct{} // closed when the next round to start has ended
	err      error         // the last round's failure to append, for awaitSequenced
	auditErr error         // the last round's failure to chain audit rows, for ChainAudit
	logged   roundLog      // what the rounds' failures last logged
	kick     chan struct{}
	stop     chan struct{}
	stopped  chan struct{}
	conn     *sql.Conn // the sequencer's own connection, held by its goroutine
}

func (s *Store) startSequencer() {
	s.seq.once.Do(func() {
		s.seq.next = make(chan struct{})
		s.seq.kick = make(chan struct{}, 1)
		s.seq.stop = make(chan struct{})
		s.seq.stopped = make(chan struct{})
		go s.sequenceLoop()
	})
}

// stopSequencer ends the sequencer after the round it is running.
func (s *Store) stopSequencer() {
	s.seq.once.Do(func() {})
	if s.seq.stop != nil {
		close(s.seq.stop)
		<-s.seq.stopped
	}
}

// awaitSequenced asks for a sequencer round that starts after now and waits until it has
// ended: every event committed before the call is then in the ledger, unless the round failed.
func (s *Store) awaitSequenced(ctx context.Context) error {
	err, _ := s.awaitRound(ctx)
	return err
}

// awaitRound asks for a sequencer round that starts after now, waits until it has ended and
// returns its failures to append events and to chain audit rows.
func (s *Store) awaitRound(ctx context.Context) (ledgerErr, auditErr error) {
	s.startSequencer()
	s.seq.mu.Lock()
	done := s.seq.next
	s.seq.mu.Unlock()
	s.kickSequencer()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err(), ctx.Err()
	case <-s.seq.stopped:
		err := fmt.Errorf("ledger: the store is closed")
		return err, err
	}
	s.seq.mu.Lock()
	defer s.seq.mu.Unlock()
	return s.seq.err, s.seq.auditErr
}

// roundLog logs the sequencer's failures for the operator, once when a failure starts or
// changes and once when the rounds succeed again, not at every poll: decisions that wait for a
// failed round get its error, but the rounds that run on their own (the poll, an audited
// commit's request) have no one else to tell.
type roundLog struct{ ledger, audit string }

// note logs what changed since the last round: err of appending decisions to the ledger,
// auditErr of chaining audit rows.
func (l *roundLog) note(log *slog.Logger, err, auditErr error) {
	for _, r := range []struct {
		last *string
		what string
		err  error
	}{{&l.ledger, "ledger sequencer: appending decisions", err}, {&l.audit, "ledger sequencer: chaining audit rows", auditErr}} {
		now := ""
		if r.err != nil {
			now = r.err.Error()
		}
		switch {
		case now == *r.last:
		case now == "":
			log.Info(r.what+" works again", "after", *r.last)
		default:
			log.Error(r.what+" failed; it is tried again at every round", "err", now)
		}
		*r.last = now
	}
}

// kickSequencer asks for a sequencer round without waiting for it.
func (s *Store) kickSequencer() {
	s.startSequencer()
	select {
	case s.seq.kick <- struct{}{}:
	default: // a round is asked for already; it has not started, so it is ours too
	}
}

// SequenceLedger appends to the ledger every committed decision event still waiting for it
// (on PostgreSQL, after a crash, say); on SQLite, where decisions append in their own
// transactions, there is never any. The use-case layer calls it at start-up, once the store
// holds the signing key.
func (s *Store) SequenceLedger(ctx context.Context) error {
	if s.dialect != Postgres || s.unledgered {
		return nil
	}
	return s.awaitSequenced(ctx)
}

func (s *Store) sequenceLoop() {
	defer close(s.seq.stopped)
	defer func() {
		if s.seq.conn != nil {
			s.seq.conn.Close()
		}
	}()
	tick := time.NewTicker(seqPoll)
	defer tick.Stop()
	for {
		select {
		case <-s.seq.kick:
		case <-tick.C:
		case <-s.seq.stop:
			return
		}
		s.seq.mu.Lock()
		done := s.seq.next
		s.seq.next = make(chan struct{})
		s.seq.mu.Unlock()
		var err, auditErr error
		for {
			var n int
			if n, err = s.sequenceBatch(context.Background()); err != nil || n < seqBatchMax {
				break
			}
		}
		for {
			var n int
			if n, auditErr = s.chainAuditBatch(context.Background()); auditErr != nil || n < seqBatchMax {
				break
			}
		}
		s.seq.mu.Lock()
		s.seq.err, s.seq.auditErr = err, auditErr
		s.seq.mu.Unlock()
		s.seq.logged.note(slog.Default(), err, auditErr)
		close(done)
	}
}

// sequenceBatch appends up to seqBatchMax queued events in one transaction and returns how
// many it appended.
func (s *Store) sequenceBatch(ctx context.Context) (int, error) {
	// An idle poll costs one read, not the state row's lock.
	stx, err := s.seqBegin(ctx, `SELECT EXISTS (SELECT 1 FROM ledger_queue)`)
	if err != nil || stx == nil {
		return 0, err
	}
	tx := s.wrapTx(stx)
	defer tx.Rollback()
	lt, err := tx.ledgerState(ctx) // locks the state row: one sequencer at a time
	if err != nil {
		return 0, err
	}
	if lt.fresh {
		// Not started yet: start it, as the first append on SQLite does, entering every event
		// recorded so far (queued ones included).
		if err := lt.backfill(ctx, tx); err != nil {
			return 0, err
		}
		tx.now = s.Now().UTC()
		if err := tx.saveLedger(ctx); err != nil {
			return 0, err
		}
		return 0, tx.Commit()
	}
	tx.now = s.Now().UTC()
	evs, refused, err := s.queuedBatch(ctx, tx)
	if err != nil {
		return 0, err
	}
	if len(evs)+len(refused.eventID) == 0 {
		return 0, nil
	}
	b := entryBatch{}
	for i := range evs {
		if err := b.add(lt, tx, &evs[i]); err != nil {
			return 0, err
		}
	}
	if len(evs) > 0 {
		if err := b.write(ctx, tx); err != nil {
			return 0, err
		}
	}
	if err := refused.write(ctx, tx); err != nil {
		return 0, err
	}
	tx.now = s.Now().UTC()
	if err := tx.saveLedger(ctx); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, classify(fmt.Errorf("commit: %w", err))
	}
	return len(evs) + len(refused.eventID), nil
}

// seqBegin begins a transaction on the sequencer's connection when the query waiting, which
// reads one boolean, says there is work; it returns nil when there is none.
func (s *Store) seqBegin(ctx context.Context, waiting string) (*sql.Tx, error) {
	// The sequencer keeps a connection of its own, so that it never queues for the pool
	// behind the decisions that wait for it.
	if s.seq.conn == nil {
		c, err := s.write.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("ledger sequencer: %w", err)
		}
		s.seq.conn = c
	}
	var work bool
	err := s.seq.conn.QueryRowContext(ctx, waiting).Scan(&work)
	if err == nil && !work {
		return nil, nil
	}
	var tx *sql.Tx
	if err == nil {
		tx, err = s.seq.conn.BeginTx(ctx, nil)
	}
	if err != nil {
		s.seq.conn.Close() // a broken connection is replaced next time
		s.seq.conn = nil
		return nil, fmt.Errorf("ledger sequencer: %w", err)
	}
	return tx, nil
}

// scanEvents reads decision event rows (id, at, kind, actor, actor_role, subject, payload)
// and closes rows.
func scanEvents(rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}) ([]seedbed.Event, error) {
	defer rows.Close()
	var evs []seedbed.Event
	for rows.Next() {
		var e seedbed.Event
		var at, payload string
		if err := rows.Scan(&e.ID, &at, &e.Kind, &e.Actor, &e.ActorRole, &e.Subject, &payload); err != nil {
			return nil, err
		}
		e.At, e.Payload = parseTime(at), json.RawMessage(payload)
		evs = append(evs, e)
	}
	return evs, rows.Err()
}

// entryBatch gathers the rows a sequencer batch writes, to insert them with one statement per
// table.
type entryBatch struct {
	idx, eventID, nodeID, cpSize []int64
	entry, leaf, root, nodeHash  [][]byte
	cpHead                       []string
}

func (b *entryBatch) add(lt *ledgerTx, tx *Tx, ev *seedbed.Event) error {
	e, err := ledger.EventEntry(ev)
	if err != nil {
		return err
	}
	rec, nodes, err := ledger.AppendEntry(lt.f, e)
	if err != nil {
		return fmt.Errorf("ledger entry of event %d (%s): %w", ev.ID, ev.Kind, err)
	}
	lt.dirty = true
	b.idx, b.eventID = append(b.idx, int64(rec.Index)), append(b.eventID, ev.ID)
	b.entry, b.leaf, b.root = append(b.entry, rec.Entry), append(b.leaf, rec.LeafHash[:]), append(b.root, rec.Root[:])
	for _, n := range nodes {
		if n.Level < storedNodeLevel {
			continue
		}
		b.nodeID, b.nodeHash = append(b.nodeID, nodeKey(n.Level, n.Index)), append(b.nodeHash, n.Hash[:])
	}
	if lt.signer != nil && lt.f.Size()%CheckpointInterval == 0 {
		hb, err := lt.signHead(tx)
		if err != nil {
			return err
		}
		b.cpSize, b.cpHead = append(b.cpSize, int64(lt.f.Size())), append(b.cpHead, string(hb))
	}
	return nil
}

// write inserts the batch's rows and takes its events off the queue (PostgreSQL).
func (b *entryBatch) write(ctx context.Context, tx *Tx) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (idx, entry, leaf_hash, root, event_id)
		SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bigint[])`,
		b.idx, b.entry, b.leaf, b.root, b.eventID); err != nil {
		return classify(err)
	}
	if len(b.nodeID) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_nodes (id, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[])`,
			b.nodeID, b.nodeHash); err != nil {
			return classify(err)
		}
	}
	if len(b.cpSize) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_checkpoints (size, head) SELECT * FROM unnest($1::bigint[], $2::text[])`,
			b.cpSize, b.cpHead); err != nil {
			return classify(err)
		}
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM ledger_queue WHERE event_id = ANY($1::bigint[])`, b.eventID)
	return err
}
