package app

import (
	"context"
	"fmt"
	"sort"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// AddObservations stores a batch of observations — a progress report, an officer's entry, an
// imported file or an API call — all or nothing, in one transaction, and then brings the flags
// up to date. Each row is normalised and checked as evaluation.ValidateObservations does
// (negative counts, future periods, units that do not match, duplicates within the batch), and
// against the database: the innovator must exist, the actor must be allowed to write for it (an
// applicant only for its own organisation, and only as a progress report), and the cell must be
// empty — a stored value is changed only by CorrectObservation, which keeps its history.
// Problems come back as a seedbed.Errors, one per problem, each with its row (the observation's
// Line, or its 1-based position), and nothing is written. It returns how many values were stored.
func (m *Monitoring) AddObservations(ctx context.Context, a seedbed.Actor, obs []evaluation.Observation) (int, error) {
	if len(obs) == 0 {
		return 0, seedbed.FieldError("observations", seedbed.Label{Zh: "没有可保存的数值", En: "there are no values to store"})
	}
	if len(obs) > evaluation.MaxCSVRows {
		return 0, seedbed.Errorf(seedbed.ETOOLARGE, seedbed.Label{Zh: "一次最多 %d 个数值，请分批提交", En: "at most %d values at once; submit in parts"}, evaluation.MaxCSVRows)
	}
	n, err := m.storeObservations(ctx, a, obs)
	if err != nil {
		return 0, err
	}
	return n, m.afterWrite(ctx)
}

// AddObservationsInParts stores a large import — a statistics bureau's yearly file of a whole
// region — part by part: next returns each part (at most evaluation.MaxCSVRows values) and nil
// after the last. Each part is checked and stored as AddObservations does, all or nothing in its
// own transaction; the flags are brought up to date once, after the last part, rather than after
// each. When a part is refused, the parts before it stay stored and the error names the part
// (1-based). It returns how many values were stored.
func (m *Monitoring) AddObservationsInParts(ctx context.Context, a seedbed.Actor, next func() []evaluation.Observation) (int, error) {
	total := 0
	for part := 1; ; part++ {
		obs := next()
		if obs == nil {
			break
		}
		if len(obs) > evaluation.MaxCSVRows {
			return total, seedbed.Errorf(seedbed.ETOOLARGE, seedbed.Label{Zh: "第 %d 部分超过 %d 个数值", En: "part %d holds more than %d values"}, part, evaluation.MaxCSVRows)
		}
		n, err := m.storeObservations(ctx, a, obs)
		if err != nil {
			return total, fmt.Errorf("part %d: %w", part, err)
		}
		total += n
	}
	if total == 0 {
		return 0, nil
	}
	analyzeAfterBulk(ctx, m.store)
	return total, m.afterWrite(ctx)
}

// storeObservations normalises, checks and stores one batch in one transaction, without
// bringing the flags up to date.
func (m *Monitoring) storeObservations(ctx context.Context, a seedbed.Actor, obs []evaluation.Observation) (int, error) {
	rows := make([]evaluation.Observation, len(obs))
	copy(rows, obs)
	for i := range rows {
		rows[i].Normalize()
	}
	err := m.store.InBulkTx(ctx, func(tx *sqlstore.Tx) error {
		es := evaluation.ValidateObservations(rows, tx.Now().In(evaluation.BureauZone))
		dbErrs, err := checkObservationRows(ctx, tx, a, rows)
		if err != nil {
			return err
		}
		if es = append(es, dbErrs...); len(es) > 0 {
			sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
			if len(es) > evaluation.MaxCSVErrors {
				more := len(es) - evaluation.MaxCSVErrors
				es = append(es[:evaluation.MaxCSVErrors:evaluation.MaxCSVErrors],
					seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "还有 %d 个错误未列出", En: "%d more errors not listed"}, more))
			}
			return es
		}
		if err := tx.InsertObservations(ctx, a, rows); err != nil {
			return err
		}
		if err := tx.BumpMonitoring(ctx); err != nil {
			return err
		}
		sources := map[string]int{}
		for _, o := range rows {
			sources[o.Source]++
		}
		return tx.Audit(ctx, a, "observation.add", "observation", 0, seedbed.ObservationAddDetail(len(rows), sources))
	})
	if err != nil {
		return 0, err
	}
	return len(rows), err
}

// rowLine is the row number an observation's errors carry.
func rowLine(o evaluation.Observation, i int) int {
	if o.Line > 0 {
		return o.Line
	}
	return i + 1
}

// checkObservationRows checks what only the database knows: that each innovator exists, that the
// actor may write for it, and that the cell is still empty.
func checkObservationRows(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, rows []evaluation.Observation) (seedbed.Errors, error) {
	ids := map[int64]bool{}
	lo, hi := evaluation.Quarter(1<<30), evaluation.Quarter(0)
	for _, o := range rows {
		if o.InnovatorID > 0 {
			ids[o.InnovatorID] = true
		}
		if o.Period.Valid() {
			lo, hi = min(lo, o.Period), max(hi, o.Period)
		}
	}
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Slice(list, func(i, j int) bool { return list[i] < list[j] })
	exists, err := tx.ExistingInnovators(ctx, list)
	if err != nil {
		return nil, err
	}
	stored := map[evaluation.Cell]int64{}
	if hi != 0 {
		if stored, err = tx.StoredCells(ctx, list, lo, hi); err != nil {
			return nil, err
		}
	}
	var es seedbed.Errors
	for i, o := range rows {
		line := rowLine(o, i)
		if o.InnovatorID <= 0 {
			continue // ValidateObservations reports it
		}
		if !exists[o.InnovatorID] {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Field: "innovator_id", Line: line,
				Text: seedbed.Label{Zh: "创新主体 %d 不存在", En: "innovator %d does not exist"}, Args: []any{o.InnovatorID}})
			continue
		}
		id := o.InnovatorID
		if err := seedbed.Authorize(a, seedbed.PermMonitorWrite, &id); err != nil {
			es = append(es, &seedbed.Error{Code: seedbed.EFORBIDDEN, Field: "innovator_id", Line: line,
				Text: seedbed.Label{Zh: "无权为创新主体 %d 填报数据", En: "you may not enter values for innovator %d"}, Args: []any{id}})
			continue
		}
		if a.Role == seedbed.RoleApplicant && o.Source != evaluation.SourceProgressReport {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Field: "source", Line: line,
				Text: seedbed.Label{Zh: "申报主体只能以进展报告（progress_report）填报，而不是 %q", En: "an applicant reports as progress_report, not %q"}, Args: []any{o.Source}})
		}
		if sid, dup := stored[evaluation.Cell{InnovatorID: o.InnovatorID, Indicator: o.Indicator, Period: o.Period}]; dup {
			ind, _ := evaluation.LookupIndicator(o.Indicator)
			es = append(es, &seedbed.Error{Code: seedbed.ECONFLICT, Field: "period", Line: line,
				Text: seedbed.Label{Zh: "主体 %[1]d 的%[2]s在 %[3]s 已有数值（记录 %[4]d）；如需修改，请提交更正", En: "innovator %[1]d already has %[5]s for %[6]s (record %[4]d); to change it, submit a correction"}, Args: []any{o.InnovatorID, ind.Label.Zh, o.Period.Zh(), sid, o.Indicator, o.Period}})
		}
	}
	return es, nil
}

// GetObservation returns one stored observation, or ENOTFOUND.
func (m *Monitoring) GetObservation(ctx context.Context, id int64) (*evaluation.ObservationRecord, error) {
	return m.store.GetObservation(ctx, id)
}

// FindObservations returns one page of stored observations and how many match.
func (m *Monitoring) FindObservations(ctx context.Context, f evaluation.ObservationFilter) ([]evaluation.ObservationRecord, int, error) {
	return m.store.FindObservations(ctx, f)
}

// InnovatorObservations returns every stored value of one innovator, by indicator and quarter.
func (m *Monitoring) InnovatorObservations(ctx context.Context, innovatorID int64) ([]evaluation.ObservationRecord, error) {
	return m.store.InnovatorObservations(ctx, innovatorID)
}
