package sqlstore

import (
	"strings"

	"seedbed"
)

// orderBy returns the ORDER BY clause putting a list in order o: each sort key of the list maps to
// fixed column expressions in cols, the direction applies to each of them, and tie (a unique
// column) keeps pages stable. An empty or unknown key gives the list's default order. Only these
// fixed fragments become SQL, never the key itself.
func orderBy(o seedbed.Order, s seedbed.Sorts, cols map[string][]string, tie string) string {
	o = s.Resolve(o)
	exprs, ok := cols[o.Key]
	if !ok {
		o = s.Default()
		exprs = cols[o.Key]
	}
	dir := " ASC"
	if o.Desc {
		dir = " DESC"
	}
	parts := make([]string, 0, len(exprs)+1)
	for _, e := range exprs {
		parts = append(parts, e+dir)
	}
	if tie != "" {
		parts = append(parts, tie+dir)
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}

// The columns behind each list's sort keys (seedbed's *Sorts). A nullable column sorts its empty
// values last going up, first going down, on both engines.
var (
	awardOrder = map[string][]string{"id": {"w.id"}, "innovator": {"i.name"}, "program": {"p.title"}, "amount": {"w.amount"},
		"released": {"w.released"}, "status": {"w.status"}, "awarded_at": {"w.awarded_at"}}
	applicationOrder = map[string][]string{"id": {"a.id"}, "title": {"a.title"}, "innovator": {"i.name"}, "program": {"p.title"},
		"amount": {"a.amount"}, "state": {"a.state"}, "submitted_at": {"(a.submitted_at IS NULL)", "a.submitted_at"}, "outcome": {"a.outcome"}}
	programOrder = map[string][]string{"id": {"id"}, "title": {"title"}, "state": {"state"}, "budget": {"budget"},
		"deadline": {"deadline"}, "applications": {"(SELECT count(*) FROM applications a WHERE a.program_id = programs.id AND a.state = 'submitted')"}}
	innovatorOrder = map[string][]string{"id": {"id"}, "name": {"name"}, "kind": {"kind"}, "size": {"size_class"}, "type": {"innovation_type"},
		"driver": {"driver"}, "field": {"field"}, "region": {"region"}}
	auditOrder     = map[string][]string{"at": {"id"}, "actor": {"actor"}, "role": {"role"}, "action": {"action"}, "entity": {"entity", "entity_id"}, "outcome": {"outcome"}}
	exemptionOrder = map[string][]string{"id": {"c.id"}, "award": {"c.award_id"}, "program": {"p.title"},
		"outcome": {"CASE WHEN c.final_outcome <> '' THEN c.final_outcome ELSE c.draft_outcome END"}, "state": {"c.state"}}
	failureOrder = map[string][]string{"closed_at": {"f.closed_at"}, "award": {"f.award_id"}, "program": {"p.title"}, "innovator": {"i.name"},
		"category": {"f.category"}, "released": {"f.released"}}
	messageOrder = map[string][]string{"created_at": {"created_at"}, "read": {"(read_at IS NULL)", "read_at"}}
	flagOrder    = map[string][]string{
		"priority": {"CASE WHEN f.status = 'open' THEN 0 ELSE 1 END", "CASE WHEN f.active THEN 0 ELSE 1 END",
			"CASE WHEN f.relative_decline AND f.stall THEN 0 ELSE 1 END", "f.z"},
		"innovator": {"coalesce(i.name, '')"}, "award": {"coalesce(f.award_id, 0)"}, "z": {"f.z"}, "status": {"f.status"}}
)
