// Package web is seedbed's HTTP server: the server-rendered user interface (Chinese first, usable
// without JavaScript, every asset embedded) and the JSON API under /api/v1, from one route table.
// Access is decided for every route in one place, guard, by seedbed.Authorize; handlers decode,
// call a use case through the interfaces in *_service.go (implemented by package app), and
// render. It depends on the domain and on those interfaces; it must not import sqlstore or
// database/sql (layers_test.go checks).
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"seedbed"
	"seedbed/auth"
	"seedbed/grantdata"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Server holds what the handlers need. Build it with New.
type Server struct {
	Services
	Log *slog.Logger
	// PublicLimit limits the requests of one client address to the public portal and API.
	PublicLimit *auth.Throttle
	// GrantPublisher names the publisher of the open grant data and makes its identifiers.
	GrantPublisher grantdata.Publisher
	// SessionTTL is how long a login lasts.
	SessionTTL time.Duration
	// SecureCookies marks cookies Secure (behind TLS).
	SecureCookies bool
	// RequireTOTP makes administrators, officers and auditors enrol a second factor before they
	// can use their session for anything else.
	RequireTOTP bool
	// Version is shown in the footer and /healthz.
	Version string
	// FailureContext says how a later application shows the applicant's prior honest failures:
	// seedbed.FailureContextNeutral (the default: listed with a note that they do not count
	// against it) or seedbed.FailureContextHidden (not shown).
	FailureContext string

	routes []route
	pages  map[string]*template.Template
	mux    *http.ServeMux
}

// New builds a server over the use-case layer's services.
func New(svc Services, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{Services: svc, Log: log, SessionTTL: 12 * time.Hour, Version: "dev",
		PublicLimit: auth.NewThrottle(publicRequestsPerMinute, time.Minute), GrantPublisher: grantdata.DefaultPublisher,
		FailureContext: seedbed.FailureContextNeutral}
	if err := s.loadTemplates(); err != nil {
		return nil, err
	}
	s.routes = s.routeTable()
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.pattern, s.guard(rt))
	}
	static, _ := fs.Sub(assetFS, "assets")
	s.mux.Handle("GET /assets/", cacheForever(http.StripPrefix("/assets/", http.FileServerFS(static))))
	s.mux.HandleFunc("/", s.notFound)
	return s, nil
}

// RoutePermission returns the permission that guards a request's route, and false when no route
// serves the method and path: tests use it to check that a page offers only what its viewer may do.
func (s *Server) RoutePermission(method, path string) (seedbed.Permission, bool) {
	r, err := http.NewRequest(method, path, nil)
	if err != nil {
		return "", false
	}
	_, pattern := s.mux.Handler(r)
	for _, rt := range s.routes {
		if rt.method+" "+rt.pattern == pattern {
			return rt.perm, true
		}
	}
	return "", false
}

// Handler returns the whole server with its middleware: recovery, security headers, cross-origin
// (CSRF) protection for every state-changing request, request-size limits and logging.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "跨站请求被拒绝（CSRF 保护）", En: "cross-origin request refused (CSRF protection)"}))
	}))
	return s.recover(s.logRequests(securityHeaders(cop.Handler(s.mux))))
}

// handlerFunc is the shape of every handler: it gets the request context and returns an error
// that Error renders.
type handlerFunc func(w http.ResponseWriter, r *http.Request, c *reqCtx) error

// route is one entry of the route table.
type route struct {
	method, pattern string
	perm            seedbed.Permission // "" for public routes
	api             bool
	h               handlerFunc
}

// reqCtx is what a handler knows about the request beyond http.Request.
type reqCtx struct {
	Actor seedbed.Actor
	User  *seedbed.User
	Lang  string
	IP    string
}

// guard resolves the actor, decides access by the route's permission, and runs the handler.
// This is the one place where routes are authorised.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.perm == seedbed.PermPublic {
			s.servePublic(rt, w, r)
			return
		}
		c := &reqCtx{Lang: langOf(r), IP: clientIP(r)}
		if u, err := s.authenticate(r); err == nil && u != nil {
			c.User = u
			c.Actor = seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, InnovatorID: u.InnovatorID}
		} else if err != nil && seedbed.ErrorCode(err) != seedbed.EUNAUTHORIZED {
			s.Error(w, r, err)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, c))
		if err := checkRequestText(r); err != nil {
			s.Error(w, r, err)
			return
		}
		if rt.perm != "" && s.secondFactorOwed(w, r, c) {
			return
		}
		if rt.perm != "" {
			if err := seedbed.Authorize(c.Actor, rt.perm, nil); err != nil {
				if seedbed.ErrorCode(err) == seedbed.EUNAUTHORIZED && !rt.api && !isAPI(r) && r.Method == http.MethodGet {
					http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.denied(r, c, string(rt.perm))
				s.Error(w, r, err)
				return
			}
		}
		if err := rt.h(w, r, c); err != nil {
			s.Error(w, r, err)
		}
	})
}

type ctxKey struct{}

// ctxOf returns the request context guard stored (for Error, which has only the request).
func ctxOf(r *http.Request) *reqCtx {
	if c, ok := r.Context().Value(ctxKey{}).(*reqCtx); ok {
		return c
	}
	return &reqCtx{Lang: langOf(r)}
}

// denied records a refused attempt in the audit log.
func (s *Server) denied(r *http.Request, c *reqCtx, what string) {
	who := c.Actor.Username
	if who == "" {
		who = "anonymous"
	}
	if err := s.Audit.Record(r.Context(), seedbed.AuditEntry{Actor: who, Role: c.Actor.Role, Action: "denied",
		Entity: r.Method + " " + r.URL.Path, Detail: what, Outcome: "denied", IP: c.IP}); err != nil {
		s.Log.Error("audit denied", "err", err)
	}
}

// authorize checks a permission over one innovator (ownership) and audits a refusal.
func (s *Server) authorize(r *http.Request, c *reqCtx, p seedbed.Permission, owner int64) error {
	if err := seedbed.Authorize(c.Actor, p, &owner); err != nil {
		s.denied(r, c, fmt.Sprintf("%s innovator %d", p, owner))
		return err
	}
	return nil
}

func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "path", r.URL.Path, "value", v, "stack", string(debug.Stack()))
				s.Error(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			return
		}
		s.Log.Info("http", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

func cacheForever(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.Error(w, r, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "页面不存在", En: "page not found"}))
}

// isAPI reports whether the request is for the JSON API.
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz"
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

var errBodyTooLarge = errors.New("body too large")
