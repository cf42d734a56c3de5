package sqlstore

import (
	"strconv"
	"strings"
)

// where builds a WHERE clause from fixed SQL fragments and placeholder arguments. User text only
// ever travels as an argument, never as SQL.
type where struct {
	conds []string
	args  []any
}

// add appends a condition; each "?" in cond becomes the next numbered placeholder.
func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' && i < len(args) {
			w.args = append(w.args, args[i])
			i++
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

// inInt64 adds "column IN (…)" for a list of ids.
func (w *where) inInt64(column string, ids []int64) {
	ph := make([]string, len(ids))
	for i, id := range ids {
		w.args = append(w.args, id)
		ph[i] = "$" + strconv.Itoa(len(w.args))
	}
	w.conds = append(w.conds, column+" IN ("+strings.Join(ph, ",")+")")
}

// sql returns " WHERE a AND b" or "".
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// next returns the placeholder for one more argument (for LIMIT and OFFSET).
func (w *where) next(arg any) string {
	w.args = append(w.args, arg)
	return "$" + strconv.Itoa(len(w.args))
}

// likePattern makes a LIKE pattern that matches text anywhere, with % and _ taken literally.
func likePattern(text string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(text)) + "%"
}

// clampPage bounds offset and limit.
func clampPage(offset, limit, def, max int) (int, int) {
	if limit <= 0 {
		limit = def
	}
	if limit > max {
		limit = max
	}
	if offset < 0 {
		offset = 0
	}
	return offset, limit
}
