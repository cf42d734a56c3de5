package web

import (
	"bytes"
	"encoding/json"

	"net/http"
	"net/url"
	"slices"
	"strconv"

	"seedbed"
	"seedbed/i18n"
	"seedbed/ledger"
)

// The ledger browser for auditors and officials: the log's state and signed heads, its
// entries newest first, one entry with its inclusion proof, and a full verification. Nothing
// here (nor in the API) can change or delete an entry.

// ledgerRoutes lists the routes of ledger.go.
func (s *Server) ledgerRoutes() []route {
	return []route{
		ui("GET", "/ledger", seedbed.PermLedgerRead, s.ledgerPage),
		ui("GET", "/ledger/entries/{index}", seedbed.PermLedgerRead, s.ledgerEntryPage),
		ui("GET", "/ledger/verify", seedbed.PermLedgerRead, s.ledgerVerifyPage),
		api("GET", "/api/v1/ledger/head", seedbed.PermLedgerRead, s.apiLedgerHead),
		api("GET", "/api/v1/ledger/heads", seedbed.PermLedgerRead, s.apiLedgerHeads),
		api("GET", "/api/v1/ledger/entries", seedbed.PermLedgerRead, s.apiLedgerEntries),
		api("GET", "/api/v1/ledger/proof/inclusion", seedbed.PermLedgerRead, s.apiInclusionProof),
		api("GET", "/api/v1/ledger/proof/consistency", seedbed.PermLedgerRead, s.apiConsistencyProof),
		api("GET", "/api/v1/ledger/keys", seedbed.PermLedgerRead, s.apiLedgerKeys),
		api("GET", "/api/v1/ledger/verify", seedbed.PermLedgerRead, s.apiLedgerVerify),
		api("GET", "/api/v1/ledger/bundle", seedbed.PermLedgerRead, s.apiLedgerBundle),
	}
}

// ledgerRow is an entry as the browser shows it: the record and its decoded fields.
type ledgerRow struct {
	ledger.EventRecord
	Entry     ledger.Entry
	Event     seedbed.Event
	Pretty    string // the payload, indented
	Canonical string // the stored bytes, as hashed
	Bad       bool   // the stored bytes are not a canonical entry
}

func decodeRow(r ledger.EventRecord) ledgerRow {
	row := ledgerRow{EventRecord: r, Canonical: string(r.Record.Entry)}
	e, err := ledger.ParseEntry(r.Entry)
	if err != nil {
		row.Bad = true
		return row
	}
	row.Entry = e
	if ev, err := ledger.EntryEvent(e); err == nil {
		row.Event = ev
		var b bytes.Buffer
		if json.Indent(&b, ev.Payload, "", "  ") == nil {
			row.Pretty = b.String()
		}
	}
	return row
}

type ledgerPageData struct {
	listView
	Status        *ledger.Status
	Heads         []ledger.SignedHead
	Items         []ledgerRow
	Subject, Kind string
}

const ledgerPageSize = 50

// ledgerSorts orders the log's entries by their position in it, the latest first by default.
var ledgerSorts = seedbed.Sorts{Keys: []string{"index"}, Desc: true}

func (s *Server) ledgerPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ctx := r.Context()
	q := r.URL.Query()
	if v := q.Get("index"); v != "" {
		if _, err := strconv.ParseUint(v, 10, 63); err != nil {
			return seedbed.FieldError("index", seedbed.Label{Zh: "条目序号应为非负整数", En: "the entry index must be a whole number"})
		}
		return s.redirect(w, r, "/ledger/entries/"+v, "")
	}
	st, err := s.Ledger.Status(ctx)
	if err != nil {
		return err
	}
	heads, err := s.Ledger.Heads(ctx)
	if err != nil {
		return err
	}
	d := ledgerPageData{Status: st, Heads: heads, Subject: q.Get("subject"), Kind: q.Get("kind"), listView: emptyListView}
	title := i18n.T(c.Lang, "ledger.title")
	pg, offset, per, o, err := readListParams(q, ledgerSorts, ledgerPageSize, 500)
	if err != nil {
		return s.renderWithErrors(w, r, "ledger", title, d, err)
	}
	var recs []ledger.EventRecord
	total := 0
	if d.Subject != "" || d.Kind != "" {
		// The entries of one subject or kind are read whole, in the log's order, and cut to the page.
		if recs, err = s.Ledger.RecordsOf(ctx, d.Subject, d.Kind); err != nil {
			return err
		}
		if o.Desc {
			slices.Reverse(recs)
		}
		total = len(recs)
		recs = recs[min(offset, total):min(offset+per, total)]
	} else {
		total = int(st.Size)
		start, end := uint64(min(offset, total)), uint64(min(offset+per, total))
		if o.Desc {
			start, end = uint64(total-int(end)), uint64(total-int(start))
		}
		if recs, err = s.Ledger.Entries(ctx, start, end); err != nil {
			return err
		}
		if o.Desc {
			slices.Reverse(recs)
		}
	}
	d.listView = newListView(pg, per, total, o)
	for _, rec := range recs {
		d.Items = append(d.Items, decodeRow(rec))
	}
	return s.render(w, r, "ledger", title, d)
}

type ledgerEntryData struct {
	Row      ledgerRow
	Head     *ledger.SignedHead
	Proof    *ledger.Inclusion
	Verified bool
	Query    string // the subject's other entries
}

func pathIndex(r *http.Request) (uint64, error) {
	v := r.PathValue("index")
	n, err := strconv.ParseUint(v, 10, 63)
	if err != nil {
		return 0, &seedbed.Error{Code: seedbed.ENOTFOUND, Field: "index", Text: seedbed.Label{Zh: "无效的条目序号 %q", En: "invalid entry index %q"}, Args: []any{v}}
	}
	return n, nil
}

func (s *Server) ledgerEntryPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ctx := r.Context()
	i, err := pathIndex(r)
	if err != nil {
		return err
	}
	recs, err := s.Ledger.Entries(ctx, i, i+1)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "账本第 %d 号条目不存在", En: "ledger entry %d not found"}, i)
	}
	st, err := s.Ledger.Status(ctx)
	if err != nil {
		return err
	}
	d := ledgerEntryData{Row: decodeRow(recs[0]), Head: st.Head}
	if st.Head != nil && i < st.Head.Size {
		if d.Proof, err = s.Ledger.InclusionProof(ctx, i, st.Head.Size); err != nil {
			return err
		}
		leaf := st.HashAlg.LeafHash(recs[0].Entry)
		d.Verified = leaf == recs[0].LeafHash && ledger.VerifyInclusion(st.HashAlg, leaf, i, st.Head.Size, d.Proof.Proof, st.Head.Root) == nil
	}
	d.Query = "?subject=" + url.QueryEscape(d.Row.Entry.Subject)
	return s.render(w, r, "ledger_entry", i18n.T(c.Lang, "ledger.entry.title", i), d)
}

// verifyLedger checks the whole log against the keys this server holds (and those the log
// announces), including the decision event rows, the state rows the decisions set and the
// audit log's chain, after anchoring the chain's head in the ledger.
func (s *Server) verifyLedger(r *http.Request) (*ledger.StoreReport, error) {
	if _, err := s.Ledger.AnchorAudit(r.Context()); err != nil {
		return nil, err
	}
	return s.Ledger.Verify(r.Context(), ledger.StoreVerifyOptions{Keys: s.Ledger.TrustedKeys(r.Context()), LogKeys: true, Events: true,
		State: true})
}

func (s *Server) ledgerVerifyPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	rep, err := s.verifyLedger(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "ledger_verify", i18n.T(c.Lang, "ledger.verify.title"), rep)
}
