package web

import (
	"context"
	"net/http"
	"strings"

	"seedbed"
	"seedbed/i18n"
	"seedbed/selection"
)

// programLotteryRoutes lists the routes of program_lottery.go.
func (s *Server) programLotteryRoutes() []route {
	return []route{
		ui("GET", "/programs/{id}/lottery", seedbed.PermProgramRead, s.lotteryPage),
		ui("POST", "/programs/{id}/lottery/commit", seedbed.PermProgramManage, s.lotteryCommitSubmit),
		ui("POST", "/programs/{id}/lottery/draw", seedbed.PermProgramManage, s.lotteryDrawSubmit),
		api("GET", "/api/v1/programs/{id}/lottery", seedbed.PermProgramRead, s.apiLottery),
		api("GET", "/api/v1/programs/{id}/lottery/commitment.txt", seedbed.PermProgramRead, s.apiLotteryCommitment),
		api("POST", "/api/v1/programs/{id}/lottery/commit", seedbed.PermProgramManage, s.apiLotteryCommit),
		api("POST", "/api/v1/programs/{id}/lottery/draw", seedbed.PermProgramManage, s.apiLotteryDraw),
	}
}

type lotteryData struct {
	P         *seedbed.Program
	Lottery   *selection.Lottery
	Plan      *selection.LotteryPlan
	Names     map[string]string // application code → applicant, for overseers
	Own       string            // the applicant's own application code
	Verified  bool
	VerifyErr string
	Form      selection.SeedSource
	CanManage bool
	// MinDelay is the least time between the commitment and the seed's event, as shown.
	MinDelay string
	How      lotteryHow
}

// KnownAfterForm is the seed's time as the form's datetime-local field shows it.
func (d lotteryData) KnownAfterForm() string {
	if d.Form.KnownAfter.IsZero() {
		return ""
	}
	return d.Form.KnownAfter.In(cst).Format("2006-01-02T15:04")
}

func (s *Server) lotteryPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	return s.lotteryRender(w, r, c, p, selection.SeedSource{Kind: selection.SeedPublicValue}, nil)
}

func (s *Server) lotteryRender(w http.ResponseWriter, r *http.Request, c *reqCtx, p *seedbed.Program, form selection.SeedSource, actionErr error) error {
	ctx := r.Context()
	d := lotteryData{P: p, Form: form, CanManage: seedbed.RoleCan(c.Actor.Role, seedbed.PermProgramManage), Names: map[string]string{},
		MinDelay: s.Reviews.LotteryMinDelay().String()}
	l, err := s.Reviews.Lottery(ctx, p.ID)
	switch {
	case err == nil:
		d.Lottery = l
		if l.Result != nil {
			if _, verr := s.Reviews.VerifyLottery(ctx, p.ID); verr != nil {
				d.VerifyErr = seedbed.ErrorIn(verr, c.Lang)
			} else {
				d.Verified = true
			}
		}
	case seedbed.ErrorCode(err) != seedbed.ENOTFOUND:
		return err
	}
	if overseer(c.Actor) {
		ps, err := s.Reviews.ProgramSelection(ctx, p.ID)
		if err != nil {
			return err
		}
		if ps != nil {
			d.Plan = ps.Plan
		}
	}
	apps, _, err := s.Programs.FindApplications(ctx, seedbed.ApplicationFilter{ProgramID: p.ID, State: seedbed.AppSubmitted, Limit: 1000})
	if err != nil {
		return err
	}
	for i := range apps {
		if overseer(c.Actor) {
			d.Names[seedbed.AppCode(apps[i].ID)] = apps[i].InnovatorName
		}
		if ownsApplication(c.Actor, &apps[i]) {
			d.Own = seedbed.AppCode(apps[i].ID)
		}
	}
	d.How = lotteryHowFor(c.Lang, p, d.Lottery)
	title := i18n.T(c.Lang, "lottery.title", p.Title)
	if actionErr != nil {
		return s.renderWithErrors(w, r, "program_lottery", title, d, actionErr)
	}
	return s.render(w, r, "program_lottery", title, d)
}

// seedSourceFromForm reads the commitment form: a public event and the time, in China Standard
// Time, after which its value is known.
func seedSourceFromForm(r *http.Request) (selection.SeedSource, error) {
	f := r.PostForm
	src := selection.SeedSource{Kind: selection.SeedPublicValue, Description: strings.TrimSpace(f.Get("description"))}
	if v := strings.TrimSpace(f.Get("known_after")); v != "" {
		t, err := parseDeadline(v)
		if err != nil {
			return src, seedbed.FieldError("seed_known_after", seedbed.Label{Zh: "时间格式应为 2026-03-12T21:30（北京时间）", En: "the time must look like 2026-03-12T21:30 (China Standard Time)"})
		}
		src.KnownAfter = t
	}
	return src, nil
}

func (s *Server) lotteryCommitSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	src, err := seedSourceFromForm(r)
	if err == nil {
		_, err = s.Reviews.CommitLottery(r.Context(), c.Actor, p.ID, src)
	}
	if err != nil {
		return s.lotteryRender(w, r, c, p, src, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/lottery", i18n.T(c.Lang, "lottery.committed"))
}

func (s *Server) lotteryDrawSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Reviews.DrawLottery(r.Context(), c.Actor, p.ID, r.PostForm.Get("seed")); err != nil {
		return s.lotteryRender(w, r, c, p, selection.SeedSource{Kind: selection.SeedPublicValue}, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"/lottery", i18n.T(c.Lang, "lottery.drawn"))
}

// lotteryOut is the published record of a draw: the inputs a citizen recomputes from.
type lotteryOut struct {
	*selection.Lottery
	Verified    bool   `json:"verified"`
	VerifyError string `json:"verify_error,omitempty"`
}

func (s *Server) apiLottery(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	out, err := s.lotteryRecord(r.Context(), p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// lotteryRecord is a program's lottery as published, re-verified now; the public API serves the
// same record.
func (s *Server) lotteryRecord(ctx context.Context, programID int64) (*lotteryOut, error) {
	l, err := s.Reviews.Lottery(ctx, programID)
	if err != nil {
		return nil, err
	}
	out := &lotteryOut{Lottery: l}
	if l.Result != nil {
		if _, verr := s.Reviews.VerifyLottery(ctx, programID); verr != nil {
			out.VerifyError = seedbed.ErrorMessage(verr)
		} else {
			out.Verified = true
		}
	}
	return out, nil
}

// apiLotteryCommitment serves the canonical commitment text byte for byte, so that its SHA-256
// can be checked with sha256sum.
func (s *Server) apiLotteryCommitment(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	l, err := s.Reviews.Lottery(r.Context(), p.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="commitment-`+seedbed.ProgramCode(p.ID)+`.txt"`)
	w.Write([]byte(l.Commitment))
	return nil
}

func (s *Server) apiLotteryCommit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var body selection.SeedSource
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	l, err := s.Reviews.CommitLottery(r.Context(), c.Actor, p.ID, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

// drawInput is the seed value the committed source published.
type drawInput struct {
	Seed string `json:"seed"`
}

func (s *Server) apiLotteryDraw(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	var body drawInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	l, err := s.Reviews.DrawLottery(r.Context(), c.Actor, p.ID, body.Seed)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}
