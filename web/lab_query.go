package web

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"seedbed"
)

// queryInts reads whole numbers from the query into the named fields, leaving a field as it is
// when its parameter is empty, and returns an error per field that is not a whole number.
func queryInts(q url.Values, fields map[string]*int) seedbed.Errors {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	var es seedbed.Errors
	for _, name := range names {
		if v := strings.TrimSpace(q.Get(name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				es = append(es, seedbed.FieldError(name, seedbed.Label{Zh: "应为整数", En: "must be a whole number"}))
				continue
			}
			*fields[name] = n
		}
	}
	return es
}

// queryUint64 reads a non-negative whole number (a seed) from the query into dst.
func queryUint64(q url.Values, name string, dst *uint64) seedbed.Errors {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return seedbed.Errors{seedbed.FieldError(name, seedbed.Label{Zh: "应为非负整数", En: "must be a non-negative whole number"})}
	}
	*dst = n
	return nil
}
