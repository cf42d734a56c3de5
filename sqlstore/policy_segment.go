package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"seedbed"
	"seedbed/policy"
)

// segmentColumns are the innovator fields a policy may read: contact details never are.
const segmentColumns = `id, name, kind, credit_code, industry, employees, revenue, size_class, innovation_type,
	driver, field, path_tags, region, founded_year, description`

// EvaluateSegment decides one compiled policy for every innovator matching f (its kind, size,
// type, driver, field, region and id filters; a text query is not supported here) as of a
// day, streaming the registry through the fast status-only path, and explains up to perStatus
// innovators of each outcome in id order. Indicators are not read: a policy that needs them
// is undecided for the segment, never silently false.
func (s *Store) EvaluateSegment(ctx context.Context, c *policy.Compiled, f seedbed.InnovatorFilter, asOf time.Time, perStatus int) (*policy.SegmentResult, error) {
	res, err := s.EvaluateSegments(ctx, []*policy.Compiled{c}, f, asOf, perStatus)
	if err != nil {
		return nil, err
	}
	return res[0], nil
}

// EvaluateSegments is EvaluateSegment for several policies in one pass over the registry: each
// innovator is read once and decided by every policy.
func (s *Store) EvaluateSegments(ctx context.Context, cs []*policy.Compiled, f seedbed.InnovatorFilter, asOf time.Time, perStatus int) ([]*policy.SegmentResult, error) {
	start := time.Now()
	w := innovatorFilterWhere(f)
	rows, err := s.read.QueryContext(ctx, `SELECT `+segmentColumns+` FROM innovators`+w.sql()+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]*policy.SegmentResult, len(cs))
	samples := make([]map[policy.Status][]seedbed.Innovator, len(cs))
	for i, c := range cs {
		out[i] = &policy.SegmentResult{PolicyID: c.ID(), Version: c.Version(), AsOf: policy.DateOf(asOf), Samples: []policy.SegmentSample{}}
		samples[i] = map[policy.Status][]seedbed.Innovator{}
	}
	x := &policy.Input{}
	var in seedbed.Innovator
	var code sql.NullString
	var emp sql.NullInt64
	var rev sql.NullFloat64
	var tags string
	for rows.Next() {
		in = seedbed.Innovator{}
		if err := rows.Scan(&in.ID, &in.Name, &in.Kind, &code, &in.Industry, &emp, &rev, &in.SizeClass, &in.InnovationType,
			&in.Driver, &in.Field, &tags, &in.Region, &in.FoundedYear, &in.Description); err != nil {
			return nil, err
		}
		in.CreditCode = code.String
		if emp.Valid {
			in.Employees = &emp.Int64
		}
		if rev.Valid {
			in.Revenue = &rev.Float64
		}
		in.PathTags = splitTags(tags)
		x.Reset(&in, asOf, nil)
		for i, c := range cs {
			st := c.Decide(x)
			res := out[i]
			res.Total++
			switch st {
			case policy.Eligible:
				res.Eligible++
			case policy.Ineligible:
				res.Ineligible++
			default:
				res.Undecided++
			}
			if len(samples[i][st]) < perStatus {
				samples[i][st] = append(samples[i][st], detach(in))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	elapsed := float64(time.Since(start).Microseconds()) / 1000
	for i, c := range cs {
		for _, st := range []policy.Status{policy.Eligible, policy.Undecided, policy.Ineligible} {
			for j := range samples[i][st] {
				smp := &samples[i][st][j]
				r := c.Evaluate(smp, asOf, nil)
				out[i].Samples = append(out[i].Samples, policy.SegmentSample{InnovatorID: smp.ID, Name: smp.Name,
					Status: r.Status, Reason: r.Reason, FailingClause: r.FailingClause, Missing: r.Missing})
			}
		}
		out[i].ElapsedMS = elapsed
	}
	return out, nil
}

// detach copies an innovator whose number fields point into the scan's reused variables.
func detach(in seedbed.Innovator) seedbed.Innovator {
	if in.Employees != nil {
		v := *in.Employees
		in.Employees = &v
	}
	if in.Revenue != nil {
		v := *in.Revenue
		in.Revenue = &v
	}
	return in
}
