package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"sync"
)

// openAPIFS holds the OpenAPI description, written by hand: 00-foundation.json is the base
// document, and each module adds a file with its own "paths" and "components.schemas", merged in
// file-name order. A test fails when a route of the route table is missing from the result.
//
//go:embed openapi/*.json
var openAPIFS embed.FS

var openAPIDoc = sync.OnceValues(buildOpenAPI)

func buildOpenAPI() ([]byte, error) {
	names, err := fs.Glob(openAPIFS, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var doc map[string]any
	for i, n := range names {
		b, err := openAPIFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		if i == 0 {
			doc = part
			continue
		}
		mergeInto(doc, "paths", part["paths"])
		comps, _ := part["components"].(map[string]any)
		docComps, _ := doc["components"].(map[string]any)
		mergeInto(docComps, "schemas", comps["schemas"])
	}
	return json.Marshal(doc)
}

// mergeInto adds the entries of src (a JSON object) to dst[key]; an entry that is there already
// gets the methods of src added to it.
func mergeInto(dst map[string]any, key string, src any) {
	m, ok := src.(map[string]any)
	if !ok || dst == nil {
		return
	}
	target, _ := dst[key].(map[string]any)
	if target == nil {
		target = map[string]any{}
		dst[key] = target
	}
	for k, v := range m {
		existing, ok1 := target[k].(map[string]any)
		add, ok2 := v.(map[string]any)
		if ok1 && ok2 && key == "paths" {
			for mk, mv := range add {
				existing[mk] = mv
			}
			continue
		}
		target[k] = v
	}
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	b, err := openAPIDoc()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
	return nil
}
