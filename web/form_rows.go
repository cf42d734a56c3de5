package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"seedbed"
)

// Repeatable rows: a list (a program's stages, its extra questions, its rubric's criteria) is a
// fieldset per row, named group[i].field, with one blank row more than there are items and an
// "add a row" submit button (name "add", value the group) that posts the form back to get one
// more. Rows left blank are dropped; the rest are numbered again from 0, so that the errors the
// domain reports (stages[1].share) name the row the page shows. Nothing here needs JavaScript.

// maxFormRows bounds how many rows a form reads, whatever it is sent.
const maxFormRows = 30

// addRequested reports whether the post asked for one more row of group.
func addRequested(r *http.Request, group string) bool { return r.PostForm.Get("add") == group }

// rowValues reads the rows of group: for each posted row i (up to the count in group_rows, or
// until a row has no field at all), the named fields' values. Blank rows are left out.
func rowValues(r *http.Request, group string, fields []string) []map[string]string {
	n, _ := strconv.Atoi(r.PostForm.Get(group + "_rows"))
	if n <= 0 || n > maxFormRows {
		n = maxFormRows
	}
	var out []map[string]string
	for i := 0; i < n; i++ {
		row := map[string]string{}
		present, blank := false, true
		for _, f := range fields {
			key := fmt.Sprintf("%s[%d].%s", group, i, f)
			if _, ok := r.PostForm[key]; ok {
				present = true
			}
			v := strings.TrimSpace(r.PostForm.Get(key))
			row[f] = v
			if v != "" && !strings.HasPrefix(f, "_") {
				blank = false
			}
		}
		if !present && r.PostForm.Get(group+"_rows") == "" {
			break
		}
		if !blank {
			out = append(out, row)
		}
	}
	return out
}

// stageRow is one stage as its fieldset shows it: text as typed, so that a share that is not a
// number comes back as it was written.
type stageRow struct{ Name, NameEn, Share, Months, Milestone, MilestoneEn string }

var stageFields = []string{"name", "name_en", "share", "months", "milestone", "milestone_en"}

func stageRows(stages []seedbed.Stage) []stageRow {
	out := make([]stageRow, 0, len(stages)+1)
	for _, st := range stages {
		out = append(out, stageRow{st.Name, st.NameEn, strconv.Itoa(st.Share), strconv.Itoa(st.Months), st.Milestone, st.MilestoneEn})
	}
	return out
}

// stagesFromForm reads the stage fieldsets.
func stagesFromForm(r *http.Request) ([]seedbed.Stage, []stageRow, seedbed.Errors) {
	var stages []seedbed.Stage
	var rows []stageRow
	var es seedbed.Errors
	for i, v := range rowValues(r, "stages", stageFields) {
		row := stageRow{v["name"], v["name_en"], v["share"], v["months"], v["milestone"], v["milestone_en"]}
		rows = append(rows, row)
		st := seedbed.Stage{Name: row.Name, NameEn: row.NameEn, Milestone: row.Milestone, MilestoneEn: row.MilestoneEn}
		for _, x := range []struct {
			name, text string
			dst        *int
		}{{"share", row.Share, &st.Share}, {"months", row.Months, &st.Months}} {
			n, err := strconv.Atoi(x.text)
			if err != nil {
				es = append(es, seedbed.FieldError(fmt.Sprintf("stages[%d].%s", i, x.name), seedbed.Label{Zh: "应为整数", En: "must be a whole number"}))
			}
			*x.dst = n
		}
		stages = append(stages, st)
	}
	return stages, rows, es
}

// questionRow is one extra question of the application form; Key is kept in a hidden field
// and made up for a new row, so that nobody types it.
type questionRow struct {
	Key, LabelZh, LabelEn string
	Required              bool
}

var questionFields = []string{"_key", "label", "label_en", "required"}

func questionRows(fs []seedbed.FormField) []questionRow {
	out := make([]questionRow, 0, len(fs)+1)
	for _, f := range fs {
		out = append(out, questionRow{f.Key, f.Label.Zh, f.Label.En, f.Required})
	}
	return out
}

// questionsFromForm reads the question fieldsets; a new question gets the key q1, q2 … (the
// first not taken).
func questionsFromForm(r *http.Request) ([]seedbed.FormField, []questionRow) {
	vals := rowValues(r, "fields", questionFields)
	taken := map[string]bool{}
	for _, v := range vals {
		taken[v["_key"]] = true
	}
	var fs []seedbed.FormField
	var rows []questionRow
	for _, v := range vals {
		if v["label"] == "" && v["label_en"] == "" && v["required"] == "" {
			continue // only the hidden key: a row emptied on purpose
		}
		row := questionRow{Key: v["_key"], LabelZh: v["label"], LabelEn: v["label_en"], Required: v["required"] != ""}
		if row.Key == "" {
			row.Key = freeCode("q", taken)
		}
		rows = append(rows, row)
		fs = append(fs, seedbed.FormField{Key: row.Key, Label: seedbed.Label{Zh: row.LabelZh, En: row.LabelEn}, Required: row.Required})
	}
	return fs, rows
}

// freeCode returns prefix1, prefix2 … the first not in taken, and takes it.
func freeCode(prefix string, taken map[string]bool) string {
	for i := 1; ; i++ {
		c := prefix + strconv.Itoa(i)
		if !taken[c] {
			taken[c] = true
			return c
		}
	}
}

// rubricRow is one criterion of the rubric form; ID is kept in a hidden field and made up for
// a new row.
type rubricRow struct{ ID, Name, NameEn, Guide, GuideEn, Weight, Min, Max string }

var rubricFields = []string{"_id", "name", "name_en", "guide", "guide_en", "weight", "min", "max"}

// rubricGroup names the criteria's fields as the rubric's rules report them
// (rubric.criteria[0].weight).
const rubricGroup = "rubric.criteria"

func rubricRows(cs []seedbed.Criterion) []rubricRow {
	out := make([]rubricRow, 0, len(cs)+1)
	for _, c := range cs {
		out = append(out, rubricRow{c.ID, c.Name.Zh, c.Name.En, c.Guide.Zh, c.Guide.En, numText(c.Weight), numText(c.Min), numText(c.Max)})
	}
	return out
}

func numText(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// rubricFromForm reads the criterion fieldsets; a new criterion gets the id c1, c2 … .
func rubricFromForm(r *http.Request) ([]seedbed.Criterion, []rubricRow, seedbed.Errors) {
	vals := rowValues(r, rubricGroup, rubricFields)
	taken := map[string]bool{}
	for _, v := range vals {
		taken[v["_id"]] = true
	}
	var cs []seedbed.Criterion
	var rows []rubricRow
	var es seedbed.Errors
	for _, v := range vals {
		if v["name"] == "" && v["name_en"] == "" && v["guide"] == "" && v["guide_en"] == "" {
			continue // a row without words (a new row's suggested numbers alone, or an emptied row)
		}
		i := len(rows)
		row := rubricRow{v["_id"], v["name"], v["name_en"], v["guide"], v["guide_en"], v["weight"], v["min"], v["max"]}
		if row.ID == "" {
			row.ID = freeCode("c", taken)
		}
		rows = append(rows, row)
		c := seedbed.Criterion{ID: row.ID, Name: seedbed.Label{Zh: row.Name, En: row.NameEn}, Guide: seedbed.Label{Zh: row.Guide, En: row.GuideEn}}
		for _, x := range []struct {
			name, text string
			dst        *float64
		}{{"weight", row.Weight, &c.Weight}, {"min", row.Min, &c.Min}, {"max", row.Max, &c.Max}} {
			n, err := strconv.ParseFloat(x.text, 64)
			if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
				es = append(es, seedbed.FieldError(fmt.Sprintf("%s[%d].%s", rubricGroup, i, x.name), seedbed.Label{Zh: "应为数字", En: "must be a number"}))
			}
			*x.dst = n
		}
		cs = append(cs, c)
	}
	return cs, rows, es
}
