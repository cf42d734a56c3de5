package web

import (
	"context"
	"net/http"
	"strconv"

	"seedbed"
)

// publicRequestsPerMinute is how many requests one client address may send to the public portal
// and API in a minute before it is asked to wait.
const publicRequestsPerMinute = 300

// publicMaxAge is how long, in seconds, a shared cache may keep a public page or answer.
const publicMaxAge = 60

// servePublic runs a route of the public portal or API (permission PermPublic): every visitor is
// served as an anonymous one, whatever session or token the request carries, so that a page is
// the same for everyone and may be cached; requests are counted per client address; no cookie is
// set.
func (s *Server) servePublic(rt route, w http.ResponseWriter, r *http.Request) {
	c := &reqCtx{Lang: langOf(r), IP: clientIP(r)}
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, c))
	pw := &publicWriter{ResponseWriter: w, cacheable: r.Method == http.MethodGet || r.Method == http.MethodHead}
	if ok, wait := s.PublicLimit.Take(c.IP); !ok {
		secs := int(wait.Seconds()) + 1
		pw.Header().Set("Retry-After", strconv.Itoa(secs))
		s.Error(pw, r, seedbed.Errorf(seedbed.ETOOMANY, seedbed.Label{Zh: "请求过于频繁，请 %d 秒后再试", En: "too many requests; try again in %d seconds"}, secs))
		return
	}
	if err := checkRequestText(r); err != nil {
		s.Error(pw, r, err)
		return
	}
	if err := rt.h(pw, r, c); err != nil {
		s.Error(pw, r, err)
	}
}

// publicWriter makes a public answer cacheable when it succeeded and drops any cookie.
type publicWriter struct {
	http.ResponseWriter
	cacheable bool
	wrote     bool
}

func (w *publicWriter) WriteHeader(code int) {
	if !w.wrote {
		w.wrote = true
		h := w.Header()
		h.Del("Set-Cookie")
		h.Add("Vary", "Cookie")
		if w.cacheable && code == http.StatusOK {
			h.Set("Cache-Control", "public, max-age="+strconv.Itoa(publicMaxAge))
		} else {
			h.Set("Cache-Control", "no-store")
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *publicWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}
