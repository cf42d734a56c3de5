package grantdata

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"seedbed"
)

// csvColumns are the CSV's columns, written with their Chinese headers (信息公开 is in Chinese).
var csvColumns = []seedbed.Label{
	{Zh: "资助编号", En: "Grant identifier"},
	{Zh: "计划编号", En: "Program code"},
	{Zh: "计划名称", En: "Program"},
	{Zh: "项目名称", En: "Title"},
	{Zh: "受资助单位", En: "Recipient"},
	{Zh: "受资助单位标识", En: "Recipient identifier"},
	{Zh: "主体类型", En: "Kind"},
	{Zh: "统一社会信用代码", En: "Unified social credit code"},
	{Zh: "所在地区", En: "Region"},
	{Zh: "技术领域", En: "Field"},
	{Zh: "资助金额（元）", En: "Amount (yuan)"},
	{Zh: "已拨付（元）", En: "Disbursed (yuan)"},
	{Zh: "币种", En: "Currency"},
	{Zh: "资助决定日期", En: "Award date"},
	{Zh: "状态", En: "Status"},
}

// formulaLead are the first characters that make a spreadsheet run a cell as a formula.
const formulaLead = "=+-@\t\r"

// WriteCSV writes grants as CSV in UTF-8 with a byte-order mark (so that Excel opens it), one
// row per grant under Chinese headers. A grant to an individual names nobody, as in the JSON.
func WriteCSV(w io.Writer, p Publisher, grants []seedbed.PublicGrant) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	rec := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		rec[i] = c.Zh
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, g := range grants {
		name, id, title := g.Recipient.Name, p.RecipientID(g.Recipient), g.Title
		if g.NameWithheld {
			name = teamNameWithheld.Zh
		}
		if g.ToIndividual {
			name, id, title = grantToIndividual.Zh, "", ""
		}
		field := ""
		if g.Recipient.Field != "" {
			field = seedbed.Fields.Label(g.Recipient.Field).Zh
		}
		rec = append(rec[:0], p.GrantID(g.AwardID), seedbed.ProgramCode(g.ProgramID), g.ProgramTitle, title, name, id,
			seedbed.Kinds.Label(g.Recipient.Kind).Zh, g.Recipient.CreditCode, g.Recipient.Region, field,
			strconv.FormatInt(g.Amount, 10), strconv.FormatInt(g.Released, 10), Currency,
			g.AwardedAt.In(cst).Format("2006-01-02"), seedbed.AwardStatuses.Label(g.Status).Zh)
		for i, v := range rec {
			if v != "" && strings.ContainsRune(formulaLead, rune(v[0])) {
				rec[i] = "'" + v
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
