package sqlstore

import "seedbed"

// innovatorFilterWhere is the WHERE clause of an innovator filter's fields that SQL answers:
// kind, size, innovation type, driver, field, text within the region, and a list of ids.
// A text query is not part of it (the registry search answers that from its index). Both the
// registry listing and a policy's segment evaluation select innovators with it.
func innovatorFilterWhere(f seedbed.InnovatorFilter) where {
	var w where
	for _, c := range []struct{ col, val string }{{"kind", f.Kind}, {"size_class", f.SizeClass},
		{"innovation_type", f.InnovationType}, {"driver", f.Driver}, {"field", f.Field}} {
		if c.val != "" {
			w.add(c.col+" = ?", c.val)
		}
	}
	if f.Region != "" {
		w.add(`region LIKE ? ESCAPE '\'`, likePattern(f.Region))
	}
	if f.IDs != nil {
		w.inInt64("id", f.IDs)
	}
	return w
}
