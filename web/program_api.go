package web

import (
	"net/http"
	"strings"
	"time"

	"seedbed"
)

// programAPIRoutes lists the routes of program_api.go.
func (s *Server) programAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/programs", seedbed.PermProgramRead, s.apiProgramList),
		api("POST", "/api/v1/programs", seedbed.PermProgramManage, s.apiProgramCreate),
		api("GET", "/api/v1/programs/{id}", seedbed.PermProgramRead, s.apiProgramGet),
		api("PUT", "/api/v1/programs/{id}", seedbed.PermProgramManage, s.apiProgramUpdate),
		api("POST", "/api/v1/programs/{id}/transition", seedbed.PermProgramManage, s.apiProgramTransition),
		api("GET", "/api/v1/programs/{id}/events", seedbed.PermProgramRead, s.apiProgramEvents),
	}
}

// programInput is what the API accepts to create or replace a draft program.
type programInput struct {
	Title           string              `json:"title"`
	Summary         string              `json:"summary"`
	InnovationType  string              `json:"innovation_type"`
	Driver          string              `json:"driver"`
	PolicyIDs       []string            `json:"policy_ids"`
	Budget          int64               `json:"budget"`
	MaxRequest      int64               `json:"max_request"`
	Deadline        string              `json:"deadline"` // RFC 3339, or 2006-01-02T15:04 in China Standard Time
	SelectionMode   string              `json:"selection_mode"`
	Threshold       float64             `json:"threshold"`
	QualityBar      float64             `json:"quality_bar"`
	FillGaps        bool                `json:"fill_gaps"`
	ReviewersPerApp int                 `json:"reviewers_per_app"`
	BlindReview     bool                `json:"blind_review"`
	ReplyDays       int                 `json:"reply_days"`
	ExpertiseWeight float64             `json:"expertise_weight"`
	ChampionRule    string              `json:"champion_rule"`
	Rubric          []seedbed.Criterion `json:"rubric"`
	Fields          []seedbed.FormField `json:"fields"`
	Stages          []seedbed.Stage     `json:"stages"`
	Kind            string              `json:"kind"`
	EndsAt          string              `json:"ends_at"` // a date (the end of that day in China Standard Time) or RFC 3339
	ReportCap       int                 `json:"report_cap"`
	Version         int                 `json:"version,omitempty"`
}

func (in programInput) program() (*seedbed.Program, error) {
	p := &seedbed.Program{Title: in.Title, Summary: in.Summary, InnovationType: in.InnovationType, Driver: in.Driver,
		PolicyIDs: in.PolicyIDs, Budget: in.Budget, MaxRequest: in.MaxRequest, SelectionMode: in.SelectionMode,
		Threshold: in.Threshold, QualityBar: in.QualityBar, FillGaps: in.FillGaps, ReviewersPerApp: in.ReviewersPerApp,
		BlindReview: in.BlindReview, ReplyDays: in.ReplyDays, ExpertiseWeight: in.ExpertiseWeight, ChampionRule: in.ChampionRule, Rubric: in.Rubric, Fields: in.Fields, Stages: in.Stages, Kind: in.Kind, ReportCap: in.ReportCap}
	if strings.TrimSpace(in.EndsAt) != "" {
		t, err := parseDay("ends_at", in.EndsAt)
		if err != nil {
			return p, err
		}
		p.EndsAt = t
	}
	if strings.TrimSpace(in.Deadline) != "" {
		t, err := parseDeadline(in.Deadline)
		if err != nil {
			return p, err
		}
		p.Deadline = t
	}
	return p, nil
}

// parseDeadline reads an RFC 3339 time, or a date and time (as a browser's datetime-local field
// sends it) in China Standard Time.
func parseDeadline(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, cst); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, seedbed.FieldError("deadline", seedbed.Label{Zh: "截止时间格式应为 2026-05-01T17:00（北京时间）或 RFC 3339", En: "the deadline must look like 2026-05-01T17:00 (China Standard Time) or RFC 3339"})
}

// programFilter reads list filters from the query string, limited to what the actor may see.
func programFilter(r *http.Request, c *reqCtx) (seedbed.ProgramFilter, int, error) {
	q := r.URL.Query()
	f := seedbed.ProgramFilter{State: q.Get("state"), Query: strings.TrimSpace(q.Get("q")), States: programStatesFor(c.Actor)}
	if f.State != "" && !seedbed.ProgramStates.Has(f.State) {
		return f, 0, seedbed.FieldError("state", seedbed.Label{Zh: "未知的状态 %q，应为 %s", En: "unknown state %[1]q"}, f.State, strings.Join(seedbed.ProgramStates.Codes(), ", "))
	}
	if len([]rune(f.Query)) > 100 {
		return f, 0, seedbed.FieldError("q", seedbed.Label{Zh: "搜索词过长", En: "search text too long"})
	}
	pg, off, lim, o, err := readListParams(q, seedbed.ProgramSorts, pageSize, 200)
	if err != nil {
		return f, 0, err
	}
	f.Offset, f.Limit, f.Order = off, lim, o
	return f, pg, nil
}

func (s *Server) apiProgramList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := programFilter(r, c)
	if err != nil {
		return err
	}
	items, total, err := s.Programs.FindPrograms(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.Program]{Total: total, Page: pg, Items: items})
	return nil
}

func (s *Server) apiProgramGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	b, err := s.Ecosystem.ProgramBreadth(r.Context(), p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, programWithBreadth{p, b})
	return nil
}

func (s *Server) apiProgramCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var body programInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	p, err := body.program()
	if err != nil {
		return err
	}
	if err := s.Programs.CreateProgram(r.Context(), c.Actor, p); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/programs/"+itoa(p.ID))
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) apiProgramUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	old, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var body programInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if body.Version == 0 {
		return seedbed.FieldError("version", seedbed.Label{Zh: "需要提供被替换计划的版本号", En: "the version being replaced is required"})
	}
	p, err := body.program()
	if err != nil {
		return err
	}
	p.ID = old.ID
	if err := s.Programs.UpdateProgram(r.Context(), c.Actor, p, body.Version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// transitionInput moves a program to its next state.
type transitionInput struct {
	To   string `json:"to"`
	Note string `json:"note"`
}

func (s *Server) apiProgramTransition(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	old, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var body transitionInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	p, err := s.Programs.TransitionProgram(r.Context(), c.Actor, old.ID, body.To, body.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// programEvents lists the decision events whose subject is the program itself.
func (s *Server) programEvents(r *http.Request, c *reqCtx, p *seedbed.Program) ([]seedbed.Event, error) {
	evs, err := s.Programs.ProgramEvents(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	return evs, nil
}

func (s *Server) apiProgramEvents(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	evs, err := s.programEvents(r, c, p)
	if err != nil {
		return err
	}
	if !overseer(c.Actor) {
		// Everyone sees that a decision was taken and when; its inputs are for overseers.
		for i := range evs {
			if evs[i].Kind != seedbed.EventProgramPublished && evs[i].Kind != seedbed.EventLotteryCommitment && evs[i].Kind != seedbed.EventDraw {
				evs[i].Payload = []byte("{}")
			}
		}
	}
	return writePage(w, r, evs)
}
