package policy

import (
	"io/fs"
	"path"
	"sort"
	"sync"
	"time"

	"seedbed"
)

// Library holds every published version of every policy. A version, once added, never changes:
// a change is a new version, with its own effective dates that may not overlap another
// version's of the same policy. Evaluation "as of" a day uses the version in force that day,
// and the history stays queryable. A Library is safe for concurrent use.
type Library struct {
	mu   sync.RWMutex
	byID map[string][]*Compiled // each sorted by effective_from
}

// NewLibrary returns an empty library.
func NewLibrary() *Library {
	return &Library{byID: map[string][]*Compiled{}}
}

// Add publishes a compiled version. It refuses a version whose (id, version) is already
// published and one whose effective dates overlap another version of the same id, naming both;
// the errors have code conflict. A version that succeeds an open-ended one (Succeeds) ends it
// the day before its own first day, as a dated parameter's new value does in OpenFisca.
func (l *Library) Add(c *Compiled) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.conflicts(c); err != nil {
		return err
	}
	vs := l.byID[c.doc.ID]
	if old := l.succeeds(c); old != nil {
		ended := *old
		doc := *old.doc
		doc.EffectiveTo = SuccessionEnd(c)
		ended.doc = &doc
		vs = append([]*Compiled(nil), vs...)
		for i, o := range vs {
			if o == old {
				vs[i] = &ended
			}
		}
	}
	vs = append(vs, c)
	sort.Slice(vs, func(i, j int) bool { return vs[i].doc.EffectiveFrom.Before(vs[j].doc.EffectiveFrom) })
	l.byID[c.doc.ID] = vs
	return nil
}

// Conflicts reports what Add would refuse, without adding: for checking an upload before
// it is published.
func (l *Library) Conflicts(c *Compiled) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.conflicts(c)
}

// Succeeds returns the published version that c succeeds, or nil: the open-ended version of the
// same policy, with a lower version number, in force from a day before c's first day. Publishing
// c ends it the day before c's first day; any other overlap is a conflict.
func (l *Library) Succeeds(c *Compiled) *Compiled {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.succeeds(c)
}

func (l *Library) succeeds(c *Compiled) *Compiled {
	d := c.doc
	for _, o := range l.byID[d.ID] {
		od := o.doc
		if od.EffectiveTo.IsZero() && od.EffectiveFrom.Before(d.EffectiveFrom) && od.Version < d.Version {
			return o
		}
	}
	return nil
}

// SuccessionEnd is the last day of the version that c succeeds: the day before c's first day.
func SuccessionEnd(c *Compiled) Date {
	return DateOf(c.doc.EffectiveFrom.Time().AddDate(0, 0, -1))
}

func (l *Library) conflicts(c *Compiled) error {
	d := c.doc
	var errs ErrorList
	succeeded := l.succeeds(c)
	for _, o := range l.byID[d.ID] {
		od := o.doc
		switch {
		case od.Version == d.Version:
			errs = append(errs, Error{File: d.File, Line: d.position("version").Line, Column: d.position("version").Column, Code: seedbed.ECONFLICT,
				Text: seedbed.Label{Zh: "政策 %s 的第 %d 版已发布（%s），已发布的版本不可更改，请使用新的版本号", En: "version %[2]d of %[1]s is already published (%[3]s); published versions are immutable, use a new version number"}, Args: []any{d.ID, d.Version, od.File}})
		case o == succeeded:
			// a succession, not an overlap: c ends od
		case d.overlaps(od):
			p := d.position("effective_from")
			errs = append(errs, Error{File: d.File, Line: p.Line, Column: p.Column, Code: seedbed.ECONFLICT,
				Text: seedbed.Label{Zh: "政策 %s 第 %d 版的有效期 %s 至 %s 与第 %d 版（%s）的 %s 至 %s 重叠", En: "%s version %d (%s to %s) overlaps version %d (%s) in force %s to %s"}, Args: []any{d.ID, d.Version, d.EffectiveFrom, openEnd(d.EffectiveTo), od.Version, od.File, od.EffectiveFrom, openEnd(od.EffectiveTo)}})
		}
	}
	return errs.Err()
}

// InForce returns, for each policy id, the version in force on the day of t, ordered by id.
func (l *Library) InForce(t time.Time) []*Compiled {
	d := DateOf(t)
	l.mu.RLock()
	defer l.mu.RUnlock()
	var out []*Compiled
	for _, id := range l.idsLocked() {
		if c := inForce(l.byID[id], d); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// At returns the version of id in force on the day of t, or nil.
func (l *Library) At(id string, t time.Time) *Compiled {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return inForce(l.byID[id], DateOf(t))
}

func inForce(vs []*Compiled, d Date) *Compiled {
	for _, c := range vs {
		if c.doc.InForce(d) {
			return c
		}
	}
	return nil
}

// Version returns one version of a policy, or nil.
func (l *Library) Version(id string, version int) *Compiled {
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, c := range l.byID[id] {
		if c.doc.Version == version {
			return c
		}
	}
	return nil
}

// Versions returns every version of a policy in order of their effective dates.
func (l *Library) Versions(id string) []*Compiled {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return append([]*Compiled(nil), l.byID[id]...)
}

// IDs returns the policy ids, sorted.
func (l *Library) IDs() []string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.idsLocked()
}

func (l *Library) idsLocked() []string {
	ids := make([]string, 0, len(l.byID))
	for id := range l.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Evaluate answers "which policies apply to me": every policy in force on the day of asOf,
// evaluated for the innovator with explanations, ordered by policy id.
func (l *Library) Evaluate(in *seedbed.Innovator, asOf time.Time, indicators map[string]float64) []Result {
	x := NewInput(in, asOf, indicators)
	cs := l.InForce(asOf)
	out := make([]Result, len(cs))
	for i, c := range cs {
		out[i] = c.EvaluateInput(x)
	}
	return out
}

// LoadFS loads every *.yaml file at the top of fsys (the embedded starter library, say) with
// Load, so each must pass its tests, and adds them to a new library. All problems of all files
// are returned together.
func LoadFS(fsys fs.FS) (*Library, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	lib := NewLibrary()
	var errs ErrorList
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		c, err := Load(path.Base(name), src)
		if err != nil {
			errs = appendErr(errs, err)
			continue
		}
		if err := lib.Add(c); err != nil {
			errs = appendErr(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return lib, nil
}

// appendErr adds an ErrorList's entries, or any other error as one entry.
func appendErr(errs ErrorList, err error) ErrorList {
	if el, ok := err.(ErrorList); ok {
		return append(errs, el...)
	}
	return append(errs, Error{Code: seedbed.EINTERNAL, Text: seedbed.Same("%v"), Args: []any{err}})
}
