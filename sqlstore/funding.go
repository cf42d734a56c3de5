package sqlstore

import (
	"context"
	"sync"

	"seedbed"
)

// bumpFunding marks the awards, or the state of applications, as changed inside tx: a server's
// figures over them (fundingFigures) are counted again after it commits, whichever process wrote.
// It bumps one slot of the version (version.go), so that concurrent writers do not wait on one
// another's row lock.
func bumpFunding(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, bumpFundingQuery.query(tx.dialect))
	return err
}

// fundingVersion is a number that rises with every write to awards and to the state of
// applications (bumpFunding): the sum of the version's slots.
func (s *Store) fundingVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.read.QueryRowContext(ctx, fundingVersionQuery).Scan(&v)
	return v, err
}

// fundingFigures keeps, for one funding version, what the awards list and the programs list show
// on every request and had counted over every award and application each time (tens of
// milliseconds at two hundred thousand awards): the sums of awards by status, and each program's
// count of submitted applications. The figures are read after the version, so that what is kept
// under a version is at least as new as it.
type fundingFigures struct {
	mu        sync.Mutex
	version   int64
	valid     bool
	sums      map[string]seedbed.AwardSums // by status, "" for every award
	submitted map[int64]int                // by program; nil until read
	awards    *[2]int64                    // how many awards, and the last one's id; nil until read
}

// at returns the figures kept for version v, after forgetting them if they are of another one.
// The caller holds f.mu.
func (f *fundingFigures) at(v int64) *fundingFigures {
	if !f.valid || f.version != v {
		f.version, f.valid, f.sums, f.submitted, f.awards = v, true, map[string]seedbed.AwardSums{}, nil, nil
	}
	return f
}

// sumAwards is SumAwards for a filter of status only, from the figures when they are of the
// current version.
func (s *Store) sumAwards(ctx context.Context, status string) (seedbed.AwardSums, error) {
	v, err := s.fundingVersion(ctx)
	if err != nil {
		return seedbed.AwardSums{}, err
	}
	s.funding.mu.Lock()
	sums, ok := s.funding.at(v).sums[status]
	s.funding.mu.Unlock()
	if ok {
		return sums, nil
	}
	sums, err = s.sumAwardsSQL(ctx, seedbed.AwardFilter{Status: status})
	if err != nil {
		return sums, err
	}
	s.funding.mu.Lock()
	s.funding.at(v).sums[status] = sums
	s.funding.mu.Unlock()
	return sums, nil
}

// submittedByProgram returns each program's count of submitted applications.
func (s *Store) submittedByProgram(ctx context.Context) (map[int64]int, error) {
	v, err := s.fundingVersion(ctx)
	if err != nil {
		return nil, err
	}
	s.funding.mu.Lock()
	m := s.funding.at(v).submitted
	s.funding.mu.Unlock()
	if m != nil {
		return m, nil
	}
	m = map[int64]int{}
	err = eachRow(ctx, s.read, `SELECT program_id, count(*) FROM applications WHERE state = 'submitted' GROUP BY program_id`, nil,
		func(sc scanner) error {
			var id int64
			var n int
			if err := sc.Scan(&id, &n); err != nil {
				return err
			}
			m[id] = n
			return nil
		})
	if err != nil {
		return nil, err
	}
	s.funding.mu.Lock()
	if f := s.funding.at(v); f.submitted == nil {
		f.submitted = m
	}
	s.funding.mu.Unlock()
	return m, nil
}

// awardsCount returns how many awards there are and the last one's id (of the monitoring key),
// kept per funding version: counting two hundred thousand awards took 12 ms on every monitoring
// page.
func (s *Store) awardsCount(ctx context.Context) (total, last int64, err error) {
	v, err := s.fundingVersion(ctx)
	if err != nil {
		return 0, 0, err
	}
	s.funding.mu.Lock()
	a := s.funding.at(v).awards
	s.funding.mu.Unlock()
	if a != nil {
		return a[0], a[1], nil
	}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0) FROM awards`).Scan(&total, &last); err != nil {
		return 0, 0, err
	}
	s.funding.mu.Lock()
	s.funding.at(v).awards = &[2]int64{total, last}
	s.funding.mu.Unlock()
	return total, last, nil
}
