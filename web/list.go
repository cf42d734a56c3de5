package web

import (
	"net/url"

	"seedbed"
	"seedbed/i18n"
)

// Every HTML list pages and sorts the same way: page and per_page as the API reads them
// (pageParams), sort naming one of the list's sort keys (seedbed.*Sorts) and dir asc or desc. The
// key reaches the store only as a name it maps to a fixed column; a key or direction the list
// does not know is a 400 naming the parameter.

// listView is where a list page stands: its page among how many, and its order. List pages embed
// it; the pager and the sortable column headings read it.
type listView struct {
	Total, Page, Pages, PrevPage, NextPage, PerPage int
	Sort                                            string
	Desc                                            bool
}

// emptyListView is the place of a list that could not be read (its parameters were refused).
var emptyListView = listView{Page: 1, Pages: 1}

// View returns the list's position, for the templates' sortable headings.
func (v listView) View() listView { return v }

// newListView places page (of perPage rows) in a list of total rows shown in order o.
func newListView(page, perPage, total int, o seedbed.Order) listView {
	v := listView{Total: total, Page: max(page, 1), PerPage: perPage, Sort: o.Key, Desc: o.Desc}
	v.Pages = max(1, (total+max(perPage, 1)-1)/max(perPage, 1))
	if v.Page > 1 {
		v.PrevPage = v.Page - 1
	}
	if v.Page < v.Pages {
		v.NextPage = v.Page + 1
	}
	return v
}

// readOrder reads sort and dir from the query for a list sortable by s: no sort is the list's
// own order; a new key without dir runs up.
func readOrder(q url.Values, s seedbed.Sorts) (seedbed.Order, error) {
	o := s.Default()
	if k := q.Get("sort"); k != "" {
		if !s.Has(k) {
			return o, seedbed.FieldError("sort", seedbed.Label{Zh: "不能按“%s”排序：请点击列表的表头选择排序", En: "cannot sort by %q: choose a column heading to sort by"}, k)
		}
		if k != o.Key {
			o = seedbed.Order{Key: k}
		}
	}
	switch q.Get("dir") {
	case "":
	case "asc":
		o.Desc = false
	case "desc":
		o.Desc = true
	default:
		return o, seedbed.FieldError("dir", seedbed.Label{Zh: "排序方向应为 asc（升序）或 desc（降序）", En: "the sort direction must be asc or desc"})
	}
	return o, nil
}

// readListParams reads a list's page, per_page, sort and dir.
func readListParams(q url.Values, s seedbed.Sorts, def, max int) (page, offset, limit int, o seedbed.Order, err error) {
	if page, offset, limit, err = pageParams(q, def, max); err != nil {
		return
	}
	o, err = readOrder(q, s)
	return
}

// sortHead is one sortable column heading: its label, the link that sorts by it (the other way
// round when it is the current order) and whether it is the current order.
type sortHead struct {
	Label, Href  string
	Active, Desc bool
	Num          bool
}

// SortBy makes the heading of the column sorted by key, labelled by the catalogue's labelKey;
// class "num" right-aligns it over numbers. The link keeps the list's filters and starts again
// from its first page.
func (p *page) SortBy(key, labelKey string, class ...string) sortHead {
	h := sortHead{Label: i18n.T(p.Lang, labelKey), Num: len(class) > 0 && class[0] == "num"}
	if labelKey == "#" {
		h.Label = "#"
	}
	var v listView
	if l, ok := p.Data.(interface{ View() listView }); ok {
		v = l.View()
	}
	h.Active, h.Desc = v.Sort == key, v.Desc
	q := url.Values{}
	for k, x := range p.Query {
		q[k] = x
	}
	q.Del("page")
	q.Set("sort", key)
	q.Set("dir", "asc")
	if h.Active && !h.Desc {
		q.Set("dir", "desc")
	}
	h.Href = p.Path + "?" + q.Encode()
	return h
}

// OrderBy makes a link that puts the list in one order (key, desc), for lists that are not
// tables; Active marks the order the list is in.
func (p *page) OrderBy(key string, desc bool, labelKey string) sortHead {
	h := p.SortBy(key, labelKey)
	h.Active = h.Active && h.Desc == desc
	h.Desc = desc
	q := url.Values{}
	for k, x := range p.Query {
		q[k] = x
	}
	q.Del("page")
	q.Set("sort", key)
	q.Set("dir", map[bool]string{false: "asc", true: "desc"}[desc])
	h.Href = p.Path + "?" + q.Encode()
	return h
}
