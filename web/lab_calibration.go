package web

import (
	"net/http"
	"strconv"

	"seedbed/evaluation"
	"seedbed/i18n"
	"seedbed/sim"
)

// labCalibrationData is the calibration page: the region's figures, the parameters they set, and
// the model's predictions beside the region's.
type labCalibrationData struct {
	Strategy string // the strategy standing for the region's practice, in words
	Facts    []labFact
	Deriv    []labDerivation
	Fit      []labFitRow
}

type labFact struct{ Label, Value string }

type labDerivation struct {
	Key, Reference, Value, Rule string
	Calibrated                  bool
}

type labFitRow struct {
	Label, About, Observed, Predicted, Interval, Ratio, Verdict string
	Reading                                                     string // the verdict in plain words
	Comparable, HasData                                         bool
}

// labCalibrationPage shows how the lab's defaults were calibrated from the region and how the
// model's predictions for the region's practice compare with what the region shows.
func (s *Server) labCalibrationPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cal, err := s.Lab.Calibration(r.Context())
	if err != nil {
		return err
	}
	lang := c.Lang
	f := cal.Facts
	// A median of no award is no figure, not zero yuan.
	wan := func(yuan float64) string {
		if yuan == 0 {
			return i18n.T(lang, "lab.calibration.none")
		}
		return i18n.T(lang, "lab.calibration.wan", fmtNum(yuan/10000))
	}
	label, _, _ := sim.StrategyLabel(cal.Strategy)
	d := labCalibrationData{Strategy: label.In(lang)}
	d.Facts = []labFact{
		{i18n.T(lang, "lab.calibration.fact.innovators"), strconv.Itoa(f.Innovators)},
		{i18n.T(lang, "lab.calibration.fact.years"), strconv.Itoa(f.Years)},
		{i18n.T(lang, "lab.calibration.fact.awards"), strconv.Itoa(f.Awards)},
		{i18n.T(lang, "lab.calibration.fact.money"), wan(f.Money)},
		{i18n.T(lang, "lab.calibration.fact.median_small"), wan(f.MedianSmall)},
		{i18n.T(lang, "lab.calibration.fact.median_other"), wan(f.MedianOther)},
		{i18n.T(lang, "lab.calibration.fact.ended"), i18n.T(lang, "lab.calibration.fact.ended_value", f.Ended, f.Failed)},
		{i18n.T(lang, "lab.calibration.fact.landmarks"), strconv.Itoa(f.Landmarks)},
	}
	for _, dv := range cal.Derivations {
		d.Deriv = append(d.Deriv, labDerivation{Key: i18n.T(lang, "lab.calibration.param."+dv.Key), Reference: fmtNum(dv.Reference),
			Value: fmtNum(dv.Value), Rule: dv.Rule.In(lang), Calibrated: dv.Calibrated})
	}
	for _, row := range cal.Fit {
		// Shares read as percentages, the landmark rate as a number per thousand innovators.
		num := fmtNum
		if row.Unit == "share" {
			num = func(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }
		}
		rd := evaluation.ReadFit(row.Ratio, row.HasData, row.Verdict)
		fr := labFitRow{Label: row.Label.In(lang), About: row.About.In(lang), Comparable: row.Comparable, HasData: row.HasData,
			Observed: num(row.Observed), Predicted: num(row.Predicted.Mean),
			Verdict: i18n.T(lang, "lab.calibration.verdict."+row.Verdict), Reading: i18n.T(lang, rd.Key, rd.Args...)}
		if row.Predicted.Lo != row.Predicted.Hi {
			fr.Interval = "[" + num(row.Predicted.Lo) + ", " + num(row.Predicted.Hi) + "]"
		}
		if row.HasData && row.Ratio > 0 {
			fr.Ratio = fmtNum(row.Ratio)
		}
		d.Fit = append(d.Fit, fr)
	}
	return s.render(w, r, "lab_calibration", i18n.T(lang, "lab.calibration.title"), d)
}

// apiLabCalibration answers the calibration as JSON.
func (s *Server) apiLabCalibration(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cal, err := s.Lab.Calibration(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cal)
	return nil
}
