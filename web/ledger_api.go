package web

import (
	"net/http"
	"net/url"
	"strconv"

	"seedbed"
	"seedbed/ledger"
)

// queryUint parses an optional non-negative integer query parameter (def when absent).
func queryUint(q url.Values, name string, def uint64) (uint64, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseUint(v, 10, 63)
	if err != nil {
		return 0, &seedbed.Error{Code: seedbed.EINVALID, Field: name, Text: seedbed.Label{Zh: "应为非负整数，实际为 %q", En: "must be a whole number, not %q"}, Args: []any{v}}
	}
	return n, nil
}

func (s *Server) apiLedgerHead(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	st, err := s.Ledger.Status(r.Context())
	if err != nil {
		return err
	}
	if st.Head == nil {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "账本还没有签名树头", En: "the ledger has no signed head yet"})
	}
	writeJSON(w, http.StatusOK, st.Head)
	return nil
}

func (s *Server) apiLedgerHeads(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	heads, err := s.Ledger.Heads(r.Context())
	if err != nil {
		return err
	}
	if heads == nil {
		heads = []ledger.SignedHead{}
	}
	return writePage(w, r, heads)
}

// ledgerEntriesPage is the entries list: total is the size of the log.
type ledgerEntriesPage struct {
	Total uint64               `json:"total"`
	Start uint64               `json:"start"`
	End   uint64               `json:"end"`
	Items []ledger.EventRecord `json:"items"`
}

func (s *Server) apiLedgerEntries(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	start, err := queryUint(q, "start", 0)
	if err != nil {
		return err
	}
	end, err := queryUint(q, "end", start+100)
	if err != nil {
		return err
	}
	if end < start {
		return seedbed.FieldError("end", seedbed.Label{Zh: "end 应不小于 start", En: "end must not be less than start"})
	}
	if end-start > ledger.MaxPage {
		return seedbed.FieldError("end", seedbed.Label{Zh: "一次最多 %d 个条目", En: "at most %d entries at a time"}, ledger.MaxPage)
	}
	st, err := s.Ledger.Status(r.Context())
	if err != nil {
		return err
	}
	items, err := s.Ledger.Entries(r.Context(), start, end)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ledgerEntriesPage{Total: st.Size, Start: start, End: min(end, st.Size), Items: items})
	return nil
}

func (s *Server) apiInclusionProof(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	if q.Get("index") == "" {
		return seedbed.FieldError("index", seedbed.Label{Zh: "缺少条目序号", En: "index is required"})
	}
	index, err := queryUint(q, "index", 0)
	if err != nil {
		return err
	}
	size, err := queryUint(q, "tree_size", 0)
	if err != nil {
		return err
	}
	p, err := s.Ledger.InclusionProof(r.Context(), index, size)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiConsistencyProof(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	if q.Get("first") == "" {
		return seedbed.FieldError("first", seedbed.Label{Zh: "缺少旧树规模", En: "first (the old tree size) is required"})
	}
	first, err := queryUint(q, "first", 0)
	if err != nil {
		return err
	}
	second, err := queryUint(q, "second", 0)
	if err != nil {
		return err
	}
	p, err := s.Ledger.ConsistencyProof(r.Context(), first, second)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// ledgerKey is a public key as the API lists it.
type ledgerKey struct {
	KeyID     string `json:"key_id"`
	SigAlg    string `json:"sig_alg"`
	PublicKey string `json:"public_key"`
	Current   bool   `json:"current"`
}

func (s *Server) apiLedgerKeys(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	st, err := s.Ledger.Status(r.Context())
	if err != nil {
		return err
	}
	keys, err := s.Ledger.Keys(r.Context())
	if err != nil {
		return err
	}
	out := []ledgerKey{}
	for _, k := range keys {
		out = append(out, ledgerKey{KeyID: k.KeyID(), SigAlg: k.Algorithm(), PublicKey: string(k.PublicKeyPEM()), Current: k.KeyID() == st.KeyID})
	}
	return writePage(w, r, out)
}

func (s *Server) apiLedgerVerify(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	rep, err := s.verifyLedger(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*ledger.StoreReport
		OK bool `json:"ok"`
	}{rep, rep.OK()})
	return nil
}

// apiLedgerBundle streams the whole log as a bundle for offline verification.
func (s *Server) apiLedgerBundle(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="seedbed-ledger.jsonl"`)
	if err := s.Ledger.Export(r.Context(), w); err != nil {
		// the headers are gone; the truncated bundle fails verification by its missing end line
		s.Log.Error("ledger bundle", "err", err)
	}
	return nil
}
