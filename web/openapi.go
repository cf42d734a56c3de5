package web

import (
	_ "embed"
	"net/http"
)

// openAPIDoc describes the JSON API. It is written by hand; a test fails when a route of the
// route table is missing from it.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPIDoc)
	return nil
}
