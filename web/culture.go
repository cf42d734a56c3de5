package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/chart"
	"seedbed/ecosystem"
	"seedbed/i18n"
)

// The culture survey: officers open waves and issue links (/surveys), innovators answer without
// an account (/survey/{token}), and the results of groups of at least k respondents are read on
// the ecosystem dashboard and at /ecosystem/culture.
func (s *Server) cultureRoutes() []route {
	return []route{
		ui("GET", "/surveys", seedbed.PermSurveyManage, s.surveysPage),
		ui("POST", "/surveys", seedbed.PermSurveyManage, s.surveyCreate),
		ui("POST", "/surveys/{id}/invitations", seedbed.PermSurveyManage, s.surveyInvite),
		ui("GET", "/survey/{token}", seedbed.PermPublic, s.surveyForm),
		ui("POST", "/survey/{token}", seedbed.PermPublic, s.surveySubmit),
		ui("GET", "/ecosystem/culture", seedbed.PermEcosystemRead, s.culturePage),
		api("GET", "/api/v1/surveys", seedbed.PermSurveyManage, s.apiSurveys),
		api("POST", "/api/v1/surveys", seedbed.PermSurveyManage, s.apiSurveyCreate),
		api("POST", "/api/v1/surveys/{id}/invitations", seedbed.PermSurveyManage, s.apiSurveyInvite),
		api("POST", "/api/v1/survey/{token}", seedbed.PermPublic, s.apiSurveyRespond),
		api("GET", "/api/v1/ecosystem/culture", seedbed.PermEcosystemRead, s.apiCulture),
	}
}

type surveysData struct {
	Waves   []seedbed.SurveyWave
	Input   waveInput
	Links   []seedbed.SurveyInvitation
	LinkFor *seedbed.SurveyWave
}

// waveInput is a new wave as the form and the API send it.
type waveInput struct {
	Title    string `json:"title"`
	OpensOn  string `json:"opens_on"`
	ClosesOn string `json:"closes_on"`
}

func (in waveInput) wave() (*seedbed.SurveyWave, error) {
	w := &seedbed.SurveyWave{Title: in.Title}
	var es seedbed.Errors
	for _, f := range []struct {
		name, v string
		dst     *time.Time
	}{{"opens_on", in.OpensOn, &w.OpensOn}, {"closes_on", in.ClosesOn, &w.ClosesOn}} {
		t, err := time.Parse(seedbed.DateLayout, strings.TrimSpace(f.v))
		if err != nil {
			es = append(es, seedbed.FieldError(f.name, seedbed.Label{Zh: "日期应写作 2026-03-01", En: "write the date as 2026-03-01"}))
		}
		*f.dst = t
	}
	if len(es) > 0 {
		return nil, es
	}
	return w, nil
}

func (s *Server) surveysData(r *http.Request) (surveysData, error) {
	waves, err := s.Culture.Waves(r.Context())
	if err != nil {
		return surveysData{}, err
	}
	return surveysData{Waves: waves}, nil
}

func (s *Server) surveysPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.surveysData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "surveys", i18n.T(c.Lang, "survey.admin_title"), d)
}

func (s *Server) surveyCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := waveInput{Title: r.PostForm.Get("title"), OpensOn: r.PostForm.Get("opens_on"), ClosesOn: r.PostForm.Get("closes_on")}
	wv, err := in.wave()
	if err == nil {
		err = s.Culture.CreateWave(r.Context(), c.Actor, wv)
	}
	if err != nil {
		d, derr := s.surveysData(r)
		if derr != nil {
			return derr
		}
		d.Input = in
		return s.renderWithErrors(w, r, "surveys", i18n.T(c.Lang, "survey.admin_title"), d, err)
	}
	return s.redirect(w, r, "/surveys", i18n.T(c.Lang, "survey.wave_created", wv.Title))
}

// surveyInvite issues the links and shows them once, for sending.
func (s *Server) surveyInvite(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	var links []seedbed.SurveyInvitation
	sample := formInt(r.PostForm.Get("sample"), "sample", &err)
	if err == nil {
		links, err = s.Culture.Invite(r.Context(), c.Actor, id, strings.TrimSpace(r.PostForm.Get("region")), sample)
	}
	d, derr := s.surveysData(r)
	if derr != nil {
		return derr
	}
	if err != nil {
		return s.renderWithErrors(w, r, "surveys", i18n.T(c.Lang, "survey.admin_title"), d, err)
	}
	for i := range d.Waves {
		if d.Waves[i].ID == id {
			d.LinkFor = &d.Waves[i]
		}
	}
	d.Links = links
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "surveys", i18n.T(c.Lang, "survey.admin_title"), d)
}

type surveyFormData struct {
	Wave      *seedbed.SurveyWave
	Questions []seedbed.Question
	Scale     seedbed.OptionSet
	Likert    map[string]string
	Text      map[string]string
	Token     string
	Done      bool
}

func (s *Server) surveyForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	token := r.PathValue("token")
	wv, q, err := s.Culture.Invitation(r.Context(), token)
	if err != nil {
		return err
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, r, "survey_form", i18n.T(c.Lang, "survey.form_title"), surveyFormData{Wave: wv, Questions: q.Questions,
		Scale: seedbed.LikertScale, Token: token})
}

// answersFrom reads a form's answers: a Likert item left blank is missing, one that is not a
// number is out of range (0), so that the error names the question.
func answersFrom(form map[string][]string, q []seedbed.Question) (seedbed.SurveyAnswers, map[string]string) {
	a := seedbed.SurveyAnswers{Likert: map[string]int{}, Text: map[string]string{}}
	raw := map[string]string{}
	for _, qu := range q {
		v := ""
		if vs := form[qu.Key]; len(vs) > 0 {
			v = strings.TrimSpace(vs[0])
		}
		raw[qu.Key] = v
		switch {
		case qu.Kind == seedbed.QuestionText && v != "":
			a.Text[qu.Key] = v
		case qu.Kind == seedbed.QuestionLikert && v != "":
			n, err := strconv.Atoi(v)
			if err != nil {
				n = 0
			}
			a.Likert[qu.Key] = n
		}
	}
	return a, raw
}

func (s *Server) surveySubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	token := r.PathValue("token")
	wv, q, err := s.Culture.Invitation(r.Context(), token)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, raw := answersFrom(r.PostForm, q.Questions)
	w.Header().Set("Referrer-Policy", "no-referrer")
	d := surveyFormData{Wave: wv, Questions: q.Questions, Scale: seedbed.LikertScale, Likert: raw, Text: raw, Token: token}
	if err := s.Culture.Respond(r.Context(), token, a); err != nil {
		return s.renderWithErrors(w, r, "survey_form", i18n.T(c.Lang, "survey.form_title"), d, err)
	}
	d.Done = true
	return s.render(w, r, "survey_form", i18n.T(c.Lang, "survey.thanks_title"), d)
}

type cultureData struct {
	Report     *ecosystem.CultureReport
	By         string
	Dimensions []cultureRow
	Trend      chart.LineChart
	Groups     []cultureGroupRow
}

type cultureRow struct {
	Label  string
	Values []string // one per wave
}

type cultureGroupRow struct {
	Wave   string
	Group  string
	N      int
	Values []string // one per dimension
}

// cultureView turns a report into tables and a trend chart; a suppressed figure shows as "—"
// with the rule explained once on the page.
func cultureView(rep *ecosystem.CultureReport, lang string) cultureData {
	d := cultureData{Report: rep, By: rep.By}
	d.Trend = chart.LineChart{Title: i18n.T(lang, "culture.trend"), Lang: lang, ID: "culture-trend", FitY: true,
		Format: func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }}
	for _, wv := range rep.Waves {
		d.Trend.XLabels = append(d.Trend.XLabels, wv.Title)
	}
	fmtMean := func(v float64, ok bool) string {
		if !ok {
			return "—"
		}
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	nRow := cultureRow{Label: i18n.T(lang, "culture.respondents")}
	for _, res := range rep.Results {
		if res.Total.Suppressed {
			nRow.Values = append(nRow.Values, "—")
		} else {
			nRow.Values = append(nRow.Values, strconv.Itoa(res.Total.N))
		}
	}
	d.Dimensions = append(d.Dimensions, nRow)
	for _, dim := range seedbed.CultureDimensions {
		row := cultureRow{Label: dim.Label.In(lang)}
		series := chart.Series{Name: dim.Label.In(lang)}
		for _, res := range rep.Results {
			v, ok := res.Total.Dimensions[dim.Code]
			row.Values = append(row.Values, fmtMean(v, ok && !res.Total.Suppressed))
			if !ok || res.Total.Suppressed {
				v = math.NaN()
			}
			series.Values = append(series.Values, v)
		}
		d.Dimensions = append(d.Dimensions, row)
		d.Trend.Series = append(d.Trend.Series, series)
	}
	for i, res := range rep.Results {
		for _, g := range res.Groups {
			row := cultureGroupRow{Wave: rep.Waves[i].Title, Group: g.Group, N: g.N}
			if rep.By == "kind" {
				row.Group = seedbed.Kinds.Label(g.Group).In(lang)
			}
			for _, dim := range seedbed.CultureDimensions {
				v, ok := g.Dimensions[dim.Code]
				row.Values = append(row.Values, fmtMean(v, ok))
			}
			d.Groups = append(d.Groups, row)
		}
	}
	return d
}

func (s *Server) culturePage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	by := r.URL.Query().Get("by")
	if by == "" {
		by = "region"
	}
	rep, err := s.Culture.Results(r.Context(), by)
	if err != nil {
		return err
	}
	return s.render(w, r, "culture", i18n.T(c.Lang, "culture.title"), cultureView(rep, c.Lang))
}

func (s *Server) apiCulture(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	if err := onlyParams(q, "by", "lang"); err != nil {
		return err
	}
	rep, err := s.Culture.Results(r.Context(), q.Get("by"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) apiSurveys(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	waves, err := s.Culture.Waves(r.Context())
	if err != nil {
		return err
	}
	return writePage(w, r, waves)
}

func (s *Server) apiSurveyCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in waveInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	wv, err := in.wave()
	if err != nil {
		return err
	}
	if err := s.Culture.CreateWave(r.Context(), c.Actor, wv); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, wv)
	return nil
}

func (s *Server) apiSurveyInvite(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body struct {
		Region string `json:"region"`
		Sample int    `json:"sample"` // 0: every innovator of the region
	}
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	links, err := s.Culture.Invite(r.Context(), c.Actor, id, strings.TrimSpace(body.Region), body.Sample)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, map[string]any{"total": len(links), "invitations": links})
	return nil
}

func (s *Server) apiSurveyRespond(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var a seedbed.SurveyAnswers
	if err := decodeJSON(w, r, &a); err != nil {
		return err
	}
	if err := s.Culture.Respond(r.Context(), r.PathValue("token"), a); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]string{"status": "recorded"})
	return nil
}
