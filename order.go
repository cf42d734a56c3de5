package seedbed

// Order is the order a list is read in: one of the list's sort keys, and whether it runs from the
// largest (or latest, or last in the alphabet) down. The zero Order is the list's own default.
type Order struct {
	Key  string
	Desc bool
}

// Sorts names the keys one list may be sorted by. Its first key, in the direction Desc gives, is
// the list's default order. The store maps each key to a fixed column; a key not named here is
// refused before it reaches the store.
type Sorts struct {
	Keys []string
	Desc bool
}

// Has reports whether key is one of the list's sort keys.
func (s Sorts) Has(key string) bool {
	for _, k := range s.Keys {
		if k == key {
			return true
		}
	}
	return false
}

// Default is the list's own order.
func (s Sorts) Default() Order { return Order{Key: s.Keys[0], Desc: s.Desc} }

// Resolve returns o, or the list's default when o names no key of the list.
func (s Sorts) Resolve(o Order) Order {
	if o.Key == "" || !s.Has(o.Key) {
		return s.Default()
	}
	return o
}

// The sort keys of the lists people page through.
var (
	AwardSorts       = Sorts{Keys: []string{"id", "innovator", "program", "amount", "released", "status", "awarded_at"}, Desc: true}
	ApplicationSorts = Sorts{Keys: []string{"id", "title", "innovator", "program", "amount", "state", "submitted_at", "outcome"}}
	ProgramSorts     = Sorts{Keys: []string{"id", "title", "state", "budget", "deadline", "applications"}, Desc: true}
	InnovatorSorts   = Sorts{Keys: []string{"id", "name", "kind", "size", "type", "driver", "field", "region"}}
	AuditSorts       = Sorts{Keys: []string{"at", "actor", "role", "action", "entity", "outcome"}, Desc: true}
	ExemptionSorts   = Sorts{Keys: []string{"id", "award", "program", "outcome", "state"}, Desc: true}
	FailureSorts     = Sorts{Keys: []string{"closed_at", "award", "program", "innovator", "category", "released"}, Desc: true}
	MessageSorts     = Sorts{Keys: []string{"created_at", "read"}, Desc: true}
	FlagSorts        = Sorts{Keys: []string{"priority", "innovator", "award", "z", "status"}}
)
