package sqlstore

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"seedbed"
	"seedbed/evaluation"
)

// levelKinds are the outcome kinds measured by a level rather than a quantity, with the highest.
var levelKinds = map[string]int{evaluation.OutcomeStandard: 3, evaluation.OutcomeRecognition: 4}

// AddOutcomes stores outcomes, all or nothing. Each is checked — a known kind; a finite,
// non-negative value (a whole level for standards and recognition); a quarter that is neither
// in the future nor before its award; an award that exists and that the actor may report for;
// evidence — and every problem is reported with its 1-based position. It returns how many were
// stored.
func (s *Store) AddOutcomes(ctx context.Context, a seedbed.Actor, outs []evaluation.OutcomeRecord) (int, error) {
	if len(outs) == 0 {
		return 0, seedbed.FieldError("outcomes", "没有可保存的成果 / there are no outcomes to store")
	}
	if len(outs) > 10000 {
		return 0, seedbed.Errorf(seedbed.ETOOLARGE, "一次最多 10000 项成果 / at most 10000 outcomes at once")
	}
	awards := map[int64]*seedbed.Award{}
	for _, o := range outs {
		if _, seen := awards[o.AwardID]; seen || o.AwardID <= 0 {
			continue
		}
		aw, err := s.GetAward(ctx, o.AwardID)
		if err != nil && seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			return 0, err
		}
		awards[o.AwardID] = aw // nil when it does not exist
	}
	rows := make([]evaluation.OutcomeRecord, len(outs))
	copy(rows, outs)
	err := s.inTx(ctx, func(tx *Tx) error {
		cur := evaluation.QuarterOf(tx.now.In(bureauZone))
		var es seedbed.Errors
		for i := range rows {
			o := &rows[i]
			add := func(code, field, format string, args ...any) {
				es = append(es, &seedbed.Error{Code: code, Field: field, Line: i + 1, Message: fmt.Sprintf(format, args...)})
			}
			o.Kind = strings.TrimSpace(o.Kind)
			o.Evidence = strings.TrimSpace(o.Evidence)
			if !knownOutcomeKind(o.Kind) {
				add(seedbed.EINVALID, "kind", "未知的成果类型 %q，应为 %s / unknown outcome kind %q", o.Kind, strings.Join(outcomeKindCodes(), ", "), o.Kind)
			}
			switch v := o.Value; {
			case math.IsNaN(v) || math.IsInf(v, 0):
				add(seedbed.EINVALID, "value", "数值无效 / value is not a number")
			case v < 0:
				add(seedbed.EINVALID, "value", "成果数值不能为负数（%g）/ outcome value cannot be negative (%g)", v, v)
			case v > evaluation.MaxValue:
				add(seedbed.EINVALID, "value", "数值 %g 超出合理范围 / value %g is implausibly large", v, v)
			case levelKinds[o.Kind] > 0 && (v != math.Trunc(v) || v < 1 || v > float64(levelKinds[o.Kind])):
				add(seedbed.EINVALID, "value", "%s的级别应为 1 到 %d 的整数 / the level of a %s must be a whole number from 1 to %d", o.Kind, levelKinds[o.Kind], o.Kind, levelKinds[o.Kind])
			}
			if !o.Period.Valid() {
				add(seedbed.EINVALID, "period", "缺少或无效的期间 / missing or invalid period")
			} else if o.Period > cur {
				add(seedbed.EINVALID, "period", "期间 %s 在未来（当前为 %s）/ period %s is in the future (current quarter %s)", o.Period.Zh(), cur.Zh(), o.Period, cur)
			}
			switch n := utf8.RuneCountInString(o.Evidence); {
			case n == 0:
				add(seedbed.EINVALID, "evidence", "请提供佐证（如专利号、用户数来源、链接）/ give the evidence (a patent number, the source of the user count, a link)")
			case n > evaluation.MaxEvidenceLen:
				add(seedbed.EINVALID, "evidence", "佐证过长（最多 %d 字）/ evidence too long (at most %d characters)", evaluation.MaxEvidenceLen, evaluation.MaxEvidenceLen)
			}
			aw := awards[o.AwardID]
			if aw == nil {
				add(seedbed.EINVALID, "award_id", "资助 %d 不存在 / award %d does not exist", o.AwardID, o.AwardID)
				continue
			}
			if o.InnovatorID == 0 {
				o.InnovatorID = aw.InnovatorID
			} else if o.InnovatorID != aw.InnovatorID {
				add(seedbed.EINVALID, "innovator_id", "成果主体 %d 与资助 %d 的主体 %d 不一致 / innovator %d does not match award %d's innovator %d",
					o.InnovatorID, aw.ID, aw.InnovatorID, o.InnovatorID, aw.ID, aw.InnovatorID)
			}
			owner := aw.InnovatorID
			if err := seedbed.Authorize(a, seedbed.PermMonitorWrite, &owner); err != nil {
				add(seedbed.EFORBIDDEN, "award_id", "无权为资助 %d 填报成果 / you may not report outcomes of award %d", aw.ID, aw.ID)
			}
			if start := evaluation.QuarterOf(aw.AwardedAt.In(bureauZone)); o.Period.Valid() && o.Period < start {
				add(seedbed.EINVALID, "period", "成果期间 %s 早于资助（%s），不能归于该资助 / the outcome (%s) predates the award (%s) and cannot be attributed to it",
					o.Period.Zh(), start.Zh(), o.Period, start)
			}
		}
		if len(es) > 0 {
			return es
		}
		for i := range rows {
			o := &rows[i]
			id, err := insertID(ctx, tx, `INSERT INTO outcomes (award_id, innovator_id, kind, value, period, evidence, entered_by, entered_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, o.AwardID, o.InnovatorID, o.Kind, o.Value, int64(o.Period), o.Evidence, a.Username, fmtTime(tx.now))
			if err != nil {
				return err
			}
			o.ID, o.EnteredBy, o.EnteredAt = id, a.Username, tx.now
		}
		if err := bumpMonitoring(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, a, "outcome.add", "outcome", rows[0].ID, fmt.Sprintf("%d outcomes, award %d first", len(rows), rows[0].AwardID))
	})
	if err != nil {
		return 0, err
	}
	copy(outs, rows)
	return len(rows), nil
}

func knownOutcomeKind(kind string) bool {
	for _, k := range evaluation.OutcomeKinds {
		if k.Code == kind {
			return true
		}
	}
	return false
}

func outcomeKindCodes() []string {
	out := make([]string, len(evaluation.OutcomeKinds))
	for i, k := range evaluation.OutcomeKinds {
		out[i] = k.Code
	}
	return out
}

const outcomeColumns = `id, award_id, innovator_id, kind, value, period, evidence, entered_by, entered_at`

func scanOutcome(sc scanner) (evaluation.OutcomeRecord, error) {
	var o evaluation.OutcomeRecord
	var q int64
	var at string
	err := sc.Scan(&o.ID, &o.AwardID, &o.InnovatorID, &o.Kind, &o.Value, &q, &o.Evidence, &o.EnteredBy, &at)
	o.Period, o.EnteredAt = evaluation.Quarter(q), parseTime(at)
	return o, err
}

// FindOutcomes returns one page of outcomes, newest first, and how many match.
func (s *Store) FindOutcomes(ctx context.Context, f evaluation.OutcomeFilter) ([]evaluation.OutcomeRecord, int, error) {
	var w where
	if f.AwardID != 0 {
		w.add("award_id = ?", f.AwardID)
	}
	if f.InnovatorID != 0 {
		w.add("innovator_id = ?", f.InnovatorID)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM outcomes`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 100, 100000)
	out := []evaluation.OutcomeRecord{}
	err := eachRow(ctx, s.read, `SELECT `+outcomeColumns+` FROM outcomes`+w.sql()+` ORDER BY id DESC LIMIT `+w.next(limit)+
		` OFFSET `+w.next(offset), w.args, func(sc scanner) error {
		o, err := scanOutcome(sc)
		out = append(out, o)
		return err
	})
	return out, total, err
}
