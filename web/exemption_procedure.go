package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/exemption"
	"seedbed/i18n"
)

// The standard decision procedures (published, versioned documents) and a program's own
// procedure records: the collective decision, the public notice and the deciding official's
// declaration of interests, which the exemption check reads from the ledger.

// exemptionProcedureRoutes lists the routes of exemption_procedure.go.
func (s *Server) exemptionProcedureRoutes() []route {
	return []route{
		ui("GET", "/procedures", seedbed.PermProgramRead, s.procedureList),
		ui("GET", "/procedures/{id}/{version}", seedbed.PermProgramRead, s.procedureShow),
		ui("GET", "/programs/{id}/procedure", seedbed.PermProgramRead, s.procedureRecordsPage),
		ui("POST", "/programs/{id}/procedure/{kind}", seedbed.PermProgramManage, s.procedureRecordSubmit),
		api("GET", "/api/v1/procedures", seedbed.PermProgramRead, s.apiProcedureList),
		api("POST", "/api/v1/procedures", seedbed.PermPolicyWrite, s.apiProcedurePublish),
		api("GET", "/api/v1/procedures/{id}/{version}", seedbed.PermProgramRead, s.apiProcedureGet),
		api("GET", "/api/v1/programs/{id}/procedure-records", seedbed.PermProgramRead, s.apiProcedureRecords),
		api("POST", "/api/v1/programs/{id}/collective-decisions", seedbed.PermProgramManage, s.apiCollectiveDecision),
		api("POST", "/api/v1/programs/{id}/public-notices", seedbed.PermProgramManage, s.apiPublicNotice),
		api("POST", "/api/v1/programs/{id}/interest-declarations", seedbed.PermProgramManage, s.apiInterestDeclaration),
	}
}

type procedureListData struct {
	Items []seedbed.ProcedureInfo
	Kinds []string
}

func (s *Server) procedureList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	items, err := s.Exemptions.Procedures(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "exemption_procedures", i18n.T(c.Lang, "procedure.list.title"), procedureListData{Items: items, Kinds: exemption.EvidenceKinds})
}

// procedureFor loads the {id}/{version} procedure with its parsed steps.
func (s *Server) procedureFor(r *http.Request) (*seedbed.ProcedureInfo, *exemption.Procedure, error) {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		return nil, nil, &seedbed.Error{Code: seedbed.ENOTFOUND, Field: "version", Text: seedbed.Label{Zh: "无效的版本号", En: "invalid version"}}
	}
	info, err := s.Exemptions.Procedure(r.Context(), r.PathValue("id"), v)
	if err != nil {
		return nil, nil, err
	}
	p, err := exemption.Parse([]byte(info.Source))
	if err != nil {
		return nil, nil, seedbed.Errorf(seedbed.EINTERNAL, "stored procedure %s v%d does not parse: %v", info.ID, info.Version, err)
	}
	return info, p, nil
}

type procedureShowData struct {
	Info *seedbed.ProcedureInfo
	Doc  *exemption.Procedure
}

func (s *Server) procedureShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	info, p, err := s.procedureFor(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "exemption_procedure", p.Title.In(c.Lang)+" v"+strconv.Itoa(p.Version), procedureShowData{Info: info, Doc: p})
}

// procedureRecord is a program's procedure record as the page shows it.
type procedureRecord struct {
	seedbed.Event
	Decision *seedbed.CollectiveDecision
	Notice   *seedbed.PublicNotice
	Interest *seedbed.InterestDeclaration
}

type procedureRecordsData struct {
	P         *seedbed.Program
	Records   []procedureRecord
	CanManage bool
	Form      string // the form that failed, to show its errors
	// The program's applications to tick on the collective decision's and the notice's forms,
	// the failed form's as they were posted.
	CollectiveApps, NoticeApps []pickChoice
}

func (s *Server) procedureRecordsPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	return s.procedurePage(w, r, c, p, "", nil)
}

func (s *Server) procedurePage(w http.ResponseWriter, r *http.Request, c *reqCtx, p *seedbed.Program, form string, actionErr error) error {
	evs, err := s.Exemptions.ProcedureRecords(r.Context(), p.ID)
	if err != nil {
		return err
	}
	d := procedureRecordsData{P: p, CanManage: seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage), Form: form}
	if d.CanManage {
		var posted []int64
		if form != "" && r.PostForm != nil {
			posted, _ = postedIDs(r, "application_ids")
		}
		for _, x := range []struct {
			kind string
			to   *[]pickChoice
		}{{"collective", &d.CollectiveApps}, {"notice", &d.NoticeApps}} {
			var chosen []int64
			if form == x.kind {
				chosen = posted
			}
			if *x.to, err = s.applicationChoices(r.Context(), p.ID, chosen); err != nil {
				return err
			}
		}
	}
	for _, ev := range evs {
		rec := procedureRecord{Event: ev}
		switch ev.Kind {
		case seedbed.EventCollectiveDecision:
			rec.Decision = &seedbed.CollectiveDecision{}
			json.Unmarshal(ev.Payload, rec.Decision)
		case seedbed.EventPublicNotice:
			rec.Notice = &seedbed.PublicNotice{}
			json.Unmarshal(ev.Payload, rec.Notice)
		case seedbed.EventInterestDeclaration:
			rec.Interest = &seedbed.InterestDeclaration{}
			json.Unmarshal(ev.Payload, rec.Interest)
		}
		d.Records = append(d.Records, rec)
	}
	title := i18n.T(c.Lang, "procedure.records.title")
	if actionErr != nil {
		return s.renderWithErrors(w, r, "exemption_records", title, d, actionErr)
	}
	return s.render(w, r, "exemption_records", title, d)
}

// formInt reads an optional whole number from a form; bad reports the field once.
func formInt(v, field string, bad *error) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil && *bad == nil {
		*bad = seedbed.FieldError(field, seedbed.Label{Zh: "应为整数", En: "must be a whole number"})
	}
	return n
}

// formIDs reads the applications ticked on a procedure form (application_ids, once a box; a
// value may also list several ids, as scripts send them).
func formIDs(r *http.Request, bad *error) []int64 {
	ids, err := postedIDs(r, "application_ids")
	if err != nil && *bad == nil {
		*bad = err
	}
	return ids
}

func (s *Server) procedureRecordSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	kind := r.PathValue("kind")
	var bad error
	switch kind {
	case "collective":
		d := seedbed.CollectiveDecision{ProgramID: p.ID, Body: f.Get("body"), HeldOn: f.Get("held_on"), Members: formInt(f.Get("members"), "members", &bad),
			Present: formInt(f.Get("present"), "present", &bad), For: formInt(f.Get("for"), "for", &bad), Against: formInt(f.Get("against"), "against", &bad),
			Abstain: formInt(f.Get("abstain"), "abstain", &bad), ApplicationIDs: formIDs(r, &bad), Resolution: f.Get("resolution")}
		if bad == nil {
			_, bad = s.Exemptions.RecordCollectiveDecision(r.Context(), c.Actor, d)
		}
	case "notice":
		n := seedbed.PublicNotice{ProgramID: p.ID, Channel: f.Get("channel"), StartOn: f.Get("start_on"), EndOn: f.Get("end_on"),
			Objections: formInt(f.Get("objections"), "objections", &bad), Resolved: formInt(f.Get("resolved"), "resolved", &bad),
			ApplicationIDs: formIDs(r, &bad), Note: f.Get("note")}
		if bad == nil {
			_, bad = s.Exemptions.RecordPublicNotice(r.Context(), c.Actor, n)
		}
	case "interest":
		_, bad = s.Exemptions.DeclareInterest(r.Context(), c.Actor, seedbed.InterestDeclaration{ProgramID: p.ID, Interest: f.Get("interest") == "yes", Note: f.Get("note")})
	default:
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "未知的程序记录 %q", En: "unknown procedure record %q"}, kind)
	}
	if bad != nil {
		return s.procedurePage(w, r, c, p, kind, bad)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/procedure", i18n.T(c.Lang, "procedure.recorded"))
}

func (s *Server) apiProcedureList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	items, err := s.Exemptions.Procedures(r.Context())
	if err != nil {
		return err
	}
	return writePage(w, r, items)
}

func (s *Server) apiProcedureGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	info, p, err := s.procedureFor(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*seedbed.ProcedureInfo
		Steps []exemption.Step `json:"steps"`
	}{info, p.Steps})
	return nil
}

// apiProcedurePublish publishes a procedure version sent as YAML; an unchanged version already
// published is answered 200, a new one 201.
func (s *Server) apiProcedurePublish(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	src, err := io.ReadAll(http.MaxBytesReader(w, r.Body, exemption.MaxDocumentBytes))
	if err != nil {
		return err
	}
	info, published, err := s.Exemptions.PublishProcedure(r.Context(), c.Actor, src)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if published {
		status = http.StatusCreated
	}
	writeJSON(w, status, info)
	return nil
}

func (s *Server) apiProcedureRecords(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	evs, err := s.Exemptions.ProcedureRecords(r.Context(), p.ID)
	if err != nil {
		return err
	}
	if evs == nil {
		evs = []seedbed.Event{}
	}
	return writePage(w, r, evs)
}

// apiProcedureStep decodes a procedure record for the {id} program and records it.
func apiProcedureStep[T any](s *Server, w http.ResponseWriter, r *http.Request, c *reqCtx, set func(*T, int64), record func(T) (*seedbed.Event, error)) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var in T
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	set(&in, p.ID)
	ev, err := record(in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ev)
	return nil
}

func (s *Server) apiCollectiveDecision(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return apiProcedureStep(s, w, r, c, func(d *seedbed.CollectiveDecision, id int64) { d.ProgramID = id },
		func(d seedbed.CollectiveDecision) (*seedbed.Event, error) {
			return s.Exemptions.RecordCollectiveDecision(r.Context(), c.Actor, d)
		})
}

func (s *Server) apiPublicNotice(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return apiProcedureStep(s, w, r, c, func(n *seedbed.PublicNotice, id int64) { n.ProgramID = id },
		func(n seedbed.PublicNotice) (*seedbed.Event, error) {
			return s.Exemptions.RecordPublicNotice(r.Context(), c.Actor, n)
		})
}

func (s *Server) apiInterestDeclaration(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return apiProcedureStep(s, w, r, c, func(d *seedbed.InterestDeclaration, id int64) { d.ProgramID = id },
		func(d seedbed.InterestDeclaration) (*seedbed.Event, error) {
			return s.Exemptions.DeclareInterest(r.Context(), c.Actor, d)
		})
}
