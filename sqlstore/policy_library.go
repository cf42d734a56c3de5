package sqlstore

import (
	"context"
	"database/sql"
	"runtime"
	"sync"
	"time"
	"weak"

	"seedbed/policy"
)

// policyCache keeps the published policies compiled, so that an evaluation costs CEL programs
// only, never parsing. It rebuilds when the library version (bumped by every publication, from
// any process) moves on; a rebuilt library replaces the old one, so a caller holding the old
// one keeps a consistent snapshot.
type policyCache struct {
	mu      sync.Mutex
	version int64
	loaded  bool
	lib     *policy.Library
}

// policyCaches maps each open Store to its cache. The key is a weak pointer and a cleanup
// removes the entry, so a Store that is closed and dropped (tests open hundreds) takes its
// compiled library with it; Store itself stays as the foundation defined it.
var policyCaches sync.Map // weak.Pointer[Store] → *policyCache

func (s *Store) policyCache() *policyCache {
	key := weak.Make(s)
	if v, ok := policyCaches.Load(key); ok {
		return v.(*policyCache)
	}
	v, loaded := policyCaches.LoadOrStore(key, &policyCache{})
	if !loaded {
		runtime.AddCleanup(s, func(k weak.Pointer[Store]) { policyCaches.Delete(k) }, key)
	}
	return v.(*policyCache)
}

// PolicyLibrary returns every published policy version, compiled: the library that answers
// "which policies apply" and "as of" questions. It is rebuilt only after a publication.
func (s *Store) PolicyLibrary(ctx context.Context) (*policy.Library, error) {
	pc := s.policyCache()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	var v int64
	if err := s.read.QueryRowContext(ctx, `SELECT version FROM policy_library_version WHERE id = 1`).Scan(&v); err != nil {
		return nil, err
	}
	if pc.loaded && v == pc.version {
		return pc.lib, nil
	}
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT version FROM policy_library_version WHERE id = 1`).Scan(&v); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT file_name, source FROM policy_versions WHERE status = 'published' ORDER BY policy_id, version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	lib := policy.NewLibrary()
	for rows.Next() {
		var file, src string
		if err := rows.Scan(&file, &src); err != nil {
			return nil, err
		}
		if err := addCompiled(lib, file, src); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	pc.lib, pc.version, pc.loaded = lib, v, true
	return lib, nil
}

// indicatorSource supplies figures from outside the registry that policies read as
// indicators (a technology-contract value, own investment, honest failures …) for one
// innovator on one day; the map it returns may be nil.
type indicatorSource func(ctx context.Context, s *Store, innovatorID int64, asOf time.Time) (map[string]float64, error)

// indicatorSources lists every source of indicators from outside the registry.
var indicatorSources = []indicatorSource{honestFailures}

// PolicyIndicators gathers an innovator's indicators on a day from every registered source (a
// later source wins a name both give). Without sources it returns nil, and a clause that
// reads an indicator is "cannot decide", never false.
func (s *Store) PolicyIndicators(ctx context.Context, innovatorID int64, asOf time.Time) (map[string]float64, error) {
	var out map[string]float64
	for _, src := range indicatorSources {
		m, err := src(ctx, s, innovatorID, asOf)
		if err != nil {
			return nil, err
		}
		for k, v := range m {
			if out == nil {
				out = make(map[string]float64, len(m))
			}
			out[k] = v
		}
	}
	return out, nil
}
