package web

import (
	"net/http"
	"net/url"
)

// Every JSON list of the API answers {"total":N,"page":P,"items":[…]} and takes the same two
// query parameters: page (from 1) and per_page. Lists the store pages itself read them through
// pageParams; short lists held whole in memory are cut to the page by writePage.

// listPerPage and listMaxPerPage are the default and the largest page of a list held in memory.
const (
	listPerPage    = 200
	listMaxPerPage = 1000
)

// listPage is the shape of every API list.
type listPage[T any] struct {
	Total int `json:"total"`
	Page  int `json:"page"`
	Items []T `json:"items"`
}

// pageParams reads page and per_page from the query (per_page def when absent, at most max) and
// returns the page number with the offset and limit it selects; a bad value is an EINVALID naming
// the parameter.
func pageParams(q url.Values, def, max int) (page, offset, limit int, err error) {
	page, err = queryInt(q, "page", 1, 1_000_000)
	if err != nil {
		return 0, 0, 0, err
	}
	limit, err = queryInt(q, "per_page", def, max)
	if err != nil {
		return 0, 0, 0, err
	}
	return page, (page - 1) * limit, limit, nil
}

// pageOf cuts the requested page out of a whole list; a page past the end is empty, with the total.
func pageOf[T any](r *http.Request, items []T) (listPage[T], error) {
	page, offset, limit, err := pageParams(r.URL.Query(), listPerPage, listMaxPerPage)
	if err != nil {
		return listPage[T]{}, err
	}
	out := listPage[T]{Total: len(items), Page: page, Items: []T{}}
	if offset < len(items) {
		out.Items = items[offset:min(offset+limit, len(items))]
	}
	return out, nil
}

// writePage answers one page of a whole list as JSON.
func writePage[T any](w http.ResponseWriter, r *http.Request, items []T) error {
	p, err := pageOf(r, items)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
