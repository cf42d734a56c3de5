package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/chart"
	"seedbed/evaluation"
	"seedbed/i18n"
	"seedbed/sim"
)

// labRoutes lists the routes of lab.go.
func (s *Server) labRoutes() []route {
	return []route{
		ui("GET", "/lab", seedbed.PermLabUse, s.labPage),
		ui("POST", "/lab/runs", seedbed.PermLabUse, s.labRunForm),
		ui("GET", "/lab/runs/{id}", seedbed.PermLabUse, s.labRunPage),
		ui("GET", "/jobs/{id}", seedbed.PermLabUse, s.jobPage),
		api("GET", "/api/v1/jobs/{id}", seedbed.PermLabUse, s.apiJob),
		ui("GET", "/lab/runs/{id}/export.json", seedbed.PermLabUse, s.labExportJSON),
		ui("GET", "/lab/runs/{id}/export.csv", seedbed.PermLabUse, s.labExportCSV),
		ui("GET", "/lab/compare", seedbed.PermLabUse, s.labCompare),
		ui("GET", "/lab/epistemic", seedbed.PermLabUse, s.labEpistemic),
		ui("GET", "/lab/avin", seedbed.PermLabUse, s.labAvin),
		ui("GET", "/lab/factorial", seedbed.PermLabUse, s.labFactorialPage),
		ui("POST", "/lab/factorial", seedbed.PermLabUse, s.labFactorialRun),
		ui("GET", "/lab/sensitivity", seedbed.PermLabUse, s.labSensitivityPage),
		ui("POST", "/lab/sensitivity", seedbed.PermLabUse, s.labSensitivityRun),
		ui("GET", "/lab/calibration", seedbed.PermLabUse, s.labCalibrationPage),
		api("GET", "/api/v1/lab/calibration", seedbed.PermLabUse, s.apiLabCalibration),
		api("GET", "/api/v1/lab/defaults", seedbed.PermLabUse, s.apiLabDefaults),
		api("GET", "/api/v1/lab/runs", seedbed.PermLabUse, s.apiLabRuns),
		api("POST", "/api/v1/lab/runs", seedbed.PermLabUse, s.apiLabRun),
		api("GET", "/api/v1/lab/runs/{id}", seedbed.PermLabUse, s.apiLabRunGet),
	}
}

// labDefaults is the reference configuration with the population mix of the live registry.
func (s *Server) labDefaults(r *http.Request) (sim.Config, error) { return s.Lab.Defaults(r.Context()) }

// labForm is the lab page's form: the main knobs, and optionally the whole configuration as YAML.
type labForm struct {
	Name   string
	Config sim.Config
	YAML   string
	Checks map[string]bool
}

type labPageData struct {
	Form       labForm
	Strategies []labOption
	Runs       []seedbed.LabRun
	Defaults   sim.Config
}

type labOption struct {
	ID, Label string
	Checked   bool
}

func (s *Server) labPageData(r *http.Request, c *reqCtx, f labForm) (labPageData, error) {
	runs, err := s.Lab.Runs(r.Context(), 50)
	if err != nil {
		return labPageData{}, err
	}
	d := labPageData{Form: f, Runs: runs}
	for _, id := range sim.StrategyIDs() {
		l, _, _ := sim.StrategyLabel(id)
		d.Strategies = append(d.Strategies, labOption{ID: id, Label: seedbed.Label{Zh: l.Zh, En: l.En}.In(c.Lang), Checked: f.Checks[id]})
	}
	return d, nil
}

func (s *Server) labPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cfg, err := s.labDefaults(r)
	if err != nil {
		return err
	}
	f := labForm{Name: i18n.T(c.Lang, "lab.default_name", time.Now().In(cst).Format("2006-01-02 15:04")), Config: cfg, Checks: map[string]bool{}}
	for _, id := range cfg.Strategies {
		f.Checks[id] = true
	}
	d, err := s.labPageData(r, c, f)
	if err != nil {
		return err
	}
	return s.render(w, r, "lab", i18n.T(c.Lang, "lab.title"), d)
}

// labConfigFromForm reads the form over the registry defaults. Fields that do not parse become
// errors naming the field; the YAML box, when filled, replaces the whole configuration.
func (s *Server) labConfigFromForm(r *http.Request) (labForm, error) {
	cfg, err := s.labDefaults(r)
	if err != nil {
		return labForm{}, err
	}
	pf := r.PostForm
	f := labForm{Name: strings.TrimSpace(pf.Get("name")), YAML: pf.Get("yaml"), Checks: map[string]bool{}}
	if strings.TrimSpace(f.YAML) != "" {
		parsed, err := s.Lab.ParseConfig([]byte(f.YAML), "yaml")
		f.Config = parsed
		if err != nil {
			f.Config = cfg
			return f, err
		}
		for _, id := range parsed.Strategies {
			f.Checks[id] = true
		}
		return f, nil
	}
	var es seedbed.Errors
	ints := []struct {
		name string
		dst  *int
	}{{"replications", &cfg.Replications}, {"quarters", &cfg.Quarters}, {"innovators", &cfg.Population.Innovators},
		{"fields", &cfg.Population.Fields}, {"ruggedness", &cfg.Landscape.Ruggedness}}
	for _, x := range ints {
		if v := strings.TrimSpace(pf.Get(x.name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				es = append(es, seedbed.FieldError(x.name, seedbed.Label{Zh: "应为整数", En: "must be a whole number"}))
				continue
			}
			*x.dst = n
		}
	}
	floats := []struct {
		name string
		dst  *float64
	}{{"budget", &cfg.Funding.Budget}, {"complacency", &cfg.Behaviour.Complacency}, {"failure_tolerance", &cfg.Behaviour.FailureTolerance},
		{"review_noise", &cfg.Funding.ReviewNoise}, {"share_small", &cfg.Population.ShareSmall},
		{"share_grassroots", &cfg.Population.ShareGrassroots}, {"share_non_mainstream", &cfg.Population.ShareNonMainstream}}
	for _, x := range floats {
		if v := strings.TrimSpace(pf.Get(x.name)); v != "" {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
				es = append(es, seedbed.FieldError(x.name, seedbed.Label{Zh: "应为数字", En: "must be a number"}))
				continue
			}
			*x.dst = n
		}
	}
	if v := strings.TrimSpace(pf.Get("seed")); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			es = append(es, seedbed.FieldError("seed", seedbed.Label{Zh: "应为非负整数", En: "must be a non-negative whole number"}))
		}
		cfg.Seed = n
	}
	cfg.Strategies = nil
	for _, id := range sim.StrategyIDs() {
		if pf.Get("strategy_"+id) != "" {
			cfg.Strategies = append(cfg.Strategies, id)
			f.Checks[id] = true
		}
	}
	f.Config = cfg
	if len(es) > 0 {
		return f, es
	}
	if err := s.Lab.ValidateConfig(cfg); err != nil {
		return f, err
	}
	return f, nil
}

// runLab runs a configuration and saves the run, named by default after the time of the run.
// startLab starts a run as a job, named after the time when it has no name.
func (s *Server) startLab(r *http.Request, c *reqCtx, name string, cfg sim.Config) (*seedbed.Job, error) {
	if strings.TrimSpace(name) == "" {
		name = i18n.T(c.Lang, "lab.default_name", time.Now().In(cst).Format("2006-01-02 15:04"))
	}
	return s.Lab.StartRun(r.Context(), c.Actor, name, cfg)
}

func (s *Server) labRunForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f, err := s.labConfigFromForm(r)
	if err == nil {
		var job *seedbed.Job
		job, err = s.startLab(r, c, f.Name, f.Config)
		if err == nil {
			return s.redirect(w, r, "/jobs/"+itoa(job.ID), "")
		}
	}
	if asErrors(err) == nil {
		return err
	}
	d, derr := s.labPageData(r, c, f)
	if derr != nil {
		return derr
	}
	return s.renderWithErrors(w, r, "lab", i18n.T(c.Lang, "lab.title"), d, err)
}

// loadRun reads a saved run and decodes its result.
func (s *Server) loadRun(r *http.Request, name string) (*seedbed.LabRun, *sim.Result, error) {
	id, err := pathID(r, name)
	if err != nil {
		return nil, nil, err
	}
	return s.Lab.Run(r.Context(), id)
}

type labRunData struct {
	Run      *seedbed.LabRun
	Res      *sim.Result
	Rows     []labRow
	Charts   []labChart
	Others   []seedbed.LabRun
	Steps    string
	CfgShort []labParam
}

type labRow struct {
	ID, Label, About string
	Reading          string // the strategy's result in plain words
	Cells            []labCell
}

type labCell struct {
	Mean, Lo, Hi string
	Defined      bool
}

type labChart struct {
	Title string
	SVG   any
}

type labParam struct{ Key, Value string }

func fmtNum(x float64) string {
	switch a := math.Abs(x); {
	case a >= 1000:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	default:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
}

// labMetrics are the table's columns, in order.
var labMetrics = []string{"landmarks", "landmarks_vs_baseline", "time_to_first_landmark", "total_value", "path_diversity", "cost_per_landmark", "spend"}

func estimateOf(sr *sim.StrategyResult, metric string) sim.Estimate {
	switch metric {
	case "landmarks":
		return sr.Landmarks
	case "landmarks_vs_baseline":
		return sr.LandmarksVsBaseline
	case "time_to_first_landmark":
		return sr.TimeToFirstLandmark
	case "total_value":
		return sr.TotalValue
	case "path_diversity":
		return sr.PathDiversity
	case "cost_per_landmark":
		return sr.CostPerLandmark
	}
	return sr.Spend
}

func (s *Server) labRunPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	run, res, err := s.loadRun(r, "id")
	if err != nil {
		return err
	}
	others, err := s.Lab.Runs(r.Context(), 50)
	if err != nil {
		return err
	}
	d := labRunData{Run: run, Res: res, Others: others, Steps: strconv.FormatInt(res.AgentSteps, 10)}
	label := func(l sim.Label) string { return seedbed.Label{Zh: l.Zh, En: l.En}.In(c.Lang) }
	var intervals []chart.Interval
	var groups []chart.Group
	var series []chart.Series
	for i := range res.Strategies {
		sr := &res.Strategies[i]
		rd := evaluation.ReadLabStrategy(sr.Landmarks.Mean, sr.Landmarks.Lo, sr.Landmarks.Hi, sr.LandmarksVsBaseline.Mean,
			sr.CostPerLandmark.Mean, sr.CostPerLandmark.Defined)
		row := labRow{ID: sr.ID, Label: label(sr.Label), About: label(sr.About), Reading: i18n.T(c.Lang, rd.Key, rd.Args...)}
		for _, m := range labMetrics {
			e := estimateOf(sr, m)
			row.Cells = append(row.Cells, labCell{Mean: fmtNum(e.Mean), Lo: fmtNum(e.Lo), Hi: fmtNum(e.Hi), Defined: e.Defined})
		}
		d.Rows = append(d.Rows, row)
		intervals = append(intervals, chart.Interval{Name: row.Label, Mean: sr.Landmarks.Mean, Lo: sr.Landmarks.Lo, Hi: sr.Landmarks.Hi})
		var vals []float64
		for count, reps := range sr.LandmarkHistogram {
			for k := 0; k < reps; k++ {
				vals = append(vals, float64(count))
			}
		}
		groups = append(groups, chart.Group{Name: row.Label, Values: vals})
		series = append(series, chart.Series{Name: row.Label, Values: sr.CumulativeValue})
	}
	quarters := make([]string, res.Config.Quarters)
	for q := range quarters {
		quarters[q] = strconv.Itoa(q + 1)
	}
	t := func(k string) string { return i18n.T(c.Lang, k) }
	d.Charts = []labChart{
		{t("lab.chart.landmarks"), chart.IntervalChart{Title: t("lab.chart.landmarks"), Rows: intervals, XLabel: t("lab.metric.landmarks"), Lang: c.Lang, ID: "lm"}.Render()},
		{t("lab.chart.distribution"), chart.HistogramChart{Title: t("lab.chart.distribution"), Groups: groups, XLabel: t("lab.metric.landmarks"), Lang: c.Lang, ID: "hist"}.Render()},
		{t("lab.chart.value"), chart.LineChart{Title: t("lab.chart.value"), XLabels: quarters, Series: series, YLabel: t("lab.metric.total_value"), Lang: c.Lang, ID: "val"}.Render()},
	}
	cfg := res.Config
	d.CfgShort = []labParam{{"seed", strconv.FormatUint(cfg.Seed, 10)}, {"replications", strconv.Itoa(cfg.Replications)},
		{"quarters", strconv.Itoa(cfg.Quarters)}, {"innovators", strconv.Itoa(cfg.Population.Innovators)},
		{"budget", fmtNum(cfg.Funding.Budget)}, {"complacency", fmtNum(cfg.Behaviour.Complacency)},
		{"failure_tolerance", fmtNum(cfg.Behaviour.FailureTolerance)}, {"ruggedness", strconv.Itoa(cfg.Landscape.Ruggedness)},
		{"share_small", fmtNum(cfg.Population.ShareSmall)}, {"share_grassroots", fmtNum(cfg.Population.ShareGrassroots)},
		{"share_non_mainstream", fmtNum(cfg.Population.ShareNonMainstream)}}
	return s.render(w, r, "lab_run", run.Name, d)
}

func (s *Server) labExportJSON(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	run, _, err := s.loadRun(r, "id")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="lab-run-%d.json"`, run.ID))
	return json.NewEncoder(w).Encode(run)
}

func (s *Server) labExportCSV(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	run, err := s.Lab.ExportCSV(r.Context(), id, &buf)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="lab-run-%d.csv"`, run.ID))
	w.Write([]byte("\ufeff"))
	_, err = w.Write(buf.Bytes())
	return err
}

type labCompareData struct {
	A, B       *seedbed.LabRun
	Rows       []labCompareRow
	SameConfig bool
}

type labCompareRow struct {
	Label  string
	A, B   labCell
	Delta  string
	HasA   bool
	HasB   bool
	Metric string
}

// labCompare puts two runs' landmark and value estimates side by side, strategy by strategy.
func (s *Server) labCompare(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	ids := [2]int64{}
	for i, k := range []string{"a", "b"} {
		id, err := strconv.ParseInt(q.Get(k), 10, 64)
		if err != nil || id <= 0 {
			return seedbed.FieldError(k, seedbed.Label{Zh: "请选择两次运行进行比较", En: "choose two runs to compare"})
		}
		ids[i] = id
	}
	var runs [2]*seedbed.LabRun
	var res [2]*sim.Result
	for i, id := range ids {
		run, rr, err := s.Lab.Run(r.Context(), id)
		if err != nil {
			return err
		}
		runs[i], res[i] = run, rr
	}
	d := labCompareData{A: runs[0], B: runs[1], SameConfig: runs[0].ConfigHash == runs[1].ConfigHash}
	find := func(r *sim.Result, id string) *sim.StrategyResult {
		for i := range r.Strategies {
			if r.Strategies[i].ID == id {
				return &r.Strategies[i]
			}
		}
		return nil
	}
	for _, id := range sim.StrategyIDs() {
		a, b := find(res[0], id), find(res[1], id)
		if a == nil && b == nil {
			continue
		}
		l, _, _ := sim.StrategyLabel(id)
		for _, m := range []string{"landmarks", "total_value", "cost_per_landmark"} {
			row := labCompareRow{Label: seedbed.Label{Zh: l.Zh, En: l.En}.In(c.Lang), Metric: i18n.T(c.Lang, "lab.metric."+m)}
			if a != nil {
				e := estimateOf(a, m)
				row.A, row.HasA = labCell{Mean: fmtNum(e.Mean), Lo: fmtNum(e.Lo), Hi: fmtNum(e.Hi), Defined: e.Defined}, true
			}
			if b != nil {
				e := estimateOf(b, m)
				row.B, row.HasB = labCell{Mean: fmtNum(e.Mean), Lo: fmtNum(e.Lo), Hi: fmtNum(e.Hi), Defined: e.Defined}, true
			}
			if a != nil && b != nil {
				row.Delta = fmtNum(estimateOf(b, m).Mean - estimateOf(a, m).Mean)
			}
			d.Rows = append(d.Rows, row)
		}
	}
	return s.render(w, r, "lab_compare", i18n.T(c.Lang, "lab.compare"), d)
}

func (s *Server) apiLabDefaults(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cfg, err := s.labDefaults(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cfg)
	return nil
}

func (s *Server) apiLabRuns(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	runs, err := s.Lab.Runs(r.Context(), 500)
	if err != nil {
		return err
	}
	if runs == nil {
		runs = []seedbed.LabRun{}
	}
	return writePage(w, r, runs)
}

// apiLabRun runs a configuration sent as JSON ({"name":…, "config":{…}}; a missing config means
// the registry defaults) and returns the saved run with its result.
func (s *Server) apiLabRun(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var body struct {
		Name   string          `json:"name"`
		Config json.RawMessage `json:"config"`
	}
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	cfg, err := s.labDefaults(r)
	if err != nil {
		return err
	}
	if len(body.Config) > 0 && string(body.Config) != "null" {
		cfg, err = s.Lab.ParseConfig(body.Config, "")
		if err != nil {
			return err
		}
	}
	job, err := s.startLab(r, c, body.Name, cfg)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/jobs/"+itoa(job.ID))
	writeJSON(w, http.StatusAccepted, jobOut(job))
	return nil
}

func (s *Server) apiLabRunGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	run, _, err := s.loadRun(r, "id")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, run)
	return nil
}
