package app

import (
	"context"
	"time"
	"unicode/utf8"

	"seedbed"
	"seedbed/policy"
)

// ProfileEligibility answers "am I eligible?" for an organisation described only by its fields
// (kind, size, type, driver, field, region…), as the public portal asks it: every policy in force
// on asOf decides, with the same explanations as for a registered innovator. Nothing is stored
// and nothing is read about anyone: the profile has no id, so no indicators apply.
//
// It returns EINVALID, naming the field, for a code that is not one of the field's values or a
// number out of range.
func (p *Policies) ProfileEligibility(ctx context.Context, in seedbed.Innovator, asOf time.Time) ([]policy.Result, error) {
	profile := seedbed.Innovator{Kind: in.Kind, Industry: in.Industry, Employees: in.Employees, Revenue: in.Revenue,
		InnovationType: in.InnovationType, Driver: in.Driver, Field: in.Field, Region: in.Region,
		FoundedYear: in.FoundedYear, PathTags: in.PathTags}
	profile.Normalize()
	if err := validateProfile(&profile); err != nil {
		return nil, err
	}
	lib, err := p.Library(ctx)
	if err != nil {
		return nil, err
	}
	return lib.Evaluate(&profile, asOf, nil), nil
}

// validateProfile checks the fields an eligibility profile may carry.
func validateProfile(in *seedbed.Innovator) error {
	var es seedbed.Errors
	code := func(field, v string, set seedbed.OptionSet) {
		if v != "" && !set.Has(v) {
			es = append(es, seedbed.FieldError(field, seedbed.Label{Zh: "未知的取值 %q", En: "unknown value %q"}, v))
		}
	}
	code("kind", in.Kind, seedbed.Kinds)
	code("industry", in.Industry, seedbed.Industries)
	code("innovation_type", in.InnovationType, seedbed.InnovationTypes)
	code("driver", in.Driver, seedbed.Drivers)
	code("field", in.Field, seedbed.Fields)
	if in.Employees != nil && (*in.Employees < 0 || *in.Employees > 10_000_000) {
		es = append(es, seedbed.FieldError("employees", seedbed.Label{Zh: "员工数应在 0 到 10000000 之间", En: "employees must be between 0 and 10000000"}))
	}
	if in.Revenue != nil && (*in.Revenue < 0 || *in.Revenue > 1e12) {
		es = append(es, seedbed.FieldError("revenue", seedbed.Label{Zh: "营业收入应为非负数（万元）", En: "revenue must be a non-negative amount (10,000 yuan)"}))
	}
	if in.FoundedYear != 0 && (in.FoundedYear < 1800 || in.FoundedYear > 2200) {
		es = append(es, seedbed.FieldError("founded_year", seedbed.Label{Zh: "成立年份应在 1800 到 2200 之间", En: "founded year must be between 1800 and 2200"}))
	}
	if utf8.RuneCountInString(in.Region) > 100 {
		es = append(es, seedbed.FieldError("region", seedbed.Label{Zh: "地区过长（最多 100 字）", En: "region too long (at most 100 characters)"}))
	}
	if len(in.PathTags) > seedbed.MaxPathTags {
		es = append(es, seedbed.FieldError("path_tags", seedbed.Label{Zh: "标签过多（最多 %d 个）", En: "too many tags (at most %d)"}, seedbed.MaxPathTags))
	}
	for _, t := range in.PathTags {
		if utf8.RuneCountInString(t) > seedbed.MaxTagLen {
			es = append(es, seedbed.FieldError("path_tags", seedbed.Label{Zh: "标签过长（最多 %d 字）", En: "tag too long (at most %d characters)"}, seedbed.MaxTagLen))
			break
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}
